/**
 * McNemar's test for paired 0/1 outcomes, and the few distribution functions it and the paired
 * statistics need (written here rather than pulled in as a dependency: they are small).
 *
 * b = items the champion got right and the candidate got wrong; c = the reverse. Only these
 * discordant pairs carry information about a difference (McNemar 1947).
 */

/** Below this many discordant pairs the exact binomial test is used, at or above it χ². */
export const MCNEMAR_EXACT_BELOW = 25

export interface McNemarResult {
  b: number
  c: number
  /** Two-sided exact p: min(1, 2·P(X ≤ min(b, c))), X ~ Binomial(b + c, 1/2). */
  exactP: number
  /** (max(0, |b − c| − 1))² / (b + c), Edwards' continuity correction; null when b + c = 0. */
  chi2: number | null
  /** Upper tail of χ² with 1 degree of freedom at `chi2` (1 when b + c = 0). */
  chi2P: number
  /** The p-value of the chosen method. */
  p: number
  method: 'exact' | 'chi2-cc'
}

/**
 * McNemar's test. The exact conditional test is used when b + c < 25 (the χ² approximation is
 * poor there), the continuity-corrected χ² otherwise; both are always reported. Stable for b + c
 * into the millions: the binomial tail is summed in a saddle-point form, never from factorials.
 */
export function mcnemar(b: number, c: number): McNemarResult {
  for (const [name, v] of [
    ['b', b],
    ['c', c]
  ] as const) {
    if (!Number.isSafeInteger(v) || v < 0)
      throw new RangeError(`McNemar's ${name} must be a non-negative integer count, got ${v}`)
  }
  const n = b + c
  const exactP = n === 0 ? 1 : Math.min(1, 2 * binomialCdf(Math.min(b, c), n, 0.5))
  // The correction never makes the statistic negative: b = c gives 0, not 1/(b + c).
  const chi2 = n === 0 ? null : Math.max(0, Math.abs(b - c) - 1) ** 2 / n
  const chi2P = chi2 === null ? 1 : chiSquare1Sf(chi2)
  const method = n < MCNEMAR_EXACT_BELOW ? 'exact' : 'chi2-cc'
  return { b, c, exactP, chi2, chi2P, p: method === 'exact' ? exactP : chi2P, method }
}

// ---------------------------------------------------------------------------------------------
// Binomial distribution, after Loader, "Fast and accurate computation of binomial probabilities"
// (2000), the method behind R's dbinom: the pmf is exp of a sum of small, accurately computed terms,
// so it neither overflows nor loses digits to cancellation of huge log-factorials.

const LN_2PI = 1.8378770664093453 // ln(2π)
const LN_SQRT_2PI = 0.9189385332046728 // ln(√(2π))

/** stirlerr(n) = ln(n!) − [(n + ½)·ln(n) − n + ln√(2π)], the error of Stirling's formula. */
function stirlerr(n: number): number {
  if (n <= 15) {
    let lnFact = 0
    for (let k = 2; k <= n; k++) lnFact += Math.log(k)
    return lnFact - (n + 0.5) * Math.log(n) + n - LN_SQRT_2PI
  }
  // Asymptotic series 1/(12n) − 1/(360n³) + 1/(1260n⁵) − 1/(1680n⁷) + 1/(1188n⁹).
  const nn = n * n
  const S0 = 1 / 12
  const S1 = 1 / 360
  const S2 = 1 / 1260
  const S3 = 1 / 1680
  const S4 = 1 / 1188
  if (n > 500) return (S0 - S1 / nn) / n
  if (n > 80) return (S0 - (S1 - S2 / nn) / nn) / n
  if (n > 35) return (S0 - (S1 - (S2 - S3 / nn) / nn) / nn) / n
  return (S0 - (S1 - (S2 - (S3 - S4 / nn) / nn) / nn) / nn) / n
}

/** bd0(x, np) = x·ln(x/np) + np − x, by a series where the direct form would cancel. */
function bd0(x: number, np: number): number {
  if (Math.abs(x - np) < 0.1 * (x + np)) {
    const v = (x - np) / (x + np)
    let s = (x - np) * v
    let ej = 2 * x * v
    const v2 = v * v
    for (let j = 1; j < 1000; j++) {
      ej *= v2
      const s1 = s + ej / (2 * j + 1)
      if (s1 === s) return s1
      s = s1
    }
    return s
  }
  return x * Math.log(x / np) + np - x
}

