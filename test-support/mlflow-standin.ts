/**
 * A stand-in MLflow 3.6 tracking + model registry server for tests: plain node:http, in-memory
 * state. It answers the way the real server recorded in test-support/fixtures/mlflow/captures does
 * (status, content type, JSON shape, error messages and their quirks), so a client that passes
 * against it handles the real server too. `__tests__/mlflow-standin-contract.test.ts` replays every
 * capture against it.
 *
 * Beyond the captures it keeps the real server's documented semantics (README of the contract):
 * search filters/order/pagination, alias upsert, basic-auth permissions, webhook deliveries signed
 * like MLflow's. Faults for client tests come from `failNext` and `onRequest`.
 */
import { createHmac, randomBytes, randomUUID } from 'node:crypto'
import http, {
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse
} from 'node:http'
import https from 'node:https'
import type { AddressInfo } from 'node:net'
import { posix } from 'node:path'

// ---------------------------------------------------------------------------------------------
// Public API

export type Permission = 'READ' | 'EDIT' | 'MANAGE' | 'NO_PERMISSIONS'

export interface MlflowStandinOptions {
  /** 'basic' behaves like `mlflow server --app-name basic-auth` (default admin admin/password1234). */
  auth?: 'none' | 'basic'
  /** Extra basic-auth users, username → password (an entry for `admin` changes its password). */
  users?: Record<string, string>
  /** Usernames (from `users`) that are admins; `admin` always is. */
  admins?: string[]
  /** Host headers accepted besides localhost/127.0.0.1/[::1] (any port): `host`, `host:port`, `*`. */
  allowedHosts?: string[]
  /** Schemes a webhook URL may use; the real default is https only (capture 072). */
  webhookAllowedSchemes?: string[]
  /** POST events to ACTIVE webhooks like the real server does (default true). */
  deliverWebhooks?: boolean
  /** Default artifact root; the captures were rewritten to /srv/mlflow/artifacts. */
  artifactRoot?: string
  /** Port on 127.0.0.1; 0 (the default) picks a free one. Fixed only for local runs (.env). */
  port?: number
}

export interface RecordedRequest {
  method: string
  path: string
  /** Query parameters; a repeated key gives an array. */
  query: Record<string, string | string[]>
  headers: IncomingHttpHeaders
  /** Parsed JSON body, the raw text when it is not JSON, undefined when empty. */
  body: unknown
  rawBody: string
  at: number
}

export interface StandinResponse {
  status: number
  /** A string is sent as is; anything else as JSON. */
  body?: unknown
  contentType?: string
  headers?: Record<string, string>
}

export interface FailMatcher {
  method?: string
  /** Substring of the request URL (path and query). */
  pathIncludes?: string
}

export interface FailResponse {
  status: number
  body?: string
  contentType?: string
  /** How many matching requests fail (default 1). */
  times?: number
  headers?: Record<string, string>
}

/** Runs before the request is handled; return a response to answer instead, or await to delay. */
export type RequestHook = (
  req: RecordedRequest,
  standin: MlflowStandin
) => StandinResponse | void | Promise<StandinResponse | void>

export interface SeedVersion {
  source?: string
  run_id?: string
  /** MLflow 3: the logged model the version comes from (seedLoggedModel's id). */
  model_id?: string
  tags?: Record<string, string>
  description?: string
}

export interface SeedRun {
  experimentId?: string
  name?: string
  /** A list is logged as steps 0..n-1. */
  metrics?: Record<string, number | number[]>
  params?: Record<string, string>
  tags?: Record<string, string>
}

/** A metric linked to a logged model, as mlflow.evaluate logs it in MLflow 3 (service.proto Metric). */
export interface SeedModelMetric {
  key: string
  /** A string is sent as is: protobuf JSON writes NaN as "NaN". */
  value: number | string
  dataset_name?: string
  dataset_digest?: string
  run_id?: string
  step?: number
}

export interface SeedLoggedModel {
  experimentId?: string
  name?: string
  sourceRunId?: string
  metrics?: SeedModelMetric[]
}

export interface StandinLoggedModel {
  id: string
  experimentId: string
  name: string
  sourceRunId: string
  creationTime: number
  metrics: Array<SeedModelMetric & { timestamp: number }>
}

export interface StandinExperiment {
  id: string
  name: string
  artifactLocation: string
  lifecycleStage: string
  creationTime: number
  lastUpdateTime: number
  tags: Map<string, string>
}

export interface StandinMetric {
  key: string
  value: number
  timestamp: number
  step: number
}

export interface StandinRun {
  id: string
  experimentId: string
  name: string
  userId: string
  status: string
  startTime: number
  endTime?: number
  artifactUri: string
  lifecycleStage: string
  /** Full history, in logging order. */
  metrics: StandinMetric[]
  params: Map<string, string>
  tags: Map<string, string>
}

export interface StandinModelVersion {
  name: string
  version: number
  creationTimestamp: number
  lastUpdatedTimestamp: number
  currentStage: string
  description: string
  source: string
  runId: string
  runLink: string
  tags: Map<string, string>
  modelId?: string
}

export interface StandinRegisteredModel {
  name: string
  creationTimestamp: number
  lastUpdatedTimestamp: number
  description: string
  tags: Map<string, string>
  /** alias → version number */
  aliases: Map<string, number>
  versions: Map<number, StandinModelVersion>
  /** Version numbers are never reused, even after a delete. */
  nextVersion: number
}

export interface WebhookEvent {
  entity: string
  action: string
}

export interface StandinWebhook {
  id: string
  name: string
  description: string
  url: string
  events: WebhookEvent[]
  status: string
  secret: string
  creationTimestamp: number
  lastUpdatedTimestamp: number
}

export interface StandinUser {
  id: number
  username: string
  password: string
  isAdmin: boolean
  modelPermissions: Map<string, Permission>
  experimentPermissions: Map<string, Permission>
}

export interface StandinState {
  experiments: Map<string, StandinExperiment>
  runs: Map<string, StandinRun>
  models: Map<string, StandinRegisteredModel>
  webhooks: Map<string, StandinWebhook>
  users: Map<string, StandinUser>
  loggedModels: Map<string, StandinLoggedModel>
  /** run id → artifact path → file content. */
  artifacts: Map<string, Map<string, string>>
}

export interface WebhookDeliveryRecord {
  webhookId: string
  url: string
  /** "entity.action" in lower case, as in the payload. */
  event: string
  headers: Record<string, string>
  body: string
  status?: number
  responseBody?: string
  error?: string
}

export interface MlflowStandin {
  /** http://127.0.0.1:PORT */
  readonly url: string
  /** Every request received, in arrival order (also those answered by hooks or faults). */
  readonly requests: RecordedRequest[]
  /** The live in-memory store, for assertions and direct edits. */
  readonly state: StandinState
  readonly webhookDeliveries: WebhookDeliveryRecord[]
  close(): Promise<void>
  failNext(matcher: FailMatcher, response: FailResponse): void
  /** Returns a function that removes the hook. */
  onRequest(hook: RequestHook): () => void
  /** Creates the model if needed, adds versions in order; returns the new version numbers. */
  seedModel(name: string, versions?: SeedVersion[], aliases?: Record<string, string>): string[]
  /** Creates a finished run with metrics/params/tags; returns its run id. */
  seedRun(run?: SeedRun): string
  /** Creates an MLflow 3 logged model with dataset-linked metrics; returns its id (m-<32 hex>). */
  seedLoggedModel(model?: SeedLoggedModel): string
  /** Stores a file among a run's artifacts (what mlflow.log_table / log_artifact upload). */
  putArtifact(runId: string, path: string, content: string): void
  aliasOf(model: string, alias: string): string | undefined
  tagsOf(model: string, version: string): Record<string, string>
  setAlias(model: string, alias: string, version: string): void
  deleteAlias(model: string, alias: string): void
  setVersionTag(model: string, version: string, key: string, value: string): void
  /** Basic-auth mode: give `username` a permission on a registered model. */
  grant(username: string, model: string, permission: Permission): void
  /** Resolves when the webhook deliveries started so far have finished. */
  settled(): Promise<void>
}

export async function startMlflowStandin(opts: MlflowStandinOptions = {}): Promise<MlflowStandin> {
  const standin = new Standin(opts)
  await standin.listen()
  return standin
}

// ---------------------------------------------------------------------------------------------
// Constants copied from the captures / MLflow source

const VERSION_TEXT = '3.6.1.dev0'
const HTML = 'text/html; charset=utf-8'
const JSON_TYPE = 'application/json'
const NOT_FOUND_HTML =
  '<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n<p>The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.</p>\n'
const METHOD_NOT_ALLOWED_HTML =
  '<!doctype html>\n<html lang=en>\n<title>405 Method Not Allowed</title>\n<h1>Method Not Allowed</h1>\n<p>The method is not allowed for the requested URL.</p>\n'
const UNAUTHENTICATED_TEXT =
  'You are not authenticated. Please see https://www.mlflow.org/docs/latest/auth/index.html#authenticating-to-mlflow on how to authenticate.'
const BAD_HOST_TEXT = 'Invalid Host header - possible DNS rebinding attack detected'
const API_DOCS = 'See the API docs for more information about request parameters.'
const BAD_NAME_CHARS =
  'Names may only contain alphanumerics, underscores (_), dashes (-), periods (.), spaces ( ), colon(:) and slashes (/).'
const BAD_ALIAS_CHARS = 'Names may only contain alphanumerics, underscores (_), and dashes (-).'
const PROMPT_TAG = 'mlflow.prompt.is_prompt'
const STAGES = ['None', 'Staging', 'Production', 'Archived']
const TAG_KEY_MAX = 250
const TAG_VALUE_MAX = 100_000
const ALIAS_MAX = 255
const PERMISSIONS: Permission[] = ['READ', 'EDIT', 'MANAGE', 'NO_PERMISSIONS']
const PERMISSION_RANK: Record<Permission, number> = {
  NO_PERMISSIONS: 0,
  READ: 1,
  EDIT: 2,
  MANAGE: 3
}
// Valid actions per webhook entity, in MLflow's enum order (mlflow/entities/webhook.py).
const WEBHOOK_ACTIONS: Record<string, string[]> = {
  registered_model: ['created'],
  model_version: ['created'],
  model_version_tag: ['set', 'deleted'],
  model_version_alias: ['created', 'deleted'],
  prompt: ['created'],
  prompt_version: ['created'],
  prompt_tag: ['set', 'deleted'],
  prompt_version_tag: ['set', 'deleted'],
  prompt_alias: ['created', 'deleted']
}
// What POST webhooks/{id}/test sends (mlflow/webhooks: example payloads).
const WEBHOOK_EXAMPLES: Record<string, Record<string, unknown>> = {
  'registered_model.created': {
    name: 'example_model',
    tags: { example_key: 'example_value' },
    description: 'An example registered model'
  },
  'model_version.created': {
    name: 'example_model',
    version: '1',
    source: 'models:/123',
    run_id: 'abcd1234abcd5678',
    tags: { example_key: 'example_value' },
    description: 'An example model version'
  },
  'model_version_tag.set': {
    name: 'example_model',
    version: '1',
    key: 'example_key',
    value: 'example_value'
  },
  'model_version_tag.deleted': { name: 'example_model', version: '1', key: 'example_key' },
  'model_version_alias.created': { name: 'example_model', alias: 'example_alias', version: '1' },
  'model_version_alias.deleted': { name: 'example_model', alias: 'example_alias' }
}

// ---------------------------------------------------------------------------------------------
// Errors

type ErrorCode =
  | 'INVALID_PARAMETER_VALUE'
  | 'RESOURCE_ALREADY_EXISTS'
  | 'RESOURCE_DOES_NOT_EXIST'
  | 'BAD_REQUEST'
  | 'INTERNAL_ERROR'

const ERROR_STATUS: Record<ErrorCode, number> = {
  INVALID_PARAMETER_VALUE: 400,
  RESOURCE_ALREADY_EXISTS: 400, // 400, not 409 (capture 014)
  BAD_REQUEST: 400,
  RESOURCE_DOES_NOT_EXIST: 404,
  INTERNAL_ERROR: 500
}

class MlflowError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string
  ) {
    super(message)
  }
}

const invalid = (message: string): MlflowError =>
  new MlflowError('INVALID_PARAMETER_VALUE', message)
const notFound = (message: string): MlflowError =>
  new MlflowError('RESOURCE_DOES_NOT_EXIST', message)
const modelNotFound = (name: string): MlflowError =>
  notFound(`Registered Model with name=${name} not found`)
const versionNotFound = (name: string, version: string): MlflowError =>
  notFound(`Model Version (name=${name}, version=${version}) not found`)
const runNotFound = (id: string): MlflowError => notFound(`Run with id=${id} not found`)

// ---------------------------------------------------------------------------------------------
// Python-compatible formatting (messages embed json.dumps / repr output)

function pyString(s: string): string {
  // json.dumps escapes everything outside ASCII (ensure_ascii=True).
  return JSON.stringify(s).replace(
    /[\u0080-\uffff]/g,
    (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0')
  )
}

function pyNumber(n: number): string {
  if (Number.isNaN(n)) return 'NaN'
  if (!Number.isFinite(n)) return n > 0 ? 'Infinity' : '-Infinity'
  return String(n).replace(/e([+-])(\d)$/, 'e$10$2')
}

/** json.dumps with its default separators: `{"a": 1, "b": [1, 2]}`. */
function pyDumps(v: unknown): string {
  if (v === null || v === undefined) return 'null'
  if (typeof v === 'boolean') return v ? 'true' : 'false'
  if (typeof v === 'number') return pyNumber(v)
  if (typeof v === 'string') return pyString(v)
  if (Array.isArray(v)) return '[' + v.map(pyDumps).join(', ') + ']'
  if (typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined)
    return '{' + entries.map(([k, x]) => `${pyString(k)}: ${pyDumps(x)}`).join(', ') + '}'
  }
  return 'null' // nothing else comes out of JSON.parse
}

