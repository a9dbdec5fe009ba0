import * as core from '../workflow.js'
import path from 'node:path'
import os from 'node:os'
import { GateError } from '../errors.js'
import { hostMatches, restrictHosts } from '../http/client.js'
import { nearest } from '../nearest.js'
import { redact, registerBasicAuth, registerSecret } from '../secrets.js'
import type { Config, GateConfig } from './config.js'
import { durationMs, formatPath, loadConfig, placeInConfig } from './config.js'
import { describePayloadKeys, eventTarget, readEvent, type GithubEvent } from './event.js'
import { expandEnv, hasEnvRef } from './expand.js'
import { SOURCE_URL_FIELDS } from './sources.js'

/**
 * One typed settings object from the three places a run is described: action inputs, the
 * triggering event, and the config file. Everything after this point reads only Settings.
 */

export type Mode = 'promote' | 'evaluate' | 'rollback'

export interface RunInfo {
  repository?: string
  commit?: string
  runUrl?: string
  eventName: string
  apiUrl: string
  serverUrl: string
  /** PR number when the event is a pull request. */
  pullRequest?: number
  /** Head commit of a PR, else GITHUB_SHA. */
  headSha?: string
  /** True on a fork PR, where secrets and write tokens are absent. */
  fromFork: boolean
}

export interface Settings {
  mode: Mode
  model: string
  /** The candidate: a version label, or `@alias`; empty in rollback mode without an explicit version. */
  version: string
  registry: { type: 'mlflow' | 'wandb'; uri: string }
  alias: string
  previousAlias?: string
  requireNewer: boolean
  gates: GateConfig[]
  config: Config
  configPath: string
  githubToken?: string
  allowedHosts?: string[]
  receiptPath: string
  run: RunInfo
  event: GithubEvent
  /** Where relative paths (the config, workspace files) resolve and the build command runs. */
  workspace: string
  /** Scratch space for the build's files; default: beside the receipt. */
  tempDir?: string
  /** Milliseconds. */
  http: {
    retries?: number
    connectTimeoutMs?: number
    responseTimeoutMs?: number
    maxResponseBytes?: number
  }
  env: NodeJS.ProcessEnv
}

export interface RawInputs {
  model: string
  version: string
  registry: string
  registryUri: string
  config: string
  mode: string
  alias: string
  githubToken: string
  allowedHosts: string
  receiptPath: string
}

export function readInputs(): RawInputs {
  const get = (name: string): string => core.getInput(name).trim()
  return {
    model: get('model'),
    version: get('version'),
    registry: get('registry'),
    registryUri: get('registry-uri'),
    config: get('config') || '.github/model-gate.yml',
    mode: get('mode'),
    alias: get('alias'),
    githubToken: get('github-token'),
    allowedHosts: get('allowed-hosts'),
    receiptPath: get('receipt-path')
  }
}

const MODES: Mode[] = ['promote', 'evaluate', 'rollback']

/** Where the run happens: what the action learns from the runner, the CLI from its shell. */
export interface RunPlace {
  /** The triggering event (the CLI has none: `{name: '', payload: {}}`). */
  event: GithubEvent
  run: RunInfo
  workspace: string
  tempDir?: string
}

/** The action's place: the event file, GITHUB_* and RUNNER_TEMP. */
export function actionPlace(env: NodeJS.ProcessEnv, event: GithubEvent): RunPlace {
  return {
    event,
    run: readRunInfo(env, event),
    workspace: env.GITHUB_WORKSPACE ?? process.cwd(),
    tempDir: env.RUNNER_TEMP
  }
}

