import { readFile } from 'node:fs/promises'
import YAML, { type Alias, LineCounter } from 'yaml'
import { z } from 'zod'
import { type ErrorPlace, GateError } from '../errors.js'
import { nearest } from '../nearest.js'
import { conditionProblems } from './lineage-keys.js'
import {
  DatasetSourceKeys,
  Duration,
  durationMs,
  EndpointSourceKeys,
  FileSourceKeys,
  Headers,
  checkPrometheusGate,
  MlflowSourceKeys,
  PrometheusSourceKeys,
  WandbSourceKeys
} from './sources.js'

export { durationMs }

/**
 * The gate config file (SPEC §3): YAML, snake_case keys, validated strictly. Every problem is
 * reported with its path (`gates[1].min`) and, for a misspelt key, the nearest valid one.
 */

const GateName = z
  .string()
  .min(1)
  .max(64)
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9_.-]*$/,
    'gate names may use letters, digits, _ . and - (they become registry tag keys)'
  )

const common = {
  name: GateName,
  enforce: z.boolean().default(true),
  timeout: Duration.optional()
}

/** What every metric gate has, whatever its source: the metric and its limits. */
const metricKeys = {
  ...common,
  type: z.literal('metric'),
  metric: z.string().min(1),
  min: z.number().optional(),
  max: z.number().optional(),
  /** `point` judges the value; `interval` judges its confidence interval (SPEC §9). */
  decide_on: z.enum(['point', 'interval']).default('point'),
  confidence: z.number().gt(0.5).lt(1).default(0.95)
}

const withThreshold = {
  check: (g: { min?: number; max?: number }) => g.min !== undefined || g.max !== undefined,
  params: { message: 'a metric gate needs a threshold: set min, max or both', path: ['min'] }
}

/** One schema per `source` (src/settings/sources.ts); `endpoint` when none is given. */
export const MetricGateSchema = z
  .discriminatedUnion('source', [
    z.strictObject({ ...metricKeys, ...EndpointSourceKeys }),
    z.strictObject({ ...metricKeys, ...MlflowSourceKeys }),
    z.strictObject({ ...metricKeys, ...FileSourceKeys }),
    z.strictObject({ ...metricKeys, ...WandbSourceKeys }),
    z.strictObject({ ...metricKeys, ...DatasetSourceKeys }),
    z.strictObject({ ...metricKeys, ...PrometheusSourceKeys })
  ])
  .refine(withThreshold.check, withThreshold.params)
  .superRefine(checkPrometheusGate)

const METRIC_SOURCES = ['endpoint', 'mlflow', 'file', 'wandb', 'dataset', 'prometheus'] as const

export const RegressionGateSchema = z.strictObject({
  ...common,
  type: z.literal('regression'),
  of: GateName,
  against: z.literal('champion').default('champion'),
  max_drop: z.number().min(0),
  confidence: z.number().gt(0.5).lt(1).default(0.95),
  higher_is_better: z.boolean().optional(),
  on_inconclusive: z.enum(['fail', 'pass', 'neutral']).default('fail'),
  /**
   * Items that only one of the two results holds and that may count against the candidate
   * (worst-case imputation); more make the gate an error. Default 0: both on the same items.
   */
  max_missing: z.number().int().min(0).default(0),
  resamples: z.number().int().min(100).max(1_000_000).default(10_000),
  seed: z.number().int().min(0).optional()
})

