/**
 * The CLI (dist/cli.js) outside GitHub: the same scenarios through the action and the CLI give the
 * same verdicts, outputs and registry state; exit codes, --json, --help, and interruption behave
 * as SPEC §12 says. Both bundles must be built first (`npm run package`).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { ChildProcess } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { type ExampleStandins, startExampleStandins } from '../example/standins.js'
import { type GithubStandin, startGithubStandin } from '../test-support/github-standin.js'
import type { MlflowStandin } from '../test-support/mlflow-standin/index.js'
import { type ActionRun, ROOT, runAction } from '../test-support/run-action.js'
import { type CliRun, runCli } from '../test-support/run-cli.js'

const MODEL_GATE_VERSIONS = ['1', '2', '3']

type World = ExampleStandins

const worlds: World[] = []
async function world(): Promise<World> {
  const w = await startExampleStandins()
  worlds.push(w)
  return w
}

let config: string
beforeAll(async () => {
  config = await readFile(path.join(ROOT, 'example', 'model-gate.yml'), 'utf8')
})
afterAll(async () => {
  for (const w of worlds) await w.close()
})

/** Tags that name the run (its link, commit, time) differ between two runs by design. */
const RUN_SPECIFIC = /^model_gate\.(run_url|commit|promoted_at|rolled_back_at|restored_at)$/
/** Each stand-in makes up its own run ids and listens on its own port: compared as present. */
const WORLD_SPECIFIC = /^model_gate\.lineage\.source_run_(id|url)$/

/** The registry as a reader sees it: both aliases and every version's tags. */
function registryState(mlflow: MlflowStandin): unknown {
  return {
    champion: mlflow.aliasOf('chatbot', 'champion'),
    rollbackTarget: mlflow.aliasOf('chatbot', 'rollback-target'),
    tags: MODEL_GATE_VERSIONS.map((v) =>
      Object.fromEntries(
        Object.entries(mlflow.tagsOf('chatbot', v))
          .filter(([k]) => !RUN_SPECIFIC.test(k))
          .map(([k, value]) => [k, WORLD_SPECIFIC.test(k) ? 'set' : value])
      )
    )
  }
}

/** What a run decided, as the action's outputs name it; the CLI's from its receipt. */
function decided(receipt: Record<string, unknown> | undefined, registryUrl: string): unknown {
  if (!receipt) return undefined
  // The registry's address is the one thing that differs between the two worlds.
  const r = JSON.parse(JSON.stringify(receipt).split(registryUrl).join('<registry>')) as {
    verdict: string
    promoted: boolean
    version: string
    modelUri?: string
    replaced?: string
    championBefore?: string
    championAfter?: string
    succeeded: boolean
    error?: string
    actions: string[]
    gates: Array<Record<string, unknown>>
  }
  return {
    verdict: r.verdict,
    promoted: r.promoted,
    version: r.version,
    modelUri: r.modelUri,
    previousVersion: r.replaced ?? r.championBefore ?? '',
    championAfter: r.championAfter,
    succeeded: r.succeeded,
    error: r.error,
    actions: r.actions,
    gates: r.gates.map((g) => ({
      name: g.name,
      verdict: g.verdict,
      value: g.value,
      threshold: g.threshold,
      ci: g.ci,
      n: g.n,
      message: g.message
    }))
  }
}

interface Step {
  mode: 'promote' | 'evaluate' | 'rollback'
  version: string
}

/** One step through each front end; the action's outputs must agree with its own receipt. */
async function both(
  step: Step,
  action: World,
  cli: World
): Promise<{ action: ActionRun; cli: CliRun }> {
  const a = await runAction({
    inputs: { model: 'chatbot', version: step.version, mode: step.mode, 'github-token': '' },
    env: action.env,
    config
  })
  const c = await runCli({
    args: ['--model', 'chatbot', '--version', step.version, '--mode', step.mode],
    env: cli.env,
    config
  })
  return { action: a, cli: c }
}

