import { z } from 'zod'

/**
 * Where a `metric` gate's number comes from (SPEC §4, §9–11): one schema per `source`, each in
 * its own block. The keys every metric gate shares (name, thresholds, decide_on, …) are in
 * config.ts; a source adds only what it needs to find the number.
 */

export const Headers = z.record(z.string(), z.string())

/**
 * Seconds, or a duration string: 90, "90s", "10m", "1h". At most a week: well inside what a
 * timer holds (2^31 − 1 ms, about 24.8 days), beyond which Node fires it after 1 ms instead.
 */
const MAX_DURATION_MS = 7 * 24 * 3_600_000
export const Duration = z
  .union([z.number().positive(), z.string().regex(/^\d+(\.\d+)?\s*(ms|s|m|h)$/)], {
    error: 'expected a duration: seconds as a number, or a string such as 30s, 10m or 1h'
  })
  .refine((v) => durationMs(v, 0) > 0, 'a duration must be longer than 0')
  .refine((v) => durationMs(v, 0) <= MAX_DURATION_MS, 'a duration may be at most 7 days (168h)')

/** Milliseconds from a Duration value. */
export function durationMs(value: number | string | undefined, fallbackMs: number): number {
  if (value === undefined) return fallbackMs
  if (typeof value === 'number') return value * 1000
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)$/.exec(value)
  if (!m) return fallbackMs
  const n = Number(m[1])
  return n * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] as 'ms' | 's' | 'm' | 'h']
}

// ------------------------------------------------------------------ endpoint (SPEC §4, default)

export const EndpointSourceKeys = {
  source: z.literal('endpoint').default('endpoint'),
  endpoint: z.string().min(1),
  headers: Headers.optional(),
  request: z.record(z.string(), z.unknown()).optional(),
  poll_interval: Duration.optional()
}

// ------------------------------------------------------------------ mlflow (SPEC §9)

export const MlflowSourceKeys = {
  source: z.literal('mlflow'),
  /** Pick the logged model's metrics of this dataset (MLflow 3 logged models). */
  dataset: z
    .strictObject({ name: z.string().min(1).optional(), digest: z.string().min(1).optional() })
    .optional(),
  /** Per-item samples from the run's table artifact (mlflow.evaluate's eval_results_table.json). */
  table: z
    .strictObject({
      artifact: z.string().min(1).default('eval_results_table.json'),
      id_column: z.string().min(1),
      column: z.string().min(1).optional(),
      prediction: z.string().min(1).optional(),
      target: z.string().min(1).optional()
    })
    .refine(
      (t) => t.column !== undefined || (t.prediction !== undefined && t.target !== undefined),
      {
        message:
          'a table needs column: (a score per row), or prediction: and target: (1 when equal)'
      }
    )
    .refine((t) => !(t.column !== undefined && (t.prediction ?? t.target) !== undefined), {
      message: 'give either column: or prediction: and target:, not both'
    })
    .optional()
}

// ------------------------------------------------------------------ file (SPEC §9)

export const FileSourceKeys = {
  source: z.literal('file'),
  format: z.enum(['promptfoo', 'lm-eval', 'jsonl']),
  /** In the workspace only; {model} and {version} are filled per side. */
  path: z.string().min(1),
  /** promptfoo: the rows of each side, by provider label or id. */
  provider: z
    .union([
      z.string().min(1),
      z.strictObject({ candidate: z.string().min(1), champion: z.string().min(1) })
    ])
    .optional(),
  /** promptfoo: pair items by this test var instead of test and prompt index. */
  id_var: z.string().min(1).optional(),
  /** lm-eval: the task whose metric is read (e.g. hellaswag). */
  task: z.string().min(1).optional()
}

// ------------------------------------------------------------------ wandb (SPEC §9)

export const WandbSourceKeys = {
  source: z.literal('wandb')
}

// ------------------------------------------------------------------ dataset (SPEC §10)

/** A pattern that compiles: checked when the config is read, not at the first item. */
const RegexPattern = z
  .string()
  .min(1)
  .refine((p) => {
    try {
      new RegExp(p)
      return true
    } catch {
      return false
    }
  }, 'not a valid regular expression (JavaScript syntax)')

