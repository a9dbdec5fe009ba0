/**
 * The real bundle (dist/index.js), run as GitHub runs it, against the stand-in MLflow server and
 * a stand-in eval service on loopback.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { useActionHarness } from '../test-support/action-harness.js'
import { type MlflowStandin, startMlflowStandin } from '../test-support/mlflow-standin/index.js'

/**
 * Items each stand-in evaluation reports. The results carry no per-item samples, so the regression
 * gate compares them as two independent proportions over n items (Newcombe); without n it could
 * never pass.
 */
const ITEMS = 10_000

const CONFIG = `
promote: {alias: champion, previous_alias: rollback-target, require_newer: true}
gates:
  - name: accuracy
    type: metric
    endpoint: \${EVAL_URL}/v1/evaluate
    headers: {Authorization: "Bearer \${EVAL_TOKEN}"}
    request: {dataset: golden}
    metric: accuracy
    min: 0.90
    timeout: 20s
  - {name: no-regression, type: regression, of: accuracy, max_drop: 0.01}
http: {retries: 2}
`

const h = useActionHarness({
  registry: 'mlflow',
  config: CONFIG,
  seed: { chatbot: { versions: [{}, {}, {}], aliases: { champion: '2' } } },
  scores: {
    'golden:1': { kind: 'ok', metrics: { accuracy: 0.9 }, n: ITEMS },
    'golden:2': { kind: 'ok', metrics: { accuracy: 0.92 }, n: ITEMS },
    'golden:3': { kind: 'ok', metrics: { accuracy: 0.925 }, n: ITEMS }
  },
  env: { EVAL_TOKEN: 'tok-eval-0001' }
})

