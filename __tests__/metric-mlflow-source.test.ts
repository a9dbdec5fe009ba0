/**
 * `source: mlflow` against the MLflow stand-in: logged-model metrics picked by dataset, run
 * metrics otherwise, per-item samples from mlflow.evaluate's table artifact, every bad input an
 * error, and a regression between two mlflow.evaluate runs equal to the hand computation.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { describeError } from '../src/errors.js'
import type { GateContext } from '../src/gates/gate.js'
import { Evaluations } from '../src/gates/metric/evaluations.js'
import { MetricGate } from '../src/gates/metric/gate.js'
import { MlflowSource } from '../src/gates/metric/mlflow.js'
import { RegressionGate } from '../src/gates/regression.js'
import { HttpClient } from '../src/http/client.js'
import { MlflowRegistry } from '../src/registry/mlflow.js'
import { MetricGateSchema, RegressionGateSchema } from '../src/settings/config.js'
import { type MlflowStandin, startMlflowStandin } from '../test-support/mlflow-standin/index.js'
import { splitTable } from '../test-support/results-files.js'

let mlflow: MlflowStandin
let http: HttpClient
let registry: MlflowRegistry
beforeEach(async () => {
  mlflow = await startMlflowStandin()
  http = new HttpClient({ retries: 0 })
  registry = new MlflowRegistry(http, mlflow.url, { source: 'none' })
})
afterEach(async () => {
  await http.close()
  await mlflow.close()
})

const GOLDEN = { name: 'golden', digest: '5f3a9c1e' }
const COLUMNS = ['id', 'inputs', 'outputs', 'ground_truth', 'exact_match/score']

/** One mlflow.evaluate run: its metrics, the logged model's dataset-linked metric, its table. */
function evaluated(
  correct: boolean[],
  opts: { digest?: string; value?: number | string; tableText?: string } = {}
): { runId: string; modelId: string } {
  const acc = correct.filter(Boolean).length / correct.length
  const runId = mlflow.seedRun({ metrics: { accuracy_score: acc, 'exact_match/v1': acc } })
  const modelId = mlflow.seedLoggedModel({
    name: 'chatbot',
    sourceRunId: runId,
    metrics: [
      {
        key: 'exact_match/v1',
        value: opts.value ?? acc,
        dataset_name: 'golden',
        dataset_digest: opts.digest ?? GOLDEN.digest,
        run_id: runId
      },
      {
        key: 'exact_match/v1',
        value: 0.5,
        dataset_name: 'smoke',
        dataset_digest: 'aa11',
        run_id: runId
      }
    ]
  })
  const rows = correct.map((ok, i) => [
    `q${i}`,
    `question ${i}`,
    ok ? `a${i}` : 'wrong',
    `a${i}`,
    ok ? 1 : 0
  ])
  mlflow.putArtifact(runId, 'eval_results_table.json', opts.tableText ?? splitTable(COLUMNS, rows))
  return { runId, modelId }
}

function context(champion: string | null = '1', candidate = '2'): Promise<GateContext> {
  return Promise.all([
    registry.getVersion('chatbot', candidate),
    champion ? registry.getVersion('chatbot', champion) : Promise.resolve(null)
  ]).then(
    ([cand, champ]) =>
      ({
        settings: { alias: 'champion', registry: { type: 'mlflow' } },
        http,
        registry,
        candidate: cand,
        champion: champ,
        evaluations: new Evaluations(),
        signal: new AbortController().signal,
        deadline: Date.now() + 60_000
      }) as unknown as GateContext
  )
}

const gate = (extra: Record<string, unknown> = {}) => {
  const g = MetricGateSchema.parse({
    name: 'accuracy',
    type: 'metric',
    source: 'mlflow',
    metric: 'exact_match/v1',
    dataset: GOLDEN,
    table: { id_column: 'id', column: 'exact_match/score' },
    min: 0.5,
    ...extra
  })
  if (g.source !== 'mlflow') throw new Error('not an mlflow gate')
  return g
}

/** What the user reads: the cause and the fix. */
async function failsWith(p: Promise<unknown>, re: RegExp): Promise<void> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e
  )
  expect(err).toBeDefined()
  expect(describeError(err)).toMatch(re)
}

const pattern = (n: number, wrong: number[]): boolean[] =>
  Array.from({ length: n }, (_, i) => !wrong.includes(i))