/** P(X = x), X ~ Binomial(n, p), for integers 0 ≤ x ≤ n. */
function binomialPmf(x: number, n: number, p: number): number {
  const q = 1 - p
  if (p === 0) return x === 0 ? 1 : 0
  if (q === 0) return x === n ? 1 : 0
  if (x === 0) return n === 0 ? 1 : Math.exp(n * Math.log1p(-p))
  if (x === n) return Math.exp(n * Math.log(p))
  const lc = stirlerr(n) - stirlerr(x) - stirlerr(n - x) - bd0(x, n * p) - bd0(n - x, n * q)
  const lf = LN_2PI + Math.log(x) + Math.log1p(-x / n)
  return Math.exp(lc - 0.5 * lf)
}

/**
 * P(X ≤ k), X ~ Binomial(n, p). Sums from k downwards (pmf(j−1) = pmf(j)·j/(n−j+1)·q/p), which
 * only shrinks while k is at or below the mean; above it the upper tail is summed instead.
 */
export function binomialCdf(k: number, n: number, p: number): number {
  if (k < 0) return 0
  if (k >= n) return 1
  if (k > n * p) return 1 - binomialCdf(n - k - 1, n, 1 - p)
  const ratio = (1 - p) / p
  let term = binomialPmf(k, n, p)
  let sum = term
  for (let j = k; j > 0 && term > sum * 1e-17; j--) {
    term *= (j / (n - j + 1)) * ratio
    sum += term
  }
  return Math.min(1, sum)
}

// ---------------------------------------------------------------------------------------------
// Normal and χ² distributions, through the regularized incomplete gamma function (Numerical
// Recipes, 3rd ed., §6.2: series below a + 1, Lentz's continued fraction above), which is
// accurate to a few ulps with no table of magic coefficients to get wrong.

const LN_SQRT_PI = 0.5723649429247001 // lnΓ(½)
const EPS = 1e-16

/** Q(½, x) = Γ(½, x)/Γ(½), the upper regularized incomplete gamma at a = ½. */
function gammaQHalf(x: number): number {
  const a = 0.5
  if (x <= 0) return 1
  const front = Math.exp(-x + a * Math.log(x) - LN_SQRT_PI)
  if (x < a + 1) {
    let term = 1 / a
    let sum = term
    for (let k = 1; k < 1000; k++) {
      term *= x / (a + k)
      sum += term
      if (Math.abs(term) < Math.abs(sum) * EPS) break
    }
    return 1 - sum * front
  }
  const tiny = 1e-300
  let b = x + 1 - a
  let c = 1 / tiny
  let d = 1 / b
  let h = d
  for (let i = 1; i < 1000; i++) {
    const an = -i * (i - a)
    b += 2
    d = an * d + b
    if (Math.abs(d) < tiny) d = tiny
    c = b + an / c
    if (Math.abs(c) < tiny) c = tiny
    d = 1 / d
    const delta = d * c
    h *= delta
    if (Math.abs(delta - 1) < EPS) break
  }
  return front * h
}

/** The complementary error function, to near machine precision (relative, also in the tail). */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN
  if (x < 0) return 2 - erfc(-x)
  return gammaQHalf(x * x)
}

/** Upper tail of χ² with one degree of freedom: P(χ²₁ > x) = erfc(√(x/2)). */
export function chiSquare1Sf(x: number): number {
  return x <= 0 ? 1 : erfc(Math.sqrt(x / 2))
}

/** Φ(z), the standard normal distribution function. */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2)
}

/**
 * Φ⁻¹(p). A starting value from Abramowitz & Stegun 26.2.23 (error < 4.5e-4), then Halley steps
 * on Φ(x) − p, which converge cubically to full double precision.
 */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`a probability must be in [0, 1], got ${p}`)
  if (p === 0) return -Infinity
  if (p === 1) return Infinity
  if (p === 0.5) return 0
  const tail = Math.min(p, 1 - p)
  const t = Math.sqrt(-2 * Math.log(tail))
  let x =
    t -
    (2.515517 + t * (0.802853 + t * 0.010328)) /
      (1 + t * (1.432788 + t * (0.189269 + t * 0.001308)))
  if (p < 0.5) x = -x
  for (let i = 0; i < 8; i++) {
    // Work in the tail nearer x so Φ(x) − p keeps its relative precision.
    const e = x < 0 ? normalCdf(x) - p : 1 - p - normalCdf(-x)
    const u = e * Math.sqrt(2 * Math.PI) * Math.exp((x * x) / 2)
    const step = u / (1 + (x * u) / 2)
    x -= step
    if (Math.abs(step) <= 1e-15 * Math.max(1, Math.abs(x))) break
  }
  return x
}
