import type { Histogram } from 'node:perf_hooks'
import { lowerRankOnly, quantileCI, samplesNeeded } from '../../stats/quantile-ci.js'
import type { Verdict } from '../gate.js'
import { exact, fmt, fmtInterval, near } from '../../format.js'

/**
 * Verdicts on HDR histograms of microseconds. Percentiles use HDR's nearest-rank rule and report
 * the upper edge of the sample's bucket: at 3 significant digits that is at most 0.1 % above the
 * sample itself. Two quantisations stand between a request's true latency and the histogram: the
 * load generator rounds it to a whole µs (`recordMs`: up to 0.5 µs either way), and HDR puts it
 * in a bucket. For the p99 confidence interval the order statistics are read at their ranks, the
 * lower end at its bucket's lower edge less QUANTUM_US, the upper end at its upper edge plus
 * QUANTUM_US: both quantisations can then only widen the interval, never flip a verdict.
 *
 * The order-statistic interval assumes independent requests. Latencies that drift together
 * (a warming cache, a noisy neighbour, a queue) make the exceedances of p99 come in runs, and the
 * interval too narrow (issue 21 point 5: 64 % coverage for AR(1) in log with ρ = 0.9). Given the
 * latencies in the order the requests completed, `exceedanceInflation` estimates that dependence and
 * the interval is computed for the effective number of independent requests.
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
  /** The one-sided lower bound in ms that failed p99 when too few samples gave no interval. */
  lower_bound_ms?: number
  /** When successive requests were found correlated: the variance inflation and the n it leaves. */
  dependence?: {
    inflation: number
    effective_n: number
    batch?: number
    /** The quantile whose exceedances the dependence was estimated from. */
    level?: number
    applied?: boolean
  }
  message: string
}

const ms = (us: number): number => Math.round(us) / 1000

/** What rounding to a whole µs may have moved a latency by (loadgen.ts `recordMs`). */
export const QUANTUM_US = 0.5

/**
 * Exceedances the dependence is estimated from: p99 itself gives only n/100 of them (4 in a run of
 * 400), too few to see runs in; the level is lowered until at least this many are expected.
 */
export const DEPENDENCE_EXCEEDANCES = 50

/**
 * How much dependence between successive requests inflates the variance of the count of
 * requests above the q-quantile, by batch means (Geyer, "Practical Markov chain Monte Carlo",
 * Stat Sci 1992;7:473–483, §3.2): the exceedance indicators are cut into b batches of
 * m = ⌈√n⌉ requests, and the variance of the batch counts, over m, is set against the
 * independent p(1 − p). 1 (never less) unless the dependence is significant; n / factor is the
 * effective n. Two choices, both from bench/calibration-audit.ts (p99-ar1, p99-burst):
 *  - the indicators are those of the quantile `level` = min(1 − 2(1 − q), 1 − 50 / n), p98 or
 *    lower for p99: at p99 a run of 1000 has 10 exceedances, and with AR(1) ρ = 0.9 the estimate
 *    missed the dependence in most runs (80 % coverage, 4.4 % false passes; at 400, 49 % and
 *    13 %). Latencies whose dependence fades towards the tail (a drifting load) are then widened
 *    a little more than p99 needs, which costs power, not coverage;
 *  - the batch with the most exceedances is left out: one burst of slow answers (a reset, a
 *    retry, a stall) is one event, not evidence that every stretch of the run is worth fewer
 *    requests. Dependence that recurs across the run still shows in the other batches; twice
 *    p99's exceedances at least (p98) make up for what leaving one batch out takes from the
 *    estimate (at 10,000 requests and ρ = 0.9, coverage 93 % at p99, 96 % at p98).
 */
