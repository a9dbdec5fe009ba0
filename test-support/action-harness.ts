/**
 * The setup most bundle tests share: a registry stand-in (MLflow or W&B) seeded with models, an
 * eval stand-in answering fixed scores, optionally a GitHub stand-in, and `run(inputs)` running
 * dist/index.js against them with the registry's environment. `useActionHarness` registers the
 * Jest hooks that start, reset and close them, so a test file states only what differs.
 */
import { afterAll, afterEach, beforeAll, beforeEach } from '@jest/globals'
import { type EvalBehaviour, type EvalStandin, startEvalStandin } from './eval-standin.js'
import { type GithubStandin, startGithubStandin } from './github-standin.js'
import {
  type MlflowStandin,
  type MlflowStandinOptions,
  type SeedVersion as MlflowSeedVersion,
  startMlflowStandin
} from './mlflow-standin/index.js'
import { type ActionOptions, type ActionRun, runAction } from './run-action.js'
import {
  type SeedVersion as WandbSeedVersion,
  type StandinOptions as WandbStandinOptions,
  startWandbStandin,
  type WandbStandin
} from './wandb-standin.js'

/** MLflow: registered models by name, each with its versions (in order) and aliases. */
export type MlflowSeed = Record<
  string,
  { versions: MlflowSeedVersion[]; aliases?: Record<string, string> }
>
/** W&B: collections by 'entity/project/collection', each with its versions (v0, v1, ...). */
export type WandbSeed = Record<string, WandbSeedVersion[]>

interface CommonOptions {
  /** Gate config YAML for every run; a run may pass another. */
  config?: string
  /**
   * Eval stand-in scores by `<dataset>:<version>` (or `*:<version>`), set again before every test
   * so a test may change them. Without scores no eval stand-in is started (no EVAL_URL).
   */
  scores?: Record<string, EvalBehaviour>
  /** More environment for every run (tokens the config expands, say). */
  env?: Record<string, string>
  /** Start a GitHub API stand-in accepting this token; its URL goes in GITHUB_API_URL. */
  github?: { token: string }
  /**
   * 'test' (default): a fresh, freshly seeded registry for every test. 'file': one for the whole
   * describe block (or file), for tests that build on each other or only read.
   */
  registryPer?: 'test' | 'file'
}

export type HarnessOptions =
  | (CommonOptions & { registry: 'mlflow'; seed?: MlflowSeed; mlflow?: MlflowStandinOptions })
  | (CommonOptions & { registry: 'wandb'; seed?: WandbSeed; wandb?: WandbStandinOptions })

/** What `run` takes besides the inputs: the rest of runAction's options; `env` adds to the default. */
export type RunOptions = Omit<ActionOptions, 'inputs'>

export interface ActionHarness {
  /** The MLflow stand-in of the current test (registry: 'mlflow'). */
  readonly mlflow: MlflowStandin
  /** The W&B stand-in of the current test (registry: 'wandb'). */
  readonly wandb: WandbStandin
  /** The eval stand-in (requests cleared and `beforeAnswer` unset before every test). */
  readonly evals: EvalStandin
  readonly github: GithubStandin
  /** The environment every run gets: registry URL and credentials, EVAL_URL, `env`. */
  env(): Record<string, string>
  /** Runs dist/index.js with `inputs`, the harness config and env (each overridable). */
  run(inputs: Record<string, string>, more?: RunOptions): Promise<ActionRun>
  /** Registry writes so far: MLflow's non-GET requests as `METHOD path`, W&B's mutations' names. */
  writes(): string[]
}

/** The W&B API key the stand-in accepts unless `wandb.apiKey` says otherwise. */
export const HARNESS_WANDB_KEY = 'wandb-key-harness-0001'

export function useActionHarness(opts: HarnessOptions): ActionHarness {
  let mlflow: MlflowStandin | undefined
  let wandb: WandbStandin | undefined
  let evals: EvalStandin | undefined
  let github: GithubStandin | undefined
  const wandbKey = (opts.registry === 'wandb' && opts.wandb?.apiKey) || HARNESS_WANDB_KEY

  async function startRegistry(): Promise<void> {
    if (opts.registry === 'mlflow') {
      mlflow = await startMlflowStandin(opts.mlflow)
      for (const [name, m] of Object.entries(opts.seed ?? {}))
        mlflow.seedModel(name, m.versions, m.aliases)
    } else {
      wandb = await startWandbStandin({ ...opts.wandb, apiKey: wandbKey })
      for (const [path, versions] of Object.entries(opts.seed ?? {})) {
        const [entity, project, collection] = path.split('/')
        wandb.seedCollection(entity, project, collection, versions)
      }
    }
  }
  async function closeRegistry(): Promise<void> {
    await Promise.all([mlflow?.close(), wandb?.close()])
    mlflow = wandb = undefined
  }

  beforeAll(async () => {
    if (opts.scores) evals = await startEvalStandin()
    if (opts.github) github = await startGithubStandin({ token: opts.github.token })
    if (opts.registryPer === 'file') await startRegistry()
  })
  afterAll(async () => {
    await Promise.all([evals?.close(), github?.close(), closeRegistry()])
  })
  beforeEach(async () => {
    if (evals) {
      evals.beforeAnswer = undefined
      evals.requests.length = 0
      for (const [key, behaviour] of Object.entries(opts.scores ?? {})) evals.set(key, behaviour)
    }
    if (opts.registryPer !== 'file') await startRegistry()
  })
  afterEach(async () => {
    if (opts.registryPer !== 'file') await closeRegistry()
  })

  const started = <T>(what: string, standin: T | undefined): T => {
    if (standin === undefined) throw new Error(`the harness has no ${what} stand-in running`)
    return standin
  }
  const harness: ActionHarness = {
    get mlflow() {
      return started('MLflow', mlflow)
    },
    get wandb() {
      return started('W&B', wandb)
    },
    get evals() {
      return started('eval', evals)
    },
    get github() {
      return started('GitHub', github)
    },
    env() {
      const env: Record<string, string> =
        opts.registry === 'mlflow'
          ? { MLFLOW_TRACKING_URI: harness.mlflow.url }
          : { WANDB_BASE_URL: harness.wandb.url, WANDB_API_KEY: wandbKey }
      if (evals) env.EVAL_URL = evals.url
      if (github) env.GITHUB_API_URL = github.url
      return { ...env, ...opts.env }
    },
    run(inputs, more = {}) {
      return runAction({
        config: opts.config,
        ...more,
        inputs,
        env: { ...harness.env(), ...more.env }
      })
    },
    writes() {
      if (mlflow)
        return mlflow.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`)
      return harness.wandb.requests
        .filter((r) => r.query.trimStart().startsWith('mutation'))
        .map((r) => r.operationName ?? '(anonymous mutation)')
    }
  }
  return harness
}