describe('model-gate on MLflow, as GitHub runs it', () => {
  it('promotes a passing candidate: aliases moved, receipt tags, outputs, summary, receipt file', async () => {
    const run = await h.run({ model: 'chatbot', version: '3' })
    expect(run.code).toBe(0)
    expect(run.outputs).toMatchObject({
      verdict: 'pass',
      promoted: 'true',
      model: 'chatbot',
      version: '3',
      'previous-version': '2',
      'model-uri': 'models:/chatbot/3'
    })
    expect(h.mlflow.aliasOf('chatbot', 'champion')).toBe('3')
    expect(h.mlflow.aliasOf('chatbot', 'rollback-target')).toBe('2')
    const tags = h.mlflow.tagsOf('chatbot', '3')
    expect(tags).toMatchObject({
      'model_gate.verdict': 'pass',
      'model_gate.previous_version': '2',
      'model_gate.run_url': 'https://github.com/acme/models/actions/runs/4242',
      'model_gate.commit': 'abc123def4567890abc123def4567890abc12345'
    })
    expect(tags['model_gate.gate.accuracy']).toBe('0.925 (pass)')
    expect(Date.parse(tags['model_gate.promoted_at'])).not.toBeNaN()
    // previous_alias moves before alias, so no reader ever sees the champion without a rollback target.
    expect(h.writes().filter((w) => w.includes('alias'))).toHaveLength(2)
    const aliasWrites = h.mlflow.requests.filter(
      (r) => r.method === 'POST' && r.path.endsWith('/alias')
    )
    expect(aliasWrites.map((r) => (r.body as { alias: string }).alias)).toEqual([
      'rollback-target',
      'champion'
    ])
    expect(run.summary).toContain('Promoted chatbot version 3')
    expect(run.summary).toMatch(/\| accuracy \| accuracy \| 0\.925 \| ≥ 0\.9 \|/)
    expect(run.receipt).toMatchObject({
      verdict: 'pass',
      promoted: true,
      championBefore: '2',
      championAfter: '3'
    })
    // The eval service got the protocol request with the expanded header.
    expect(h.evals.requests[0].body).toMatchObject({
      protocol: 'model-gate/v1',
      gate: 'accuracy',
      metric: 'accuracy',
      dataset: 'golden',
      model: { registry: 'mlflow', name: 'chatbot', version: '3', uri: 'models:/chatbot/3' }
    })
    expect(h.evals.requests[0].headers.authorization).toBe('Bearer tok-eval-0001')
  })

  it('60 items, equal models: verdict inconclusive everywhere (never fail), the items needed, the step fails', async () => {
    // Issue 14 point 3: with the default on_inconclusive: fail, the policy fails the step but the
    // verdict a user reads stays what was measured.
    h.evals.set('golden:2', { kind: 'ok', metrics: { accuracy: 0.95 }, n: 60 })
    h.evals.set('golden:3', { kind: 'ok', metrics: { accuracy: 0.95 }, n: 60 })
    const run = await h.run({ model: 'chatbot', version: '3' })
    expect(run.code).not.toBe(0)
    expect(run.outputs).toMatchObject({ verdict: 'inconclusive', promoted: 'false' })
    expect(run.summary).toContain('not promoted (inconclusive)')
    expect(run.summary).toMatch(
      /inconclusive: 60 items detect a drop of [\d.]+ at most; about [\d,]+ are needed/
    )
    expect(run.summary).not.toMatch(/\| no-regression \|[^\n]*fail/)
    expect(run.receipt).toMatchObject({ verdict: 'inconclusive', promoted: false })
    const gates = (
      run.receipt as { gates: Array<{ name: string; verdict: string; policy?: string }> }
    ).gates
    expect(gates.find((g) => g.name === 'no-regression')).toMatchObject({
      verdict: 'inconclusive',
      policy: 'fail'
    })
    expect(run.stdout).toMatch(/::error::model-gate: verdict inconclusive/)
    expect(h.writes()).toEqual([])
  })

  it('refuses a failing candidate, says which gate and by how much, and writes nothing', async () => {
    h.evals.set('golden:3', { kind: 'ok', metrics: { accuracy: 0.85 }, n: ITEMS })
    const run = await h.run({ model: 'chatbot', version: '3' })
    expect(run.code).not.toBe(0)
    expect(run.outputs.verdict).toBe('fail')
    expect(run.outputs.promoted).toBe('false')
    expect(run.summary).toContain('accuracy 0.85 is below the minimum 0.9 by 0.05')
    expect(run.stdout).toMatch(
      /::error title=model-gate%3A accuracy fail::accuracy 0.85 is below the minimum 0.9 by 0.05/
    )
    expect(h.writes()).toEqual([])
    expect(h.mlflow.aliasOf('chatbot', 'champion')).toBe('2')
  })

  it('stops with an error when the champion moves during evaluation, writing nothing', async () => {
    h.evals.beforeAnswer = (): Promise<void> => {
      h.mlflow.setAlias('chatbot', 'champion', '1')
      return Promise.resolve()
    }
    const run = await h.run({ model: 'chatbot', version: '3' })
    expect(run.code).not.toBe(0)
    expect(run.outputs.verdict).toBe('error')
    expect(run.summary).toContain(
      'champion moved from version 2 to version 1 during evaluation; nothing was written'
    )
    expect(h.writes()).toEqual([])
    expect(h.mlflow.aliasOf('chatbot', 'champion')).toBe('1')
    expect(h.mlflow.tagsOf('chatbot', '3')).toEqual({})
  })

  it('refuses a candidate older than the champion under require_newer', async () => {
    const run = await h.run({ model: 'chatbot', version: '1' })
    expect(run.code).not.toBe(0)
    expect(run.outputs.verdict).toBe('fail')
    expect(run.summary).toContain('candidate version 1 is older than the champion, version 2')
    expect(h.evals.requests).toHaveLength(0)
    expect(h.writes()).toEqual([])
  })

  it.each([
    [
      'NaN',
      { kind: 'raw', status: 200, body: '{"metrics": {"accuracy": NaN}}' },
      /returned a NaN or infinite value/
    ],
    [
      'non-JSON',
      { kind: 'raw', status: 200, body: 'accuracy=0.93', contentType: 'text/plain' },
      /not JSON/
    ],
    [
      'a string score',
      { kind: 'ok', metrics: { accuracy: '0.93' as unknown as number } },
      /as a string, not a finite number/
    ],
    [
      'a missing metric',
      { kind: 'ok', metrics: { acc: 0.93 } },
      /returned no metric 'accuracy' \(it returned: acc\)/
    ],
    [
      '500 forever',
      { kind: 'raw', status: 500, body: '<html>boom</html>', contentType: 'text/html' },
      /answered HTTP 500 \(an HTML page\)/
    ]
  ] as const)('fails closed when the eval endpoint returns %s', async (_, behaviour, message) => {
    h.evals.set('golden:3', behaviour)
    const run = await h.run({ model: 'chatbot', version: '3' })
    expect(run.code).not.toBe(0)
    expect(run.outputs.verdict).toBe('error')
    expect(run.summary).toMatch(message)
    expect(run.summary).not.toContain('boom')
    expect(h.writes()).toEqual([])
  })

  it('polls an asynchronous (202) evaluation to its result', async () => {
    h.evals.set('golden:3', { kind: 'async', metrics: { accuracy: 0.95 }, polls: 2, n: ITEMS })
    const run = await h.run(
      { model: 'chatbot', version: '3' },
      { config: CONFIG.replace('timeout: 20s', 'timeout: 20s\n    poll_interval: 50ms') }
    )
    expect(run.outputs.verdict).toBe('pass')
    expect(h.mlflow.aliasOf('chatbot', 'champion')).toBe('3')
  })

  it('rejects a bad config before any request, naming the path', async () => {
    const run = await h.run(
      { model: 'chatbot', version: '3' },
      { config: CONFIG.replace('min: 0.90', 'minimum: 0.90') }
    )
    expect(run.code).not.toBe(0)
    expect(run.outputs.verdict).toBe('error')
    expect(run.stdout).toContain("gates[0].minimum: unknown key (did you mean 'min'?)")
    expect(h.mlflow.requests).toHaveLength(0)
    expect(h.evals.requests).toHaveLength(0)
  })

  it('names an unknown model and the nearest existing one', async () => {
    const run = await h.run({ model: 'chatbt', version: '3' })
    expect(run.outputs.verdict).toBe('error')
    expect(run.summary).toContain("model 'chatbt' was not found in MLflow registry")
    expect(run.summary).toContain("Did you mean 'chatbot'?")
  })

  it('names an unknown version and lists the versions that exist', async () => {
    const run = await h.run({ model: 'chatbot', version: '9' })
    expect(run.outputs.verdict).toBe('error')
    expect(run.summary).toContain("model 'chatbot' has no version 9")
    expect(run.summary).toContain('Versions that exist: 1, 2, 3')
  })

  it('promotes the first version of a model that has no champion yet', async () => {
    h.mlflow.seedModel('fresh', [{}])
    h.evals.set('golden:1', { kind: 'ok', metrics: { accuracy: 0.95 }, n: ITEMS })
    const run = await h.run({ model: 'fresh', version: '1' })
    expect(run.code).toBe(0)
    expect(run.outputs).toMatchObject({ verdict: 'pass', promoted: 'true', 'previous-version': '' })
    expect(run.summary).toContain('first promotion, nothing to regress against')
    expect(h.mlflow.aliasOf('fresh', 'champion')).toBe('1')
    expect(h.mlflow.aliasOf('fresh', 'rollback-target')).toBeUndefined()
  })

  it('changes nothing when the same promotion runs again', async () => {
    const first = await h.run({ model: 'chatbot', version: '3' })
    expect(first.outputs.promoted).toBe('true')
    const before = h.mlflow.requests.length
    const again = await h.run({ model: 'chatbot', version: '3' })
    expect(again.code).toBe(0)
    expect(again.outputs).toMatchObject({ verdict: 'pass', promoted: 'true' })
    expect(h.mlflow.requests.slice(before).filter((r) => r.method !== 'GET')).toEqual([])
    expect(h.mlflow.aliasOf('chatbot', 'rollback-target')).toBe('2')
    expect(again.summary).toContain("'champion' already points at version 3; nothing to move")
  })

  it('never writes in evaluate mode', async () => {
    const run = await h.run({ model: 'chatbot', version: '3', mode: 'evaluate' })
    expect(run.code).toBe(0)
    expect(run.outputs).toMatchObject({ verdict: 'pass', promoted: 'false' })
    expect(run.summary).toContain('would be promoted')
    expect(h.writes()).toEqual([])
  })

  it('gates whatever version an @alias points at', async () => {
    h.mlflow.setAlias('chatbot', 'challenger', '3')
    const run = await h.run({ model: 'chatbot', version: '@challenger' })
    expect(run.outputs).toMatchObject({ verdict: 'pass', version: '3' })
    expect(h.mlflow.aliasOf('chatbot', 'champion')).toBe('3')
  })
})