describe('reading what mlflow.evaluate logged', () => {
  it("takes the logged model's metric on the named dataset, with the table's rows as samples", async () => {
    const { modelId, runId } = evaluated(pattern(10, [3, 7]))
    mlflow.seedModel('chatbot', [{ run_id: runId, model_id: modelId }])
    const ctx = await context(null, '1')
    const r = await new MlflowSource(gate()).read(ctx.candidate, 'candidate', ctx)
    expect(r.metrics['exact_match/v1']).toBe(0.8)
    expect(r.dataset).toEqual(GOLDEN)
    expect(r.n).toBe(10)
    expect(r.ids?.slice(0, 2)).toEqual(['q0', 'q1'])
    expect(r.samples?.['exact_match/v1']).toEqual([1, 1, 1, 0, 1, 1, 1, 0, 1, 1])
    expect(r.origin).toBe(
      `MLflow logged model ${modelId.slice(0, 8)}…, metric exact_match/v1, dataset golden@5f3a9c1e, table eval_results_table.json (10 rows)`
    )
    // The metric gate shows the value with Wilson's interval for the 0/1 rows, and its source.
    const m = await new MetricGate(gate()).run(ctx)
    expect(m).toMatchObject({ verdict: 'pass', value: 0.8, n: 10 })
    expect(m.ci?.low).toBeCloseTo(0.49, 2)
    expect(m.details?.origin).toBe(r.origin)
  })

  it('asks which dataset when the metric was logged on several, and names them', async () => {
    const { modelId, runId } = evaluated(pattern(4, []))
    mlflow.seedModel('chatbot', [{ run_id: runId, model_id: modelId }])
    const ctx = await context(null, '1')
    await expect(
      new MlflowSource(gate({ dataset: undefined, table: undefined })).read(
        ctx.candidate,
        'candidate',
        ctx
      )
    ).rejects.toThrow(
      /has 'exact_match\/v1' on 2 datasets \(golden@5f3a9c1e, smoke@aa11\), and the gate does not say which/
    )
    await expect(
      new MlflowSource(gate({ dataset: { name: 'holdout' } })).read(ctx.candidate, 'candidate', ctx)
    ).rejects.toThrow(
      /has no metric 'exact_match\/v1' on dataset holdout@\? \(it has it on: golden@5f3a9c1e, smoke@aa11\)/
    )
  })

  it("reads the source run's metrics when the version has no logged model, with the run table", async () => {
    const { runId } = evaluated(pattern(5, [0]))
    mlflow.seedModel('chatbot', [{ run_id: runId }])
    const ctx = await context(null, '1')
    const r = await new MlflowSource(gate({ metric: 'accuracy_score', dataset: undefined })).read(
      ctx.candidate,
      'candidate',
      ctx
    )
    expect(r.metrics.accuracy_score).toBe(0.8)
    expect(r.origin).toBe(
      `MLflow run ${runId.slice(0, 8)}…, metric accuracy_score, table eval_results_table.json (5 rows)`
    )
    // prediction/target instead of a score column: 1 where they are equal.
    const pt = await new MlflowSource(
      gate({
        metric: 'accuracy_score',
        dataset: undefined,
        table: { id_column: 'id', prediction: 'outputs', target: 'ground_truth' }
      })
    ).read(ctx.candidate, 'candidate', ctx)
    expect(pt.samples?.accuracy_score).toEqual([0, 1, 1, 1, 1])
  })
})