export const LatencyGateSchema = z
  .strictObject({
    ...common,
    type: z.literal('latency'),
    target: z.string().min(1),
    method: z.enum(['GET', 'POST', 'PUT']).default('POST'),
    headers: Headers.optional(),
    body: z.unknown().optional(),
    requests: z.number().int().min(1).max(10_000_000).default(1000),
    rate: z.number().positive().max(100_000).optional(),
    concurrency: z.number().int().min(1).max(10_000).optional(),
    warmup: z.number().int().min(0).optional(),
    p99_ms: z.number().positive().optional(),
    ttft_p99_ms: z.number().positive().optional(),
    itl_p99_ms: z.number().positive().optional(),
    max_error_rate: z.number().min(0).max(1).default(0.01),
    request_timeout_ms: z.number().int().positive().default(30_000),
    confidence: z.number().gt(0.5).lt(1).default(0.95),
    stream: z.boolean().default(false),
    /**
     * Correlated requests (slow answers clustered in time): `widen` computes the p99 interval for
     * the effective n; `report` only notes it beside the independent interval (README Measurement).
     */
    correlation: z.enum(['report', 'widen']).default('widen')
  })
  .refine((g) => !(g.rate !== undefined && g.concurrency !== undefined), {
    message: 'set either rate (open model) or concurrency (closed model), not both',
    path: ['rate']
  })
  .refine(
    (g) => g.p99_ms !== undefined || g.ttft_p99_ms !== undefined || g.itl_p99_ms !== undefined,
    { message: 'a latency gate needs p99_ms (or ttft_p99_ms / itl_p99_ms)', path: ['p99_ms'] }
  )

const LineageConditionSchema = z
  .strictObject({
    key: z.string().min(1),
    present: z.boolean().optional(),
    equals: z.union([z.string(), z.number(), z.boolean()]).optional(),
    matches: z.string().optional(),
    min: z.number().optional(),
    max: z.number().optional(),
    equals_champion: z.boolean().optional()
  })
  .superRefine((c, ctx) => {
    for (const p of conditionProblems(c))
      ctx.addIssue({ code: 'custom', path: p.path, message: p.message })
  })

export const LineageGateSchema = z.strictObject({
  ...common,
  type: z.literal('lineage'),
  require: z.array(LineageConditionSchema).min(1),
  allow_base_change: z.boolean().default(false)
})

const GATE_SCHEMAS = {
  metric: MetricGateSchema,
  regression: RegressionGateSchema,
  latency: LatencyGateSchema,
  lineage: LineageGateSchema
} as const
export type GateType = keyof typeof GATE_SCHEMAS

const GateSchema = z.discriminatedUnion('type', [
  MetricGateSchema,
  RegressionGateSchema,
  LatencyGateSchema,
  LineageGateSchema
])

const RegistrySchema = z.strictObject({
  type: z.enum(['mlflow', 'wandb']).optional(),
  uri: z.string().min(1).optional()
})

const PromoteSchema = z.strictObject({
  alias: z.string().min(1).optional(),
  previous_alias: z.string().min(1).optional(),
  require_newer: z.boolean().default(true)
})

const BuildSchema = z.strictObject({
  command: z.string().min(1),
  timeout_minutes: z.number().positive().max(360).default(30),
  on_failure: z.enum(['restore', 'keep']).default('restore')
})

const ReportSchema = z.strictObject({
  summary: z.boolean().default(true),
  check_run: z.boolean().default(true),
  pr_comment: z.boolean().default(true),
  deployment: z.string().min(1).optional()
})

const HttpSchema = z.strictObject({
  retries: z.number().int().min(0).max(10).optional(),
  connect_timeout: Duration.optional(),
  response_timeout: Duration.optional(),
  max_response_mb: z.number().positive().max(1024).optional()
})

