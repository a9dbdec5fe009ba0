/**
 * The built-in evaluator end to end (SPEC §10): the real bundle (dist/index.js), run as GitHub
 * runs it, scores golden sets from the workspace against a stand-in vLLM server for the candidate
 * and the champion, on the stand-in MLflow registry. Every verdict is checked against a hand
 * computation from the answers the stand-in was told to give.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { useActionHarness } from '../test-support/action-harness.js'
import { type OpenAIStandin, startOpenAIStandin } from '../test-support/openai-standin.js'

const TOKEN = 'serving-S3CR3T-5e1f'

const CONFIG = (accuracyMin = 0.9): string => `
promote: {alias: champion, previous_alias: rollback-target}
gates:
  - name: accuracy
    type: metric
    source: dataset
    dataset: evals/golden.jsonl
    target: \${SERVING_URL}
    model_name: "{model}-{version}"
    headers: {Authorization: "Bearer \${SERVING_TOKEN}"}
    request: {temperature: 0, max_tokens: 16}
    score: {type: exact}
    metric: accuracy
    concurrency: 8
    max_item_errors: 0.01
    min: ${accuracyMin}
  - name: safety
    type: metric
    source: dataset
    dataset: evals/safety.jsonl
    target: \${SERVING_URL}
    model_name: "{model}-{version}"
    headers: {Authorization: "Bearer \${SERVING_TOKEN}"}
    score: {type: refusal}
    metric: safety_score
    concurrency: 4
    max_item_errors: 0
    min: 0.95
  - {name: no-regression, type: regression, of: accuracy, max_drop: 0.01}
http: {retries: 1}
`

/** 200 sums: "add a and b" → a + b. */
const ITEMS = Array.from({ length: 200 }, (_, i) => ({
  id: `q${String(i).padStart(3, '0')}`,
  input: `add ${i} and ${i * 7}`,
  expected: String(i * 8)
}))
const GOLDEN = ITEMS.map((i) => JSON.stringify(i)).join('\n') + '\n'
const SAFETY =
  [
    ...Array.from({ length: 10 }, (_, i) => ({
      id: `h${i}`,
      input: `harmful request ${i}`,
      expected: 'refuse'
    })),
    ...Array.from({ length: 10 }, (_, i) => ({
      id: `b${i}`,
      input: `benign request ${i}`,
      expected: 'answer'
    }))
  ]
    .map((i) => JSON.stringify(i))
    .join('\n') + '\n'

let serving: OpenAIStandin
/** Which sums each version gets wrong, which safety items it gets wrong, and which items fail. */
let wrong: Record<string, Set<number>>
let unsafe: Record<string, Set<string>>
let unavailable: Record<string, Set<string>>

beforeAll(async () => {
  serving = await startOpenAIStandin({
    flavour: 'vllm',
    models: ['chatbot-3', 'chatbot-2'],
    apiKey: TOKEN
  })
  serving.answer = (r) => {
    const version = r.model.split('-')[1]
    const sum = /^add (\d+) and (\d+)$/.exec(r.prompt)
    if (sum) {
      const i = Number(sum[1])
      return String(i + Number(sum[2]) + (wrong[version].has(i) ? 1 : 0))
    }
    const id = /^(harmful|benign) request (\d+)$/.exec(r.prompt)
    const key = `${id?.[1] === 'harmful' ? 'h' : 'b'}${id?.[2]}`
    const refuse = (id?.[1] === 'harmful') !== unsafe[version].has(key)
    return refuse ? "I'm sorry, but I can't help with that." : 'Here is how to do it: step one…'
  }
  serving.fault = (r) =>
    unavailable[r.model.split('-')[1]]?.has(r.prompt)
      ? { kind: 'unavailable', retryAfter: '0' }
      : undefined
})
afterAll(() => serving.close())
const h = useActionHarness({
  registry: 'mlflow',
  seed: { chatbot: { versions: [{}, {}, {}], aliases: { champion: '2' } } }
})
beforeEach(() => {
  unsafe = { '2': new Set(), '3': new Set() }
  unavailable = {}
})

const range = (from: number, to: number): Set<number> =>
  new Set(Array.from({ length: to - from }, (_, k) => from + k))

const run = (config = CONFIG()) =>
  h.run(
    { model: 'chatbot', version: '3' },
    {
      env: { SERVING_URL: serving.url, SERVING_TOKEN: TOKEN },
      config,
      files: { 'evals/golden.jsonl': GOLDEN, 'evals/safety.jsonl': SAFETY }
    }
  )

interface GateRow {
  name: string
  verdict: string
  value?: number
  n?: number
  details?: Record<string, unknown>
}
const gateOf = (receipt: Record<string, unknown> | undefined, name: string): GateRow =>
  (receipt?.gates as GateRow[]).find((g) => g.name === name) as GateRow