describe('bad input is an error that names the cause, and nothing else happens', () => {
  const readWith = async (
    extra: Record<string, unknown>,
    opts: Parameters<typeof evaluated>[1] = {},
    rows = 6
  ) => {
    const { modelId, runId } = evaluated(pattern(rows, [1]), opts)
    const [v] = mlflow.seedModel('chatbot', [{ run_id: runId, model_id: modelId }])
    const ctx = await context(null, v)
    return new MlflowSource(gate(extra)).read(ctx.candidate, 'candidate', ctx)
  }

  it('a missing metric, with a hint', async () => {
    expect.assertions(2)
    const { runId } = evaluated(pattern(3, []))
    mlflow.seedModel('chatbot', [{ run_id: runId }])
    const ctx = await context(null, '1')
    await failsWith(
      new MlflowSource(gate({ metric: 'accuracy_scor', dataset: undefined })).read(
        ctx.candidate,
        'candidate',
        ctx
      ),
      /has no metric 'accuracy_scor' \(it has: accuracy_score, exact_match\/v1\)\. Did you mean 'accuracy_score'\?/
    )
  })

  it('a NaN or a string value', async () => {
    await expect(readWith({}, { value: 'NaN' })).rejects.toThrow(
      /metric 'exact_match\/v1' is NaN, not a finite number/
    )
    const rows = [
      ['q0', 'x', 'a', 'a', 1],
      ['q1', 'x', 'a', 'a', 'high']
    ]
    await expect(readWith({}, { tableText: splitTable(COLUMNS, rows) })).rejects.toThrow(
      /'exact_match\/score' of row 2 \(id q1\) is a string, not a finite number/
    )
  })

  it('duplicate ids, and a table without the id column', async () => {
    const dup = [
      ['q0', 'x', 'a', 'a', 1],
      ['q0', 'x', 'a', 'a', 0]
    ]
    await expect(readWith({}, { tableText: splitTable(COLUMNS, dup) })).rejects.toThrow(
      /artifact 'eval_results_table.json' of run .* has the id 'q0' more than once \(item #2\)/
    )
    await failsWith(
      readWith({ table: { id_column: 'row_id', column: 'exact_match/score' } }),
      /has no id column 'row_id' \(columns: id, inputs, outputs, ground_truth, exact_match\/score\)\. Set table\.id_column/
    )
    await expect(readWith({}, { tableText: '{"not": "a table"}' })).rejects.toThrow(
      /is not a table: expected pandas "split" JSON/
    )
  })

  it('an artifact that is missing, or larger than a response may be', async () => {
    await expect(
      readWith({ table: { artifact: 'eval/table.json', id_column: 'id', column: 'x' } })
    ).rejects.toThrow(/has no artifact 'eval\/table.json' \(none there\)/)
    await http.close()
    http = new HttpClient({ retries: 0, maxResponseBytes: 4096 })
    registry = new MlflowRegistry(http, mlflow.url, { source: 'none' })
    await failsWith(
      readWith({}, {}, 300),
      /artifact 'eval_results_table.json' of run .* is 1\d KB, over the 4 KB a response may have\. Raise http.max_response_mb/
    )
    // Nothing was downloaded: the size came from the listing.
    expect(mlflow.requests.filter((r) => r.path === '/get-artifact')).toHaveLength(0)
  })

  it('an unknown run', async () => {
    const runId = mlflow.seedRun({})
    mlflow.seedModel('chatbot', [{ run_id: runId }])
    mlflow.state.runs.delete(runId)
    const ctx = await context(null, '1')
    await expect(
      new MlflowSource(gate({ metric: 'accuracy_score', dataset: undefined })).read(
        ctx.candidate,
        'candidate',
        ctx
      )
    ).rejects.toThrow(/run [0-9a-f]{32} of version 1 was not found/)
    expect(mlflow.requests.filter((r) => r.method !== 'GET')).toEqual([])
  })
})

describe('regression between two mlflow.evaluate runs', () => {
  const regression = RegressionGateSchema.parse({
    name: 'no-regression',
    type: 'regression',
    of: 'accuracy',
    max_drop: 0.05
  })

  it('equals the hand computation', async () => {
    // 400 items. Champion wrong on 0..39 (360 right); candidate wrong on 20..49 (370 right):
    // by hand b (champion only right) = 10 (40..49), c (candidate only right) = 20 (0..19).
    const champ = evaluated(
      pattern(
        400,
        Array.from({ length: 40 }, (_, i) => i)
      )
    )
    const cand = evaluated(
      pattern(
        400,
        Array.from({ length: 30 }, (_, i) => i + 20)
      )
    )
    mlflow.seedModel('chatbot', [
      { run_id: champ.runId, model_id: champ.modelId },
      { run_id: cand.runId, model_id: cand.modelId }
    ])
    const ctx = await context('1', '2')
    const r = await new RegressionGate(regression, gate()).run(ctx)
    expect(r.value).toBeCloseTo((370 - 360) / 400, 12)
    expect(r.details).toMatchObject({
      candidate: 0.925,
      champion: 0.9,
      table: { a: 350, b: 10, c: 20, d: 20 },
      paired: 400
    })
    expect(r.verdict).toBe('pass')
  })

  it('is an error when the two were evaluated on different dataset digests, naming both', async () => {
    const champ = evaluated(pattern(10, []), { digest: 'old111' })
    const cand = evaluated(pattern(10, []))
    mlflow.seedModel('chatbot', [
      { run_id: champ.runId, model_id: champ.modelId },
      { run_id: cand.runId, model_id: cand.modelId }
    ])
    const ctx = await context('1', '2')
    const r = await new RegressionGate(regression, gate({ dataset: { name: 'golden' } })).run(ctx)
    expect(r.verdict).toBe('error')
    expect(r.message).toContain(
      'the candidate was measured on dataset golden@5f3a9c1e and champion version 1 on golden@old111'
    )
  })
})
