import type { Histogram } from 'node:perf_hooks'
import { quantileCI, samplesNeeded } from '../../stats/quantile-ci.js'
import type { Verdict } from '../gate.js'
import { fmt } from '../../format.js'

/**
 * Verdicts on HDR histograms of microseconds. Percentiles use HDR's nearest-rank rule and report
 * the upper edge of the sample's bucket: at 3 significant digits that is at most 0.1 % above the
 * sample itself. For the p99 confidence interval the order statistics' values are read at their
 * ranks, the lower end at its bucket's lower edge and the upper end at its upper edge, so the
 * quantization can only widen the interval, never flip a verdict.
 */

export const P99 = 0.99

export interface QuantileStats {
  n: number
  /** Milliseconds, rounded to the µs; null without samples. */
  min: number | null
  mean: number | null
  p50: number | null
  p90: number | null
  p95: number | null
  p99: number | null
  max: number | null
}

export interface QuantileJudgement extends QuantileStats {
  /** Absent when no threshold is configured for this quantity. */
  verdict?: Verdict
  threshold_ms?: number
  /** Order-statistic CI for p99 in ms, with its 1-based ranks; null when n is too small. */
  ci: {
    low: number
    high: number
    level: number
    lower_rank: number
    upper_rank: number
    coverage: number
  } | null
  /** Samples a two-sided CI at this level needs, when n falls short. */
  samples_needed?: number
  message: string
}

const ms = (us: number): number => Math.round(us) / 1000

export function quantileStats(h: Histogram): QuantileStats {
  const n = h.count
  if (!n)
    return { n: 0, min: null, mean: null, p50: null, p90: null, p95: null, p99: null, max: null }
  return {
    n,
    min: ms(h.min),
    mean: ms(h.mean),
    p50: ms(h.percentile(50)),
    p90: ms(h.percentile(90)),
    p95: ms(h.percentile(95)),
    p99: ms(h.percentile(99)),
    max: ms(h.max)
  }
}

/**
 * The value of the rank-th smallest sample (1-based) as the upper edge of its HDR bucket. HDR
 * picks the sample at count round(p/100·N + 0.5); asking for p = 100·(rank − ¼)/N lands on `rank`
 * with room for floating-point error either way.
 */
export function valueAtRank(h: Histogram, rank: number): number {
  return h.percentile((100 * (rank - 0.25)) / h.count)
}

/**
 * The lower edge of the bucket whose upper edge is `v`, for histograms with lowest = 1 and 3
 * significant digits: 2048 sub-buckets, of width 1 below 2048 and doubling with each power of two.
 */
export function lowestEquivalent(v: number): number {
  if (v < 2048) return v
  const width = 2 ** (Math.floor(Math.log2(v)) - 10)
  return v - width + 1
}

/**
 * p99 against a threshold by the order-statistic CI: fail if its lower end is above the
 * threshold, pass if its upper end is at or below it, else inconclusive.
 */
export function judgeP99(
  h: Histogram,
  label: string,
  thresholdMs: number | undefined,
  confidence: number
): QuantileJudgement {
  const stats = quantileStats(h)
  const level = Math.round(confidence * 1000) / 10
  const limit = thresholdMs !== undefined ? ` ≤ ${fmt(thresholdMs)} ms` : ''
  if (!stats.n)
    return {
      ...stats,
      ci: null,
      threshold_ms: thresholdMs,
      verdict: thresholdMs !== undefined ? 'inconclusive' : undefined,
      message: `no successful requests to measure ${label} on`
    }
  const ranks = quantileCI(stats.n, P99, confidence)
  const p99 = stats.p99 as number
  if (!ranks) {
    const needed = samplesNeeded(P99, confidence)
    return {
      ...stats,
      ci: null,
      samples_needed: needed,
      threshold_ms: thresholdMs,
      verdict: thresholdMs !== undefined ? 'inconclusive' : undefined,
      message:
        `${label} ${fmt(p99)} ms from only ${stats.n} samples: a two-sided ${level}% confidence ` +
        `interval for p99 needs at least ${needed}` +
        (thresholdMs !== undefined ? `, so it cannot be judged against${limit}` : '')
    }
  }
  const low = ms(lowestEquivalent(valueAtRank(h, ranks.lowerRank)))
  const high = ms(valueAtRank(h, ranks.upperRank))
  const ci = {
    low,
    high,
    level: confidence,
    lower_rank: ranks.lowerRank,
    upper_rank: ranks.upperRank,
    coverage: Math.round(ranks.coverage * 1e6) / 1e6
  }
  const ciText = `${level}% CI ${fmt(low)}–${fmt(high)} ms, n=${stats.n}`
  if (thresholdMs === undefined)
    return { ...stats, ci, message: `${label} ${fmt(p99)} ms (${ciText})` }
  let verdict: Verdict
  let message: string
  if (low > thresholdMs) {
    verdict = 'fail'
    message = `${label} ${fmt(p99)} ms exceeds${limit}: even the interval's lower end is above it (${ciText})`
  } else if (high <= thresholdMs) {
    verdict = 'pass'
    message = `${label} ${fmt(p99)} ms meets${limit} (${ciText})`
  } else {
    verdict = 'inconclusive'
    message =
      `${label} ${fmt(p99)} ms cannot be told apart from${limit}: the interval straddles it ` +
      `(${ciText}); more requests narrow it`
  }
  return { ...stats, ci, threshold_ms: thresholdMs, verdict, message }
}