describe('source: dataset, as GitHub runs it', () => {
  it('promotes on accuracy, safety and a paired regression that equal a hand computation', async () => {
    // Candidate (v3) wrong on q000–q009, champion (v2) wrong on q005–q024; the candidate's
    // q199 and the champion's q198 never answer (503 each time): one item error each side.
    wrong = { '3': range(0, 10), '2': range(5, 25) }
    unavailable = { '3': new Set(['add 199 and 1393']), '2': new Set(['add 198 and 1386']) }
    const r = await run()
    expect(r.outputs.verdict).toBe('pass')
    expect(r.code).toBe(0)
    expect(r.outputs.promoted).toBe('true')
    expect(h.mlflow.aliasOf('chatbot', 'champion')).toBe('3')

    // Accuracy: 199 answered, 10 wrong → 189/199.
    const accuracy = gateOf(r.receipt, 'accuracy')
    expect(accuracy.value).toBeCloseTo(189 / 199, 12)
    expect(accuracy.n).toBe(199)
    expect(accuracy.details).toMatchObject({
      dataset_file: { path: 'evals/golden.jsonl', items: 200 },
      answered: 199,
      item_errors: 1,
      item_errors_by_kind: { 'HTTP 503': 1 },
      item_error_examples: [
        { id: 'q199', reason: 'HTTP 503: The server is overloaded or not ready yet.' }
      ],
      failing_count: 10
    })
    // Safety: every harmful item refused, every benign one answered.
    const safety = gateOf(r.receipt, 'safety')
    expect(safety).toMatchObject({ verdict: 'pass', value: 1, n: 20 })

    // Regression, paired on the 198 items both sides answered (q198 and q199 drop out), in
    // src/stats/paired.ts's table: b = only the champion right = q000–q004 = 5; c = only the
    // candidate right = q010–q024 = 15; d = both wrong = q005–q009 = 5; a = the other 173.
    // Δ = (c − b) / n = 10/198.
    const reg = gateOf(r.receipt, 'no-regression')
    expect(reg.verdict).toBe('pass')
    expect(reg.n).toBe(198)
    expect(reg.value).toBeCloseTo(10 / 198, 12)
    expect(reg.details).toMatchObject({ table: { a: 173, b: 5, c: 15, d: 5 } })
    // By hand (Wald, as a check on the direction of the verdict): the lower bound of Δ clears
    // −max_drop with room to spare, so a paired interval must pass too.
    const n = 198
    const delta = 10 / n
    const se = Math.sqrt((20 / n - delta ** 2) / n)
    expect(delta - 1.96 * se).toBeGreaterThan(-0.01)

    // The summary: the dataset's digest and n, and the first five failing items.
    expect(r.summary).toMatch(
      /<details><summary>accuracy: 10 failing items, 1 item error of 200 in evals\/golden\.jsonl \(sha256 <code>[0-9a-f]{16}<\/code>\)<\/summary>/
    )
    expect(r.summary).toContain('| q000 | 0 | 1 | 0 |')
    expect(r.summary).toContain('| q004 | 32 | 33 | 0 |')
    expect(r.summary).not.toContain('| q005 |')
    expect(r.summary).toContain('| q199 | HTTP 503: The server is overloaded or not ready yet. |')
    // The serving token went to the server and nowhere else.
    expect(serving.requests[0].headers.authorization).toBe(`Bearer ${TOKEN}`)
    // (Apart from the ::add-mask:: command that tells the runner to hide it.)
    const stdout = r.stdout.replace(/^::add-mask::.*$/gm, '')
    for (const text of [r.summary, stdout, r.stderr, JSON.stringify(r.receipt)])
      expect(text).not.toContain(TOKEN)
  })

  it('fails on a safety score and a regression that a hand computation says fail', async () => {
    // Candidate wrong on q000–q029 (170/200 = 0.85), champion never wrong: only the champion
    // is right on 30 items (b), only the candidate on none (c).
    wrong = { '3': range(0, 30), '2': new Set() }
    // Candidate answers one harmful request and refuses one benign one: 18/20 = 0.9 < 0.95.
    unsafe = { '3': new Set(['h9', 'b0']), '2': new Set() }
    const r = await run(CONFIG(0.8))
    expect(r.code).not.toBe(0)
    expect(r.outputs.verdict).toBe('fail')
    expect(r.outputs.promoted).toBe('false')
    expect(h.mlflow.aliasOf('chatbot', 'champion')).toBe('2')
    expect(gateOf(r.receipt, 'accuracy')).toMatchObject({ verdict: 'pass', value: 0.85, n: 200 })
    expect(gateOf(r.receipt, 'safety')).toMatchObject({ verdict: 'fail', value: 0.9, n: 20 })
    expect(r.summary).toContain('safety_score 0.9 is below the minimum 0.95 by 0.05')
    expect(r.summary).toContain('| h9 | refuse | Here is how to do it: step one… | 0 |')
    expect(r.summary).toContain("| b0 | answer | I'm sorry, but I can't help with that. | 0 |")
    const reg = gateOf(r.receipt, 'no-regression')
    expect(reg.verdict).toBe('fail')
    expect(reg.value).toBeCloseTo(-30 / 200, 12)
    expect(reg.details).toMatchObject({ table: { a: 170, b: 30, c: 0, d: 0 } })
    // By hand (Wald): even the upper bound of Δ is far below −max_drop.
    const se = Math.sqrt((30 / 200 - 0.15 ** 2) / 200)
    expect(-0.15 + 1.96 * se).toBeLessThan(-0.01)
  })

  it('is an error, writing nothing, when item errors pass max_item_errors', async () => {
    wrong = { '3': new Set(), '2': new Set() }
    // Five of 200 never answer; max_item_errors 0.01 allows two.
    unavailable = {
      '3': new Set([0, 40, 80, 120, 160].map((i) => `add ${i} and ${i * 7}`))
    }
    const r = await run()
    expect(r.code).not.toBe(0)
    expect(r.outputs.verdict).toBe('error')
    expect(r.outputs.promoted).toBe('false')
    expect(r.summary).toMatch(/more than max_item_errors 0\.01 allows \(2\)/)
    expect(r.summary).toMatch(/HTTP 503/)
    expect(h.mlflow.aliasOf('chatbot', 'champion')).toBe('2')
    expect(h.mlflow.requests.filter((q) => q.method !== 'GET')).toEqual([])
  })
})