const ConfigSchema = z
  .strictObject({
    registry: RegistrySchema.optional(),
    promote: PromoteSchema.default({ require_newer: true }),
    gates: z.array(GateSchema).min(1, 'list at least one gate'),
    build: BuildSchema.optional(),
    report: ReportSchema.default({
      summary: true,
      check_run: true,
      pr_comment: true
    }),
    allowed_hosts: z.array(z.string().min(1)).optional(),
    http: HttpSchema.optional(),
    regression_correction: z.enum(['none', 'holm']).default('none')
  })
  .superRefine((cfg, ctx) => {
    const names = new Map<string, number>()
    cfg.gates.forEach((g, i) => {
      if (names.has(g.name))
        ctx.addIssue({
          code: 'custom',
          path: ['gates', i, 'name'],
          message: `duplicate gate name '${g.name}' (also gates[${names.get(g.name)}])`
        })
      names.set(g.name, i)
    })
    cfg.gates.forEach((g, i) => {
      if (g.type !== 'regression') return
      const target = cfg.gates.find((o) => o.name === g.of)
      if (!target || target.type !== 'metric') {
        const metricNames = cfg.gates.filter((o) => o.type === 'metric').map((o) => o.name)
        const hint = nearest(g.of, metricNames)
        ctx.addIssue({
          code: 'custom',
          path: ['gates', i, 'of'],
          message:
            `'${g.of}' is not the name of a metric gate` +
            (hint.length
              ? ` (did you mean '${hint[0]}'?)`
              : ` (metric gates: ${metricNames.join(', ') || 'none'})`)
        })
      } else if (target.source === 'prometheus')
        // Its values are live readings with no items or n: a regression could never be judged.
        ctx.addIssue({
          code: 'custom',
          path: ['gates', i, 'of'],
          message:
            `'${g.of}' reads Prometheus, whose readings have no per-item results or n to compare ` +
            'two versions on: compare the canary with the champion in the query itself ' +
            '(a ratio or difference of the two series) and give it a max'
        })
    })
  })

export type Config = z.infer<typeof ConfigSchema>
export type GateConfig = Config['gates'][number]
export type MetricGateConfig = z.infer<typeof MetricGateSchema>
type MetricSourceKind = MetricGateConfig['source']
/** The config of a metric gate reading from one kind of source. */
export type MetricGateOf<K extends MetricSourceKind> = Extract<MetricGateConfig, { source: K }>
export type RegressionGateConfig = z.infer<typeof RegressionGateSchema>
export type LatencyGateConfig = z.infer<typeof LatencyGateSchema>
export type LineageGateConfig = z.infer<typeof LineageGateSchema>

/** `gates[1].min`: the path as a user would write it. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = ''
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`
    else out += out ? `.${showKey(String(p))}` : showKey(String(p))
  }
  return out || '(top level)'
}

/**
 * A key from the user's file as messages show it: plain names as they are; anything else quoted,
 * clipped and with invisible characters escaped, so a key cannot forge lines in a log, a workflow
 * command or a wall of text in the summary.
 */
function showKey(key: string): string {
  if (/^[A-Za-z0-9_-]{1,64}$/.test(key)) return key
  return quoteValue(key)
}

/** A user-supplied string, quoted for a message: at most 40 characters, controls escaped. */
function quoteValue(value: string): string {
  return `"${escapeText(value, 40).replace(/"/g, '\\"')}"`
}

