import { normalQuantile } from '../../stats/mcnemar.js'
import { pairedBootstrap } from '../../stats/paired.js'
import { allBinary } from './items.js'
import type { MetricResult } from './result.js'

/**
 * The confidence interval beside a metric value (SPEC §9): Wilson's score interval for a share of
 * 0/1 items, a percentile bootstrap of the mean (the existing kernel, against a zero champion so
 * Δ is the mean itself) for scores. Without per-item samples a value with n gets Wilson's interval
 * only when the source says the metric is a share; otherwise there is nothing to build one from.
 */

export interface ValueInterval {
  low: number
  high: number
  level: number
  n: number
  method: string
}

/** The seed of the one-sample bootstrap: fixed, so the same data always gives the same interval. */
const INTERVAL_SEED = 20_261_207
const RESAMPLES = 4000

export async function valueInterval(
  result: MetricResult,
  metric: string,
  value: number,
  confidence: number
): Promise<ValueInterval | undefined> {
  const samples = result.samples?.[metric]
  if (
    samples &&
    samples.length > 0 &&
    samples.every((v) => typeof v === 'number' && Number.isFinite(v))
  ) {
    const xs = samples as number[]
    if (allBinary(xs)) {
      const x = xs.reduce((a, b) => a + b, 0)
      return { ...wilson(x, xs.length, confidence), n: xs.length, method: 'Wilson score interval' }
    }
    const r = await pairedBootstrap(xs, new Float64Array(xs.length), {
      resamples: RESAMPLES,
      seed: INTERVAL_SEED,
      confidence,
      threads: 1
    })
    return {
      low: r.low,
      high: r.high,
      level: confidence,
      n: xs.length,
      method: `percentile bootstrap of the mean (${RESAMPLES} resamples, seed ${INTERVAL_SEED})`
    }
  }
  const n = result.n
  if (n && n > 0 && result.shares?.includes(metric) && value >= 0 && value <= 1) {
    return {
      ...wilson(Math.round(value * n), n, confidence),
      n,
      method: 'Wilson score interval (from the value and n)'
    }
  }
  return undefined
}

/** Wilson's score interval for x successes in n (Wilson 1927). */
function wilson(
  x: number,
  n: number,
  confidence: number
): { low: number; high: number; level: number } {
  const z = normalQuantile(1 - (1 - confidence) / 2)
  const p = x / n
  const z2 = z * z
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n)
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half), level: confidence }
}
