import { z } from 'zod'
import { GateError } from '../../errors.js'

/**
 * The one result shape every metric source returns (SPEC §9): the metric's value, n, and per-item
 * samples with ids where the source has them. Gates, the regression pairing, reports, tags and
 * the receipt read only this, never the source behind it.
 */
export interface MetricResult {
  metrics: Record<string, unknown>
  n?: number
  samples?: Record<string, unknown[]>
  ids?: Array<string | number>
  /**
   * Items of the set that have no reading (the built-in evaluator's item errors, SPEC §10): they
   * belong to the evaluated set, so a side's set is `ids` plus these when the two sides are
   * compared, but they are never paired.
   */
  unanswered?: Array<string | number>
  clusters?: Array<string | number>
  /**
   * Metrics the source knows are shares of 0/1 items (promptfoo pass_rate, lm-eval acc): with n
   * and no samples they still get Wilson's interval.
   */
  shares?: string[]
  /**
   * Where the value came from, as a user reads it: "MLflow run 3f2a…, metric accuracy_score,
   * dataset golden@5f3a…". Shown in reports and kept in the receipt.
   */
  origin?: string
  /** The data set the value was measured on, when the source knows it: compared across sides. */
  dataset?: { name?: string; digest?: string }
  /** Source-specific facts for the receipt (item errors, failing items, measurements, …). */
  details?: Record<string, unknown>
}

const finite = z.number().refine(Number.isFinite, 'must be a finite number')

/** The named metric as a finite number, or a GateError that says what was wrong with it. */
export function metricValue(result: MetricResult, metric: string, party: string): number {
  if (!(metric in result.metrics)) {
    const names = Object.keys(result.metrics)
    throw new GateError(
      `${party} returned no metric '${metric}' (it returned: ${names.length ? names.join(', ') : 'none'})`,
      "make the source return it, or fix the gate's metric name"
    )
  }
  const v = finite.safeParse(result.metrics[metric])
  if (!v.success)
    throw new GateError(
      `${party} returned metric '${metric}' as ${describeValue(result.metrics[metric])}, not a finite number`,
      'the source must give a number (NaN is never a pass)'
    )
  return v.data
}

function describeValue(v: unknown): string {
  if (v === null) return 'null'
  if (typeof v === 'string') return 'a string'
  if (typeof v === 'number') return String(v)
  return Array.isArray(v) ? 'an array' : typeof v === 'object' ? 'an object' : typeof v
}