/** Text that may quote the user's file, safe in a one-line message: clipped, controls escaped. */
function escapeText(value: string, max: number): string {
  const chars = [...value]
  const clipped = chars.length > max ? `${chars.slice(0, max).join('')}…` : value
  // C0/C1 controls, backslashes, line/paragraph separators, bidi and zero-width marks.
  return clipped.replace(
    // eslint-disable-next-line no-control-regex -- escaping control characters is the point
    /[\u0000-\u001f\u007f-\u009f\\\u2028\u2029\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g,
    (c) => (c === '\\' ? '\\\\' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
  )
}

interface ZodDefLike {
  type: string
  shape?: Record<string, z.ZodType>
  innerType?: z.ZodType
  in?: z.ZodType
  element?: z.ZodType
  options?: z.ZodType[]
  valueType?: z.ZodType
}
const defOf = (s: z.ZodType): ZodDefLike => (s as unknown as { _zod: { def: ZodDefLike } })._zod.def

/** The schema that describes the value at `path`, choosing union members by the raw value's `type`. */
function schemaAt(
  schema: z.ZodType,
  path: ReadonlyArray<PropertyKey>,
  raw: unknown
): z.ZodType | undefined {
  let s: z.ZodType | undefined = schema
  let value = raw
  const unwrap = (x: z.ZodType): z.ZodType => {
    let cur = x
    for (;;) {
      const d = defOf(cur)
      if ((d.type === 'optional' || d.type === 'default' || d.type === 'nullable') && d.innerType)
        cur = d.innerType
      else if (d.type === 'pipe' && d.in) cur = d.in
      else if (d.type === 'union' && d.options) {
        const match = d.options.find((o) => optionMatches(o, value))
        if (!match) return cur
        cur = match
      } else return cur
    }
  }
  for (const key of path) {
    if (!s) return undefined
    s = unwrap(s)
    const d = defOf(s)
    value = (value as Record<PropertyKey, unknown> | undefined)?.[key]
    if (d.type === 'object' && d.shape && typeof key === 'string') s = d.shape[key]
    else if (d.type === 'array' && d.element) s = d.element
    else if (d.type === 'record' && d.valueType) s = d.valueType
    else return undefined
  }
  return s ? unwrap(s) : undefined
}
/** The keys that choose a union member: a gate's `type`, a metric gate's `source`. */
const DISCRIMINATORS = ['type', 'source']

/** Whether a union member (possibly itself a union) is the one the raw value's keys choose. */
function optionMatches(option: z.ZodType, value: unknown): boolean {
  const d = defOf(unwrapPlain(option))
  if (d.type === 'union' && d.options) return d.options.some((o) => optionMatches(o, value))
  const shape = d.shape
  if (!shape) return false
  return DISCRIMINATORS.every((k) => {
    if (!shape[k]) return true
    const given = (value as Record<string, unknown> | undefined)?.[k]
    if (given === undefined && defOf(shape[k]).type === 'default') return true
    const lit = defOf(unwrapPlain(shape[k])) as unknown as { values?: unknown[] }
    return lit.values?.includes(given) ?? false
  })
}

function unwrapPlain(x: z.ZodType): z.ZodType {
  let cur = x
  for (;;) {
    const d = defOf(cur)
    if ((d.type === 'optional' || d.type === 'default') && d.innerType) cur = d.innerType
    else if (d.type === 'pipe' && d.in) cur = d.in
    else return cur
  }
}

function keysAt(path: ReadonlyArray<PropertyKey>, raw: unknown): string[] {
  const s = schemaAt(ConfigSchema, path, raw)
  const shape = s ? defOf(s).shape : undefined
  return shape ? Object.keys(shape) : []
}

/**
 * One problem in the config: the line a user reads (naming its path, quoting the bad value) and
 * the path of the YAML node it is about, to find its line and column.
 */
interface ConfigProblem {
  text: string
  /** The node the problem is about: a value, or for an unknown key the key itself. */
  at: ReadonlyArray<PropertyKey>
  /** True when `at` ends in a key (an unknown key): the position is the key's, not its value's. */
  atKey?: boolean
}

/** One line per problem, each naming its path; for unknown keys, the nearest valid key. */
export function describeConfigIssues(error: z.ZodError, raw: unknown): string[] {
  return configProblems(error, raw).map((p) => p.text)
}

/** The raw value at a path of the parsed YAML (undefined where nothing is). */
function rawAt(raw: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let v = raw
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined
    v = (v as Record<PropertyKey, unknown>)[key]
  }
  return v
}

/** A value from the user's file as a message quotes it: `"high"`, `1.5`, `a list`. */
function showValue(v: unknown): string {
  if (typeof v === 'string') return quoteValue(v)
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v)
  return kindOf(v)
}

/** zod's name of a type, as a message says it. */
function typeWord(expected: string): string {
  const words: Record<string, string> = {
    array: 'a list',
    object: 'a mapping',
    record: 'a mapping',
    int: 'a whole number',
    number: 'a number',
    string: 'a string',
    boolean: 'true or false'
  }
  return words[expected] ?? expected
}

