/**
 * Metric sources end to end: the real bundle (dist/index.js) reads what mlflow.evaluate logged,
 * a promptfoo results.json an earlier step wrote, and a W&B run summary, and says where every
 * value came from in the summary and the receipt.
 */
import { describe, expect, it } from '@jest/globals'
import { useActionHarness } from '../test-support/action-harness.js'
import { splitTable, twoProviders } from '../test-support/results-files.js'

interface ReceiptGate {
  name: string
  verdict: string
  value?: number
  details?: Record<string, unknown>
}
const gatesOf = (receipt: Record<string, unknown> | undefined): ReceiptGate[] =>
  (receipt?.gates ?? []) as ReceiptGate[]

describe('source: mlflow, as GitHub runs it', () => {
  /** What one mlflow.evaluate run leaves behind in MLflow 3: run, logged model, table. */
  function evaluate(wrong: Set<number>, n = 200): { run_id: string; model_id: string } {
    const acc = (n - wrong.size) / n
    const runId = h.mlflow.seedRun({ metrics: { 'exact_match/v1': acc } })
    const modelId = h.mlflow.seedLoggedModel({
      sourceRunId: runId,
      metrics: [
        {
          key: 'exact_match/v1',
          value: acc,
          dataset_name: 'golden',
          dataset_digest: '5f3a9c1e77',
          run_id: runId
        }
      ]
    })
    const rows = Array.from({ length: n }, (_, i) => [`q${i}`, wrong.has(i) ? 0 : 1])
    h.mlflow.putArtifact(
      runId,
      'eval_results_table.json',
      splitTable(['id', 'exact_match/score'], rows)
    )
    return { run_id: runId, model_id: modelId }
  }

  const CONFIG = `
promote: {alias: champion}
gates:
  - name: accuracy
    type: metric
    source: mlflow
    metric: exact_match/v1
    dataset: {name: golden}
    table: {id_column: id, column: exact_match/score}
    min: 0.85
  - {name: no-regression, type: regression, of: accuracy, max_drop: 0.02}
`
  const h = useActionHarness({ registry: 'mlflow', config: CONFIG })

  it('promotes on what mlflow.evaluate logged, showing both sides and the source of each value', async () => {
    const champion = evaluate(new Set(Array.from({ length: 20 }, (_, i) => i))) // 0.90
    const candidate = evaluate(new Set(Array.from({ length: 10 }, (_, i) => i))) // 0.95
    h.mlflow.seedModel('chatbot', [champion, candidate], { champion: '1' })
    const run = await h.run({ model: 'chatbot', version: '2' })
    expect(run.outputs).toMatchObject({ verdict: 'pass', promoted: 'true' })
    expect(h.mlflow.aliasOf('chatbot', 'champion')).toBe('2')
    // The metric row: value, Wilson's interval for the 0/1 rows (both at its precision), n.
    expect(run.summary).toMatch(
      /\| accuracy \| exact_match\/v1 \| 0\.950 \| ≥ 0\.85 \| \[0\.910, 0\.973\] \(95%\) \| 200 \|/
    )
    // The regression row shows the champion's value beside the candidate's, not only Δ.
    expect(run.summary).toMatch(
      /\| no-regression \| Δ exact_match\/v1 \| 0\.050 \(0\.950 vs champion 0\.900\) \|/
    )
    expect(run.summary).toContain(
      `_Source: MLflow logged model ${candidate.model_id.slice(0, 8)}…, metric exact_match/v1, dataset golden@5f3a9c1e77, table eval_results_table.json (200 rows)._`
    )
    const [acc, reg] = gatesOf(run.receipt)
    expect(acc.details?.origin).toContain(`MLflow logged model ${candidate.model_id.slice(0, 8)}`)
    expect(acc.details?.dataset).toEqual({ name: 'golden', digest: '5f3a9c1e77' })
    expect(reg.details?.origin).toEqual({
      candidate: expect.stringContaining(candidate.model_id.slice(0, 8)) as unknown,
      champion: expect.stringContaining(champion.model_id.slice(0, 8)) as unknown
    })
    expect(reg.details).toMatchObject({ candidate: 0.95, champion: 0.9, table: { b: 0, c: 10 } })
  })

  it('refuses, writing nothing, when the logged model has no such metric', async () => {
    const candidate = evaluate(new Set())
    h.mlflow.seedModel('chatbot', [candidate])
    const run = await h.run(
      { model: 'chatbot', version: '1' },
      { config: CONFIG.replace('metric: exact_match/v1', 'metric: exact_match/v2') }
    )
    expect(run.code).not.toBe(0)
    expect(run.outputs.verdict).toBe('error')
    expect(run.summary).toContain("has no metric 'exact_match/v2' on dataset golden@?")
    expect(h.mlflow.requests.filter((r) => r.method !== 'GET')).toEqual([])
    expect(h.mlflow.aliasOf('chatbot', 'champion')).toBeUndefined()
  })
})

