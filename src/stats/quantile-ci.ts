/**
 * Distribution-free confidence intervals for a quantile from order statistics (the convention of
 * vectors/quantile-ci.json). With the sample sorted ascending and ranks 1-based, [x_(lowerRank),
 * x_(upperRank)] covers the true q-quantile with probability ≥ confidence:
 *   lowerRank = the largest r with P(Binomial(n,q) ≤ r−1) ≤ (1−confidence)/2,
 *   upperRank = the smallest r with P(Binomial(n,q) ≥ r) ≤ (1−confidence)/2.
 * No such rank (too few samples) → null.
 */
import { binomialCdf } from './mcnemar.js'

interface QuantileCI {
  /** 1-based rank of the order statistic at the interval's lower end. */
  lowerRank: number
  /** 1-based rank of the order statistic at the interval's upper end. */
  upperRank: number
  /** The exact coverage P(lowerRank ≤ B < upperRank) with B ~ Binomial(n, q); ≥ confidence. */
  coverage: number
}

export function quantileCI(n: number, q: number, confidence: number): QuantileCI | null {
  const lowerRank = lowerRankOnly(n, q, confidence)
  if (lowerRank === null) return null
  const tail = (1 - confidence) / 2
  // P(B ≥ r) falls with r: the smallest r whose upper tail stays within `tail`.
  if (binomSf(n, n, q) > tail) return null
  let lo = 1
  let hi = n
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2)
    if (binomSf(mid, n, q) <= tail) hi = mid
    else lo = mid + 1
  }
  const upperRank = lo
  const coverage = 1 - binomCdf(lowerRank - 1, n, q) - binomSf(upperRank, n, q)
  return { lowerRank, upperRank, coverage }
}

/**
 * The lower rank alone (the largest r with P(B ≤ r−1) ≤ (1−confidence)/2), which exists for far
 * fewer samples than the two-sided interval: enough to show a quantile is above a limit.
 */
export function lowerRankOnly(n: number, q: number, confidence: number): number | null {
  check(n, q, confidence)
  const tail = (1 - confidence) / 2
  // P(B ≤ r−1) grows with r: the largest r whose lower tail stays within `tail`.
  if (binomCdf(0, n, q) > tail) return null
  let lo = 1
  let hi = n
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2)
    if (binomCdf(mid - 1, n, q) <= tail) lo = mid
    else hi = mid - 1
  }
  return lo
}

/** The smallest n for which quantileCI(n, q, confidence) has an interval (368 for p99 at 95 %). */
export function samplesNeeded(q: number, confidence: number): number {
  check(1, q, confidence)
  const tail = (1 - confidence) / 2
  // Both conditions are monotone in n: (1−q)^n ≤ tail and q^n ≤ tail.
  let n = Math.max(1, Math.ceil(Math.log(tail) / Math.log(Math.max(q, 1 - q))) - 2)
  while (binomCdf(0, n, q) > tail || binomSf(n, n, q) > tail) n++
  return n
}

function check(n: number, q: number, confidence: number): void {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`n must be a positive integer, got ${n}`)
  if (!(q > 0 && q < 1)) throw new RangeError(`q must be in (0, 1), got ${q}`)
  if (!(confidence > 0 && confidence < 1))
    throw new RangeError(`confidence must be in (0, 1), got ${confidence}`)
}

/** P(B ≤ k) for B ~ Binomial(n, p): the one binomial implementation, shared with McNemar. */
export const binomCdf = binomialCdf

/** P(B ≥ k) for B ~ Binomial(n, p), summed directly as the lower tail of n − B ~ Binomial(n, 1 − p). */
export function binomSf(k: number, n: number, p: number): number {
  if (k <= 0) return 1
  if (k > n) return 0
  return binomialCdf(n - k, n, 1 - p)
}