/** The message of one zod issue, with the value the user gave quoted when there is one. */
function issueText(issue: z.core.$ZodIssue, raw: unknown): string {
  const value = rawAt(raw, issue.path)
  const given = value === undefined ? undefined : showValue(value)
  switch (issue.code) {
    case 'invalid_type':
      return given === undefined
        ? `missing: ${typeWord(issue.expected)} is required`
        : `expected ${typeWord(issue.expected)}, got ${given}`
    case 'invalid_value': {
      const options = issue.values.map(String)
      // A key that is not there at all is missing, not a wrong choice.
      if (given === undefined) return `missing: one of ${options.join(', ')} is required`
      const hint = typeof value === 'string' ? nearest(value, options, 1) : []
      return (
        `${given} is not one of: ${options.join(', ')}` +
        (hint.length ? ` (did you mean '${hint[0]}'?)` : '')
      )
    }
    case 'too_small':
    case 'too_big': {
      // zod's own wording ("Too small: expected number to be >0.5") is replaced; a message the
      // schema wrote ("list at least one gate") is kept.
      if (!/^Too (small|big)/.test(issue.message)) return issue.message
      const bound = issue.code === 'too_small' ? issue.minimum : issue.maximum
      const sign =
        issue.code === 'too_small' ? (issue.inclusive ? '≥' : '>') : issue.inclusive ? '≤' : '<'
      const what =
        issue.origin === 'array' ? ' items' : issue.origin === 'string' ? ' characters' : ''
      const size =
        issue.origin === 'array' || issue.origin === 'string'
          ? ` (it has ${(value as { length: number }).length})`
          : ''
      return `${given ?? 'the value'} is too ${issue.code === 'too_small' ? 'small' : 'big'}: it must be ${sign} ${String(bound)}${what}${size}`
    }
    default:
      return given !== undefined && value !== null && typeof value !== 'object'
        ? `${issue.message}; got ${given}`
        : issue.message
  }
}

/**
 * Every problem zod found, in the user's words, minus the ones a misspelt key explains: with
 * `metrc: accuracy`, "unknown key metrc (did you mean 'metric'?)" says it all, and "metric is
 * required" would only send the reader looking for a second mistake.
 */