describe('the CLI and the action on the same scenarios', () => {
  const scenarios: Array<{ name: string; steps: Step[]; cliCodes: number[] }> = [
    {
      name: 'the example: version 2 promoted, then version 3 refused for its regression',
      steps: [
        { mode: 'promote', version: '2' },
        { mode: 'promote', version: '3' }
      ],
      cliCodes: [0, 1]
    },
    {
      name: 'evaluate: a refused version, nothing written; then a passing one via @alias',
      steps: [
        { mode: 'evaluate', version: '3' },
        { mode: 'evaluate', version: '@champion' }
      ],
      cliCodes: [1, 0]
    },
    {
      name: 'a version that does not exist is an error, the registry untouched',
      steps: [{ mode: 'promote', version: '9' }],
      cliCodes: [2]
    },
    {
      name: 'promote, then roll back to the previous champion',
      steps: [
        { mode: 'promote', version: '2' },
        { mode: 'rollback', version: '' }
      ],
      cliCodes: [0, 0]
    }
  ]

  for (const scenario of scenarios) {
    it(`${scenario.name}`, async () => {
      const actionWorld = await world()
      const cliWorld = await world()
      for (const [i, step] of scenario.steps.entries()) {
        const { action, cli } = await both(step, actionWorld, cliWorld)
        // The action's outputs say the same as its receipt, so comparing receipts compares outputs.
        expect(action.receipt).toBeDefined()
        expect({
          verdict: action.outputs.verdict,
          promoted: action.outputs.promoted,
          version: action.outputs.version,
          previousVersion: action.outputs['previous-version'],
          modelUri: action.outputs['model-uri']
        }).toEqual({
          verdict: action.receipt?.verdict,
          promoted: String(action.receipt?.promoted),
          version: action.receipt?.version,
          previousVersion: (
            decided(action.receipt, actionWorld.mlflow.url) as { previousVersion: string }
          ).previousVersion,
          modelUri: action.receipt?.modelUri ?? ''
        })
        expect(decided(cli.receipt, cliWorld.mlflow.url)).toEqual(
          decided(action.receipt, actionWorld.mlflow.url)
        )
        expect(registryState(cliWorld.mlflow)).toEqual(registryState(actionWorld.mlflow))
        // The step fails exactly when the CLI exits non-zero; the CLI tells a refusal from an error.
        expect({ action: action.code === 0, cli: cli.code }).toEqual({
          action: scenario.cliCodes[i] === 0,
          cli: scenario.cliCodes[i]
        })
      }
    }, 180_000)
  }
})

describe('the CLI on its own', () => {
  it('prints the gate table on stdout, logs on stderr, no workflow command and no secret', async () => {
    const w = await world()
    const run = await runCli({
      args: ['--model', 'chatbot', '--version', '3'],
      env: w.env,
      config
    })
    expect(run.code).toBe(1)
    const table = run.stdout.split('\n')
    expect(table.find((l) => l.startsWith('gate '))).toMatch(
      /^gate\s+measure\s+value\s+threshold\s+CI\s+n\s+verdict$/
    )
    // Against champion 1, version 3's drop cannot be told apart from max_drop: the verdict says
    // so, and on_inconclusive: fail fails the step (exit 1).
    expect(table.find((l) => l.startsWith('no-regression'))).toMatch(/\binconclusive$/)
    expect(table.find((l) => l.startsWith('accuracy'))).toMatch(/≥ 0\.88 .* 2000\s+pass$/)
    // Default mode is evaluate: nothing written, and the receipt path is named.
    expect(run.stdout).toContain('evaluate mode: the registry was not changed.')
    expect(run.stdout).toContain(`receipt: ${run.dir}/receipt.json`)
    expect(w.mlflow.requests.filter((r) => r.method !== 'GET')).toEqual([])
    expect(run.stderr).toContain('gate no-regression: inconclusive')
    // Not a terminal: no colour. Not GitHub: no `::command::` lines anywhere.
    expect(run.stdout + run.stderr).not.toContain('\x1b[')
    expect(run.stdout + run.stderr).not.toMatch(/^::/m)
    expect(run.stdout + run.stderr).not.toContain('example-eval-token')
  }, 60_000)

  it('--json: the receipt on stdout and nothing else', async () => {
    const w = await world()
    const run = await runCli({
      args: ['--model', 'chatbot', '--version', '2', '--mode', 'promote', '--json'],
      env: w.env,
      config: `${config}\nbuild: {command: 'echo building $MODEL_VERSION; echo image=llm:$MODEL_VERSION >> $MODEL_GATE_OUTPUT'}\n`
    })
    expect(run.code).toBe(0)
    const printed = JSON.parse(run.stdout) as Record<string, unknown>
    expect(printed).toEqual(run.receipt)
    expect(printed).toMatchObject({
      verdict: 'pass',
      promoted: true,
      version: '2',
      build: { ok: true, outputs: { image: 'llm:2' } }
    })
    // The build's own output went to stderr with the logs.
    expect(run.stderr).toContain('building 2')
    expect(run.stderr).toContain("moved 'champion' from version 1 to version 2")
    expect(w.mlflow.aliasOf('chatbot', 'champion')).toBe('2')
  }, 60_000)

  it('exits 2 on an error: a misspelt flag, a missing config, an unreachable registry', async () => {
    const typo = await runCli({
      args: ['--model', 'chatbot', '--version', '2', '--registry-url', 'http://x']
    })
    expect(typo.code).toBe(2)
    expect(typo.stderr).toContain('did you mean --registry-uri?')
    expect(typo.stdout).toBe('')

    const w = await world()
    const noConfig = await runCli({
      args: ['--model', 'chatbot', '--version', '2', '--json'],
      env: w.env
    })
    expect(noConfig.code).toBe(2)
    const receipt = JSON.parse(noConfig.stdout) as { verdict: string; error: string }
    expect(receipt.verdict).toBe('error')
    expect(receipt.error).toContain('model-gate.yml')

    const down = await runCli({
      args: ['--model', 'chatbot', '--version', '2', '--registry-uri', 'http://127.0.0.1:9'],
      env: { EVAL_URL: w.evals.url, EVAL_TOKEN: 'x' },
      config
    })
    expect(down.code).toBe(2)
    expect(down.receipt?.verdict).toBe('error')
  }, 60_000)

  it('--help lists every flag with its default', async () => {
    const run = await runCli({ args: ['--help'] })
    expect(run.code).toBe(0)
    for (const flag of [
      'config',
      'model',
      'version',
      'mode',
      'registry',
      'registry-uri',
      'alias',
      'allowed-hosts',
      'receipt',
      'json',
      'no-color'
    ]) {
      const at = run.stdout.search(new RegExp(`^ +(-h, )?--${flag}\\b`, 'm'))
      expect([flag, at >= 0]).toEqual([flag, true])
      // The flag's default is on the line after its description.
      expect([flag, run.stdout.slice(at).split('\n')[1]]).toEqual([
        flag,
        expect.stringMatching(/^\s+default: \S/)
      ])
    }
  }, 30_000)

  it('never calls GitHub, even with a token and a GitHub API in the environment', async () => {
    const gh: GithubStandin = await startGithubStandin()
    const w = await world()
    try {
      const run = await runCli({
        args: ['--model', 'chatbot', '--version', '2', '--mode', 'promote'],
        env: {
          ...w.env,
          GITHUB_TOKEN: 'ghs_not-used',
          GITHUB_API_URL: gh.url,
          GITHUB_REPOSITORY: 'acme/models'
        },
        config
      })
      expect(run.code).toBe(0)
      expect(gh.requests).toEqual([])
    } finally {
      await gh.close()
    }
  }, 60_000)
})

