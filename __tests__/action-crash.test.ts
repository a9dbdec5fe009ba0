/**
 * Promotions that survive being killed. The bundle is killed (SIGKILL, no chance to clean up) at
 * every registry write of a promotion, once just before the write lands and once just after; each
 * time the registry must be in a state a reader can act on, and a re-run must finish the job.
 * SIGTERM, which GitHub sends on cancel, must let the write in progress finish.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { ChildProcess } from 'node:child_process'
import { type EvalStandin, startEvalStandin } from '../test-support/eval-standin.js'
import { type MlflowStandin, startMlflowStandin } from '../test-support/mlflow-standin.js'
import { runAction } from '../test-support/run-action.js'

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

async function fresh(): Promise<MlflowStandin> {
  const mlflow = await startMlflowStandin()
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

/** Runs a promotion and kills it at write number `at`; returns how many writes a full run makes. */
async function killAt(mlflow: MlflowStandin, at: number, landed: boolean): Promise<string> {
  let child: ChildProcess | undefined
  let writes = 0
  let killedAt = ''
  mlflow.onRequest(async (req) => {
    if (req.method === 'GET') return
    writes++
    if (writes !== at) return
    killedAt = `${req.method} ${req.path} ${JSON.stringify(req.body)}`
    child?.kill('SIGKILL')
    await new Promise((r) => setTimeout(r, 20))
    // landed: the server applies the write the client never hears about; otherwise it is lost.
    return landed ? undefined : { status: 503, body: 'gone' }
  })
  await runAction({
    inputs: { model: 'chatbot', version: '3' },
    env: { MLFLOW_TRACKING_URI: mlflow.url, EVAL_URL: evals.url },
    config: CONFIG,
    onSpawn: (c) => (child = c)
  })
  return killedAt
}

describe('a promotion killed at every write', () => {
  it('leaves a consistent registry and a re-run completes it', async () => {
    // Count the writes of an undisturbed promotion first.
    const probe = await fresh()
    await expectRerunCompletes(probe)
    const total = probe.requests.filter((r) => r.method !== 'GET').length
    await probe.close()
    expect(total).toBeGreaterThanOrEqual(3)

    const seen: string[] = []
    for (let at = 1; at <= total; at++) {
      for (const landed of at <= 2 ? [false, true] : [true]) {
        const mlflow = await fresh()
        seen.push(await killAt(mlflow, at, landed))
        expectConsistent(mlflow)
        await expectRerunCompletes(mlflow)
        await mlflow.close()
      }
    }
    // The first two writes are the alias moves, rollback target first.
    expect(seen[0]).toContain('"alias":"rollback-target"')
    expect(seen[2]).toContain('"alias":"champion"')
  }, 120_000)
})

describe('cancellation (SIGTERM)', () => {
  it('finishes the alias moves in progress, then stops', async () => {
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
    evals.beforeAnswer = (): Promise<void> => {
      child?.kill('SIGTERM')
      return new Promise((r) => setTimeout(r, 3000))
    }
    const run = await runAction({
      inputs: { model: 'chatbot', version: '3' },
      env: { MLFLOW_TRACKING_URI: mlflow.url, EVAL_URL: evals.url },
      config: CONFIG,
      onSpawn: (c) => (child = c)
    })
    evals.beforeAnswer = undefined
    expect(run.code).not.toBe(0)
    expect(run.stdout).toContain(
      'cancelled (SIGTERM) before any registry write; nothing was changed'
    )
    expect(mlflow.requests.filter((r) => r.method !== 'GET')).toEqual([])
    await mlflow.close()
  })
})