function configProblems(error: z.ZodError, raw: unknown): ConfigProblem[] {
  const problems: ConfigProblem[] = []
  /** Per mapping (its path, joined): the keys its misspelt keys were probably meant to be. */
  const meant = new Map<string, Set<string>>()
  const at = (path: ReadonlyArray<PropertyKey>): string => JSON.stringify(path)
  const unknown: Array<ConfigProblem & { parent: string; hint?: string }> = []
  for (const issue of error.issues) {
    if (issue.code !== 'unrecognized_keys') continue
    const valid = keysAt(issue.path, raw)
    for (const key of issue.keys) {
      const hint = nearest(key, valid, 1)
      if (hint.length) {
        const set = meant.get(at(issue.path)) ?? new Set<string>()
        meant.set(at(issue.path), set.add(hint[0]))
      }
      unknown.push({
        parent: at(issue.path),
        hint: hint[0],
        text:
          `${formatPath([...issue.path, key])}: unknown key` +
          (hint.length
            ? ` (did you mean '${hint[0]}'?)`
            : valid.length
              ? ` (valid keys: ${valid.join(', ')})`
              : ''),
        at: [...issue.path, key],
        atKey: true
      })
    }
  }
  // A misspelt `type` or `source` chose the wrong schema, whose own keys then look unknown too.
  for (const { parent, hint, ...problem } of unknown) {
    const wrongSchema = DISCRIMINATORS.some((d) => meant.get(parent)?.has(d))
    if (!wrongSchema || DISCRIMINATORS.includes(hint ?? '')) problems.push(problem)
  }
  /** Whether a misspelt key in the mapping at `path`'s parent explains this issue. */
  const explained = (issue: z.core.$ZodIssue): boolean => {
    for (let cut = issue.path.length - 1; cut >= 0; cut--) {
      const hints = meant.get(at(issue.path.slice(0, cut)))
      if (!hints) continue
      // A misspelt `type` or `source` chose the wrong schema: everything else there follows.
      if (DISCRIMINATORS.some((d) => hints.has(d))) return true
      if (cut !== issue.path.length - 1 || rawAt(raw, issue.path) !== undefined) continue
      const key = String(issue.path[cut])
      if (hints.has(key) || [...hints].some((h) => new RegExp(`\\b${h}\\b`).test(issue.message)))
        return true
    }
    return false
  }
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys' || explained(issue)) continue
    const gatePath =
      issue.path[0] === 'gates' &&
      (issue.path.length === 2 || (issue.path.length === 3 && issue.path[2] === 'type'))
    if (issue.code === 'invalid_union' && gatePath) {
      const gate = rawAt(raw, issue.path.slice(0, 2))
      const t = (gate as { type?: unknown } | undefined)?.type
      const types = Object.keys(GATE_SCHEMAS)
      // No type, but a key close to `type`: that key is the one mistake.
      const misspelt =
        t === undefined && isMapping(gate)
          ? Object.keys(gate).find((k) => nearest(k, ['type'], 1).length)
          : undefined
      if (misspelt) {
        problems.push({
          text: `${formatPath([...issue.path.slice(0, 2), misspelt])}: unknown key (did you mean 'type'?)`,
          at: [...issue.path.slice(0, 2), misspelt],
          atKey: true
        })
        continue
      }
      const hint = typeof t === 'string' ? nearest(t, types, 1) : []
      problems.push({
        text:
          `${formatPath([...issue.path.slice(0, 2), 'type'])}: ` +
          (t === undefined
            ? 'missing gate type'
            : `unknown gate type ${typeof t === 'string' ? quoteValue(t) : `(a ${kindOf(t)})`}`) +
          (hint.length ? ` (did you mean '${hint[0]}'?)` : ` (one of: ${types.join(', ')})`),
        at: t === undefined ? issue.path.slice(0, 2) : [...issue.path.slice(0, 2), 'type']
      })
      continue
    }
    if (
      issue.code === 'invalid_union' &&
      issue.path[0] === 'gates' &&
      issue.path[issue.path.length - 1] === 'source'
    ) {
      const s = (raw as { gates?: Array<{ source?: unknown }> }).gates?.[issue.path[1] as number]
        ?.source
      const hint = typeof s === 'string' ? nearest(s, [...METRIC_SOURCES], 1) : []
      problems.push({
        text:
          `${formatPath(issue.path)}: unknown metric source ` +
          (typeof s === 'string' ? quoteValue(s) : `(a ${kindOf(s)})`) +
          (hint.length
            ? ` (did you mean '${hint[0]}'?)`
            : ` (one of: ${METRIC_SOURCES.join(', ')})`),
        at: issue.path
      })
      continue
    }
    problems.push({ text: `${formatPath(issue.path)}: ${issueText(issue, raw)}`, at: issue.path })
  }
  return problems
}

/**
 * Where the node at `path` starts in the file (1-based line and column): the key itself when
 * `atKey`, else the value; where the path leads nowhere (a missing key), the mapping that should
 * hold it. Aliases are followed to the node they name.
 */
export function nodePosition(
  doc: YAML.Document,
  lines: LineCounter,
  path: ReadonlyArray<PropertyKey>,
  atKey = false
): { line: number; col: number } | undefined {
  let node: unknown = doc.contents
  let found = node
  for (const [i, key] of path.entries()) {
    if (YAML.isAlias(node)) node = node.resolve(doc)
    let next: unknown
    if (YAML.isMap(node)) {
      const pair = node.items.find(
        (p) => (YAML.isScalar(p.key) ? String(p.key.value) : p.key) === String(key)
      )
      next = pair && atKey && i === path.length - 1 ? pair.key : pair?.value
    } else if (YAML.isSeq(node) && typeof key === 'number') next = node.items[key]
    if (!next || !YAML.isNode(next)) break
    node = found = next
  }
  const offset = YAML.isNode(found) ? found.range?.[0] : undefined
  return offset === undefined ? undefined : lines.linePos(offset)
}