describe('source: file (promptfoo), as GitHub runs it', () => {
  const CONFIG = `
promote: {alias: champion}
gates:
  - name: answers
    type: metric
    source: file
    format: promptfoo
    path: evals/results.json
    provider: {candidate: candidate, champion: champion}
    metric: pass_rate
    min: 0.7
  - {name: no-regression, type: regression, of: answers, max_drop: 0.02}
`
  const h = useActionHarness({
    registry: 'mlflow',
    config: CONFIG,
    seed: { chatbot: { versions: [{}, {}], aliases: { champion: '1' } } }
  })

  it('refuses a candidate that promptfoo saw regress against the champion, writing nothing', async () => {
    const run = await h.run(
      { model: 'chatbot', version: '2' },
      { files: { 'evals/results.json': JSON.stringify(twoProviders(300, 240, 285)) } }
    )
    expect(run.outputs).toMatchObject({ verdict: 'fail', promoted: 'false' })
    expect(run.summary).toMatch(/\| answers \| pass_rate \| 0\.800 \| ≥ 0\.7 \|/)
    expect(run.summary).toMatch(
      /\| no-regression \| Δ pass_rate \| −0\.150 \(0\.800 vs champion 0\.950\) \|/
    )
    expect(run.summary).toContain(
      '_Sources: candidate promptfoo evals/results.json, provider candidate, 300 tests; champion promptfoo evals/results.json, provider champion, 300 tests._'
    )
    expect(h.mlflow.requests.filter((r) => r.method !== 'GET')).toEqual([])
    expect(h.mlflow.aliasOf('chatbot', 'champion')).toBe('1')
  })

  it('is an error when the results file is missing from the workspace', async () => {
    const run = await h.run({ model: 'chatbot', version: '2' })
    expect(run.outputs.verdict).toBe('error')
    expect(run.summary).toContain("no file at 'evals/results.json' in the workspace")
    expect(h.mlflow.requests.filter((r) => r.method !== 'GET')).toEqual([])
  })
})

describe('source: wandb, as GitHub runs it', () => {
  const KEY = 'wandb-key-sources-1a2b3c'
  const h = useActionHarness({
    registry: 'wandb',
    wandb: { apiKey: KEY },
    seed: {
      'acme/model-registry/chatbot': [
        {
          aliases: ['champion'],
          runName: 'run-1',
          run: { state: 'finished', summary: { eval: { accuracy: 0.91 } } }
        },
        {
          runName: 'run-2',
          run: {
            state: 'finished',
            summary: { 'eval/accuracy': 0.93, eval: { accuracy: 0.93, f1: 'n/a' } }
          }
        }
      ]
    }
  })

  const run = (metric: string) =>
    h.run(
      { model: 'acme/model-registry/chatbot', version: 'v1' },
      {
        config: `
registry: {type: wandb}
promote: {alias: champion}
gates:
  - {name: accuracy, type: metric, source: wandb, metric: ${metric}, min: 0.9}
`
      }
    )

  it("promotes on the producing run's summary, and names the run", async () => {
    const r = await run('eval.accuracy')
    expect(r.outputs).toMatchObject({ verdict: 'pass', promoted: 'true' })
    expect(
      h.wandb.aliasHolder(
        { entity: 'acme', project: 'model-registry', collection: 'chatbot' },
        'champion'
      )
    ).toBe('v1')
    expect(r.summary).toContain('_Source: W&B run run-2, summary eval.accuracy._')
    expect(gatesOf(r.receipt)[0].details?.origin).toBe('W&B run run-2, summary eval.accuracy')
  })

  it('is an error for a string value or a missing key, and moves no alias', async () => {
    const s = await run('eval.f1')
    expect(s.outputs.verdict).toBe('error')
    expect(s.summary).toContain("'eval.f1' is a string, not a finite number")
    const m = await run('eval/acuracy')
    expect(m.outputs.verdict).toBe('error')
    expect(m.summary).toContain("has no 'eval/acuracy'")
    expect(m.summary).toContain("Did you mean 'eval/accuracy'")
    expect(h.wandb.requests.map((q) => q.operationName)).not.toContain('GateAddAliases')
  })
})