export async function buildSettings(
  inputs: RawInputs,
  env: NodeJS.ProcessEnv,
  /** Default: the action's (the event file, GITHUB_WORKSPACE, RUNNER_TEMP). */
  place: RunPlace = actionPlace(env, readEvent(env))
): Promise<Settings> {
  // Credentials are masked before anything else can print them.
  for (const name of [
    'MLFLOW_TRACKING_PASSWORD',
    'MLFLOW_TRACKING_TOKEN',
    'DATABRICKS_TOKEN',
    'DATABRICKS_CLIENT_SECRET',
    'WANDB_API_KEY'
  ])
    registerSecret(env[name])
  registerSecret(inputs.githubToken)
  registerBasicAuth(env.MLFLOW_TRACKING_USERNAME, env.MLFLOW_TRACKING_PASSWORD)
  registerBasicAuth('api', env.WANDB_API_KEY)

  const { event } = place
  const target = eventTarget(event)
  const configPath = path.resolve(place.workspace, inputs.config)
  // Messages and annotations name the file as the repository does.
  const inWorkspace = path.relative(place.workspace, configPath)
  const config = await loadConfig(
    configPath,
    inWorkspace === '..' || inWorkspace.startsWith(`..${path.sep}`) || path.isAbsolute(inWorkspace)
      ? configPath
      : inWorkspace.split(path.sep).join('/')
  )

  let mode: Mode = 'promote'
  if (inputs.mode) {
    if (!MODES.includes(inputs.mode as Mode)) {
      const hint = nearest(inputs.mode, MODES, 1)
      throw new GateError(
        `input 'mode' is '${inputs.mode}'${hint.length ? ` (did you mean '${hint[0]}'?)` : ''}`,
        `use one of ${MODES.join(', ')}`
      )
    }
    mode = inputs.mode as Mode
  } else if (target.mode) mode = target.mode

  const model = inputs.model || target.model
  const version = inputs.version || target.version || ''
  if (!model || (!version && mode !== 'rollback')) {
    const missing = [!model && 'model', !version && 'version'].filter(Boolean).join(' and ')
    throw new GateError(
      `no ${missing} to gate: the '${inputs.model ? 'version' : 'model'}' input is empty and the ` +
        `${event.name || 'triggering'} event did not name one (${describePayloadKeys(event)})`,
      "set the 'model' and 'version' inputs, or send them in the event payload ({model, version})"
    )
  }

  // Fail closed: a promotion whose every gate is `enforce: false` would move the alias with
  // nothing checked. Reporting-only configs still serve `evaluate` (a PR check).
  if (mode === 'promote' && !config.gates.some((g) => g.enforce))
    throw new GateError(
      'every gate has enforce: false, so a promotion would move the alias with nothing checked',
      'enforce at least one gate, or run this config with mode: evaluate'
    )

  // Errors found from here on about values in the file are annotated on their line.
  const placed = (at: PropertyKey[]) => (err: GateError) =>
    new GateError(err.message, err.fix, {
      cause: err.cause,
      places: placeInConfig(config, at, err.message)
    })
  const registryType = pickRegistry(inputs.registry, config.registry?.type, target.registry)
  // The file's registry.uri, when it is the one used (the input wins over it).
  const uriInConfig = inputs.registryUri ? undefined : config.registry?.uri
  let registryUri: string
  try {
    registryUri = pickRegistryUri(registryType, inputs.registryUri, config.registry?.uri, env)
  } catch (err) {
    throw err instanceof GateError && uriInConfig ? placed(['registry', 'uri'])(err) : err
  }

  const allowedHosts = inputs.allowedHosts
    ? inputs.allowedHosts.split(/[\s,]+/).filter(Boolean)
    : config.allowed_hosts
  const gates = config.gates.map((g, i) => expandGate(g, i, env, placed))
  checkEndpoints(gates, registryUri, allowedHosts, uriInConfig, placed)
  restrictHosts(allowedHosts)

  const receiptPath =
    inputs.receiptPath ||
    path.join(
      place.tempDir ?? os.tmpdir(),
      'model-gate',
      `receipt-${safeFile(model)}-${safeFile(version || 'rollback')}.json`
    )

  const alias = inputs.alias || config.promote.alias || 'champion'
  const previousAlias = config.promote.previous_alias
  // One alias cannot hold both the new champion and the old one: the move would undo itself.
  if (previousAlias !== undefined && previousAlias === alias)
    throw new GateError(
      `promote.previous_alias is '${previousAlias}', the same alias the candidate is promoted to`,
      `name another alias for the outgoing champion (e.g. 'rollback-target'), or remove previous_alias`
    )

  return {
    mode,
    model,
    version,
    registry: { type: registryType, uri: registryUri },
    alias,
    previousAlias,
    requireNewer: config.promote.require_newer,
    gates,
    config,
    configPath: inputs.config,
    githubToken: inputs.githubToken || undefined,
    allowedHosts,
    receiptPath,
    event,
    run: place.run,
    workspace: place.workspace,
    tempDir: place.tempDir,
    http: {
      retries: config.http?.retries,
      connectTimeoutMs: config.http?.connect_timeout
        ? durationMs(config.http.connect_timeout, 10_000)
        : undefined,
      responseTimeoutMs: config.http?.response_timeout
        ? durationMs(config.http.response_timeout, 60_000)
        : undefined,
      maxResponseBytes: config.http?.max_response_mb
        ? config.http.max_response_mb * 1024 * 1024
        : undefined
    },
    env
  }
}

