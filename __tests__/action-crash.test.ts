/**
 * Promotions that survive being killed. The bundle is killed (SIGKILL, no chance to clean up) at
 * every registry write of a promotion, once just before the write lands and once just after; each
 * time the registry must be in a state a reader can act on, and a re-run must finish the job.
 * SIGTERM, which GitHub sends on cancel, must let the write in progress finish.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import type { ChildProcess } from 'node:child_process'
import { existsSync, readFileSync, watch } from 'node:fs'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { type EvalStandin, startEvalStandin } from '../test-support/eval-standin.js'
import {
  type MlflowStandin,
  type RecordedRequest,
  startMlflowStandin
} from '../test-support/mlflow-standin/index.js'
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

/** Calls `then` once `name` exists in `dir` (an inotify event, not a poll); returns a stop. */
function onFile(dir: string, name: string, then: () => void): () => void {
  const watcher = watch(dir, () => {
    if (!existsSync(path.join(dir, name))) return
    watcher.close()
    then()
  })
  return () => watcher.close()
}

/** Whether `pid` is a live process (a zombie awaiting its reaper is not). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
  } catch {
    return false
  }
  const stat = (() => {
    try {
      return readFileSync(`/proc/${pid}/stat`, 'utf8')
    } catch {
      return ''
    }
  })()
  return !/^\d+ \(.*\) Z/.test(stat)
}

const isWrite = (r: RecordedRequest): boolean => r.method !== 'GET'

/** A promotion's writes, in order: both alias moves, then the receipt tags, the verdict last. */
const ALIAS = 'POST /api/2.0/mlflow/registered-models/alias'
const TAG = 'POST /api/2.0/mlflow/model-versions/set-tag'
const PROMOTION_WRITES = [
  `${ALIAS} rollback-target`,
  `${ALIAS} champion`,
  `${TAG} model_gate.previous_version`,
  `${TAG} model_gate.alias`,
  `${TAG} model_gate.promoted_at`,
  `${TAG} model_gate.run_url`,
  `${TAG} model_gate.commit`,
  `${TAG} model_gate.gate.accuracy`,
  `${TAG} model_gate.verdict`
]

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
    expect(plan).toEqual(PROMOTION_WRITES)
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
    // Fourteen runs of the bundle, one after another: generous, so a loaded machine passes.
  }, 600_000)
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
    expect({
      writes: mlflow.requests.filter(isWrite).map(describeWrite),
      exitedZero: run.code === 0,
      cancelNoted: run.stdout.includes("cancelled (SIGTERM); 'champion' points at version 3")
    }).toEqual({
      writes: PROMOTION_WRITES,
      exitedZero: false,
      cancelNoted: true
    })
    expect(run.outputs.promoted).toBe('true')
    await mlflow.close()
  })

  // A cancel is acted on whenever it comes: before the build exists (it never starts), in the
  // build's first milliseconds (before its command has run a line), while it runs (the whole
  // process group goes, background jobs too), and against a build that ignores SIGTERM (SIGKILL
  // after the grace period). Each time on_failure: restore puts both aliases back.
  describe.each([
    {
      point: 'during the last registry write before the build',
      when: 'before' as const,
      ignoresTerm: false
    },
    {
      point: 'in the first milliseconds of the build',
      when: 'during' as const,
      ignoresTerm: false
    },
    { point: 'while the build runs a background job', when: 'during' as const, ignoresTerm: false },
    { point: 'while a build that ignores SIGTERM runs', when: 'during' as const, ignoresTerm: true }
  ])('cancelled $point', ({ point, when, ignoresTerm }) => {
    it('stops the build (or never starts it) and restores both aliases', async () => {
      const mlflow = await fresh()
      const marks = await mkdtemp(path.join(os.tmpdir(), 'model-gate-build-marks-'))
      const started = path.join(marks, 'started')
      const go = path.join(marks, 'go')
      const hook = path.join(marks, 'bash-env.sh')
      let child: ChildProcess | undefined
      let stopWatching = (): void => undefined
      let log = ''
      const env: Record<string, string> = {
        MLFLOW_TRACKING_URI: mlflow.url,
        EVAL_URL: evals.url,
        BUILD_STARTED: started
      }
      if (point.startsWith('during the last registry write')) {
        // The verdict tag is the last write before the build starts.
        mlflow.onRequest((req) => {
          if ((req.body as { key?: string } | undefined)?.key === 'model_gate.verdict')
            child?.kill('SIGTERM')
        })
      } else if (point.startsWith('in the first milliseconds')) {
        // bash runs $BASH_ENV before the command's first line: the build itself cancels the run,
        // then holds until the action has taken the signal in (its warning is in the log).
        await writeFile(hook, `kill -TERM $PPID\nwhile [ ! -e "${go}" ]; do sleep 0.01; done\n`)
        env.BASH_ENV = hook
      } else {
        // Signal once the build has started its background job and said so. The pid is written
        // beside the file and renamed into place: a watcher woken by the redirect creating an
        // empty file would otherwise cancel the build before the pid is in it.
        stopWatching = onFile(marks, 'started', () => child?.kill('SIGTERM'))
      }
      const run = await runAction({
        inputs: { model: 'chatbot', version: '3' },
        env,
        config: `${CONFIG}
build:
  on_failure: restore
  command: |
    ${ignoresTerm ? "trap '' TERM" : ''}
    sleep 120 & echo $! > "$BUILD_STARTED.tmp"
    mv "$BUILD_STARTED.tmp" "$BUILD_STARTED"
    wait; wait
`,
        // A cancel that is lost leaves the build sleeping: end the run long before the build would.
        timeoutMs: 45_000,
        onSpawn: (c) => {
          child = c
          c.stdout?.on('data', (d: Buffer) => {
            log += d.toString()
            if (log.includes('model-gate received SIGTERM')) void writeFile(go, '')
          })
        }
      })
      stopWatching()
      const sleeper = Number((await readFile(started, 'utf8').catch(() => '')).trim())
      expect({
        endedBySelf: run.code !== null,
        exitedZero: run.code === 0,
        cancelled: run.summary.includes(`the run was cancelled (SIGTERM) ${when} the build`),
        restored: run.summary.includes("'champion' was restored to version 2"),
        buildStarted: sleeper > 0,
        // Nothing the build started outlives the run.
        buildLeftRunning: sleeper > 0 && isAlive(sleeper),
        killedAfterGrace: run.stdout.includes('did not stop within 5 s of SIGTERM; killing it')
      }).toEqual({
        endedBySelf: true,
        exitedZero: false,
        cancelled: true,
        restored: true,
        buildStarted: when === 'during' && !point.startsWith('in the first milliseconds'),
        buildLeftRunning: false,
        killedAfterGrace: ignoresTerm
      })
      expect(mlflow.aliasOf('chatbot', 'champion')).toBe('2')
      expect(mlflow.aliasOf('chatbot', 'rollback-target')).toBe('1')
      expect(mlflow.tagsOf('chatbot', '3')['model_gate.verdict']).toBe('restored')
      if (sleeper > 0 && isAlive(sleeper)) process.kill(sleeper, 'SIGKILL')
      await rm(marks, { recursive: true, force: true })
    }, 60_000)
  })

  it('stops at once, writing nothing, when cancelled during evaluation', async () => {
    const mlflow = await fresh()
    let child: ChildProcess | undefined
    // The eval service holds its answer until the run has ended: "at once" means the run ends
    // without it. A run that waited for the answer would never end (runAction kills it at 60 s).
    let answerHeld = false
    let release = (): void => undefined
    evals.beforeAnswer = (): Promise<void> => {
      answerHeld = true
      child?.kill('SIGTERM')
      return new Promise((r) => (release = r))
    }
    let run: ActionRun
    let endedWithAnswerHeld: boolean
    try {
      run = await runAction({
        inputs: { model: 'chatbot', version: '3' },
        env: { MLFLOW_TRACKING_URI: mlflow.url, EVAL_URL: evals.url },
        config: CONFIG,
        onSpawn: (c) => (child = c)
      })
      endedWithAnswerHeld = answerHeld
    } finally {
      evals.beforeAnswer = undefined
      release()
    }
    expect(endedWithAnswerHeld).toBe(true)
    expect(run.code).not.toBe(0)
    expect(run.stdout).toContain(
      'cancelled (SIGTERM) before any registry write; nothing was changed'
    )
    expect(mlflow.requests.filter((r) => r.method !== 'GET')).toEqual([])
    await mlflow.close()
  })
})