/** At most this many problems are listed; a mangled file would otherwise fill the summary. */
const MAX_ISSUES = 20

/**
 * Parse YAML text into a validated config, or throw one GateError listing every problem, each
 * with its line (in the message, and as a place for a file annotation). `file` is the name the
 * messages and annotations use: the path relative to the workspace, as the repository names it.
 */
export function parseConfig(text: string, file: string): Config {
  const lineCounter = new LineCounter()
  const doc = YAML.parseDocument(text, { uniqueKeys: true, prettyErrors: true, lineCounter })
  const place = (
    message: string,
    pos: { line: number; col: number } | undefined
  ): { places: ErrorPlace[] } => ({
    places: pos ? [{ file, line: pos.line, column: pos.col, message }] : []
  })
  const where = (pos: { line: number; col: number } | undefined): string =>
    pos ? ` at line ${pos.line}, column ${pos.col}` : ''
  if (doc.errors.length) {
    const first = doc.errors[0]
    const pos = first.linePos?.[0]
    // The first line of yaml's message says what is wrong; the lines after it quote the file.
    const what =
      first.code === 'RESOURCE_EXHAUSTION'
        ? 'the YAML is nested too deeply to read'
        : escapeText(
            first.message.split('\n')[0].replace(/ at line \d+, column \d+:?\s*$/, ''),
            120
          )
    const message = `config ${file} is not valid YAML${where(pos)}: ${what} (${first.code})`
    throw new GateError(
      message,
      'fix the YAML syntax (a linter such as yamllint shows the spot)',
      place(message, pos)
    )
  }
  let raw: unknown
  try {
    raw = doc.toJS({ maxAliasCount: 1000 })
  } catch (err) {
    const first = err instanceof Error ? err.message.split('\n')[0] : 'bad YAML'
    const pos = errorPosition(doc, lineCounter, first)
    const message = `config ${file} could not be read${where(pos)}: ${escapeText(first, 120)}`
    throw new GateError(
      message,
      'simplify the YAML (anchors and aliases are limited to 1000 expansions)',
      place(message, pos)
    )
  }
  if (!isMapping(raw)) {
    const what =
      "(top level) must be a YAML mapping with a 'gates' list, but the file " +
      (raw === null || raw === undefined ? 'is empty' : `holds ${kindOf(raw)}`)
    throw new GateError(
      `config ${file}: ${what}`,
      'see the README for an example config',
      place(`config ${file}: ${what}`, { line: 1, col: 1 })
    )
  }
  // An alias inside the node it names makes a cycle: valid YAML, but no request body can hold it.
  const cycle = findCycle(raw, [], new Set())
  if (cycle) {
    const pos = nodePosition(doc, lineCounter, cycle)
    const what = `${formatPath(cycle)}: refers back to itself through a YAML alias`
    throw new GateError(
      `config ${file} is invalid:\n  - ${lineOf(pos)}${what}`,
      'replace the alias with a copy of the value; nothing was sent to the registry',
      place(what, pos)
    )
  }
  const result = ConfigSchema.safeParse(raw)
  if (!result.success) {
    // In file order, as a reader fixes them; those without a place last.
    const problems = configProblems(result.error, raw)
      .map((p) => ({ ...p, pos: nodePosition(doc, lineCounter, p.at, p.atKey) }))
      .sort(
        (a, b) =>
          (a.pos?.line ?? Infinity) - (b.pos?.line ?? Infinity) ||
          (a.pos?.col ?? 0) - (b.pos?.col ?? 0)
      )
    const shown = problems.slice(0, MAX_ISSUES)
    const lines = shown.map((p) => `${lineOf(p.pos)}${p.text}`)
    if (problems.length > shown.length) lines.push(`… and ${problems.length - shown.length} more`)
    throw new GateError(
      `config ${file} is invalid:\n  - ${lines.join('\n  - ')}`,
      'fix the config; nothing was sent to the registry',
      { places: shown.flatMap((p) => place(p.text, p.pos).places) }
    )
  }
  const config = result.data
  // Problems found later (a ${NAME} outside URLs, a host not allowed) are placed on the file too.
  placesOf.set(
    config,
    (path, message) => place(message, nodePosition(doc, lineCounter, path)).places
  )
  return config
}

