/**
 * Promotions that survive being killed. The bundle is killed (SIGKILL, no chance to clean up) at
 * every registry write of a promotion, once just before the write lands and once just after; each
 * time the registry must be in a state a reader can act on, and a re-run must finish the job.
 * SIGTERM, which GitHub sends on cancel, must let the write in progress finish.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import type { ChildProcess } from 'node:child_process'
import { type EvalStandin, startEvalStandin } from '../test-support/eval-standin.js'
import {
  type MlflowStandin,
  type RecordedRequest,
  startMlflowStandin
} from '../test-support/mlflow-standin.js'
import { type ActionRun, runAction } from '../test-support/run-action.js'

const CONFIG = `
promote: {alias: champion, previous_alias: rollback-target}
gates:
  - {name: accuracy, type: metric, endpoint: "\${EVAL_URL}/v1", metric: accuracy, min: 0.9}
`
let evals: EvalStandin
beforeAll(async () => {
  evals = await startEvalStandin()
  for (const v of ['2', '3']) evals.set(`*:${v}`, { kind: 'ok', metrics: { accuracy: 0.95 } })
})
afterAll(() => evals.close())

// Every stand-in a test starts, closed after it even when an assertion fails first (an open server
// would keep Jest from exiting).
const standins = new Set<MlflowStandin>()
afterEach(async () => {
  await Promise.all([...standins].map((m) => m.close()))
  standins.clear()
})

async function fresh(): Promise<MlflowStandin> {
  const mlflow = await startMlflowStandin()
  standins.add(mlflow)
  mlflow.seedModel('chatbot', [{}, {}, {}], { champion: '2', 'rollback-target': '1' })
  return mlflow
}

/** Every state a killed promotion may leave must be one a reader can act on. */
function expectConsistent(mlflow: MlflowStandin): void {
  const champion = mlflow.aliasOf('chatbot', 'champion')
  const previous = mlflow.aliasOf('chatbot', 'rollback-target')
  expect(['2', '3']).toContain(champion)
  expect(['1', '2']).toContain(previous)
  // A new champion always has its rollback target in place.
  if (champion === '3') expect(previous).toBe('2')
  // A version never claims a promotion that did not happen.
  if (mlflow.tagsOf('chatbot', '3')['model_gate.verdict'] !== undefined) expect(champion).toBe('3')
}

async function expectRerunCompletes(mlflow: MlflowStandin): Promise<void> {
  const run = await runAction({
    inputs: { model: 'chatbot', version: '3' },
    env: { MLFLOW_TRACKING_URI: mlflow.url, EVAL_URL: evals.url },
    config: CONFIG
  })
  expect(run.code).toBe(0)
  expect(mlflow.aliasOf('chatbot', 'champion')).toBe('3')
  expect(mlflow.aliasOf('chatbot', 'rollback-target')).toBe('2')
  expect(mlflow.tagsOf('chatbot', '3')).toMatchObject({
    'model_gate.verdict': 'pass',
    'model_gate.previous_version': '2',
    'model_gate.gate.accuracy': '0.95 (pass)'
  })
  expect(run.outputs['previous-version']).toBe('2')
}

const isWrite = (r: RecordedRequest): boolean => r.method !== 'GET'

interface WriteBody {
  name: string
  version: string
  alias?: string
  key?: string
  value?: string
}

/** What a write is, independent of run-specific values (promoted_at): route plus alias or tag key. */
function describeWrite(r: RecordedRequest): string {
  const b = r.body as WriteBody
  return `${r.method} ${r.path} ${b.alias ?? b.key}`
}

/** Whether the registry now shows the effect of this write (alias moved, tag set). */
function applied(mlflow: MlflowStandin, r: RecordedRequest): boolean {
  const b = r.body as WriteBody
  return b.alias !== undefined
    ? mlflow.aliasOf(b.name, b.alias) === b.version
    : mlflow.tagsOf(b.name, b.version)[b.key ?? ''] === b.value
}

interface Kill {
  run: ActionRun
  /** The write the kill happened at, undefined if the run never reached write `at`. */
  write: RecordedRequest | undefined
}