describe('the CLI interrupted', () => {
  it('SIGINT during the gates: exits 130 at once and writes nothing', async () => {
    const w = await world()
    let child: ChildProcess | undefined
    let release: () => void = () => undefined
    w.evals.beforeAnswer = () => {
      child?.kill('SIGINT')
      // Never answers on its own: only the CLI stopping ends the test.
      return new Promise((r) => (release = r))
    }
    const run = await runCli({
      args: ['--model', 'chatbot', '--version', '2', '--mode', 'promote'],
      env: w.env,
      config,
      onSpawn: (c) => (child = c)
    })
    w.evals.beforeAnswer = undefined
    release()
    expect(run.code).toBe(130)
    expect(run.stderr).toContain(
      'cancelled (SIGINT) before any registry write; nothing was changed'
    )
    expect(w.mlflow.requests.filter((r) => r.method !== 'GET')).toEqual([])
  }, 60_000)

  it('SIGTERM during the alias moves: finishes them, records the receipt, exits 130', async () => {
    const w = await world()
    let child: ChildProcess | undefined
    let resume: () => void = () => undefined
    const writeInProgress = new Promise<void>((r) => (resume = r))
    w.mlflow.onRequest(async (req) => {
      if (
        req.method === 'POST' &&
        req.path.endsWith('/alias') &&
        (req.body as { alias: string }).alias === 'rollback-target'
      ) {
        child?.kill('SIGTERM')
        // Hold the write until the CLI has said it received the signal.
        await writeInProgress
      }
    })
    const run = await runCli({
      args: ['--model', 'chatbot', '--version', '2', '--mode', 'promote'],
      env: w.env,
      config,
      onSpawn: (c) => {
        child = c
        c.stderr?.on('data', (d: Buffer) => {
          if (d.toString().includes('finishing the registry write in progress')) resume()
        })
      }
    })
    expect(run.code).toBe(130)
    expect(w.mlflow.aliasOf('chatbot', 'champion')).toBe('2')
    expect(w.mlflow.aliasOf('chatbot', 'rollback-target')).toBe('1')
    expect(w.mlflow.tagsOf('chatbot', '2')['model_gate.verdict']).toBe('pass')
    expect(run.receipt).toMatchObject({ promoted: true, succeeded: false })
    expect(run.stdout).toContain("cancelled (SIGTERM); 'champion' points at version 2")
  }, 60_000)
})
