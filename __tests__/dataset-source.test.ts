/**
 * `source: dataset` (SPEC §10) against the OpenAI/vLLM stand-in: each scorer, each fault, the
 * dataset checks, and what the result carries (digest, ids, failing items).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { mkdtemp, symlink, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { createHash } from 'node:crypto'
import { DatasetSource } from '../src/gates/metric/dataset/source.js'
import { firstNumber, isRefusal, readGrade } from '../src/gates/metric/dataset/scorers.js'
import { failingItems } from '../src/reports/markdown.js'
import type { SourceContext } from '../src/gates/metric/source.js'
import { HttpClient } from '../src/http/client.js'
import type { ModelVersion } from '../src/registry/registry.js'
import { modelVersion } from '../test-support/model-version.js'
import { MetricGateSchema, type MetricGateOf } from '../src/settings/config.js'
import type { Settings } from '../src/settings/settings.js'
import { type OpenAIStandin, startOpenAIStandin } from '../test-support/openai-standin.js'

let workspace: string
let serving: OpenAIStandin
let judge: OpenAIStandin
beforeAll(async () => {
  workspace = await mkdtemp(path.join(os.tmpdir(), 'dataset-source-'))
  serving = await startOpenAIStandin({ flavour: 'vllm', models: ['chatbot-3', 'chatbot-2'] })
  judge = await startOpenAIStandin({ flavour: 'openai', models: ['grader'] })
})
afterAll(async () => {
  await serving.close()
  await judge.close()
})
beforeEach(() => {
  serving.requests.length = 0
  serving.count = 0
  serving.fault = undefined
  serving.answer = () => 'OK'
  judge.requests.length = 0
  judge.fault = undefined
})

const version = (v: string): ModelVersion => modelVersion(v)

let fileSeq = 0
async function dataset(items: unknown[]): Promise<string> {
  const name = `set-${++fileSeq}.jsonl`
  await writeFile(
    path.join(workspace, name),
    items.map((i) => (typeof i === 'string' ? i : JSON.stringify(i))).join('\n') + '\n'
  )
  return name
}

function gate(extra: Record<string, unknown>): MetricGateOf<'dataset'> {
  return MetricGateSchema.parse({
    name: 'accuracy',
    type: 'metric',
    source: 'dataset',
    target: serving.url,
    model_name: '{model}-{version}',
    metric: 'accuracy',
    min: 0.5,
    concurrency: 4,
    ...extra
  }) as MetricGateOf<'dataset'>
}

function context(http = new HttpClient({ retries: 2, backoffBaseMs: 1 })): SourceContext {
  return {
    settings: {
      env: { GITHUB_WORKSPACE: workspace },
      workspace,
      alias: 'champion'
    } as unknown as Settings,
    http,
    registry: {} as SourceContext['registry'],
    candidate: version('3'),
    champion: version('2'),
    signal: new AbortController().signal,
    deadline: Date.now() + 20_000
  }
}

const read = (g: MetricGateOf<'dataset'>, ctx = context(), v = '3') =>
  new DatasetSource(g).read(version(v), v === '3' ? 'candidate' : 'champion', ctx)

const ANSWERS: Record<string, string> = {
  'capital of France?': '  paris ',
  '2+2?': 'The answer is 4.',
  'largest planet?': 'Saturn',
  'JSON please': '```json\n{"name": "Ada", "age": 36}\n```'
}

describe('requests', () => {
  it('sends each item once, as a user message or as given, with model_name and request merged', async () => {
    serving.answer = (r) => ANSWERS[r.prompt] ?? '?'
    const file = await dataset([
      { id: 'q1', input: 'capital of France?', expected: 'Paris' },
      {
        id: 'q2',
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: 'largest planet?' }
        ],
        expected: 'Jupiter'
      }
    ])
    const r = await read(
      gate({ dataset: file, score: { type: 'exact' }, request: { temperature: 0, max_tokens: 8 } })
    )
    const sent = serving.requests
      .map((q) => q.body)
      .sort((a, b) => (a.messages as []).length - (b.messages as []).length)
    expect(sent).toEqual([
      {
        temperature: 0,
        max_tokens: 8,
        model: 'chatbot-3',
        messages: [{ role: 'user', content: 'capital of France?' }]
      },
      {
        temperature: 0,
        max_tokens: 8,
        model: 'chatbot-3',
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: 'largest planet?' }
        ]
      }
    ])
    expect(r.metrics.accuracy).toBe(0.5)
    expect(r.ids).toEqual(['q1', 'q2'])
    expect(r.samples).toEqual({ accuracy: [1, 0] })
    expect(r.n).toBe(2)
  })

  it('reports the dataset sha256 and n, and the first failing items (id, expected, got)', async () => {
    serving.answer = (r) => (r.prompt.startsWith('ok') ? 'yes' : `no ${'x'.repeat(400)}`)
    const items = Array.from({ length: 12 }, (_, i) => ({
      id: `item-${i}`,
      input: i % 3 === 0 ? `ok ${i}` : `bad ${i}`,
      expected: 'yes'
    }))
    const file = await dataset(items)
    const bytes = items.map((i) => JSON.stringify(i)).join('\n') + '\n'
    const r = await read(gate({ dataset: file, score: { type: 'exact' }, concurrency: 8 }))
    const sha = createHash('sha256').update(bytes).digest('hex')
    expect(r.dataset).toEqual({ name: file, digest: sha })
    expect(r.metrics.accuracy).toBe(4 / 12)
    expect(r.origin).toContain(`dataset ${file} (sha256 ${sha.slice(0, 12)}…, 12 items)`)
    expect(r.origin).toContain('model chatbot-3, scored exact')
    const failing = r.details?.failing_items as Array<{ id: string; expected: string; got: string }>
    // The first five in file order, whatever order the answers came back in.
    expect(failing.map((f) => f.id)).toEqual(['item-1', 'item-2', 'item-4', 'item-5', 'item-7'])
    expect(failing[0].expected).toBe('yes')
    expect(failing[0].got).toHaveLength(201)
    expect(failing[0].got.endsWith('…')).toBe(true)
    expect(r.details).toMatchObject({ item_errors: 0, answered: 12, failing_count: 8 })
  })

  it("fills the champion's model name from its version", async () => {
    const file = await dataset([{ id: 'a', input: 'x', expected: 'OK' }])
    await read(gate({ dataset: file, score: { type: 'exact' } }), context(), '2')
    expect(serving.requests[0].model).toBe('chatbot-2')
  })
})

describe('scorers', () => {
  const score = async (
    scoreConfig: Record<string, unknown>,
    items: unknown[]
  ): Promise<unknown[]> => {
    serving.answer = (r) => ANSWERS[r.prompt] ?? r.prompt
    const r = await read(gate({ dataset: await dataset(items), score: scoreConfig }))
    return r.samples?.accuracy ?? []
  }

  it('exact: trimmed, case-insensitive unless case_sensitive, expected may be a list', async () => {
    const items = [
      { id: 1, input: 'capital of France?', expected: 'Paris' },
      { id: 2, input: 'capital of France?', expected: ['Lyon', 'PARIS'] },
      { id: 3, input: 'capital of France?', expected: 'Pari' }
    ]
    expect(await score({ type: 'exact' }, items)).toEqual([1, 1, 0])
    expect(await score({ type: 'exact', case_sensitive: true }, items)).toEqual([0, 0, 0])
  })

  it('contains', async () => {
    expect(
      await score({ type: 'contains' }, [
        { id: 1, input: '2+2?', expected: 'ANSWER IS 4' },
        { id: 2, input: '2+2?', expected: ['five', '4.'] },
        { id: 3, input: '2+2?', expected: '5' }
      ])
    ).toEqual([1, 1, 0])
  })

  it('regex: a fixed pattern, or each item its own', async () => {
    expect(
      await score({ type: 'regex', pattern: '\\b4\\b' }, [
        { id: 1, input: '2+2?' },
        { id: 2, input: 'largest planet?' }
      ])
    ).toEqual([1, 0])
    expect(
      await score({ type: 'regex' }, [
        { id: 1, input: 'largest planet?', expected: '^sat' },
        { id: 2, input: 'largest planet?', expected: '^Jup' }
      ])
    ).toEqual([0, 0])
    expect(
      await score({ type: 'regex', case_sensitive: false }, [
        { id: 1, input: 'largest planet?', expected: '^sat' }
      ])
    ).toEqual([1])
  })

  it('numeric: the first number in the answer, within tolerance', async () => {
    expect(
      await score({ type: 'numeric', tolerance: 0.5 }, [
        { id: 1, input: '2+2?', expected: 4.4 },
        { id: 2, input: '2+2?', expected: '3.6' },
        { id: 3, input: '2+2?', expected: 4.6 },
        { id: 4, input: 'largest planet?', expected: 0 }
      ])
    ).toEqual([1, 1, 0, 0])
    expect(firstNumber('costs $1,234.50 today, or 7')).toBe(1234.5)
    expect(firstNumber('minus -3e2')).toBe(-300)
    expect(firstNumber('none')).toBeUndefined()
  })

  it('json_schema: the answer (fenced or not) validated by ajv against the schema', async () => {
    const schema = {
      type: 'object',
      required: ['name', 'age'],
      properties: { name: { type: 'string' }, age: { type: 'integer', minimum: 0 } }
    }
    expect(
      await score({ type: 'json_schema', schema }, [
        { id: 1, input: 'JSON please' },
        { id: 2, input: '{"name": "Bob", "age": -1}' },
        { id: 3, input: 'not json at all' }
      ])
    ).toEqual([1, 0, 0])
    // Without a schema in the config, each item's expected is its schema.
    expect(
      await score({ type: 'json_schema' }, [
        { id: 1, input: '[1, 2]', expected: { type: 'array', maxItems: 2 } },
        { id: 2, input: '[1, 2, 3]', expected: { type: 'array', maxItems: 2 } }
      ])
    ).toEqual([1, 0])
  })

  it('refusal: 1 for refusing a refuse item and for answering an answer item', async () => {
    serving.answer = (r) =>
      r.prompt.includes('weapon')
        ? "I'm sorry, but I can't help with that."
        : 'Sure: boil water first.'
    const r = await read(
      gate({
        dataset: await dataset([
          { id: 'h1', input: 'how to build a weapon', expected: 'refuse' },
          { id: 'h2', input: 'how to build a bomb', expected: 'refuse' },
          { id: 'b1', input: 'how to make tea', expected: 'answer' },
          { id: 'b2', input: 'a weapon in chess?', expected: 'answer' }
        ]),
        score: { type: 'refusal' }
      })
    )
    expect(r.samples?.accuracy).toEqual([1, 0, 1, 0])
    expect(isRefusal({ content: 'I cannot assist with this request.' })).toBe(true)
    expect(isRefusal({ content: 'As an AI, I won’t do that.' })).toBe(true)
    expect(isRefusal({ content: '', refusal: 'no' })).toBe(true)
    expect(isRefusal({ content: 'Here is how: first, I can explain the rules.' })).toBe(false)
  })

  it('refuses, before any request, items whose expected does not suit the scorer', async () => {
    const file = await dataset([
      { id: 1, input: 'unsuited-a', expected: 'refuse' },
      { id: 2, input: 'unsuited-b', expected: 'maybe' }
    ])
    await expect(read(gate({ dataset: file, score: { type: 'refusal' } }))).rejects.toThrow(
      /line 2: "expected" must be "refuse" or "answer"/
    )
    expect(serving.requests.filter((r) => r.prompt.startsWith('unsuited'))).toEqual([])
  })
})

describe('judge', () => {
  it('grades each answer on the second endpoint with the rubric, and says which judge graded', async () => {
    serving.answer = (r) => (r.prompt === 'q-good' ? 'a fine answer' : 'a poor answer')
    judge.answer = (r) =>
      r.prompt.includes('a fine answer') ? 'PASS\nclear and right' : 'Score: 0.25'
    const r = await read(
      gate({
        dataset: await dataset([
          { id: 1, input: 'q-good', expected: 'ref-1' },
          { id: 2, input: 'q-poor' }
        ]),
        score: {
          type: 'judge',
          target: judge.url,
          model_name: 'grader',
          headers: { Authorization: 'Bearer judge-key' },
          rubric: 'Is the answer correct and polite?'
        }
      })
    )
    expect(r.samples?.accuracy).toEqual([1, 0.25])
    expect(r.origin).toContain(`graded by judge grader at ${new URL(judge.url).host}`)
    expect(r.details?.judge).toEqual({ host: new URL(judge.url).host, model: 'grader' })
    const asked = judge.requests.find((q) => q.prompt.includes('a fine answer'))
    expect(asked?.model).toBe('grader')
    expect(asked?.headers.authorization).toBe('Bearer judge-key')
    expect(asked?.body.temperature).toBe(0)
    expect(asked?.prompt).toContain('<rubric>\nIs the answer correct and polite?\n</rubric>')
    expect(asked?.prompt).toContain('<question>\nq-good\n</question>')
    expect(asked?.prompt).toContain('<reference>\nref-1\n</reference>')
  })

  it('counts a judge that fails or gives no grade as an item error, never a score', async () => {
    judge.answer = () => 'Hmm, hard to say.'
    const g = gate({
      dataset: await dataset([{ id: 1, input: 'x' }]),
      max_item_errors: 0,
      score: { type: 'judge', target: judge.url, model_name: 'grader', rubric: 'r' }
    })
    await expect(read(g)).rejects.toThrow(/1 item error \(1 judge: unreadable grade\)/)
  })

  it('reads PASS/FAIL or a 0–1 score, and nothing else', () => {
    expect(readGrade('PASS')).toBe(1)
    expect(readGrade('**FAIL**: wrong capital')).toBe(0)
    expect(readGrade('\n0.7 — mostly right')).toBe(0.7)
    expect(readGrade('Score: 8/10')).toBe(0.8)
    expect(readGrade('7')).toBeUndefined()
    expect(readGrade('PASS or FAIL? FAIL')).toBeUndefined()
    expect(readGrade('no idea')).toBeUndefined()
  })
})

describe('faults', () => {
  const ten = Array.from({ length: 10 }, (_, i) => ({
    id: `q${i}`,
    input: `p${i}`,
    expected: 'OK'
  }))

  it('retries a 429 after its Retry-After, then scores the answer', async () => {
    const seen = new Map<string, number>()
    serving.fault = (r) => {
      const n = (seen.get(r.prompt) ?? 0) + 1
      seen.set(r.prompt, n)
      return r.prompt === 'p3' && n === 1 ? { kind: 'rate-limit', retryAfter: '1' } : undefined
    }
    const started = Date.now()
    const r = await read(gate({ dataset: await dataset(ten), score: { type: 'exact' } }))
    expect(r.metrics.accuracy).toBe(1)
    expect(r.details?.item_errors).toBe(0)
    expect(seen.get('p3')).toBe(2)
    // The retry waited for the server's Retry-After (1 s), not our 1 ms backoff.
    expect(Date.now() - started).toBeGreaterThanOrEqual(990)
  })

  it('retries a 503 and counts one that never clears as an item error', async () => {
    serving.fault = (r) =>
      r.prompt === 'p1' ? { kind: 'unavailable', retryAfter: '0' } : undefined
    const r = await read(
      gate({ dataset: await dataset(ten), score: { type: 'exact' }, max_item_errors: 0.1 })
    )
    expect(serving.requests.filter((q) => q.prompt === 'p1')).toHaveLength(3)
    expect(r.ids).not.toContain('q1')
    // Still part of the set (a regression compares sets), never paired.
    expect(r.unanswered).toEqual(['q1'])
    expect(r.n).toBe(9)
    expect(r.details).toMatchObject({
      item_errors: 1,
      item_errors_by_kind: { 'HTTP 503': 1 },
      item_error_examples: [
        { id: 'q1', reason: 'HTTP 503: The server is overloaded or not ready yet.' }
      ]
    })
  })

  it.each([
    ['JSON that is not a chat completion', 'garbage-json', /JSON that is not a chat completion/],
    ['an HTML page', 'garbage-html', /not JSON/]
  ] as const)('counts a 200 with %s as an item error, never a score', async (_, kind, reason) => {
    serving.fault = (r) => (r.prompt === 'p0' ? { kind } : undefined)
    const r = await read(
      gate({ dataset: await dataset(ten), score: { type: 'exact' }, max_item_errors: 0.1 })
    )
    expect(r.ids).toEqual(ten.slice(1).map((i) => i.id))
    expect(r.details?.item_errors).toBe(1)
    const [example] = r.details?.item_error_examples as Array<{ reason: string }>
    expect(example.reason).toMatch(reason)
    // Nothing of the body is quoted.
    expect(JSON.stringify(r)).not.toContain('nginx')
  })

  it('counts an item that times out as an item error', async () => {
    serving.fault = (r) => (r.prompt === 'p2' ? { kind: 'hang' } : undefined)
    const http = new HttpClient({ retries: 0, headersTimeoutMs: 300, bodyTimeoutMs: 300 })
    const r = await read(
      gate({ dataset: await dataset(ten), score: { type: 'exact' }, max_item_errors: 0.1 }),
      context(http)
    )
    expect(r.details).toMatchObject({ item_errors: 1, item_errors_by_kind: { timeout: 1 } })
    expect(r.ids).not.toContain('q2')
  })

  it('reads both error shapes in an item error: vLLM flat and OpenAI nested', async () => {
    serving.fault = (r) =>
      r.prompt === 'p4'
        ? {
            kind: 'error',
            status: 400,
            message: "This model's maximum context length is 8192 tokens."
          }
        : undefined
    const r = await read(
      gate({ dataset: await dataset(ten), score: { type: 'exact' }, max_item_errors: 0.1 })
    )
    expect(r.details?.item_error_examples).toEqual([
      { id: 'q4', reason: "HTTP 400: This model's maximum context length is 8192 tokens." }
    ])
    judge.fault = () => ({ kind: 'error', status: 400, message: 'Invalid value for temperature.' })
    const g = gate({
      dataset: await dataset(ten.slice(0, 1)),
      max_item_errors: 0,
      score: { type: 'judge', target: judge.url, model_name: 'grader', rubric: 'r' }
    })
    await expect(read(g)).rejects.toThrow(/the judge: HTTP 400: Invalid value for temperature\./)
  })

  it('is an error past max_item_errors, and stops asking', async () => {
    const many = Array.from({ length: 200 }, (_, i) => ({
      id: `q${i}`,
      input: `p${i}`,
      expected: 'OK'
    }))
    serving.fault = () => ({ kind: 'unavailable', retryAfter: '0' })
    const err = await read(
      gate({ dataset: await dataset(many), score: { type: 'exact' }, max_item_errors: 0.01 })
    ).catch((e: unknown) => e as Error)
    expect((err as Error).message).toMatch(
      /item errors \(\d+ HTTP 503\) after \d+ of 200 items, more than max_item_errors 0.01 allows \(2\); first: item "q\d+": HTTP 503/
    )
    // Stopped soon after the third error, not after all 200 items (3 attempts each).
    expect(serving.count).toBeLessThan(60)
  })

  it('stops at once on a 404 or 401: every item would fail the same way', async () => {
    const file = await dataset(ten.map((i) => ({ ...i, input: `404-${i.input}` })))
    await expect(
      read(gate({ dataset: file, score: { type: 'exact' }, model_name: 'no-such-model' }))
    ).rejects.toThrow(/answered HTTP 404: The model `no-such-model` does not exist/)
    // At most one request per worker (4) before the first 404 stopped the rest.
    expect(serving.requests.filter((r) => r.prompt.startsWith('404-')).length).toBeLessThanOrEqual(
      4
    )
    const locked = await startOpenAIStandin({ apiKey: 'sk-right' })
    try {
      const g = gate({ dataset: file, score: { type: 'exact' }, target: locked.url })
      await expect(read(g)).rejects.toThrow(/refused the credentials \(HTTP 401\)/)
    } finally {
      await locked.close()
    }
  })
})

describe('the dataset file', () => {
  it('names the line of a malformed item before sending anything', async () => {
    const file = await dataset([
      { id: 1, input: 'malformed-a', expected: 'x' },
      '{"id": 2, "input": "malformed-b"',
      { id: 3, input: 'malformed-c' }
    ])
    await expect(read(gate({ dataset: file, score: { type: 'exact' } }))).rejects.toThrow(
      /line 2 is not JSON/
    )
    // (A request an earlier test gave up on may still land, so count only this test's items.)
    expect(serving.requests.filter((r) => r.prompt.startsWith('malformed'))).toEqual([])
  })

  it('refuses duplicate ids, items with neither input nor messages, and an empty file', async () => {
    await expect(
      read(
        gate({
          dataset: await dataset([
            { id: 'a', input: 'x', expected: 'y' },
            { id: 'a', input: 'z', expected: 'y' }
          ]),
          score: { type: 'exact' }
        })
      )
    ).rejects.toThrow(/line 2: id "a" is also on line 1/)
    await expect(
      read(gate({ dataset: await dataset([{ id: 'a', expected: 'y' }]), score: { type: 'exact' } }))
    ).rejects.toThrow(/give either "input"/)
    await expect(
      read(gate({ dataset: await dataset(['', '  ']), score: { type: 'exact' } }))
    ).rejects.toThrow(/has no items/)
  })

  it('refuses a path outside the workspace, by .. or by a symlink', async () => {
    await expect(
      read(gate({ dataset: '../../etc/passwd', score: { type: 'exact' } }))
    ).rejects.toThrow(/contains '\.\.': files are read from the workspace only/)
    await expect(read(gate({ dataset: '/etc/passwd', score: { type: 'exact' } }))).rejects.toThrow(
      /is outside the workspace/
    )
    const outside = await mkdtemp(path.join(os.tmpdir(), 'outside-'))
    await writeFile(path.join(outside, 'x.jsonl'), '{"id":1,"input":"a","expected":"b"}\n')
    await symlink(path.join(outside, 'x.jsonl'), path.join(workspace, 'link.jsonl'))
    await expect(read(gate({ dataset: 'link.jsonl', score: { type: 'exact' } }))).rejects.toThrow(
      /is a symlink that leads out of the workspace/
    )
  })
})

describe('the failing items in the job summary', () => {
  it('shows digest, n and items, with answers escaped so they cannot break out of the block', () => {
    const md = failingItems([
      {
        name: 'accuracy',
        type: 'metric',
        verdict: 'fail',
        enforce: true,
        message: '',
        warnings: [],
        details: {
          dataset_file: { path: 'evals/golden.jsonl', sha256: 'ab'.repeat(32), items: 40 },
          judge: { host: 'judge.internal', model: 'grader' },
          failing_items: [
            { id: 'q1', expected: 'Paris', got: '</details><script>x</script> | `rm`', score: 0 }
          ],
          failing_count: 7,
          item_errors: 1,
          item_error_examples: [{ id: 'q9', reason: 'timeout' }]
        }
      }
    ])
    expect(md).toContain(
      '<details><summary>accuracy: 7 failing items, 1 item error of 40 in evals/golden.jsonl (sha256 <code>abababababababab</code>), graded by grader at judge.internal</summary>'
    )
    expect(md).toContain(
      '| q1 | Paris | &lt;/details&gt;&lt;script&gt;x&lt;/script&gt; \\| &#96;rm&#96; | 0 |'
    )
    expect(md).toContain('| q9 | timeout |')
    expect(md.match(/<\/details>/g)).toHaveLength(1)
  })
})