/** Where the run lives on GitHub: needed for reports even when the config cannot be read. */
export function readRunInfo(env: NodeJS.ProcessEnv, event: GithubEvent): RunInfo {
  const serverUrl = env.GITHUB_SERVER_URL ?? 'https://github.com'
  const repository = env.GITHUB_REPOSITORY
  const runUrl =
    repository && env.GITHUB_RUN_ID
      ? `${serverUrl}/${repository}/actions/runs/${env.GITHUB_RUN_ID}`
      : undefined
  const pr = event.payload.pull_request as
    { number?: number; head?: { sha?: string; repo?: { full_name?: string } } } | undefined
  const mergeGroup = event.payload.merge_group as { head_sha?: string } | undefined
  const headRepo = pr?.head?.repo?.full_name
  return {
    repository,
    commit: env.GITHUB_SHA,
    runUrl,
    eventName: event.name,
    apiUrl: env.GITHUB_API_URL ?? 'https://api.github.com',
    serverUrl,
    pullRequest: typeof pr?.number === 'number' ? pr.number : undefined,
    headSha: pr?.head?.sha ?? mergeGroup?.head_sha ?? env.GITHUB_SHA,
    fromFork: Boolean(headRepo && repository && headRepo !== repository)
  }
}

function safeFile(s: string): string {
  return s.replace(/[^A-Za-z0-9_.-]+/g, '_').slice(0, 80)
}

function pickRegistry(
  input: string,
  fromConfig: 'mlflow' | 'wandb' | undefined,
  fromEvent: 'mlflow' | 'wandb' | undefined
): 'mlflow' | 'wandb' {
  if (input) {
    if (input !== 'mlflow' && input !== 'wandb')
      throw new GateError(`input 'registry' is '${input}'`, 'use mlflow or wandb')
    return input
  }
  return fromConfig ?? fromEvent ?? 'mlflow'
}

function pickRegistryUri(
  type: 'mlflow' | 'wandb',
  input: string,
  fromConfig: string | undefined,
  env: NodeJS.ProcessEnv
): string {
  let uri = input || fromConfig
  if (type === 'wandb') uri ||= env.WANDB_BASE_URL || 'https://api.wandb.ai'
  else {
    uri ||= env.MLFLOW_TRACKING_URI
    if (uri === 'databricks' || uri?.startsWith('databricks://')) uri = env.DATABRICKS_HOST
  }
  if (!uri)
    throw new GateError(
      'no MLflow tracking URI',
      "set the 'registry-uri' input, registry.uri in the config, or MLFLOW_TRACKING_URI"
    )
  uri = expandEnv(uri, 'registry.uri', env)
  if (!/^https?:\/\//.test(uri)) {
    throw new GateError(
      `registry URI ${redact(uri)} is not an http(s) URL`,
      'use the tracking server URL, e.g. https://mlflow.example.com (file stores are not supported)'
    )
  }
  return uri.replace(/\/+$/, '')
}

/** The keys of a gate that hold URLs (dotted for nested keys): checked against allowed_hosts. */
function urlFields(g: GateConfig): string[] {
  if (g.type === 'metric') return SOURCE_URL_FIELDS[g.source].urls
  if (g.type === 'latency') return ['target']
  return []
}

/** The keys of a gate that hold header maps (dotted for nested keys). */
function headerFields(g: GateConfig): string[] {
  if (g.type === 'metric') return SOURCE_URL_FIELDS[g.source].headers
  if (g.type === 'latency') return ['headers']
  return []
}

/** A nested value by dotted path; undefined when any step is missing. */
function getPath(obj: unknown, dotted: string): unknown {
  let v = obj
  for (const k of dotted.split('.')) {
    if (!v || typeof v !== 'object') return undefined
    v = (v as Record<string, unknown>)[k]
  }
  return v
}

/** A copy of obj with the value at a dotted path replaced (each object on the way copied). */
function setPath<T>(obj: T, dotted: string, value: unknown): T {
  const [head, ...rest] = dotted.split('.')
  const o = obj as Record<string, unknown>
  return {
    ...o,
    [head]: rest.length ? setPath(o[head], rest.join('.'), value) : value
  } as T
}