export function exceedanceInflation(
  seriesUs: ArrayLike<number>,
  q: number
): { factor: number; batch: number; batches: number; level: number; significant: boolean } {
  const n = seriesUs.length
  const batch = Math.ceil(Math.sqrt(n))
  const batches = Math.floor(n / batch)
  const level = Math.max(
    0.5,
    Math.min(1 - 2 * (1 - q), 1 - DEPENDENCE_EXCEEDANCES / Math.max(1, n))
  )
  const none = { factor: 1, batch, batches, level, significant: false }
  // Leaving one batch out, at least two must remain to compare.
  if (batches < 3) return none
  const sorted = Float64Array.from(seriesUs).sort()
  const cut = sorted[Math.min(n - 1, Math.ceil(level * n) - 1)]
  const counts = new Float64Array(batches)
  let burst = 0
  for (let j = 0; j < batches; j++) {
    let k = 0
    for (let i = j * batch; i < (j + 1) * batch; i++) if (seriesUs[i] > cut) k++
    counts[j] = k
    if (k > counts[burst]) burst = j
  }
  const kept = batches - 1
  let above = 0
  for (let j = 0; j < batches; j++) if (j !== burst) above += counts[j]
  const p = above / (kept * batch)
  if (p <= 0 || p >= 1) return none
  const mean = above / kept
  let ss = 0
  for (let j = 0; j < batches; j++) if (j !== burst) ss += (counts[j] - mean) ** 2
  // Independent requests: the batch counts are binomial, and D = Σ(k − k̄)² / (m·p(1 − p)) is
  // about χ² with b − 1 degrees of freedom (fewer, with the largest count left out, so the test
  // errs towards "independent"). It is applied only when D is beyond χ²'s 99th percentile
  // (Wilson–Hilferty): dependence shown, not guessed, or noise would take the interval of a few
  // hundred independent requests.
  const dispersion = ss / (batch * p * (1 - p))
  const df = kept - 1
  const critical = df * (1 - 2 / (9 * df) + 2.3263 * Math.sqrt(2 / (9 * df))) ** 3
  const factor = Math.max(1, dispersion / df)
  const significant = dispersion > critical && factor > 1
  return { factor: significant ? factor : 1, batch, batches, level, significant }
}

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
  confidence: number,
  /** The recorded µs values in the order the requests completed, to estimate their dependence. */
  seriesUs?: ArrayLike<number>,
  /**
   * Widen the interval by the dependence found (`correlation: widen`, the gate's default), or
   * only report it (`report`): see the README's Measurement section.
   */
  widen = true
): QuantileJudgement {
  const stats = quantileStats(h)
  const level = Math.round(confidence * 1000) / 10
  const limit = thresholdMs !== undefined ? ` ≤ ${exact(thresholdMs)} ms` : ''
  if (!stats.n)
    return {
      ...stats,
      ci: null,
      threshold_ms: thresholdMs,
      verdict: thresholdMs !== undefined ? 'inconclusive' : undefined,
      message: `no successful requests to measure ${label} on`
    }
  // Dependence shrinks the information to that of nEff independent requests: the interval is
  // the one nEff requests give, its ranks scaled back to the n measured.
  const dependence =
    seriesUs && seriesUs.length === stats.n ? exceedanceInflation(seriesUs, P99) : undefined
  const found = dependence?.factor ?? 1
  const factor = widen ? found : 1
  const nEff = Math.floor(stats.n / factor)
  const effRanks = nEff >= 1 ? quantileCI(nEff, P99, confidence) : null
  const ranks =
    factor === 1
      ? effRanks
      : effRanks && Math.ceil((effRanks.upperRank * stats.n) / nEff) <= stats.n
        ? {
            lowerRank: Math.max(1, Math.floor((effRanks.lowerRank * stats.n) / nEff)),
            upperRank: Math.ceil((effRanks.upperRank * stats.n) / nEff),
            coverage: effRanks.coverage
          }
        : null
  const correlated =
    factor > 1
      ? {
          inflation: Math.round(factor * 1000) / 1000,
          effective_n: nEff,
          batch: dependence?.batch,
          level: dependence?.level
        }
      : undefined
  // Found but not applied: reported beside the interval, which stays the independent one.
  const unapplied =
    !widen && found > 1
      ? {
          dependence: {
            inflation: Math.round(found * 1000) / 1000,
            effective_n: Math.floor(stats.n / found),
            batch: dependence?.batch,
            level: dependence?.level,
            applied: false
          }
        }
      : {}
  // Beside every verdict, including those without an interval.
  const dependenceRecord = correlated ? { dependence: correlated } : unapplied
  const p99 = stats.p99 as number
  if (!ranks && thresholdMs !== undefined) {
    // Too few (effective) samples for both ends, but the lower end alone may show p99 is over.
    const lowerEff = nEff >= 1 ? lowerRankOnly(nEff, P99, confidence) : null
    const lowerRank = lowerEff ? Math.max(1, Math.floor((lowerEff * stats.n) / nEff)) : null
    const lowMs = lowerRank
      ? (lowestEquivalent(valueAtRank(h, lowerRank)) - QUANTUM_US) / 1000
      : undefined
    if (lowMs !== undefined && lowMs > thresholdMs)
      return {
        ...stats,
        ci: null,
        lower_bound_ms: lowMs,
        ...dependenceRecord,
        threshold_ms: thresholdMs,
        verdict: 'fail',
        message:
          `${label} ${near(p99, thresholdMs)} ms exceeds${limit}: too few ` +
          (correlated ? `effective samples (${nEff} of ${stats.n})` : `samples (${stats.n})`) +
          ` for a two-sided interval, but its ${level}% lower bound ` +
          `${near(lowMs, thresholdMs)} ms is above it`
      }
  }
  if (!ranks) {
    const needed = Math.ceil(samplesNeeded(P99, confidence) * factor)
    return {
      ...stats,
      ci: null,
      samples_needed: needed,
      ...dependenceRecord,
      threshold_ms: thresholdMs,
      verdict: thresholdMs !== undefined ? 'inconclusive' : undefined,
      message:
        `${label} ${fmt(p99)} ms from only ${stats.n} samples` +
        (correlated ? ` (correlated: worth ${nEff} independent ones)` : '') +
        `: a two-sided ${level}% confidence interval for p99 needs at least ${needed}` +
        (thresholdMs !== undefined ? `, so it cannot be judged against${limit}` : '')
    }
  }
  const lowUs = lowestEquivalent(valueAtRank(h, ranks.lowerRank)) - QUANTUM_US
  const highUs = valueAtRank(h, ranks.upperRank) + QUANTUM_US
  const low = lowUs / 1000
  const high = highUs / 1000
  const ci = {
    low,
    high,
    level: confidence,
    lower_rank: ranks.lowerRank,
    upper_rank: ranks.upperRank,
    coverage: Math.round(ranks.coverage * 1e6) / 1e6
  }
  // p99 and its interval at the precision the interval supports (src/format.ts).
  const shown =
    thresholdMs !== undefined
      ? fmtInterval(p99, low, high, thresholdMs)
      : fmtInterval(p99, low, high)
  const ciText =
    `${level}% CI ${shown.low}–${shown.high} ms, n=${stats.n}` +
    (correlated ? `, correlated requests worth ${nEff} independent ones` : '')
  const extra = dependenceRecord
  if (thresholdMs === undefined)
    return { ...stats, ci, ...extra, message: `${label} ${shown.value} ms (${ciText})` }
  let verdict: Verdict
  let message: string
  if (low > thresholdMs) {
    verdict = 'fail'
    message = `${label} ${shown.value} ms exceeds${limit}: even the interval's lower end is above it (${ciText})`
  } else if (high <= thresholdMs) {
    verdict = 'pass'
    message = `${label} ${shown.value} ms meets${limit} (${ciText})`
  } else {
    verdict = 'inconclusive'
    message =
      `${label} ${shown.value} ms cannot be told apart from${limit}: the interval straddles it ` +
      `(${ciText}); more requests narrow it`
  }
  return { ...stats, ci, ...extra, threshold_ms: thresholdMs, verdict, message }
}