describe('lineage through the bundle', () => {
  it('checks the producing run, records its lineage, and reads the run once', async () => {
    const runId = h.mlflow.seedRun({ params: { lora_r: '16' }, metrics: { val_loss: 0.31 } })
    h.mlflow.seedModel('adapter', [
      { run_id: runId, tags: { base_model: 'llama-3-8b', adapter_type: 'lora' } }
    ])
    h.evals.set('golden:1', { kind: 'ok', metrics: { accuracy: 0.95 }, n: ITEMS })
    const run = await h.run(
      { model: 'adapter', version: '1' },
      {
        config: `${CONFIG.replace('http: {retries: 2}', '')}  - {name: provenance, type: lineage, require: [{key: run.metric.val_loss, max: 0.35}, {key: adapter_type, equals: lora}]}\n`
      }
    )
    expect(run.outputs.verdict).toBe('pass')
    expect(h.mlflow.tagsOf('adapter', '1')).toMatchObject({
      'model_gate.lineage.source_run_id': runId,
      'model_gate.lineage.base_model': 'llama-3-8b',
      'model_gate.lineage.adapter_type': 'lora'
    })
    expect(h.mlflow.requests.filter((r) => r.path.endsWith('/runs/get'))).toHaveLength(1)
  })
})

describe('model-gate against an MLflow server with basic auth', () => {
  let secured: MlflowStandin
  beforeAll(async () => {
    secured = await startMlflowStandin({ auth: 'basic', users: { reader: 'reader-pass-123' } })
    secured.seedModel('auth-model', [{}])
  })
  afterAll(() => secured.close())

  it('names the missing EDIT permission when a reader tries to promote (capture 209)', async () => {
    // A clearly passing candidate, so the run gets as far as trying to promote. (Set here: the
    // harness resets golden:1 to 0.9 before every test.)
    h.evals.set('golden:1', { kind: 'ok', metrics: { accuracy: 0.95 }, n: ITEMS })
    const run = await h.run(
      { model: 'auth-model', version: '1' },
      {
        env: {
          MLFLOW_TRACKING_URI: secured.url,
          MLFLOW_TRACKING_USERNAME: 'reader',
          MLFLOW_TRACKING_PASSWORD: 'reader-pass-123',
          EVAL_TOKEN: 'x-token'
        }
      }
    )
    expect(run.code).not.toBe(0)
    expect(run.outputs.verdict).toBe('error')
    expect(run.outputs.promoted).toBe('false')
    // The gate itself passed on the score set above; the error is the promotion's.
    expect(h.evals.requests).toHaveLength(1)
    expect(run.summary).toContain('| accuracy | accuracy | 0.95 | ≥ 0.9 |')
    expect(run.summary).toContain("user 'reader' lacks EDIT permission")
    expect(secured.aliasOf('auth-model', 'champion')).toBeUndefined()
    // The runner consumes ::add-mask:: lines; nothing else may carry the password.
    const visible = (run.stdout + '\n' + run.stderr)
      .split('\n')
      .filter((l) => !l.startsWith('::add-mask::'))
    const written = visible.join('\n') + run.summary + JSON.stringify(run.receipt)
    expect(written).not.toContain('reader-pass-123')
    // Nor its basic-auth form, base64("reader:reader-pass-123").
    expect(written).not.toContain(Buffer.from('reader:reader-pass-123').toString('base64'))
  })

  it('names the credential variables on a 401', async () => {
    const run = await h.run(
      { model: 'auth-model', version: '1' },
      { env: { MLFLOW_TRACKING_URI: secured.url, EVAL_TOKEN: 'x-token' } }
    )
    expect(run.outputs.verdict).toBe('error')
    expect(run.summary).toContain('MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD')
  })
})