/** Turns an error about the config value at a path into one placed on its line of the file. */
type Placer = (at: PropertyKey[]) => (err: GateError) => GateError

/** expandEnv, with an error placed on the value that names the unset variable. */
function expandAt(text: string, at: PropertyKey[], env: NodeJS.ProcessEnv, placed: Placer): string {
  try {
    return expandEnv(text, formatPath(at), env)
  } catch (err) {
    throw err instanceof GateError ? placed(at)(err) : err
  }
}

/** Expand `${NAME}` in endpoint URLs and headers; anywhere else it is a config error. */
function expandGate(g: GateConfig, i: number, env: NodeJS.ProcessEnv, placed: Placer): GateConfig {
  const urlKeys = urlFields(g)
  const headerKeys = headerFields(g)
  let out = g
  for (const urlKey of urlKeys) {
    const url = getPath(g, urlKey)
    if (typeof url !== 'string') continue
    out = setPath(out, urlKey, expandAt(url, ['gates', i, ...urlKey.split('.')], env, placed))
  }
  for (const headerKey of headerKeys) {
    const headers = getPath(g, headerKey) as Record<string, string> | undefined
    if (!headers) continue
    out = setPath(
      out,
      headerKey,
      Object.fromEntries(
        Object.entries(headers).map(([k, v]) => [
          k,
          expandAt(v, ['gates', i, ...headerKey.split('.'), k], env, placed)
        ])
      )
    )
  }
  // Nothing else may carry an environment reference: it would be sent or stored unmasked.
  const where = findEnvRef(g, [], [...urlKeys, ...headerKeys])
  if (where !== undefined)
    throw placed(['gates', i, ...where])(
      new GateError(
        `config: ${formatPath(['gates', i, ...where])} contains a \${NAME} reference`,
        '${NAME} is expanded only in endpoint URLs and headers; move the secret into a header'
      )
    )
  return out
}

/** The path of the first `${NAME}` in v outside the allowed (dotted) paths, or undefined. */
function findEnvRef(
  v: unknown,
  at: Array<string | number>,
  allowed: string[]
): Array<string | number> | undefined {
  if (at.length && allowed.includes(at.join('.'))) return undefined
  if (typeof v === 'string') return hasEnvRef(v) ? at : undefined
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const p = findEnvRef(v[i], [...at, i], allowed)
      if (p) return p
    }
  } else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      const p = findEnvRef(x, [...at, k], allowed)
      if (p) return p
    }
  }
  return undefined
}

/** Only http(s), and only allowed hosts when a list is given: checked before any request. */
function checkEndpoints(
  gates: GateConfig[],
  registryUri: string,
  allowed: string[] | undefined,
  registryUriInConfig: string | undefined,
  placed: Placer
): void {
  // Each URL with its path in the file; the registry URI only when the file gave it (not the
  // input or the environment), so an annotation never points at a line that did not set it.
  const urls: Array<[string, string, PropertyKey[] | undefined]> = [
    ['registry.uri', registryUri, registryUriInConfig ? ['registry', 'uri'] : undefined]
  ]
  gates.forEach((g, i) => {
    for (const k of urlFields(g)) {
      const url = getPath(g, k)
      const at = ['gates', i, ...k.split('.')]
      if (typeof url === 'string') urls.push([formatPath(at), url, at])
    }
  })
  for (const [where, url, at] of urls) {
    const fail = (err: GateError): GateError => (at ? placed(at)(err) : err)
    let parsed: URL
    try {
      parsed = new URL(url)
    } catch {
      throw fail(
        new GateError(`config: ${where} is not a valid URL`, 'use an absolute http(s) URL')
      )
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
      throw fail(
        new GateError(
          `config: ${where} uses ${parsed.protocol.replace(':', '')}://`,
          'only http and https endpoints are allowed'
        )
      )
    if (allowed && !allowed.some((h) => hostMatches(parsed.hostname, h)))
      throw fail(
        new GateError(
          `config: ${where} points at host ${parsed.hostname}, which is not in allowed_hosts`,
          `add ${parsed.hostname} to allowed_hosts (or the 'allowed-hosts' input) if it is meant`
        )
      )
  }
}

// Shared with the HTTP layer, which applies the same list to every request and redirect.
export { hostMatches }
