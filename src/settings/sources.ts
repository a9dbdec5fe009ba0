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

export const DatasetSourceKeys = {
  source: z.literal('dataset'),
  /** JSONL in the workspace: {"id", "input" | "messages", "expected"} per line. */
  dataset: z.string().min(1),
  /** OpenAI-compatible base URL; {model}/{version} filled per side. */
  target: z.string().min(1),
  model_name: z.string().min(1).default('{model}'),
  headers: Headers.optional(),
  request: z.record(z.string(), z.unknown()).optional(),
  score: z.looseObject({ type: z.string().min(1) }),
  concurrency: z.number().int().min(1).max(256).default(8),
  max_item_errors: z.number().min(0).max(1).default(0.01)
}

// ------------------------------------------------------------------ prometheus (SPEC §11)

export const PrometheusSourceKeys = {
  source: z.literal('prometheus'),
  url: z.string().min(1),
  query: z.string().min(1),
  headers: Headers.optional(),
  count: z.number().int().min(1).max(1000).default(1),
  interval: Duration.optional(),
  failure_limit: z.number().int().min(0).default(0)
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
  dataset: { urls: ['target'], headers: ['headers'] },
  prometheus: { urls: ['url'], headers: ['headers'] }
}