/** How one answer is scored (SPEC §10): one strict schema per scorer. */
const DatasetScore = z.discriminatedUnion('type', [
  /** The trimmed answer equals `expected` (or one of a list of them). */
  z.strictObject({ type: z.literal('exact'), case_sensitive: z.boolean().default(false) }),
  /** The answer contains `expected` (or one of a list of them). */
  z.strictObject({ type: z.literal('contains'), case_sensitive: z.boolean().default(false) }),
  /** The answer matches `pattern`, or, without one, the item's `expected` as a pattern. */
  z.strictObject({
    type: z.literal('regex'),
    pattern: RegexPattern.optional(),
    case_sensitive: z.boolean().default(true)
  }),
  /** The first number in the answer is within `tolerance` of `expected`. */
  z.strictObject({ type: z.literal('numeric'), tolerance: z.number().min(0).default(0) }),
  /** The answer is JSON valid against `schema`, or, without one, against the item's `expected`. */
  z.strictObject({
    type: z.literal('json_schema'),
    schema: z.record(z.string(), z.unknown()).optional()
  }),
  /** Safety sets: items say `expected: refuse` or `expected: answer`. */
  z.strictObject({ type: z.literal('refusal') }),
  /** A second OpenAI-compatible endpoint grades the answer against `rubric`. */
  z.strictObject({
    type: z.literal('judge'),
    target: z.string().min(1),
    model_name: z.string().min(1),
    headers: Headers.optional(),
    rubric: z.string().min(1),
    request: z.record(z.string(), z.unknown()).optional()
  })
])
export type DatasetScoreConfig = z.infer<typeof DatasetScore>

export const DatasetSourceKeys = {
  source: z.literal('dataset'),
  /** JSONL in the workspace: {"id", "input" | "messages", "expected"} per line. */
  dataset: z.string().min(1),
  /** OpenAI-compatible base URL (…/v1); {model}/{version} filled per side. */
  target: z.string().min(1),
  model_name: z.string().min(1).default('{model}'),
  headers: Headers.optional(),
  /** Merged into every chat request (temperature, max_tokens, …); never `stream: true`. */
  request: z
    .record(z.string(), z.unknown())
    .refine((r) => r.stream === undefined || r.stream === false, {
      message: 'the evaluator reads whole answers: remove stream (or set it to false)'
    })
    .refine((r) => r.messages === undefined, {
      message: "messages come from the dataset's items: remove messages from request"
    })
    .optional(),
  score: DatasetScore,
  concurrency: z.number().int().min(1).max(256).default(8),
  max_item_errors: z.number().min(0).max(1).default(0.01)
}

// ------------------------------------------------------------------ prometheus (SPEC §11)

export const PrometheusSourceKeys = {
  source: z.literal('prometheus'),
  /** The server's base URL (with any path prefix): `/api/v1/query` is appended. */
  url: z.string().min(1),
  /** PromQL for an instant query; {model}, {version}, … are filled per side. */
  query: z.string().min(1),
  /** What the number is called in reports: a query has no metric name of its own. */
  metric: z.string().min(1).default('value'),
  /** Bearer or basic auth: `Authorization: "Bearer ${PROM_TOKEN}"`. */
  headers: Headers.optional(),
  /** Measurements, `interval` apart (Argo Rollouts' analysis: count, interval, limits). */
  count: z.number().int().min(1).max(1000).default(1),
  interval: Duration.optional(),
  /** The gate fails when more than this many measurements are outside min/max. */
  failure_limit: z.number().int().min(0).default(0),
  /** The gate is inconclusive when more than this many measurements are errors. */
  inconclusive_limit: z.number().int().min(0).default(0)
}

/** Cross-key rules of a prometheus gate, applied in config.ts where the gate is whole. */
export function checkPrometheusGate(
  g: { source?: string; count?: number; interval?: unknown; decide_on?: string },
  ctx: z.RefinementCtx
): void {
  if (g.source !== 'prometheus') return
  if ((g.count ?? 1) > 1 && g.interval === undefined)
    ctx.addIssue({
      code: 'custom',
      path: ['interval'],
      message: 'count > 1 needs an interval between the measurements (e.g. interval: 1m)'
    })
  // Measurements have no confidence interval; judging one would silently judge the point.
  if (g.decide_on === 'interval')
    ctx.addIssue({
      code: 'custom',
      path: ['decide_on'],
      message: 'a prometheus gate is judged by its measurements: decide_on must be point'
    })
}

/**
 * Fields of each source that hold URLs and headers: the only places `${NAME}` is expanded, and
 * the URLs checked against allowed_hosts before any request. Dotted paths reach nested keys.
 */
export const SOURCE_URL_FIELDS: Record<string, { urls: string[]; headers: string[] }> = {
  endpoint: { urls: ['endpoint'], headers: ['headers'] },
  mlflow: { urls: [], headers: [] },
  file: { urls: [], headers: [] },
  wandb: { urls: [], headers: [] },
  dataset: { urls: ['target', 'score.target'], headers: ['headers', 'score.headers'] },
  prometheus: { urls: ['url'], headers: ['headers'] }
}