/** Runs a promotion and SIGKILLs it when write number `at` arrives at the registry. */
async function killAt(mlflow: MlflowStandin, at: number, landed: boolean): Promise<Kill> {
  let child: ChildProcess | undefined
  let writes = 0
  let write: RecordedRequest | undefined
  const unhook = mlflow.onRequest(async (req) => {
    if (req.method === 'GET') return
    writes++
    if (writes !== at) return
    write = req
    child?.kill('SIGKILL')
    await new Promise((r) => setTimeout(r, 20))
    // landed: the server applies the write the client never hears about; otherwise it is lost.
    return landed ? undefined : { status: 503, body: 'gone' }
  })
  const run = await runAction({
    inputs: { model: 'chatbot', version: '3' },
    env: { MLFLOW_TRACKING_URI: mlflow.url, EVAL_URL: evals.url },
    config: CONFIG,
    onSpawn: (c) => (child = c)
  })
  unhook()
  // The child's exit can be seen before the server has applied a landed write; wait for it.
  for (let i = 0; landed && write && !applied(mlflow, write) && i < 100; i++)
    await new Promise((r) => setTimeout(r, 10))
  return { run, write }
}

describe('a promotion killed at every write', () => {
  it('leaves a consistent registry and a re-run completes it', async () => {
    // Count the writes of an undisturbed promotion first.
    const probe = await fresh()
    await expectRerunCompletes(probe)
    const plan = probe.requests.filter(isWrite).map(describeWrite)
    await probe.close()
    // The alias moves, rollback target first, then the receipt tags (src/promotion/receipt.ts),
    // verdict last.
    const ALIAS = 'POST /api/2.0/mlflow/registered-models/alias'
    const TAG = 'POST /api/2.0/mlflow/model-versions/set-tag'
    expect(plan).toEqual([
      `${ALIAS} rollback-target`,
      `${ALIAS} champion`,
      `${TAG} model_gate.previous_version`,
      `${TAG} model_gate.alias`,
      `${TAG} model_gate.promoted_at`,
      `${TAG} model_gate.run_url`,
      `${TAG} model_gate.commit`,
      `${TAG} model_gate.gate.accuracy`,
      `${TAG} model_gate.verdict`
    ])
    const total = plan.length

    const covered: string[] = []
    for (let at = 1; at <= total; at++) {
      for (const landed of at <= 2 ? [false, true] : [true]) {
        const mlflow = await fresh()
        const { run, write } = await killAt(mlflow, at, landed)
        const where = `write ${at} (${plan[at - 1]}), landed=${landed}`
        // The kill happened, at the intended write, and nothing was written after it.
        expect({ where, killed: write && describeWrite(write) }).toEqual({
          where,
          killed: plan[at - 1]
        })
        expect({ where, code: run.code }).toEqual({ where, code: null }) // died by the signal
        expect({ where, outputs: run.outputs }).toEqual({ where, outputs: {} })
        expect({ where, writes: mlflow.requests.filter(isWrite).length }).toEqual({
          where,
          writes: at
        })
        // The write landed, or not, as this iteration intends.
        expect({ where, applied: write !== undefined && applied(mlflow, write) }).toEqual({
          where,
          applied: landed
        })
        expectConsistent(mlflow)
        await expectRerunCompletes(mlflow)
        await mlflow.close()
        covered.push(`${at}:${landed}`)
      }
    }
    // Every write was killed at once after landing, and the two alias moves also before.
    expect(covered).toEqual([
      '1:false',
      '1:true',
      '2:false',
      '2:true',
      ...plan.slice(2).map((_, i) => `${i + 3}:true`)
    ])
  }, 120_000)
})