function pyTypeName(v: unknown): string {
  if (v === null || v === undefined) return 'NoneType'
  if (typeof v === 'string') return 'str'
  if (typeof v === 'boolean') return 'bool'
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float'
  if (Array.isArray(v)) return 'list'
  return 'dict'
}

const pyList = (items: string[]): string => '[' + items.map((s) => `'${s}'`).join(', ') + ']'

/** Python's int() on a str or number. */
function pyIntLike(v: unknown): boolean {
  if (typeof v === 'number') return Number.isFinite(v)
  if (typeof v === 'boolean') return true
  return typeof v === 'string' && /^\s*[+-]?\d+(_\d+)*\s*$/.test(v)
}

function pyFloatLike(v: unknown): boolean {
  if (typeof v === 'number' || typeof v === 'boolean') return true
  if (typeof v !== 'string') return false
  const s = v.trim().toLowerCase()
  return /^[+-]?(nan|inf|infinity)$/.test(s) || (s !== '' && !Number.isNaN(Number(s)))
}

const toInt = (v: unknown): number => parseInt(String(v).replace(/_/g, '').trim(), 10)

function toFloat(v: unknown): number {
  if (typeof v === 'number') return v
  const s = String(v).trim().toLowerCase()
  if (/^[+-]?nan$/.test(s)) return NaN
  if (/^[+-]?inf(inity)?$/.test(s)) return s.startsWith('-') ? -Infinity : Infinity
  return Number(s)
}

/** Python's len() counts code points, not UTF-16 units. */
const pyLen = (s: string): number => [...s].length

/** A JSON value as Python's str() would show it in a string field. */
function asText(v: unknown): string {
  if (typeof v === 'string') return v
  if (typeof v === 'number' || typeof v === 'boolean') return String(v)
  return v === undefined || v === null ? '' : JSON.stringify(v)
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

// ---------------------------------------------------------------------------------------------
// Page tokens (mlflow/utils/search_utils.py): base64 of json.dumps({"offset": N})

function createPageToken(offset: number): string {
  return Buffer.from(`{"offset": ${offset}}`).toString('base64')
}

/** base64.b64decode without validate: drops foreign characters, rejects bad padding. */
function pyB64Decode(token: string): Buffer | undefined {
  const clean = token.replace(/[^A-Za-z0-9+/=]/g, '')
  const firstPad = clean.indexOf('=')
  const data = firstPad < 0 ? clean : clean.slice(0, firstPad)
  const pads = firstPad < 0 ? 0 : clean.length - firstPad
  const rem = data.length % 4
  if (rem === 1) return undefined
  if (rem !== 0 && pads < 4 - rem) return undefined
  return Buffer.from(data, 'base64')
}

/** `allowZero`: get-history takes back the offset-0 token it hands out (012); search rejects it. */
function parsePageToken(token: string | undefined, allowZero = false): number {
  if (!token) return 0
  const decoded = pyB64Decode(token)
  if (!decoded) throw invalid('Invalid page token, could not base64-decode')
  let parsed: unknown
  try {
    parsed = JSON.parse(decoded.toString('utf8'))
  } catch {
    throw invalid(`Invalid page token, decoded value=b'${decoded.toString('latin1')}'`)
  }
  const offset = isPlainObject(parsed) ? parsed.offset : undefined
  // Python's `if not offset_str` also rejects an offset of 0.
  if (!offset && !(allowZero && offset === 0)) {
    throw invalid(`Invalid page token, parsed value=${pyDumps(parsed)}`)
  }
  if (!pyIntLike(offset)) throw invalid(`Invalid page token, not stringable ${pyDumps(offset)}`)
  return toInt(offset)
}

function paginate<T>(
  items: T[],
  maxResults: number,
  pageToken: string | undefined
): { page: T[]; next?: string } {
  const offset = parsePageToken(pageToken)
  const page = items.slice(offset, offset + maxResults)
  return offset + maxResults < items.length
    ? { page, next: createPageToken(offset + maxResults) }
    : { page }
}

// ---------------------------------------------------------------------------------------------
// Request parameters: _get_request_message + _validate_param_against_schema (handlers.py)

type ProtoKind = 'string' | 'int' | 'double' | 'bool' | 'strings' | 'messages'
type Check =
  | 'string'
  | 'required'
  | 'intlike'
  | 'floatlike'
  | 'bool'
  | 'array'
  | 'itemString'
  | { lte: number }
interface Param {
  name: string
  proto: ProtoKind
  checks: Check[]
}

const TYPE_CHECKS = new Set<Check>(['string', 'intlike', 'floatlike', 'bool', 'itemString'])

const str = (name: string): Param => ({ name, proto: 'string', checks: ['string'] })
const reqStr = (name: string): Param => ({ name, proto: 'string', checks: ['string', 'required'] })
const int = (name: string, lte?: number): Param => ({
  name,
  proto: 'int',
  checks: lte === undefined ? ['intlike'] : ['intlike', { lte }]
})
const reqInt = (name: string): Param => ({ name, proto: 'int', checks: ['intlike', 'required'] })
const reqFloat = (name: string): Param => ({
  name,
  proto: 'double',
  checks: ['floatlike', 'required']
})
const bool = (name: string): Param => ({ name, proto: 'bool', checks: ['bool'] })
const strings = (name: string): Param => ({
  name,
  proto: 'strings',
  checks: ['array', 'itemString']
})
const messages = (name: string, required = false): Param => ({
  name,
  proto: 'messages',
  checks: required ? ['array', 'required'] : ['array']
})

/** Would protobuf's ParseDict accept this value for the field? */
function protoAccepts(kind: ProtoKind, v: unknown): boolean {
  switch (kind) {
    case 'string':
      return typeof v === 'string'
    case 'int':
      return (
        (typeof v === 'number' && Number.isInteger(v)) ||
        (typeof v === 'string' && /^[+-]?\d+$/.test(v))
      )
    case 'double':
      return typeof v === 'number' || (typeof v === 'string' && pyFloatLike(v))
    case 'bool':
      return typeof v === 'boolean' || v === 'true' || v === 'false'
    case 'strings':
      return Array.isArray(v) && v.every((x) => typeof x === 'string')
    case 'messages':
      return Array.isArray(v) && v.every(isPlainObject)
  }
}

function passes(check: Check, v: unknown): boolean {
  if (typeof check === 'object') return pyIntLike(v) && toInt(v) <= check.lte
  switch (check) {
    case 'required':
      // Absent proto string fields read as "", so "" counts as missing.
      return v !== undefined && v !== null && v !== ''
    case 'string':
      return typeof v === 'string'
    case 'intlike':
      return pyIntLike(v)
    case 'floatlike':
      return pyFloatLike(v)
    case 'bool':
      return typeof v === 'boolean'
    case 'array':
      return Array.isArray(v)
    case 'itemString':
      return !Array.isArray(v) || v.every((x) => typeof x === 'string')
  }
}

function validateParams(dict: Record<string, unknown>, params: Param[]): void {
  const protoOk = params.every(
    (p) =>
      dict[p.name] === undefined || dict[p.name] === null || protoAccepts(p.proto, dict[p.name])
  )
  for (const p of params) {
    const present = Object.hasOwn(dict, p.name)
    if (!present && !p.checks.includes('required')) continue
    const v = dict[p.name]
    for (const check of p.checks) {
      // Type checks only run when protobuf parsing failed (so `"version": 1` → capture 024).
      if (protoOk && TYPE_CHECKS.has(check)) continue
      if (passes(check, v)) continue
      if (check === 'required') {
        throw invalid(`Missing value for required parameter '${p.name}'. ${API_DOCS}`)
      }
      throw invalid(
        `Invalid value ${pyDumps(v)} for parameter '${p.name}' supplied:  Hint: Value was of type '${pyTypeName(v)}'. ${API_DOCS}`
      )
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Name and value validation (mlflow/utils/validation.py)

function validateLength(entity: string, limit: number, value: string): void {
  if (pyLen(value) > limit) {
    throw invalid(`'${entity}' exceeds the maximum length of ${limit} characters`)
  }
}

function validateTagName(key: string): void {
  if (!/^[/\p{L}\p{N}_.\- :]*$/u.test(key)) {
    throw invalid(`Invalid value ${pyDumps(key)} for parameter 'key' supplied: ${BAD_NAME_CHARS}`)
  }
  const norm = posix.normalize(key)
  if (norm !== key || norm === '.' || norm.startsWith('..') || norm.startsWith('/')) {
    throw invalid(
      `Invalid value ${pyDumps(key)} for parameter 'key' supplied: Names cannot be a path that is not unique after normalization (no '..', './', '//' or leading '/').`
    )
  }
}

function validateRegistryTag(key: string, value: string): void {
  validateTagName(key)
  validateLength('key', TAG_KEY_MAX, key)
  validateLength('value', TAG_VALUE_MAX, value)
}

function validateAliasName(alias: string): void {
  if (alias === '') throw invalid('Registered model alias name cannot be empty.')
  if (!/^[\p{L}\p{N}_-]*$/u.test(alias)) {
    throw invalid(`Invalid alias name: '${alias}'. ${BAD_ALIAS_CHARS}`)
  }
  validateLength('Registered model alias name', ALIAS_MAX, alias)
  if (alias.toLowerCase() === 'latest') {
    throw invalid("'latest' alias name (case insensitive) is reserved.")
  }
  if (/^[vV]\d+$/.test(alias)) throw invalid(`Version alias name '${alias}' is reserved.`)
}

function parseVersion(version: string): number {
  if (!pyIntLike(version)) {
    throw invalid(`Parameter 'version' must be an integer, got '${version}'.`)
  }
  return toInt(version)
}

function canonicalStage(stage: string): string {
  const found = STAGES.find((s) => s.toLowerCase() === stage.toLowerCase())
  if (!found) {
    throw invalid(
      `Invalid Model Version stage: ${stage}. Value must be one of ${STAGES.join(', ')}.`
    )
  }
  return found
}

function tagsFromParam(v: unknown): Array<[string, string]> {
  if (!Array.isArray(v)) return []
  return v.filter(isPlainObject).map((t) => [asText(t.key), asText(t.value)])
}

// ---------------------------------------------------------------------------------------------
// Search filters (a subset of mlflow/utils/search_utils.py, enough for model-gate and the captures)

interface Clause {
  type: 'attribute' | 'tag' | 'metric' | 'param'
  key: string
  comparator: string
  value: string | number | Array<string | number>
}

interface Token {
  t: 'word' | 'str' | 'bq' | 'num' | 'op' | 'lp' | 'rp' | 'comma'
  v: string
}

function tokenize(filter: string): Token[] {
  const bad = (): MlflowError => invalid(`Invalid filter '${filter}'. Could not be parsed.`)
  const out: Token[] = []
  let i = 0
  while (i < filter.length) {
    const c = filter[i]
    const rest = filter.slice(i)
    if (/\s/.test(c)) {
      i++
    } else if (c === "'" || c === '"') {
      let j = i + 1
      let v = ''
      for (;;) {
        if (j >= filter.length) throw bad()
        if (filter[j] === '\\' && j + 1 < filter.length) {
          v += filter[j + 1]
          j += 2
        } else if (filter[j] === c && filter[j + 1] === c) {
          v += c
          j += 2
        } else if (filter[j] === c) {
          break
        } else {
          v += filter[j++]
        }
      }
      out.push({ t: 'str', v })
      i = j + 1
    } else if (c === '`') {
      const j = filter.indexOf('`', i + 1)
      if (j < 0) throw bad()
      out.push({ t: 'bq', v: filter.slice(i + 1, j) })
      i = j + 1
    } else if (c === '(' || c === ')' || c === ',') {
      out.push({ t: c === '(' ? 'lp' : c === ')' ? 'rp' : 'comma', v: c })
      i++
    } else {
      const op = /^(!=|<>|>=|<=|=|>|<)/.exec(rest)
      const num = /^-?\d+(\.\d+)?([eE][+-]?\d+)?(?![\w.])/.exec(rest)
      const word = /^[A-Za-z_][\w.]*/.exec(rest)
      const m = op ?? num ?? word
      if (!m) throw bad()
      if (op) out.push({ t: 'op', v: op[0] === '<>' ? '!=' : op[0] })
      else out.push({ t: num ? 'num' : 'word', v: m[0] })
      i += m[0].length
    }
  }
  return out
}

const ENTITY_PREFIXES: Record<string, Clause['type']> = {
  tag: 'tag',
  tags: 'tag',
  attribute: 'attribute',
  attributes: 'attribute',
  attr: 'attribute',
  run: 'attribute',
  metric: 'metric',
  metrics: 'metric',
  param: 'param',
  params: 'param',
  parameter: 'param',
  parameters: 'param'
}

function parseFilter(filter: string | undefined): Clause[] {
  if (!filter || !filter.trim()) return []
  const bad = (): MlflowError => invalid(`Invalid filter '${filter}'. Could not be parsed.`)
  const toks = tokenize(filter)
  const clauses: Clause[] = []
  let i = 0
  const next = (): Token => {
    const t = toks[i++]
    if (!t) throw bad()
    return t
  }
  for (;;) {
    const id = next()
    if (id.t !== 'word' && id.t !== 'bq') throw bad()
    let ident = id.v
    let quotedKey: string | undefined
    if (id.t === 'word' && ident.endsWith('.') && (toks[i]?.t === 'bq' || toks[i]?.t === 'str')) {
      quotedKey = next().v
      ident = ident.slice(0, -1)
    }
    let type: Clause['type'] = 'attribute'
    let key = quotedKey ?? ident
    const dot = ident.indexOf('.')
    if (id.t === 'word' && (dot >= 0 || quotedKey !== undefined)) {
      const prefix = (dot >= 0 ? ident.slice(0, dot) : ident).toLowerCase()
      const found = ENTITY_PREFIXES[prefix]
      if (!found) {
        throw invalid(
          `Invalid entity type '${prefix}'. Valid values are ['metric', 'parameter', 'tag', 'attribute']`
        )
      }
      type = found
      key = quotedKey ?? ident.slice(dot + 1)
    }
    let cmp = next()
    let comparator: string
    if (cmp.t === 'op') {
      comparator = cmp.v
    } else if (cmp.t === 'word' && /^(like|ilike|in)$/i.test(cmp.v)) {
      comparator = cmp.v.toUpperCase()
    } else if (cmp.t === 'word' && /^not$/i.test(cmp.v)) {
      cmp = next()
      if (cmp.t !== 'word' || !/^(like|ilike|in)$/i.test(cmp.v)) throw bad()
      comparator = `NOT ${cmp.v.toUpperCase()}`
    } else {
      throw bad()
    }
    const valTok = next()
    let value: Clause['value']
    if (valTok.t === 'str') value = valTok.v
    else if (valTok.t === 'num') value = Number(valTok.v)
    else if (valTok.t === 'lp') {
      const list: Array<string | number> = []
      for (;;) {
        const item = next()
        if (item.t === 'str') list.push(item.v)
        else if (item.t === 'num') list.push(Number(item.v))
        else throw bad()
        const sep = next()
        if (sep.t === 'rp') break
        if (sep.t !== 'comma') throw bad()
      }
      value = list
    } else throw bad()
    if (comparator.endsWith('IN') !== Array.isArray(value)) throw bad()
    clauses.push({ type, key, comparator, value })
    if (i >= toks.length) return clauses
    const and = next()
    if (and.t !== 'word' || !/^and$/i.test(and.v)) throw bad()
  }
}

function likeRegex(pattern: string, flags: string): RegExp {
  const body = [...pattern]
    .map((ch) => (ch === '%' ? '.*' : ch === '_' ? '.' : ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('')
  return new RegExp(`^${body}$`, `s${flags}`)
}

function compare(
  comparator: string,
  actual: string | number | undefined,
  value: Clause['value']
): boolean {
  if (actual === undefined) return false // an inner join: a missing tag/metric never matches
  switch (comparator) {
    case '=':
      return actual === value
    case '!=':
      return actual !== value
    case '>':
      return Number(actual) > (value as number)
    case '>=':
      return Number(actual) >= (value as number)
    case '<':
      return Number(actual) < (value as number)
    case '<=':
      return Number(actual) <= (value as number)
    case 'LIKE':
      return likeRegex(String(value), '').test(String(actual)) // case-sensitive, as on sqlite
    case 'ILIKE':
      return likeRegex(String(value), 'i').test(String(actual))
    case 'NOT LIKE':
      return !likeRegex(String(value), '').test(String(actual))
    case 'NOT ILIKE':
      return !likeRegex(String(value), 'i').test(String(actual))
    case 'IN':
      return (value as Array<string | number>).includes(actual)
    case 'NOT IN':
      return !(value as Array<string | number>).includes(actual)
    default:
      return false
  }
}

const STRING_CMP = ['=', '!=', 'LIKE', 'ILIKE']
const NUMERIC_CMP = ['=', '!=', '>', '>=', '<', '<=']

function checkClause(c: Clause, allowed: string[], numeric: boolean): void {
  if (!allowed.includes(c.comparator)) {
    throw invalid(
      `Invalid comparator '${c.comparator}' not one of '${pyList(allowed).slice(1, -1)}'`
    )
  }
  const values = Array.isArray(c.value) ? c.value : [c.value]
  if (!numeric && values.some((v) => typeof v !== 'string')) {
    throw invalid(`Expected a quoted string value for ${c.type}s. Got value ${String(c.value)}`)
  }
  if (numeric && values.some((v) => typeof v !== 'number')) {
    throw invalid(`Expected numeric value type for ${c.type} '${c.key}'. Found ${String(c.value)}`)
  }
}

interface OrderKey {
  key: string
  asc: boolean
}

function parseOrderBy(clauses: string[], valid: string[], describeValid: string): OrderKey[] {
  return clauses.map((clause) => {
    const m = /^\s*(\S+)(?:\s+(asc|desc))?\s*$/i.exec(clause)
    if (!m) throw invalid(`Invalid order_by clause '${clause}'. Could not be parsed.`)
    const key = m[1].replace(/^(attributes?|attr)\./, '')
    if (!valid.includes(key)) {
      throw invalid(`Invalid order by key '${key}' specified. Valid keys are '${describeValid}'`)
    }
    return { key, asc: (m[2] ?? 'asc').toLowerCase() === 'asc' }
  })
}

function sortBy<T>(
  items: T[],
  keys: OrderKey[],
  get: (item: T, key: string) => string | number
): T[] {
  return [...items].sort((a, b) => {
    for (const { key, asc } of keys) {
      const x = get(a, key)
      const y = get(b, key)
      if (x < y) return asc ? -1 : 1
      if (x > y) return asc ? 1 : -1
    }
    return 0
  })
}

// ---------------------------------------------------------------------------------------------
// Misc helpers

const newRunId = (): string => randomBytes(16).toString('hex')

const ADJECTIVES = ['bemused', 'calm', 'gentle', 'honest', 'lucky', 'quiet', 'sassy', 'wise']
const ANIMALS = ['gull', 'fox', 'owl', 'whale', 'lynx', 'crab', 'moth', 'yak']
const pick = (list: string[]): string => list[Math.floor(Math.random() * list.length)]
const randomRunName = (): string =>
  `${pick(ADJECTIVES)}-${pick(ANIMALS)}-${Math.floor(Math.random() * 1000)}`

/** Python's datetime.isoformat() in UTC, with microseconds. */
const isoMicros = (ms: number): string => new Date(ms).toISOString().replace(/Z$/, '000+00:00')

function mapToTags(m: Map<string, string>): Array<{ key: string; value: string }> | undefined {
  return m.size ? [...m].map(([key, value]) => ({ key, value })) : undefined
}

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name]
  return Array.isArray(v) ? v[0] : v
}

function postJson(
  url: string,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
  inflight: Set<http.ClientRequest>
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const target = new URL(url)
    const mod = target.protocol === 'https:' ? https : http
    // agent: false so no keep-alive socket outlives close().
    const req = mod.request(
      target,
      {
        method: 'POST',
        agent: false,
        headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) }
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => {
          inflight.delete(req)
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') })
        })
        res.on('error', (e) => {
          inflight.delete(req)
          reject(e)
        })
      }
    )
    inflight.add(req)
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`timed out after ${timeoutMs} ms`)))
    req.on('error', (e) => {
      inflight.delete(req)
      reject(e)
    })
    req.end(body)
  })
}