/** Where each part of a parsed config sits in its file, kept beside the config it came from. */
const placesOf = new WeakMap<
  Config,
  (path: ReadonlyArray<PropertyKey>, message: string) => ErrorPlace[]
>()

/**
 * The place in the file of the value at `path` of a parsed config, for an error found after
 * parsing: `message` is what its annotation says. None for a config that was not parsed from a file.
 */
export function placeInConfig(
  config: Config,
  path: ReadonlyArray<PropertyKey>,
  message: string
): ErrorPlace[] {
  return placesOf.get(config)?.(path, message) ?? []
}

/** "line 7: " before a problem, when its line is known. */
function lineOf(pos: { line: number } | undefined): string {
  return pos ? `line ${pos.line}: ` : ''
}

/** The path at which `v` contains one of its own ancestors, if it does. */
function findCycle(v: unknown, path: PropertyKey[], open: Set<object>): PropertyKey[] | undefined {
  if (v === null || typeof v !== 'object') return undefined
  if (open.has(v)) return path
  open.add(v)
  const entries: Array<[PropertyKey, unknown]> =
    v instanceof Map
      ? [...v.entries()].map(([k, x]) => [String(k), x])
      : v instanceof Set
        ? [...v].map((x, i) => [i, x])
        : Array.isArray(v)
          ? v.map((x, i) => [i, x])
          : Object.entries(v)
  for (const [k, x] of entries) {
    const found = findCycle(x, [...path, k], open)
    if (found) return found
  }
  open.delete(v)
  return undefined
}

/** A plain mapping: not a list, nor a Set, Map or byte string that YAML tags can produce. */
function isMapping(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object') return false
  const proto = Object.getPrototypeOf(v) as unknown
  return proto === Object.prototype || proto === null
}

function kindOf(v: unknown): string {
  if (Array.isArray(v)) return 'a list'
  if (v === null) return 'null'
  if (typeof v === 'object') {
    const name = (v as { constructor?: { name?: string } }).constructor?.name
    if (name === 'Uint8Array' || name === 'Buffer') return 'binary data'
    return name === 'Object' || name === undefined ? 'a mapping' : `a ${name}`
  }
  return typeof v === 'string' ? 'a string' : `a ${typeof v}`
}

/**
 * Where the node an error is about sits (line and column): the alias it names, a merge
 * key (`<<`) for a merge error, else the first alias (the usual culprit of an expansion limit).
 */
function errorPosition(
  doc: YAML.Document,
  lines: LineCounter,
  message: string
): { line: number; col: number } | undefined {
  let first: Alias | undefined
  let named: Alias | undefined
  let merge: YAML.Scalar | undefined
  YAML.visit(doc, {
    Alias(_, node) {
      first ??= node
      if (!named && message.endsWith(`: ${node.source}`)) named = node
    },
    Pair(_, pair) {
      const key = pair.key
      if (!merge && YAML.isScalar(key) && String(key.value) === 'Symbol(<<)') merge = key
      else if (!merge && YAML.isScalar(key) && key.value === '<<') merge = key
    }
  })
  const node = named ?? (/merge/i.test(message) ? merge : undefined) ?? first ?? merge
  const at = node?.range?.[0]
  return at === undefined ? undefined : lines.linePos(at)
}

/** Read and parse the config at `file`; `shownAs` is its name in messages (see parseConfig). */
export async function loadConfig(file: string, shownAs = file): Promise<Config> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch {
    throw new GateError(
      `config file ${shownAs} could not be read`,
      "create it (see the README) or point the 'config' input at it"
    )
  }
  return parseConfig(text, shownAs)
}
