/**
 * Distribution-free confidence intervals for a quantile from order statistics (the convention of
 * vectors/quantile-ci.json). With the sample sorted ascending and ranks 1-based, [x_(lowerRank),
 * x_(upperRank)] covers the true q-quantile with probability ≥ confidence:
 *   lowerRank = the largest r with P(Binomial(n,q) ≤ r−1) ≤ (1−confidence)/2,
 *   upperRank = the smallest r with P(Binomial(n,q) ≥ r) ≤ (1−confidence)/2.
 * No such rank (too few samples) → null.
 */

export interface QuantileCI {
  /** 1-based rank of the order statistic at the interval's lower end. */
  lowerRank: number
  /** 1-based rank of the order statistic at the interval's upper end. */
  upperRank: number
  /** The exact coverage P(lowerRank ≤ B < upperRank) with B ~ Binomial(n, q); ≥ confidence. */
  coverage: number
}

export function quantileCI(n: number, q: number, confidence: number): QuantileCI | null {
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
  const lowerRank = lo
  // P(B ≥ r) falls with r: the smallest r whose upper tail stays within `tail`.
  if (binomSf(n, n, q) > tail) return null
  lo = 1
  hi = n
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2)
    if (binomSf(mid, n, q) <= tail) hi = mid
    else lo = mid + 1
  }
  const upperRank = lo
  const coverage = 1 - binomCdf(lowerRank - 1, n, q) - binomSf(upperRank, n, q)
  return { lowerRank, upperRank, coverage }
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

/** P(B ≤ k) for B ~ Binomial(n, p). */
export function binomCdf(k: number, n: number, p: number): number {
  if (k < 0) return 0
  if (k >= n) return 1
  // Sum the side away from the mean, where terms shrink geometrically; the other side is 1 − that.
  if (k < n * p) return sumDown(k, n, p)
  return 1 - sumUp(k + 1, n, p)
}

/** P(B ≥ k) for B ~ Binomial(n, p). */
export function binomSf(k: number, n: number, p: number): number {
  if (k <= 0) return 1
  if (k > n) return 0
  if (k > n * p) return sumUp(k, n, p)
  return 1 - sumDown(k - 1, n, p)
}

/** Σ_{i ≤ k} pmf(i), walking down from k with the ratio pmf(i−1)/pmf(i); terms only shrink. */
function sumDown(k: number, n: number, p: number): number {
  let term = Math.exp(logPmf(k, n, p))
  let sum = term
  const r = (1 - p) / p
  for (let i = k; i > 0 && term > sum * 1e-17; i--) {
    term *= (i / (n - i + 1)) * r
    sum += term
  }
  return sum
}

/** Σ_{i ≥ k} pmf(i), walking up from k with the ratio pmf(i+1)/pmf(i). */
function sumUp(k: number, n: number, p: number): number {
  let term = Math.exp(logPmf(k, n, p))
  let sum = term
  const r = p / (1 - p)
  for (let i = k; i < n && term > sum * 1e-17; i++) {
    term *= ((n - i) / (i + 1)) * r
    sum += term
  }
  return sum
}

/** log of the binomial pmf, through log-gamma so huge n neither overflows nor underflows. */
function logPmf(k: number, n: number, p: number): number {
  return (
    logGamma(n + 1) -
    logGamma(k + 1) -
    logGamma(n - k + 1) +
    (k === 0 ? 0 : k * Math.log(p)) +
    (n - k === 0 ? 0 : (n - k) * Math.log1p(-p))
  )
}

// Lanczos approximation (g = 7, 9 terms): about 15 significant digits for x > 0.
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
  -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
  1.5056327351493116e-7
]

export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x)
  const z = x - 1
  let a = LANCZOS[0]
  const t = z + 7.5
  for (let i = 1; i < 9; i++) a += LANCZOS[i] / (z + i)
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a)
}