// ---------------------------------------------------------------------------------------------
// Server

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT'

interface Reply {
  status: number
  contentType?: string
  body: string
  headers?: Record<string, string>
}

interface Ctx {
  method: string
  path: string
  queryString: string
  query: URLSearchParams
  headers: IncomingHttpHeaders
  rawBody: string
  user?: StandinUser
  /** Path parameter (webhook id). */
  id?: string
}

type Handler = (ctx: Ctx) => Reply | Promise<Reply>

/** What a non-admin needs under basic auth; undefined = any authenticated user. */
type Need =
  | { on: 'admin' }
  /** The model `name`, experiment `experiment_id`, the run's experiment, or (grants) either. */
  | { on: 'model' | 'experiment' | 'run' | 'modelOrExperiment'; level: Permission }

interface Route {
  handlers: Partial<Record<Method, Handler>>
  needs?: Partial<Record<Method, Need>>
}

const ok = (body: unknown): Reply => ({
  status: 200,
  contentType: JSON_TYPE,
  // Success bodies are pretty-printed like message_to_json (indent 2).
  body: JSON.stringify(body, null, 2)
})

/** Flask's jsonify (the auth endpoints): compact, sorted keys. */
const jsonify = (body: unknown): Reply => ({
  status: 200,
  contentType: JSON_TYPE,
  body: JSON.stringify(sortKeys(body)) + '\n'
})

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys)
  if (isPlainObject(v)) {
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, sortKeys(v[k])])
    )
  }
  return v
}

class Standin implements MlflowStandin {
  url = ''
  readonly requests: RecordedRequest[] = []
  readonly webhookDeliveries: WebhookDeliveryRecord[] = []
  readonly state: StandinState = {
    experiments: new Map(),
    runs: new Map(),
    models: new Map(),
    webhooks: new Map(),
    users: new Map(),
    loggedModels: new Map(),
    artifacts: new Map()
  }

  private readonly server: http.Server
  private readonly hooks: RequestHook[] = []
  private readonly faults: Array<{ matcher: FailMatcher; response: FailResponse; left: number }> =
    []
  private readonly pending = new Set<Promise<void>>()
  private readonly inflight = new Set<http.ClientRequest>()
  private readonly routes = new Map<string, Route>()
  private readonly artifactRoot: string
  private readonly allowedSchemes: string[]
  private nextExperimentId = 1
  private nextUserId = 1
  private closed = false

  constructor(private readonly opts: MlflowStandinOptions) {
    this.artifactRoot = opts.artifactRoot ?? '/srv/mlflow/artifacts'
    this.allowedSchemes = opts.webhookAllowedSchemes ?? ['https']
    const now = Date.now()
    this.state.experiments.set('0', {
      id: '0',
      name: 'Default',
      artifactLocation: `${this.artifactRoot}/0`,
      lifecycleStage: 'active',
      creationTime: now,
      lastUpdateTime: now,
      tags: new Map()
    })
    if (opts.auth === 'basic') {
      const users: Record<string, string> = { admin: 'password1234', ...opts.users }
      for (const [username, password] of Object.entries(users)) {
        this.addUser(username, password, username === 'admin' || !!opts.admins?.includes(username))
      }
    }
    this.buildRoutes()
    this.server = http.createServer((req, res) => {
      // A client that hangs up mid-request just loses its answer.
      this.handle(req, res).catch(() => res.destroy())
    })
  }

  listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject)
      this.server.listen(this.opts.port ?? 0, '127.0.0.1', () => {
        const { port } = this.server.address() as AddressInfo
        this.url = `http://127.0.0.1:${port}`
        resolve()
      })
    })
  }

  close(): Promise<void> {
    this.closed = true
    for (const req of this.inflight) req.destroy()
    return new Promise((resolve) => {
      this.server.close(() => resolve())
      this.server.closeAllConnections()
    })
  }

  // ---- test helpers ----------------------------------------------------------------------

  failNext(matcher: FailMatcher, response: FailResponse): void {
    this.faults.push({ matcher, response, left: response.times ?? 1 })
  }

  onRequest(hook: RequestHook): () => void {
    this.hooks.push(hook)
    return () => {
      const i = this.hooks.indexOf(hook)
      if (i >= 0) this.hooks.splice(i, 1)
    }
  }

  seedModel(
    name: string,
    versions: SeedVersion[] = [],
    aliases: Record<string, string> = {}
  ): string[] {
    const now = Date.now()
    let model = this.state.models.get(name)
    if (!model) {
      model = this.newModel(name, '', [], now)
    }
    const created = versions.map((v) => {
      const run = v.run_id ? this.state.runs.get(v.run_id) : undefined
      const number = model.nextVersion
      const source =
        v.source ?? (run ? `${run.artifactUri}/model` : `s3://standin/${name}/${number}`)
      const mv = this.newVersion(model, {
        source,
        runId: v.run_id ?? '',
        description: v.description ?? '',
        tags: Object.entries(v.tags ?? {}),
        runLink: ''
      })
      if (v.model_id) mv.modelId = v.model_id
      return String(mv.version)
    })
    for (const [alias, version] of Object.entries(aliases)) this.setAlias(name, alias, version)
    return created
  }

  seedRun(seed: SeedRun = {}): string {
    const run = this.createRun({
      experimentId: seed.experimentId ?? '0',
      runName: seed.name,
      startTime: Date.now(),
      tags: Object.entries(seed.tags ?? {})
    })
    const now = Date.now()
    for (const [key, v] of Object.entries(seed.metrics ?? {})) {
      const values = Array.isArray(v) ? v : [v]
      values.forEach((value, step) => run.metrics.push({ key, value, timestamp: now, step }))
    }
    for (const [key, value] of Object.entries(seed.params ?? {})) run.params.set(key, value)
    run.status = 'FINISHED'
    run.endTime = now
    return run.id
  }

  seedLoggedModel(seed: SeedLoggedModel = {}): string {
    const now = Date.now()
    // mlflow/utils/mlflow_tags.py / entities/logged_model.py: ids are "m-" + a uuid4 hex.
    const id = `m-${randomBytes(16).toString('hex')}`
    this.state.loggedModels.set(id, {
      id,
      experimentId: seed.experimentId ?? '0',
      name: seed.name ?? 'model',
      sourceRunId: seed.sourceRunId ?? '',
      creationTime: now,
      metrics: (seed.metrics ?? []).map((m) => ({ ...m, timestamp: now }))
    })
    return id
  }

  putArtifact(runId: string, path: string, content: string): void {
    if (!this.state.runs.has(runId)) throw new Error(`no run ${runId}`)
    let files = this.state.artifacts.get(runId)
    if (!files) this.state.artifacts.set(runId, (files = new Map<string, string>()))
    files.set(path, content)
  }

  aliasOf(model: string, alias: string): string | undefined {
    const v = this.state.models.get(model)?.aliases.get(alias)
    return v === undefined ? undefined : String(v)
  }

  tagsOf(model: string, version: string): Record<string, string> {
    const mv = this.state.models.get(model)?.versions.get(toInt(version))
    return Object.fromEntries(mv?.tags ?? [])
  }

  setAlias(model: string, alias: string, version: string): void {
    const m = this.requireModel(model)
    if (!m.versions.has(toInt(version))) throw new Error(`no version ${version} of ${model}`)
    m.aliases.set(alias, toInt(version))
  }

  deleteAlias(model: string, alias: string): void {
    this.requireModel(model).aliases.delete(alias)
  }

  setVersionTag(model: string, version: string, key: string, value: string): void {
    const mv = this.requireModel(model).versions.get(toInt(version))
    if (!mv) throw new Error(`no version ${version} of ${model}`)
    mv.tags.set(key, value)
  }

  grant(username: string, model: string, permission: Permission): void {
    const user = this.state.users.get(username)
    if (!user) throw new Error(`no user ${username}`)
    user.modelPermissions.set(model, permission)
  }

  async settled(): Promise<void> {
    while (this.pending.size) await Promise.allSettled([...this.pending])
  }

  private requireModel(name: string): StandinRegisteredModel {
    const m = this.state.models.get(name)
    if (!m) throw new Error(`no registered model ${name}`)
    return m
  }

  // ---- HTTP plumbing ---------------------------------------------------------------------

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = []
    for await (const c of req) chunks.push(c as Buffer)
    const rawBody = Buffer.concat(chunks).toString('utf8')
    const url = new URL(req.url ?? '/', 'http://standin')
    const method = (req.method ?? 'GET').toUpperCase()
    const recorded: RecordedRequest = {
      method,
      path: url.pathname,
      query: queryRecord(url.searchParams),
      headers: req.headers,
      body: parseBodyForLog(rawBody),
      rawBody,
      at: Date.now()
    }
    this.requests.push(recorded)
    let reply: Reply
    try {
      reply =
        (await this.intercept(recorded, req.url ?? '/')) ??
        (await this.dispatch(req, url, method, rawBody))
    } catch (e) {
      reply = errorReply(
        e instanceof MlflowError ? e : new MlflowError('INTERNAL_ERROR', String(e))
      )
    }
    if (res.destroyed || this.closed) return
    const headers: Record<string, string> = { ...reply.headers }
    if (reply.contentType) headers['Content-Type'] = reply.contentType
    headers['Content-Length'] = String(Buffer.byteLength(reply.body))
    res.writeHead(reply.status, headers)
    res.end(method === 'HEAD' ? undefined : reply.body)
  }

  private async intercept(recorded: RecordedRequest, url: string): Promise<Reply | undefined> {
    for (const hook of [...this.hooks]) {
      const r = await hook(recorded, this)
      if (r) return toReply(r)
    }
    const fault = this.faults.find(
      (f) =>
        f.left > 0 &&
        (!f.matcher.method || f.matcher.method.toUpperCase() === recorded.method) &&
        (!f.matcher.pathIncludes || url.includes(f.matcher.pathIncludes))
    )
    if (!fault) return undefined
    fault.left--
    const { status, body, contentType, headers } = fault.response
    return toReply({ status, body: body ?? '', contentType, headers })
  }

  private async dispatch(
    req: IncomingMessage,
    url: URL,
    method: string,
    rawBody: string
  ): Promise<Reply> {
    // The security middleware runs before anything else (capture 065).
    if (!this.hostAllowed(req.headers.host)) {
      return { status: 403, contentType: 'text/plain', body: BAD_HOST_TEXT }
    }
    const ctx: Ctx = {
      method: method === 'HEAD' ? 'GET' : method,
      path: url.pathname,
      queryString: url.search.replace(/^\?/, ''),
      query: url.searchParams,
      headers: req.headers,
      rawBody
    }
    if (ctx.path === '/health') return { status: 200, contentType: HTML, body: 'OK' }
    if (this.opts.auth === 'basic') {
      // Flask runs before_request (auth) before raising routing errors, so 401 beats 404/405.
      const user = this.authenticate(req.headers)
      if (!user) {
        return {
          status: 401,
          contentType: HTML,
          body: UNAUTHENTICATED_TEXT,
          headers: { 'WWW-Authenticate': 'Basic realm="mlflow"' }
        }
      }
      ctx.user = user
    }
    if (ctx.path === '/version') return { status: 200, contentType: HTML, body: VERSION_TEXT }
    // mlflow/server/__init__.py: @app.route(_add_static_prefix("/get-artifact")), GET only.
    if (ctx.path === '/get-artifact' && ctx.method === 'GET') return this.getArtifact(ctx)
    const match = this.route(ctx)
    if (!match) return { status: 404, contentType: HTML, body: NOT_FOUND_HTML }
    const handler = match.handlers[ctx.method as Method]
    if (!handler) {
      const allow = Object.keys(match.handlers)
      if (allow.includes('GET')) allow.push('HEAD')
      return {
        status: 405,
        contentType: HTML,
        body: METHOD_NOT_ALLOWED_HTML,
        headers: { Allow: [...allow, 'OPTIONS'].sort().join(', ') }
      }
    }
    const need = match.needs?.[ctx.method as Method]
    if (ctx.user && !ctx.user.isAdmin && need && !this.permitted(ctx, need)) {
      return { status: 403, contentType: HTML, body: 'Permission denied' }
    }
    return await handler(ctx)
  }

  private hostAllowed(host: string | undefined): boolean {
    if (!host) return true
    const m = /^(\[[^\]]*\]|[^:]*)(?::(\d+))?$/.exec(host.toLowerCase())
    const hostname = m?.[1] ?? host
    const allowed = ['localhost', '127.0.0.1', '[::1]', ...(this.opts.allowedHosts ?? [])]
    return allowed.some((a) => {
      const entry = a.toLowerCase()
      return entry === '*' || entry === hostname || entry === host.toLowerCase()
    })
  }

  private route(ctx: Ctx): Route | undefined {
    const m = /^\/(?:api|ajax-api)\/2\.0\/mlflow\/(.+)$/.exec(ctx.path)
    if (!m) return undefined
    const rest = m[1]
    // service.proto GetLoggedModel: GET /mlflow/logged-models/{model_id}.
    const logged = /^logged-models\/([^/]+)$/.exec(rest)
    if (logged) {
      ctx.id = decodeURIComponent(logged[1])
      return this.routes.get('logged-models/{id}')
    }
    const hook = /^webhooks\/([^/]+)(\/test)?$/.exec(rest)
    if (hook) {
      ctx.id = decodeURIComponent(hook[1])
      return this.routes.get(hook[2] ? 'webhooks/{id}/test' : 'webhooks/{id}')
    }
    return this.routes.get(rest)
  }

  // ---- auth ------------------------------------------------------------------------------

  private addUser(username: string, password: string, isAdmin: boolean): StandinUser {
    const user: StandinUser = {
      id: this.nextUserId++,
      username,
      password,
      isAdmin,
      modelPermissions: new Map(),
      experimentPermissions: new Map()
    }
    this.state.users.set(username, user)
    return user
  }

  private authenticate(headers: IncomingHttpHeaders): StandinUser | undefined {
    const m = /^Basic\s+(\S+)$/i.exec(headerValue(headers, 'authorization') ?? '')
    if (!m) return undefined
    const decoded = Buffer.from(m[1], 'base64').toString('utf8')
    const colon = decoded.indexOf(':')
    if (colon < 0) return undefined
    const user = this.state.users.get(decoded.slice(0, colon))
    return user && user.password === decoded.slice(colon + 1) ? user : undefined
  }

  private permitted(ctx: Ctx, need: Need): boolean {
    const user = ctx.user
    if (!user) return true
    if (need.on === 'admin') return false
    const raw = rawParams(ctx)
    let granted: Permission | undefined
    if (need.on === 'model' || (need.on === 'modelOrExperiment' && raw.name !== undefined)) {
      if (typeof raw.name !== 'string') return true // the handler reports the bad parameter
      granted = user.modelPermissions.get(raw.name)
    } else {
      const id = need.on === 'run' ? (raw.run_id ?? raw.run_uuid) : raw.experiment_id
      if (typeof id !== 'string') return true
      const experiment = need.on === 'run' ? this.state.runs.get(id)?.experimentId : id
      granted = experiment === undefined ? undefined : user.experimentPermissions.get(experiment)
    }
    // Without a grant, basic_auth.ini's default_permission (READ) applies.
    return PERMISSION_RANK[granted ?? 'READ'] >= PERMISSION_RANK[need.level]
  }

  private canRead(user: StandinUser | undefined, model: string): boolean {
    if (!user || user.isAdmin) return true
    return PERMISSION_RANK[user.modelPermissions.get(model) ?? 'READ'] >= PERMISSION_RANK.READ
  }

  // ---- request parsing -------------------------------------------------------------------

  /** The parameters of a request, validated against `params` the way handlers.py does. */
  private params(ctx: Ctx, params: Param[]): Record<string, unknown> {
    let dict: Record<string, unknown>
    if (ctx.method === 'GET' && ctx.queryString !== '' && [...ctx.query.keys()].length > 0) {
      dict = {}
      for (const key of new Set(ctx.query.keys())) {
        const all = ctx.query.getAll(key)
        dict[key] = all.length > 1 ? all : all[0]
      }
      for (const p of params) {
        if ((p.proto === 'strings' || p.proto === 'messages') && dict[p.name] !== undefined) {
          dict[p.name] = ([] as unknown[]).concat(dict[p.name])
        }
      }
    } else {
      if (ctx.method === 'POST' || ctx.method === 'PUT') {
        const ct = headerValue(ctx.headers, 'content-type')
        if (ct === undefined) throw invalid('Bad Request. Content-Type header is missing.')
        if (ct.split(';')[0].trim().toLowerCase() !== JSON_TYPE) {
          throw invalid("Bad Request. Content-Type must be one of ['application/json'].")
        }
      }
      dict = jsonBody(ctx.rawBody)
    }
    validateParams(dict, params)
    return dict
  }

  // ---- entities --------------------------------------------------------------------------

  private newModel(name: string, description: string, tags: Array<[string, string]>, now: number) {
    const model: StandinRegisteredModel = {
      name,
      creationTimestamp: now,
      lastUpdatedTimestamp: now,
      description,
      tags: new Map(tags),
      aliases: new Map(),
      versions: new Map(),
      nextVersion: 1
    }
    this.state.models.set(name, model)
    return model
  }

  private newVersion(
    model: StandinRegisteredModel,
    v: {
      source: string
      runId: string
      description: string
      tags: Array<[string, string]>
      runLink: string
    }
  ): StandinModelVersion {
    const now = Date.now()
    const mv: StandinModelVersion = {
      name: model.name,
      version: model.nextVersion++,
      creationTimestamp: now,
      lastUpdatedTimestamp: now,
      currentStage: 'None',
      description: v.description,
      source: v.source,
      runId: v.runId,
      runLink: v.runLink,
      tags: new Map(v.tags)
    }
    model.versions.set(mv.version, mv)
    // A new version is the only registry write that touches the model's timestamp (027, 071).
    model.lastUpdatedTimestamp = now
    return mv
  }

  private createRun(r: {
    experimentId: string
    runName?: string
    startTime: number
    tags: Array<[string, string]>
    userId?: string
  }): StandinRun {
    const exp = this.state.experiments.get(r.experimentId)
    if (!exp) throw notFound(`No Experiment with id=${r.experimentId} exists`)
    const tags = new Map(r.tags)
    const tagName = tags.get('mlflow.runName')
    if (r.runName && tagName && r.runName !== tagName) {
      throw invalid(
        `Both 'run_name' argument and 'mlflow.runName' tag are specified, but with different values (run_name='${r.runName}', mlflow.runName='${tagName}').`
      )
    }
    const name = r.runName || tagName || randomRunName()
    if (!tagName) tags.set('mlflow.runName', name)
    const id = newRunId()
    const run: StandinRun = {
      id,
      experimentId: exp.id,
      name,
      userId: r.userId ?? '',
      status: 'RUNNING',
      startTime: r.startTime,
      artifactUri: `${exp.artifactLocation}/${id}/artifacts`,
      lifecycleStage: 'active',
      metrics: [],
      params: new Map(),
      tags
    }
    this.state.runs.set(id, run)
    return run
  }

  private getModel(name: string): StandinRegisteredModel {
    const m = this.state.models.get(name)
    if (!m) throw modelNotFound(name)
    return m
  }

  /** _get_sql_model_version: the version check comes first, then existence (047, 048, 050). */
  private getVersion(name: string, version: string): StandinModelVersion {
    const n = parseVersion(version)
    const mv = this.state.models.get(name)?.versions.get(n)
    if (!mv) throw versionNotFound(name, version)
    return mv
  }

  private getRun(id: string): StandinRun {
    const run = this.state.runs.get(id)
    if (!run) throw runNotFound(id)
    return run
  }

  // ---- JSON shapes (proto field order, unset/empty fields omitted) ------------------------

  private versionJson(
    mv: StandinModelVersion,
    opts: { aliases: boolean }
  ): Record<string, unknown> {
    const aliases = opts.aliases
      ? [...(this.state.models.get(mv.name)?.aliases ?? [])]
          .filter(([, v]) => v === mv.version)
          .map(([a]) => a)
          .sort()
      : []
    return {
      name: mv.name,
      version: String(mv.version),
      creation_timestamp: mv.creationTimestamp,
      last_updated_timestamp: mv.lastUpdatedTimestamp,
      current_stage: mv.currentStage,
      description: mv.description,
      source: mv.source,
      run_id: mv.runId,
      status: 'READY',
      tags: mapToTags(mv.tags),
      run_link: mv.runLink,
      aliases: aliases.length ? aliases : undefined,
      // model_registry.proto ModelVersion.model_id (MLflow 3), unset for versions without one.
      model_id: mv.modelId || undefined
    }
  }

  private modelJson(m: StandinRegisteredModel): Record<string, unknown> {
    // latest_versions carry tags but never aliases (027, 040).
    const latest = this.latestVersions(m).map((mv) => this.versionJson(mv, { aliases: false }))
    const aliases = [...m.aliases]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([alias, version]) => ({ alias, version: String(version) }))
    return {
      name: m.name,
      creation_timestamp: m.creationTimestamp,
      last_updated_timestamp: m.lastUpdatedTimestamp,
      description: m.description || undefined,
      latest_versions: latest.length ? latest : undefined,
      tags: mapToTags(m.tags),
      aliases: aliases.length ? aliases : undefined
    }
  }

  private latestVersions(m: StandinRegisteredModel, stages: string[] = []): StandinModelVersion[] {
    const latest = new Map<string, StandinModelVersion>()
    for (const mv of [...m.versions.values()].sort((a, b) => a.version - b.version)) {
      latest.set(mv.currentStage, mv)
    }
    const wanted = new Set(stages.map(canonicalStage))
    return [...latest.values()].filter((mv) => !wanted.size || wanted.has(mv.currentStage))
  }

  private runJson(run: StandinRun, withOutputs: boolean): Record<string, unknown> {
    const latest = new Map<string, StandinMetric>()
    for (const m of run.metrics) {
      const cur = latest.get(m.key)
      const newer =
        !cur ||
        m.step > cur.step ||
        (m.step === cur.step && m.timestamp > cur.timestamp) ||
        (m.step === cur.step && m.timestamp === cur.timestamp && m.value > cur.value)
      if (newer) latest.set(m.key, m)
    }
    const metrics = [...latest.values()].map(({ key, value, timestamp, step }) => ({
      key,
      value,
      timestamp,
      step
    }))
    const params = [...run.params].map(([key, value]) => ({ key, value }))
    return {
      info: this.runInfoJson(run),
      data: {
        metrics: metrics.length ? metrics : undefined,
        params: params.length ? params : undefined,
        tags: mapToTags(run.tags)
      },
      inputs: {},
      // runs/create answers without outputs; runs/get carries an empty one (004 vs 010).
      outputs: withOutputs ? {} : undefined
    }
  }

  private runInfoJson(run: StandinRun): Record<string, unknown> {
    return {
      run_uuid: run.id,
      experiment_id: run.experimentId,
      run_name: run.name,
      user_id: run.userId,
      status: run.status,
      start_time: run.startTime,
      end_time: run.endTime,
      artifact_uri: run.artifactUri,
      lifecycle_stage: run.lifecycleStage,
      run_id: run.id
    }
  }

  private experimentJson(e: StandinExperiment): Record<string, unknown> {
    return {
      experiment_id: e.id,
      name: e.name,
      artifact_location: e.artifactLocation,
      lifecycle_stage: e.lifecycleStage,
      last_update_time: e.lastUpdateTime,
      creation_time: e.creationTime,
      tags: mapToTags(e.tags)
    }
  }

  private webhookJson(w: StandinWebhook): Record<string, unknown> {
    return {
      webhook_id: w.id,
      name: w.name,
      description: w.description || undefined,
      url: w.url,
      events: w.events.map((e) => ({
        entity: e.entity.toUpperCase(),
        action: e.action.toUpperCase()
      })),
      status: w.status,
      creation_timestamp: w.creationTimestamp,
      last_updated_timestamp: w.lastUpdatedTimestamp
    }
  }

  private userJson(u: StandinUser): Record<string, unknown> {
    return {
      experiment_permissions: [...u.experimentPermissions].map(([experiment_id, permission]) => ({
        experiment_id,
        permission,
        user_id: u.id
      })),
      id: u.id,
      is_admin: u.isAdmin,
      registered_model_permissions: [...u.modelPermissions].map(([name, permission]) => ({
        name,
        permission,
        user_id: u.id
      })),
      scorer_permissions: [],
      username: u.username
    }
  }

  // ---- webhooks --------------------------------------------------------------------------

  private emit(entity: string, action: string, data: Record<string, unknown>): void {
    if (this.opts.deliverWebhooks === false) return
    for (const w of this.state.webhooks.values()) {
      if (w.status !== 'ACTIVE') continue
      if (!w.events.some((e) => e.entity === entity && e.action === action)) continue
      const p = this.deliver(w, entity, action, data)
        .then(() => undefined)
        .catch(() => undefined)
        .finally(() => this.pending.delete(p))
      this.pending.add(p)
    }
  }

  /** POSTs one signed event like mlflow/webhooks/delivery.py; records and returns the outcome. */
  private async deliver(
    w: StandinWebhook,
    entity: string,
    action: string,
    data: Record<string, unknown>
  ): Promise<WebhookDeliveryRecord> {
    const body = pyDumps({ entity, action, timestamp: isoMicros(Date.now()), data })
    const deliveryId = randomUUID()
    const ts = String(Math.floor(Date.now() / 1000))
    const headers: Record<string, string> = {
      'Content-Type': JSON_TYPE,
      'User-Agent': 'mlflow-standin',
      'X-MLflow-Delivery-Id': deliveryId,
      'X-MLflow-Timestamp': ts
    }
    if (w.secret) {
      const sig = createHmac('sha256', w.secret)
        .update(`${deliveryId}.${ts}.${body}`)
        .digest('base64')
      headers['X-MLflow-Signature'] = `v1,${sig}`
    }
    const record: WebhookDeliveryRecord = {
      webhookId: w.id,
      url: w.url,
      event: `${entity}.${action}`,
      headers,
      body
    }
    this.webhookDeliveries.push(record)
    try {
      const res = await postJson(w.url, headers, body, 10_000, this.inflight)
      record.status = res.status
      record.responseBody = res.body
    } catch (e) {
      record.error = e instanceof Error ? e.message : String(e)
    }
    return record
  }

  private parseEvents(v: unknown): WebhookEvent[] {
    const events: WebhookEvent[] = []
    for (const e of Array.isArray(v) ? v : []) {
      const entity = asText(isPlainObject(e) ? e.entity : '').toLowerCase()
      const action = asText(isPlainObject(e) ? e.action : '').toLowerCase()
      const actions = WEBHOOK_ACTIONS[entity]
      if (!actions) {
        throw invalid(
          `Invalid entity '${entity}'. Valid entities are: ${pyList(Object.keys(WEBHOOK_ACTIONS))}`
        )
      }
      if (!actions.includes(action)) {
        throw invalid(
          `Invalid action '${action}' for entity '${entity}'. Valid actions are: ${pyList(actions)}`
        )
      }
      if (!events.some((x) => x.entity === entity && x.action === action)) {
        events.push({ entity, action })
      }
    }
    if (!events.length) throw invalid('Webhook events cannot be empty.')
    // Stored as rows and read back sorted (101 returns them ordered by entity, then action).
    return events.sort((a, b) =>
      a.entity === b.entity ? (a.action < b.action ? -1 : 1) : a.entity < b.entity ? -1 : 1
    )
  }

  private validateWebhookUrl(url: string): void {
    let parsed: URL
    try {
      parsed = new URL(url)
    } catch {
      throw invalid(`Invalid webhook URL: '${url}'.`)
    }
    const scheme = parsed.protocol.replace(/:$/, '')
    if (!this.allowedSchemes.includes(scheme)) {
      throw invalid(
        `Invalid webhook URL scheme: '${scheme}'. Allowed schemes are: ${this.allowedSchemes.join(', ')}.`
      )
    }
  }

  private webhookStatus(v: unknown): string {
    const status = String(v).toUpperCase()
    if (status !== 'ACTIVE' && status !== 'DISABLED') {
      throw invalid(
        `Invalid webhook status: '${String(v)}'. Valid values are: ['ACTIVE', 'DISABLED']`
      )
    }
    return status
  }

  private getWebhook(id: string): StandinWebhook {
    const w = this.state.webhooks.get(id)
    if (!w) throw notFound(`Webhook with ID ${id} not found.`)
    return w
  }

  // ---- routes ----------------------------------------------------------------------------

  private add(path: string, handlers: Route['handlers'], needs?: Route['needs']): void {
    this.routes.set(path, { handlers, needs })
  }

  private buildRoutes(): void {
    const model = (level: Permission): Need => ({ on: 'model', level })
    const experiment = (level: Permission): Need => ({ on: 'experiment', level })
    const run = (level: Permission): Need => ({ on: 'run', level })

    // -- tracking --
    this.add('experiments/create', { POST: (c) => this.createExperiment(c) })
    this.add('experiments/get', { GET: (c) => this.getExperiment(c) }, { GET: experiment('READ') })
    this.add('experiments/get-by-name', { GET: (c) => this.getExperimentByName(c) })
    this.add('runs/create', { POST: (c) => this.createRunHandler(c) }, { POST: experiment('EDIT') })
    this.add('runs/get', { GET: (c) => this.getRunHandler(c) }, { GET: run('READ') })
    this.add('runs/update', { POST: (c) => this.updateRun(c) }, { POST: run('EDIT') })
    this.add('runs/log-metric', { POST: (c) => this.logMetric(c) }, { POST: run('EDIT') })
    this.add('runs/log-parameter', { POST: (c) => this.logParam(c) }, { POST: run('EDIT') })
    this.add('runs/set-tag', { POST: (c) => this.setRunTag(c) }, { POST: run('EDIT') })
    this.add('runs/log-batch', { POST: (c) => this.logBatch(c) }, { POST: run('EDIT') })
    this.add('runs/search', { POST: (c) => this.searchRuns(c) })
    this.add('metrics/get-history', { GET: (c) => this.metricHistory(c) }, { GET: run('READ') })
    this.add('artifacts/list', { GET: (c) => this.listArtifacts(c) }, { GET: run('READ') })
    this.add('logged-models/{id}', { GET: (c) => this.getLoggedModel(c) })

    // -- registry --
    this.add('registered-models/create', { POST: (c) => this.createModel(c) })
    this.add(
      'registered-models/get',
      { GET: (c) => this.getModelHandler(c) },
      { GET: model('READ') }
    )
    this.add('registered-models/search', { GET: (c) => this.searchModels(c) })
    this.add(
      'registered-models/rename',
      { POST: (c) => this.renameModel(c) },
      { POST: model('MANAGE') }
    )
    this.add(
      'registered-models/update',
      { PATCH: (c) => this.updateModel(c) },
      { PATCH: model('EDIT') }
    )
    this.add(
      'registered-models/delete',
      { DELETE: (c) => this.deleteModel(c) },
      { DELETE: model('MANAGE') }
    )
    this.add(
      'registered-models/get-latest-versions',
      { GET: (c) => this.getLatest(c), POST: (c) => this.getLatest(c) },
      { GET: model('READ'), POST: model('READ') }
    )
    this.add(
      'registered-models/set-tag',
      { POST: (c) => this.setModelTag(c) },
      { POST: model('EDIT') }
    )
    this.add(
      'registered-models/delete-tag',
      { DELETE: (c) => this.deleteModelTag(c) },
      { DELETE: model('EDIT') }
    )
    this.add(
      'registered-models/alias',
      {
        POST: (c) => this.setAliasHandler(c),
        DELETE: (c) => this.deleteAliasHandler(c),
        GET: (c) => this.getByAlias(c)
      },
      { POST: model('EDIT'), DELETE: model('MANAGE'), GET: model('READ') }
    )
    this.add(
      'model-versions/create',
      { POST: (c) => this.createVersion(c) },
      { POST: model('EDIT') }
    )
    this.add(
      'model-versions/get',
      { GET: (c) => this.getVersionHandler(c) },
      { GET: model('READ') }
    )
    this.add(
      'model-versions/update',
      { PATCH: (c) => this.updateVersion(c) },
      { PATCH: model('EDIT') }
    )
    this.add(
      'model-versions/delete',
      { DELETE: (c) => this.deleteVersion(c) },
      { DELETE: model('MANAGE') }
    )
    this.add(
      'model-versions/transition-stage',
      { POST: (c) => this.transitionStage(c) },
      { POST: model('EDIT') }
    )
    this.add('model-versions/search', { GET: (c) => this.searchVersions(c) })
    this.add(
      'model-versions/get-download-uri',
      { GET: (c) => this.downloadUri(c) },
      { GET: model('READ') }
    )
    this.add(
      'model-versions/set-tag',
      { POST: (c) => this.setVersionTagHandler(c) },
      { POST: model('EDIT') }
    )
    this.add(
      'model-versions/delete-tag',
      { DELETE: (c) => this.deleteVersionTag(c) },
      { DELETE: model('EDIT') }
    )

    // -- webhooks (admin-only under basic auth) --
    const admin: Need = { on: 'admin' }
    this.add(
      'webhooks',
      { POST: (c) => this.createWebhook(c), GET: (c) => this.listWebhooks(c) },
      { POST: admin, GET: admin }
    )
    this.add(
      'webhooks/{id}',
      {
        GET: (c) => ok({ webhook: this.webhookJson(this.getWebhook(c.id ?? '')) }),
        PATCH: (c) => this.updateWebhook(c),
        DELETE: (c) => this.deleteWebhook(c)
      },
      { GET: admin, PATCH: admin, DELETE: admin }
    )
    this.add('webhooks/{id}/test', { POST: (c) => this.testWebhook(c) }, { POST: admin })

    // -- basic-auth app only --
    if (this.opts.auth === 'basic') {
      this.add('users/create', { POST: (c) => this.createUser(c) }, { POST: admin })
      this.add('users/get', { GET: (c) => this.getUser(c) }, { GET: admin })
      this.add('users/update-admin', { PATCH: (c) => this.updateUserAdmin(c) }, { PATCH: admin })
      this.add('users/delete', { DELETE: (c) => this.deleteUser(c) }, { DELETE: admin })
      const manage: Need = { on: 'modelOrExperiment', level: 'MANAGE' }
      this.add(
        'registered-models/permissions/create',
        { POST: (c) => this.createModelPermission(c) },
        { POST: manage }
      )
      this.add(
        'registered-models/permissions/get',
        { GET: (c) => this.getModelPermission(c) },
        { GET: manage }
      )
      this.add(
        'registered-models/permissions/update',
        { PATCH: (c) => this.updateModelPermission(c) },
        { PATCH: manage }
      )
      this.add(
        'registered-models/permissions/delete',
        { DELETE: (c) => this.deleteModelPermission(c) },
        { DELETE: manage }
      )
      this.add(
        'experiments/permissions/create',
        { POST: (c) => this.createExperimentPermission(c) },
        { POST: manage }
      )
    }
  }

  // ---- tracking handlers -----------------------------------------------------------------

  private createExperiment(c: Ctx): Reply {
    const p = this.params(c, [reqStr('name'), str('artifact_location'), messages('tags')])
    const name = String(p.name)
    if ([...this.state.experiments.values()].some((e) => e.name === name)) {
      throw new MlflowError('RESOURCE_ALREADY_EXISTS', `Experiment(name=${name}) already exists.`)
    }
    const id = String(this.nextExperimentId++)
    const now = Date.now()
    this.state.experiments.set(id, {
      id,
      name,
      artifactLocation:
        typeof p.artifact_location === 'string' && p.artifact_location
          ? p.artifact_location
          : `${this.artifactRoot}/${id}`,
      lifecycleStage: 'active',
      creationTime: now,
      lastUpdateTime: now,
      tags: new Map(tagsFromParam(p.tags))
    })
    if (c.user && !c.user.isAdmin) c.user.experimentPermissions.set(id, 'MANAGE')
    return ok({ experiment_id: id })
  }

  private getExperiment(c: Ctx): Reply {
    const p = this.params(c, [reqStr('experiment_id')])
    const e = this.state.experiments.get(String(p.experiment_id))
    if (!e) throw notFound(`No Experiment with id=${String(p.experiment_id)} exists`)
    return ok({ experiment: this.experimentJson(e) })
  }

  private getExperimentByName(c: Ctx): Reply {
    const p = this.params(c, [reqStr('experiment_name')])
    const name = String(p.experiment_name)
    const e = [...this.state.experiments.values()].find((x) => x.name === name)
    if (!e) throw notFound(`Could not find experiment with name '${name}'`)
    return ok({ experiment: this.experimentJson(e) })
  }

  private createRunHandler(c: Ctx): Reply {
    const p = this.params(c, [
      str('experiment_id'),
      int('start_time'),
      str('run_name'),
      messages('tags'),
      str('user_id')
    ])
    const run = this.createRun({
      experimentId: typeof p.experiment_id === 'string' && p.experiment_id ? p.experiment_id : '0',
      runName: typeof p.run_name === 'string' ? p.run_name : undefined,
      startTime: p.start_time !== undefined ? toInt(p.start_time) : Date.now(),
      tags: tagsFromParam(p.tags),
      userId: typeof p.user_id === 'string' ? p.user_id : undefined
    })
    return ok({ run: this.runJson(run, false) })
  }

  /** run_id, or the deprecated run_uuid. */
  private runParams(c: Ctx, more: Param[]): Record<string, unknown> {
    const raw = rawParams(c)
    const runIdParam =
      raw.run_id === undefined && raw.run_uuid !== undefined ? 'run_uuid' : 'run_id'
    const p = this.params(c, [reqStr(runIdParam), ...more])
    p.run_id = p[runIdParam]
    return p
  }

  /**
   * handlers.py _list_artifacts (ListArtifacts): `{root_uri, files: [{path, is_dir, file_size}]}`,
   * the direct children of `path` only, directories without file_size, `files` omitted when empty.
   */
  private listArtifacts(c: Ctx): Reply {
    const p = this.runParams(c, [str('path'), str('page_token')])
    const run = this.getRun(String(p.run_id))
    const dir = typeof p.path === 'string' ? p.path.replace(/\/+$/, '') : ''
    const prefix = dir ? `${dir}/` : ''
    const children = new Map<string, { path: string; is_dir: boolean; file_size?: number }>()
    for (const [path, content] of this.state.artifacts.get(run.id) ?? []) {
      if (!path.startsWith(prefix)) continue
      const rest = path.slice(prefix.length)
      const slash = rest.indexOf('/')
      if (slash >= 0) {
        const sub = prefix + rest.slice(0, slash)
        children.set(sub, { path: sub, is_dir: true })
      } else children.set(path, { path, is_dir: false, file_size: Buffer.byteLength(content) })
    }
    const files = [...children.values()].sort((a, b) => (a.path < b.path ? -1 : 1))
    return ok({ root_uri: run.artifactUri, files: files.length ? files : undefined })
  }

  /**
   * handlers.py get_artifact_handler → _send_artifact: the file itself, `text/plain` for the
   * text extensions (json among them), sent as an attachment. validate_path_is_safe refuses `..`
   * and absolute paths with INVALID_PARAMETER_VALUE. A missing file is reported here as
   * RESOURCE_DOES_NOT_EXIST; model-gate lists the directory first and never relies on it.
   */
  private getArtifact(c: Ctx): Reply {
    const runId = c.query.get('run_id') ?? c.query.get('run_uuid') ?? ''
    const path = c.query.get('path') ?? ''
    if (path.startsWith('/') || path.split('/').includes('..'))
      throw invalid(`Invalid path: ${path}`)
    const run = this.getRun(runId)
    const content = this.state.artifacts.get(run.id)?.get(path)
    if (content === undefined)
      throw notFound(`No such file or directory: '${run.artifactUri}/${path}'`)
    const name = posix.basename(path)
    const text =
      /\.(txt|log|err|cfg|conf|cnf|cf|ini|properties|prop|hocon|toml|yaml|yml|xml|json|js|py|py3|csv|tsv|md|rst|MLmodel|mlproject)$/i.test(
        name
      )
    return {
      status: 200,
      contentType: text ? 'text/plain; charset=utf-8' : 'application/octet-stream',
      body: content,
      headers: { 'Content-Disposition': `attachment; filename=${name}` }
    }
  }

  /**
   * handlers.py _get_logged_model: `{model: {info, data}}` (service.proto LoggedModel); each
   * metric a `Metric` with dataset_name, dataset_digest, model_id and run_id. Unknown ids are
   * RESOURCE_DOES_NOT_EXIST (404).
   */
  private getLoggedModel(c: Ctx): Reply {
    const m = this.state.loggedModels.get(c.id ?? '')
    if (!m) throw notFound(`Logged model with ID '${c.id ?? ''}' not found.`)
    const exp = this.state.experiments.get(m.experimentId)
    return ok({
      model: {
        info: {
          model_id: m.id,
          experiment_id: m.experimentId,
          name: m.name,
          creation_timestamp_ms: m.creationTime,
          last_updated_timestamp_ms: m.creationTime,
          artifact_uri: `${exp?.artifactLocation ?? this.artifactRoot}/models/${m.id}/artifacts`,
          status: 'LOGGED_MODEL_READY',
          source_run_id: m.sourceRunId || undefined
        },
        data: {
          metrics: m.metrics.length
            ? m.metrics.map((x) => ({
                key: x.key,
                value: x.value,
                timestamp: x.timestamp,
                step: x.step ?? 0,
                dataset_name: x.dataset_name,
                dataset_digest: x.dataset_digest,
                model_id: m.id,
                run_id: x.run_id ?? (m.sourceRunId || undefined)
              }))
            : undefined
        }
      }
    })
  }

  private getRunHandler(c: Ctx): Reply {
    const p = this.runParams(c, [])
    return ok({ run: this.runJson(this.getRun(String(p.run_id)), true) })
  }

  private updateRun(c: Ctx): Reply {
    const p = this.runParams(c, [str('status'), int('end_time'), str('run_name')])
    const run = this.getRun(String(p.run_id))
    if (typeof p.status === 'string' && p.status) run.status = p.status
    if (p.end_time !== undefined) run.endTime = toInt(p.end_time)
    if (typeof p.run_name === 'string' && p.run_name) {
      run.name = p.run_name
      run.tags.set('mlflow.runName', p.run_name)
    }
    return ok({ run_info: this.runInfoJson(run) })
  }

  private logMetric(c: Ctx): Reply {
    const p = this.runParams(c, [
      reqStr('key'),
      reqFloat('value'),
      reqInt('timestamp'),
      int('step')
    ])
    const run = this.getRun(String(p.run_id))
    const key = String(p.key)
    validateTagName(key)
    run.metrics.push({
      key,
      value: toFloat(p.value),
      timestamp: toInt(p.timestamp),
      step: p.step === undefined ? 0 : toInt(p.step)
    })
    return ok({})
  }

  private logParam(c: Ctx): Reply {
    const p = this.runParams(c, [reqStr('key'), reqStr('value')])
    this.putParams(this.getRun(String(p.run_id)), [[String(p.key), String(p.value)]])
    return ok({})
  }

  private setRunTag(c: Ctx): Reply {
    const p = this.runParams(c, [reqStr('key'), reqStr('value')])
    const run = this.getRun(String(p.run_id))
    validateTagName(String(p.key))
    run.tags.set(String(p.key), String(p.value))
    if (p.key === 'mlflow.runName') run.name = String(p.value)
    return ok({})
  }

  private putParams(run: StandinRun, params: Array<[string, string]>): void {
    for (const [key, value] of params) {
      validateTagName(key)
      const old = run.params.get(key)
      if (old !== undefined && old !== value) {
        throw invalid(
          `Changing param values is not allowed. Params were already logged='[{'key': '${key}', 'old_value': '${old}', 'new_value': '${value}'}]' for run ID='${run.id}'.`
        )
      }
    }
    for (const [key, value] of params) run.params.set(key, value)
  }

  private logBatch(c: Ctx): Reply {
    const p = this.runParams(c, [messages('metrics'), messages('params'), messages('tags')])
    const run = this.getRun(String(p.run_id))
    const metrics = (Array.isArray(p.metrics) ? p.metrics : []).filter(isPlainObject)
    for (const m of metrics) {
      if (typeof m.key !== 'string')
        throw invalid(`Missing value for required parameter 'metrics[0].key'. ${API_DOCS}`)
      validateTagName(m.key)
    }
    this.putParams(run, tagsFromParam(p.params))
    for (const m of metrics) {
      run.metrics.push({
        key: String(m.key),
        value: toFloat(m.value ?? 0),
        timestamp: m.timestamp === undefined ? Date.now() : toInt(m.timestamp),
        step: m.step === undefined ? 0 : toInt(m.step)
      })
    }
    for (const [key, value] of tagsFromParam(p.tags)) {
      validateTagName(key)
      run.tags.set(key, value)
    }
    return ok({})
  }

  private searchRuns(c: Ctx): Reply {
    const p = this.params(c, [
      strings('experiment_ids'),
      str('filter'),
      int('max_results', 50_000),
      strings('order_by'),
      str('page_token')
    ])
    const experimentIds = Array.isArray(p.experiment_ids) ? p.experiment_ids.map(String) : []
    const clauses = parseFilter(typeof p.filter === 'string' ? p.filter : undefined)
    const attrs = [
      'run_id',
      'run_name',
      'status',
      'user_id',
      'start_time',
      'end_time',
      'artifact_uri'
    ]
    const latestMetric = (run: StandinRun, key: string): number | undefined => {
      const data = this.runJson(run, true).data as {
        metrics?: Array<{ key: string; value: number }>
      }
      return data.metrics?.find((m) => m.key === key)?.value
    }
    const field = (
      run: StandinRun,
      type: Clause['type'],
      key: string
    ): string | number | undefined => {
      if (type === 'metric') return latestMetric(run, key)
      if (type === 'param') return run.params.get(key)
      if (type === 'tag') return run.tags.get(key)
      const info = this.runInfoJson(run)
      return info[key] as string | number | undefined
    }
    for (const cl of clauses) {
      if (cl.type === 'attribute' && !attrs.includes(cl.key)) {
        throw invalid(
          `Invalid attribute key '${cl.key}' specified. Valid keys are '${pyList(attrs)}'`
        )
      }
      const numeric = cl.type === 'metric' || cl.key === 'start_time' || cl.key === 'end_time'
      checkClause(cl, numeric ? NUMERIC_CMP : [...STRING_CMP, 'IN', 'NOT IN'], numeric)
    }
    let runs = [...this.state.runs.values()].filter(
      (r) =>
        experimentIds.includes(r.experimentId) &&
        r.lifecycleStage === 'active' &&
        clauses.every((cl) => compare(cl.comparator, field(r, cl.type, cl.key), cl.value))
    )
    const orderBy = Array.isArray(p.order_by) ? p.order_by.map(String) : []
    const keys = orderBy.map((o) => {
      const m = /^\s*(\S+|`[^`]+`)(?:\s+(asc|desc))?\s*$/i.exec(o)
      if (!m) throw invalid(`Invalid order_by clause '${o}'. Could not be parsed.`)
      const [clause] = parseFilter(`${m[1]} = 0`)
      return { ...clause, asc: (m[2] ?? 'asc').toLowerCase() === 'asc' }
    })
    runs = [...runs].sort((a, b) => {
      for (const k of keys) {
        const x = field(a, k.type, k.key)
        const y = field(b, k.type, k.key)
        if (x === y) continue
        if (x === undefined) return 1 // missing values sort last either way
        if (y === undefined) return -1
        return (x < y ? -1 : 1) * (k.asc ? 1 : -1)
      }
      return b.startTime - a.startTime || (a.id < b.id ? -1 : 1)
    })
    const max = p.max_results === undefined ? 1000 : toInt(p.max_results)
    const { page, next } = paginate(runs, max, p.page_token as string | undefined)
    return ok({
      runs: page.length ? page.map((r) => this.runJson(r, true)) : undefined,
      next_page_token: next
    })
  }

  private metricHistory(c: Ctx): Reply {
    const p = this.runParams(c, [reqStr('metric_key'), str('page_token'), int('max_results')])
    const run = this.getRun(String(p.run_id))
    // Quirk of this build (012): an omitted max_results is proto int32 default 0.
    const max = p.max_results === undefined ? 0 : toInt(p.max_results)
    const history = run.metrics
      .filter((m) => m.key === p.metric_key)
      .map((m, i) => ({ m, i }))
      .sort((a, b) => a.m.step - b.m.step || a.m.timestamp - b.m.timestamp || a.i - b.i)
      .map(({ m: { key, value, timestamp, step } }) => ({ key, value, timestamp, step }))
    const token = typeof p.page_token === 'string' ? p.page_token : undefined
    const offset = parsePageToken(token, true)
    const page = history.slice(offset, offset + max)
    const next = offset + max < history.length ? createPageToken(offset + max) : undefined
    return ok({ metrics: page.length ? page : undefined, next_page_token: next })
  }

  // ---- registry handlers -----------------------------------------------------------------

  private createModel(c: Ctx): Reply {
    const p = this.params(c, [reqStr('name'), messages('tags'), str('description')])
    const name = String(p.name)
    const tags = tagsFromParam(p.tags)
    for (const [k, v] of tags) validateRegistryTag(k, v)
    if (this.state.models.has(name)) {
      throw new MlflowError(
        'RESOURCE_ALREADY_EXISTS',
        `Registered Model (name=${name}) already exists.`
      )
    }
    const description = typeof p.description === 'string' ? p.description : ''
    const m = this.newModel(name, description, tags, Date.now())
    // The basic-auth app gives the creator MANAGE on what they create.
    if (c.user && !c.user.isAdmin) c.user.modelPermissions.set(name, 'MANAGE')
    this.emit('registered_model', 'created', {
      name,
      tags: Object.fromEntries(m.tags),
      description
    })
    return ok({ registered_model: this.modelJson(m) })
  }

  private getModelHandler(c: Ctx): Reply {
    const p = this.params(c, [reqStr('name')])
    return ok({ registered_model: this.modelJson(this.getModel(String(p.name))) })
  }

  private searchModels(c: Ctx): Reply {
    const p = this.params(c, [
      str('filter'),
      int('max_results', 1000),
      strings('order_by'),
      str('page_token')
    ])
    const clauses = parseFilter(typeof p.filter === 'string' ? p.filter : undefined)
    for (const cl of clauses) {
      if (cl.type === 'attribute' && cl.key !== 'name') {
        throw invalid(`Invalid attribute key '${cl.key}' specified. Valid keys are '{'name'}'`)
      }
      if (cl.type !== 'attribute' && cl.type !== 'tag') {
        throw invalid(`Invalid entity type '${cl.type}'. Valid values are ['tag', 'attribute']`)
      }
      checkClause(cl, STRING_CMP, false)
    }
    const order = [
      ...parseOrderBy(
        Array.isArray(p.order_by) ? p.order_by.map(String) : [],
        ['name', 'creation_timestamp', 'last_updated_timestamp', 'timestamp'],
        "{'name', 'creation_timestamp', 'last_updated_timestamp', 'timestamp'}"
      ),
      { key: 'name', asc: true }
    ]
    const models = [...this.state.models.values()].filter(
      (m) =>
        m.tags.get(PROMPT_TAG) !== 'true' &&
        this.canRead(c.user, m.name) &&
        clauses.every((cl) =>
          compare(cl.comparator, cl.type === 'tag' ? m.tags.get(cl.key) : m.name, cl.value)
        )
    )
    const sorted = sortBy(models, order, (m, key) =>
      key === 'name'
        ? m.name
        : key === 'last_updated_timestamp'
          ? m.lastUpdatedTimestamp
          : m.creationTimestamp
    )
    const max = p.max_results === undefined ? 100 : toInt(p.max_results)
    const { page, next } = paginate(sorted, max, p.page_token as string | undefined)
    return ok({
      registered_models: page.length ? page.map((m) => this.modelJson(m)) : undefined,
      next_page_token: next
    })
  }

  private renameModel(c: Ctx): Reply {
    const p = this.params(c, [reqStr('name'), reqStr('new_name')])
    const m = this.getModel(String(p.name))
    const newName = String(p.new_name)
    if (this.state.models.has(newName)) {
      throw new MlflowError(
        'RESOURCE_ALREADY_EXISTS',
        `Registered Model (name=${newName}) already exists.`
      )
    }
    this.state.models.delete(m.name)
    for (const u of this.state.users.values()) {
      const perm = u.modelPermissions.get(m.name)
      if (perm) {
        u.modelPermissions.delete(m.name)
        u.modelPermissions.set(newName, perm)
      }
    }
    m.name = newName
    for (const mv of m.versions.values()) mv.name = newName
    m.lastUpdatedTimestamp = Date.now()
    this.state.models.set(newName, m)
    return ok({ registered_model: this.modelJson(m) })
  }

  private updateModel(c: Ctx): Reply {
    const p = this.params(c, [reqStr('name'), str('description')])
    const m = this.getModel(String(p.name))
    if (typeof p.description === 'string') m.description = p.description
    m.lastUpdatedTimestamp = Date.now()
    return ok({ registered_model: this.modelJson(m) })
  }

  private deleteModel(c: Ctx): Reply {
    const p = this.params(c, [reqStr('name')])
    const m = this.getModel(String(p.name))
    this.state.models.delete(m.name)
    return ok({})
  }

  private getLatest(c: Ctx): Reply {
    const p = this.params(c, [reqStr('name'), strings('stages')])
    const m = this.getModel(String(p.name))
    const stages = Array.isArray(p.stages) ? p.stages.map(String) : []
    const versions = this.latestVersions(m, stages).map((mv) =>
      this.versionJson(mv, { aliases: true })
    )
    return ok({ model_versions: versions.length ? versions : undefined })
  }

  private setModelTag(c: Ctx): Reply {
    const p = this.params(c, [reqStr('name'), reqStr('key'), reqStr('value')])
    validateRegistryTag(String(p.key), String(p.value))
    this.getModel(String(p.name)).tags.set(String(p.key), String(p.value))
    return ok({})
  }

  private deleteModelTag(c: Ctx): Reply {
    const p = this.params(c, [reqStr('name'), reqStr('key')])
    validateTagName(String(p.key))
    this.getModel(String(p.name)).tags.delete(String(p.key))
    return ok({})
  }

  private setAliasHandler(c: Ctx): Reply {
    const p = this.params(c, [reqStr('name'), reqStr('alias'), reqStr('version')])
    const name = String(p.name)
    const alias = String(p.alias)
    const version = String(p.version)
    validateAliasName(alias)
    const mv = this.getVersion(name, version)
    // An upsert: moving an alias is one call (023).
    this.getModel(name).aliases.set(alias, mv.version)
    this.emit('model_version_alias', 'created', { name, alias, version })
    return ok({})
  }

  private deleteAliasHandler(c: Ctx): Reply {
    const p = this.params(c, [reqStr('name'), reqStr('alias')])
    const name = String(p.name)
    const alias = String(p.alias)
    // Unknown model → 404 (069); unknown alias on a known model → 200 (068).
    this.getModel(name).aliases.delete(alias)
    this.emit('model_version_alias', 'deleted', { name, alias })
    return ok({})
  }

  private getByAlias(c: Ctx): Reply {
    const p = this.params(c, [reqStr('name'), reqStr('alias')])
    const name = String(p.name)
    const alias = String(p.alias)
    let mv: StandinModelVersion | undefined
    if (alias.toLowerCase() === 'latest') {
      // The reserved alias resolves to get_latest_versions(name)[0] (026).
      mv = this.latestVersions(this.getModel(name))[0]
    } else {
      const version = this.state.models.get(name)?.aliases.get(alias)
      mv = version === undefined ? undefined : this.state.models.get(name)?.versions.get(version)
    }
    // 400, not 404, for an unknown alias and for an unknown model (051, 052).
    if (!mv) throw invalid(`Registered model alias ${alias} not found.`)
    return ok({ model_version: this.versionJson(mv, { aliases: true }) })
  }

  private createVersion(c: Ctx): Reply {
    const p = this.params(c, [
      reqStr('name'),
      reqStr('source'),
      str('run_id'),
      messages('tags'),
      str('run_link'),
      str('description'),
      str('model_id')
    ])
    const name = String(p.name)
    const source = String(p.source)
    const runId = typeof p.run_id === 'string' ? p.run_id : ''
    this.validateSource(source, runId)
    const tags = tagsFromParam(p.tags)
    for (const [k, v] of tags) validateRegistryTag(k, v)
    const m = this.getModel(name)
    const mv = this.newVersion(m, {
      source,
      runId,
      description: typeof p.description === 'string' ? p.description : '',
      tags,
      runLink: typeof p.run_link === 'string' ? p.run_link : ''
    })
    this.emit('model_version', 'created', {
      name,
      version: String(mv.version),
      source,
      run_id: runId || null,
      tags: Object.fromEntries(mv.tags),
      description: typeof p.description === 'string' ? p.description : null
    })
    return ok({ model_version: this.versionJson(mv, { aliases: true }) })
  }

  /** handlers.py:_validate_source_run and _validate_non_local_source_contains_relative_paths. */
  private validateSource(source: string, runId: string): void {
    if (source.startsWith('models:/')) return
    const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(source)?.[1]?.toLowerCase()
    if (!scheme || scheme === 'file') {
      const localPath = (scheme ? new URL(source).pathname : source).replace(/\/+$/, '')
      let shown = source
      if (runId) {
        const run = this.getRun(runId)
        const resolved = posix.resolve('/', decodeURIComponent(localPath))
        shown = resolved
        const root = run.artifactUri.startsWith('/') ? posix.resolve(run.artifactUri) : undefined
        if (root && (resolved === root || resolved.startsWith(root + '/'))) return
      }
      throw invalid(
        `Invalid model version source: '${shown}'. To use a local path as a model version source, the run_id request parameter has to be specified and the local path has to be contained within the artifact directory of the run specified by the run_id.`
      )
    }
    let decoded = source
    for (let prev = ''; prev !== decoded;) {
      prev = decoded
      try {
        decoded = decodeURIComponent(decoded.replace(/\+/g, ' '))
      } catch {
        break
      }
    }
    let sourcePath: string
    try {
      sourcePath = new URL(decoded).pathname
    } catch {
      sourcePath = decoded.replace(/^[^:]*:/, '')
    }
    sourcePath = sourcePath.replace(/\/+$/, '').replace(/\/+/g, '/')
    const resolved = sourcePath && posix.resolve('/', sourcePath)
    if (
      decoded.includes('\0') ||
      decoded.split('/').includes('..') ||
      (sourcePath !== '' && resolved !== sourcePath)
    ) {
      throw invalid(
        `Invalid model version source: '${source}'. If supplying a source as an http, https, local file path, ftp, objectstore, or mlflow-artifacts uri, an absolute path must be provided without relative path references present. Please provide an absolute path.`
      )
    }
  }

  private getVersionHandler(c: Ctx): Reply {
    const p = this.params(c, [reqStr('name'), reqStr('version')])
    const mv = this.getVersion(String(p.name), String(p.version))
    return ok({ model_version: this.versionJson(mv, { aliases: true }) })
  }

  private updateVersion(c: Ctx): Reply {
    const p = this.params(c, [reqStr('name'), reqStr('version'), str('description')])
    const mv = this.getVersion(String(p.name), String(p.version))
    if (typeof p.description === 'string') mv.description = p.description
    mv.lastUpdatedTimestamp = Date.now()
    return ok({ model_version: this.versionJson(mv, { aliases: true }) })
  }

  private deleteVersion(c: Ctx): Reply {
    const p = this.params(c, [reqStr('name'), reqStr('version')])
    const mv = this.getVersion(String(p.name), String(p.version))
    const m = this.getModel(mv.name)
    m.versions.delete(mv.version)
    // Aliases on a deleted version go with it.
    for (const [alias, v] of m.aliases) if (v === mv.version) m.aliases.delete(alias)
    return ok({})
  }

  private transitionStage(c: Ctx): Reply {
    const p = this.params(c, [
      reqStr('name'),
      reqStr('version'),
      reqStr('stage'),
      { ...bool('archive_existing_versions'), checks: ['bool', 'required'] }
    ])
    const mv = this.getVersion(String(p.name), String(p.version))
    const stage = canonicalStage(String(p.stage))
    const now = Date.now()
    const archive = p.archive_existing_versions === true || p.archive_existing_versions === 'true'
    if (archive && (stage === 'Staging' || stage === 'Production')) {
      for (const other of this.getModel(mv.name).versions.values()) {
        if (other !== mv && other.currentStage === stage) {
          other.currentStage = 'Archived'
          other.lastUpdatedTimestamp = now
        }
      }
    }
    mv.currentStage = stage
    mv.lastUpdatedTimestamp = now
    return ok({ model_version: this.versionJson(mv, { aliases: true }) })
  }

  private searchVersions(c: Ctx): Reply {
    const p = this.params(c, [
      str('filter'),
      int('max_results', 200_000),
      strings('order_by'),
      str('page_token')
    ])
    const clauses = parseFilter(typeof p.filter === 'string' ? p.filter : undefined)
    const attrs = ['name', 'version_number', 'run_id', 'source_path']
    for (const cl of clauses) {
      if (cl.type === 'attribute' && !attrs.includes(cl.key)) {
        // The set's repr as the real server printed it (038).
        throw invalid(
          `Invalid attribute key '${cl.key}' specified. Valid keys are '{'version_number', 'run_id', 'source_path', 'name'}'`
        )
      }
      if (cl.type !== 'attribute' && cl.type !== 'tag') {
        throw invalid(`Invalid entity type '${cl.type}'. Valid values are ['tag', 'attribute']`)
      }
      const numeric = cl.key === 'version_number' && cl.type === 'attribute'
      const allowed =
        cl.type === 'tag'
          ? STRING_CMP
          : numeric
            ? [...NUMERIC_CMP, 'IN', 'NOT IN']
            : [...STRING_CMP, 'IN', 'NOT IN']
      checkClause(cl, allowed, numeric)
    }
    const field = (mv: StandinModelVersion, cl: Clause): string | number | undefined => {
      if (cl.type === 'tag') return mv.tags.get(cl.key)
      if (cl.key === 'version_number') return mv.version
      if (cl.key === 'run_id') return mv.runId
      if (cl.key === 'source_path') return mv.source
      return mv.name
    }
    const versions = [...this.state.models.values()]
      .filter((m) => m.tags.get(PROMPT_TAG) !== 'true' && this.canRead(c.user, m.name))
      .flatMap((m) => [...m.versions.values()])
      .filter((mv) => clauses.every((cl) => compare(cl.comparator, field(mv, cl), cl.value)))
    const valid = [
      'name',
      'version_number',
      'creation_timestamp',
      'last_updated_timestamp',
      'timestamp'
    ]
    const requested = parseOrderBy(
      Array.isArray(p.order_by) ? p.order_by.map(String) : [],
      valid,
      "{'name', 'version_number', 'creation_timestamp', 'last_updated_timestamp', 'timestamp'}"
    )
    // The default order, also the tie-breakers after an explicit order_by.
    const defaults: OrderKey[] = [
      { key: 'last_updated_timestamp', asc: false },
      { key: 'name', asc: true },
      { key: 'version_number', asc: false }
    ]
    const order = [...requested, ...defaults.filter((d) => !requested.some((r) => r.key === d.key))]
    const sorted = sortBy(versions, order, (mv, key) =>
      key === 'name'
        ? mv.name
        : key === 'version_number'
          ? mv.version
          : key === 'last_updated_timestamp'
            ? mv.lastUpdatedTimestamp
            : mv.creationTimestamp
    )
    const max = p.max_results === undefined ? 10_000 : toInt(p.max_results)
    const { page, next } = paginate(sorted, max, p.page_token as string | undefined)
    // Search results never carry aliases (034–037), even for aliased versions.
    return ok({
      model_versions: page.length
        ? page.map((mv) => this.versionJson(mv, { aliases: false }))
        : undefined,
      next_page_token: next
    })
  }

  private downloadUri(c: Ctx): Reply {
    const p = this.params(c, [reqStr('name'), reqStr('version')])
    return ok({ artifact_uri: this.getVersion(String(p.name), String(p.version)).source })
  }

  private setVersionTagHandler(c: Ctx): Reply {
    const p = this.params(c, [reqStr('name'), reqStr('version'), reqStr('key'), reqStr('value')])
    const name = String(p.name)
    const version = String(p.version)
    parseVersion(version)
    validateRegistryTag(String(p.key), String(p.value))
    this.getVersion(name, version).tags.set(String(p.key), String(p.value))
    this.emit('model_version_tag', 'set', {
      name,
      version,
      key: String(p.key),
      value: String(p.value)
    })
    return ok({})
  }

  private deleteVersionTag(c: Ctx): Reply {
    const p = this.params(c, [reqStr('name'), reqStr('version'), reqStr('key')])
    const name = String(p.name)
    const version = String(p.version)
    parseVersion(version)
    validateTagName(String(p.key))
    this.getVersion(name, version).tags.delete(String(p.key))
    this.emit('model_version_tag', 'deleted', { name, version, key: String(p.key) })
    return ok({})
  }

  // ---- webhook handlers ------------------------------------------------------------------

  private createWebhook(c: Ctx): Reply {
    const p = this.params(c, [
      reqStr('name'),
      reqStr('url'),
      messages('events', true),
      str('description'),
      str('secret'),
      str('status')
    ])
    const events = this.parseEvents(p.events)
    const url = String(p.url)
    this.validateWebhookUrl(url)
    const now = Date.now()
    const w: StandinWebhook = {
      id: randomUUID(),
      name: String(p.name),
      description: typeof p.description === 'string' ? p.description : '',
      url,
      events,
      status: p.status === undefined ? 'ACTIVE' : this.webhookStatus(p.status),
      secret: typeof p.secret === 'string' ? p.secret : '',
      creationTimestamp: now,
      lastUpdatedTimestamp: now
    }
    this.state.webhooks.set(w.id, w)
    return ok({ webhook: this.webhookJson(w) })
  }

  private listWebhooks(c: Ctx): Reply {
    const p = this.params(c, [int('max_results', 1000), str('page_token')])
    const all = [...this.state.webhooks.values()]
    const max = p.max_results === undefined ? 100 : toInt(p.max_results)
    const { page, next } = paginate(all, max, p.page_token as string | undefined)
    return ok({
      webhooks: page.length ? page.map((w) => this.webhookJson(w)) : undefined,
      next_page_token: next
    })
  }

  private updateWebhook(c: Ctx): Reply {
    const w = this.getWebhook(c.id ?? '')
    const p = this.params(c, [
      str('name'),
      str('description'),
      str('url'),
      messages('events'),
      str('secret'),
      str('status')
    ])
    if (p.events !== undefined) w.events = this.parseEvents(p.events)
    if (typeof p.url === 'string' && p.url) {
      this.validateWebhookUrl(p.url)
      w.url = p.url
    }
    if (typeof p.name === 'string' && p.name) w.name = p.name
    if (typeof p.description === 'string') w.description = p.description
    if (typeof p.secret === 'string') w.secret = p.secret
    if (p.status !== undefined) w.status = this.webhookStatus(p.status)
    w.lastUpdatedTimestamp = Date.now()
    return ok({ webhook: this.webhookJson(w) })
  }

  private deleteWebhook(c: Ctx): Reply {
    const w = this.getWebhook(c.id ?? '')
    this.state.webhooks.delete(w.id)
    return ok({})
  }

  /** Sends an example payload for the event and reports what the receiver answered (108). */
  private async testWebhook(c: Ctx): Promise<Reply> {
    const w = this.getWebhook(c.id ?? '')
    const p = this.params(c, [])
    const requested = isPlainObject(p.event) ? p.event : undefined
    const event = requested
      ? this.parseEvents([requested])[0]
      : (w.events[0] ?? { entity: 'registered_model', action: 'created' })
    const key = `${event.entity}.${event.action}`
    const data = WEBHOOK_EXAMPLES[key] ?? { name: 'example_prompt' }
    const record = await this.deliver(w, event.entity, event.action, data)
    const result =
      record.status === undefined
        ? { success: false, error_message: `Failed to test webhook: ${record.error ?? ''}` }
        : {
            success: record.status >= 200 && record.status < 300,
            response_status: record.status,
            response_body: record.responseBody
          }
    return ok({ result })
  }

  // ---- basic-auth admin handlers ---------------------------------------------------------

  private createUser(c: Ctx): Reply {
    const p = this.params(c, [reqStr('username'), reqStr('password')])
    const username = String(p.username)
    if (this.state.users.has(username)) {
      throw new MlflowError('RESOURCE_ALREADY_EXISTS', `User '${username}' already exists.`)
    }
    return jsonify({ user: this.userJson(this.addUser(username, String(p.password), false)) })
  }

  private requireUser(username: string): StandinUser {
    const u = this.state.users.get(username)
    if (!u) throw notFound(`User with username=${username} not found`)
    return u
  }

  private getUser(c: Ctx): Reply {
    const p = this.params(c, [reqStr('username')])
    return jsonify({ user: this.userJson(this.requireUser(String(p.username))) })
  }

  private updateUserAdmin(c: Ctx): Reply {
    const p = this.params(c, [reqStr('username'), bool('is_admin')])
    this.requireUser(String(p.username)).isAdmin = p.is_admin === true
    return jsonify({})
  }

  private deleteUser(c: Ctx): Reply {
    const p = this.params(c, [reqStr('username')])
    this.state.users.delete(this.requireUser(String(p.username)).username)
    return jsonify({})
  }

  private permissionParam(v: unknown): Permission {
    const perm = String(v) as Permission
    if (!PERMISSIONS.includes(perm)) {
      throw invalid(
        `Invalid permission '${String(v)}'. Valid permissions are: ('READ', 'EDIT', 'MANAGE', 'NO_PERMISSIONS')`
      )
    }
    return perm
  }

  private createModelPermission(c: Ctx): Reply {
    const p = this.params(c, [reqStr('name'), reqStr('username'), reqStr('permission')])
    const name = String(p.name)
    const user = this.requireUser(String(p.username))
    const permission = this.permissionParam(p.permission)
    if (user.modelPermissions.has(name)) {
      throw new MlflowError(
        'RESOURCE_ALREADY_EXISTS',
        `Registered model permission (name=${name}, username=${user.username}) already exists.`
      )
    }
    user.modelPermissions.set(name, permission)
    return jsonify({ registered_model_permission: { name, permission, user_id: user.id } })
  }

  private getModelPermission(c: Ctx): Reply {
    const p = this.params(c, [reqStr('name'), reqStr('username')])
    const name = String(p.name)
    const user = this.requireUser(String(p.username))
    const permission = user.modelPermissions.get(name)
    if (!permission) {
      throw notFound(
        `Registered model permission with name=${name} and username=${user.username} not found`
      )
    }
    return jsonify({ registered_model_permission: { name, permission, user_id: user.id } })
  }

  private updateModelPermission(c: Ctx): Reply {
    const p = this.params(c, [reqStr('name'), reqStr('username'), reqStr('permission')])
    const name = String(p.name)
    const user = this.requireUser(String(p.username))
    if (!user.modelPermissions.has(name)) {
      throw notFound(
        `Registered model permission with name=${name} and username=${user.username} not found`
      )
    }
    user.modelPermissions.set(name, this.permissionParam(p.permission))
    return jsonify({})
  }

  private deleteModelPermission(c: Ctx): Reply {
    const p = this.params(c, [reqStr('name'), reqStr('username')])
    const user = this.requireUser(String(p.username))
    if (!user.modelPermissions.delete(String(p.name))) {
      throw notFound(
        `Registered model permission with name=${String(p.name)} and username=${user.username} not found`
      )
    }
    return jsonify({})
  }

  private createExperimentPermission(c: Ctx): Reply {
    const p = this.params(c, [reqStr('experiment_id'), reqStr('username'), reqStr('permission')])
    const id = String(p.experiment_id)
    const user = this.requireUser(String(p.username))
    const permission = this.permissionParam(p.permission)
    user.experimentPermissions.set(id, permission)
    return jsonify({ experiment_permission: { experiment_id: id, permission, user_id: user.id } })
  }
}

// ---------------------------------------------------------------------------------------------
// Module-level helpers used by the server

function errorReply(e: MlflowError): Reply {
  // Error bodies are single-line json.dumps output (with its ", " and ": " separators).
  return {
    status: ERROR_STATUS[e.code],
    contentType: JSON_TYPE,
    body: pyDumps({ error_code: e.code, message: e.message })
  }
}

function toReply(r: StandinResponse): Reply {
  if (typeof r.body === 'string' || r.body === undefined) {
    const body = r.body ?? ''
    const looksJson = /^\s*[[{]/.test(body)
    return {
      status: r.status,
      contentType: r.contentType ?? (body ? (looksJson ? JSON_TYPE : 'text/plain') : undefined),
      body,
      headers: r.headers
    }
  }
  return {
    status: r.status,
    contentType: r.contentType ?? JSON_TYPE,
    body: JSON.stringify(r.body),
    headers: r.headers
  }
}

function queryRecord(params: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {}
  for (const key of new Set(params.keys())) {
    const all = params.getAll(key)
    out[key] = all.length > 1 ? all : all[0]
  }
  return out
}

function parseBodyForLog(raw: string): unknown {
  if (raw === '') return undefined
  try {
    return JSON.parse(raw) as unknown
  } catch {
    return raw
  }
}

/** get_json(force=True, silent=True): bad JSON reads as no body; a JSON string is decoded again. */
function jsonBody(raw: string): Record<string, unknown> {
  let v: unknown
  try {
    v = JSON.parse(raw)
    if (typeof v === 'string') v = JSON.parse(v)
  } catch {
    v = undefined
  }
  return isPlainObject(v) ? v : {}
}

/** Parameters as the auth layer reads them: query for GET, JSON body otherwise. */
function rawParams(c: Ctx): Record<string, unknown> {
  if (c.method === 'GET' && c.queryString !== '') {
    return Object.fromEntries([...c.query.keys()].map((k) => [k, c.query.get(k)]))
  }
  return jsonBody(c.rawBody)
}