describe('cancellation (SIGTERM)', () => {
  it('finishes the alias moves in progress, records them, and does not end as a success', async () => {
    const mlflow = await fresh()
    let child: ChildProcess | undefined
    mlflow.onRequest(async (req) => {
      if (
        req.method === 'POST' &&
        req.path.endsWith('/alias') &&
        (req.body as { alias: string }).alias === 'rollback-target'
      ) {
        child?.kill('SIGTERM')
        await new Promise((r) => setTimeout(r, 300))
      }
    })
    const run = await runAction({
      inputs: { model: 'chatbot', version: '3' },
      env: { MLFLOW_TRACKING_URI: mlflow.url, EVAL_URL: evals.url },
      config: CONFIG,
      onSpawn: (c) => (child = c)
    })
    expect(run.stdout).toContain('finishing the registry write in progress')
    expect(mlflow.aliasOf('chatbot', 'champion')).toBe('3')
    expect(mlflow.aliasOf('chatbot', 'rollback-target')).toBe('2')
    expectConsistent(mlflow)
    // The two alias moves that belong together, then their record (the receipt tags, verdict
    // last), and nothing else; a cancelled run does not exit as a success, and says the promotion
    // stands. One assertion, so a failure shows all of it.
    const TAG = 'POST /api/2.0/mlflow/model-versions/set-tag'
    expect({
      writes: mlflow.requests.filter(isWrite).map(describeWrite),
      exitedZero: run.code === 0,
      cancelNoted: run.stdout.includes("cancelled (SIGTERM); 'champion' points at version 3")
    }).toEqual({
      writes: [
        'POST /api/2.0/mlflow/registered-models/alias rollback-target',
        'POST /api/2.0/mlflow/registered-models/alias champion',
        `${TAG} model_gate.previous_version`,
        `${TAG} model_gate.alias`,
        `${TAG} model_gate.promoted_at`,
        `${TAG} model_gate.run_url`,
        `${TAG} model_gate.commit`,
        `${TAG} model_gate.gate.accuracy`,
        `${TAG} model_gate.verdict`
      ],
      exitedZero: false,
      cancelNoted: true
    })
    expect(run.outputs.promoted).toBe('true')
    await mlflow.close()
  })

  it('stops the build and restores the aliases when cancelled during the build', async () => {
    const mlflow = await fresh()
    let child: ChildProcess | undefined
    mlflow.onRequest((req) => {
      // The verdict tag is the last write before the build starts.
      if ((req.body as { key?: string } | undefined)?.key === 'model_gate.verdict')
        setTimeout(() => child?.kill('SIGTERM'), 400)
    })
    const started = Date.now()
    const run = await runAction({
      inputs: { model: 'chatbot', version: '3' },
      env: { MLFLOW_TRACKING_URI: mlflow.url, EVAL_URL: evals.url },
      config: `${CONFIG}\nbuild: {command: 'sleep 30', on_failure: restore}\n`,
      onSpawn: (c) => (child = c)
    })
    expect(Date.now() - started).toBeLessThan(20_000)
    expect(run.code).not.toBe(0)
    expect(run.summary).toContain('the run was cancelled (SIGTERM) during the build')
    expect(mlflow.aliasOf('chatbot', 'champion')).toBe('2')
    expect(mlflow.aliasOf('chatbot', 'rollback-target')).toBe('1')
    await mlflow.close()
  })

  it('stops at once, writing nothing, when cancelled during evaluation', async () => {
    const mlflow = await fresh()
    let child: ChildProcess | undefined
    let signalledAt: number | undefined
    // The eval service holds its answer for 3 s; "at once" means well before that.
    evals.beforeAnswer = (): Promise<void> => {
      signalledAt = Date.now()
      child?.kill('SIGTERM')
      return new Promise((r) => setTimeout(r, 3000))
    }
    let run: ActionRun
    let endedAt: number
    try {
      run = await runAction({
        inputs: { model: 'chatbot', version: '3' },
        env: { MLFLOW_TRACKING_URI: mlflow.url, EVAL_URL: evals.url },
        config: CONFIG,
        onSpawn: (c) => (child = c)
      })
      endedAt = Date.now()
    } finally {
      evals.beforeAnswer = undefined
    }
    expect(signalledAt).toBeDefined()
    expect(endedAt - (signalledAt ?? Infinity)).toBeLessThan(2000)
    expect(run.code).not.toBe(0)
    expect(run.stdout).toContain(
      'cancelled (SIGTERM) before any registry write; nothing was changed'
    )
    expect(mlflow.requests.filter((r) => r.method !== 'GET')).toEqual([])
    await mlflow.close()
  })
})
