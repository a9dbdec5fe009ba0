import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { fixturePath } from '../test-support/fixtures.js'
import { binomCdf, binomSf, quantileCI, samplesNeeded } from '../src/stats/quantile-ci.js'

interface Vector {
  q: number
  n: number
  confidence: number
  lower_rank: number
  upper_rank: number
  coverage: number
}

// The reference vectors (scipy-computed, test-support/fixtures/vectors), every case.
const VECTORS = (
  JSON.parse(readFileSync(fixturePath('vectors', 'quantile-ci.json'), 'utf8')) as {
    cases: Vector[]
  }
).cases

/** The definition itself, by brute force over exact pmf sums (small n only). */
function bruteForce(n: number, q: number, confidence: number): [number, number] | null {
  const pmf: number[] = []
  for (let k = 0; k <= n; k++)
    pmf.push(Math.exp(logChoose(n, k) + k * Math.log(q) + (n - k) * Math.log1p(-q)))
  const cdf = (k: number): number => pmf.slice(0, k + 1).reduce((a, b) => a + b, 0)
  const sf = (k: number): number => pmf.slice(k).reduce((a, b) => a + b, 0)
  const tail = (1 - confidence) / 2
  let lower: number | null = null
  for (let r = 1; r <= n; r++) if (cdf(r - 1) <= tail) lower = r
  let upper: number | null = null
  for (let r = n; r >= 1; r--) if (sf(r) <= tail) upper = r
  return lower === null || upper === null ? null : [lower, upper]
}
function logChoose(n: number, k: number): number {
  let s = 0
  for (let i = 1; i <= k; i++) s += Math.log(n - k + i) - Math.log(i)
  return s
}

describe('quantileCI', () => {
  it.each(VECTORS)(
    'reproduces the vector n=$n q=$q confidence=$confidence',
    ({ n, q, confidence, lower_rank, upper_rank, coverage }) => {
      const ci = quantileCI(n, q, confidence)
      expect(ci).toEqual({
        lowerRank: lower_rank,
        upperRank: upper_rank,
        coverage: expect.any(Number)
      })
      expect(ci?.coverage).toBeCloseTo(coverage, 5)
      expect(ci?.coverage).toBeGreaterThanOrEqual(confidence)
    }
  )

  it('reads every reference vector', () => {
    expect(VECTORS.length).toBeGreaterThanOrEqual(10)
  })

  it('has no two-sided 95% interval for p99 below 368 samples', () => {
    expect(quantileCI(367, 0.99, 0.95)).toBeNull()
    expect(quantileCI(100, 0.99, 0.95)).toBeNull()
    expect(quantileCI(368, 0.99, 0.95)).not.toBeNull()
    expect(samplesNeeded(0.99, 0.95)).toBe(368)
    expect(samplesNeeded(0.5, 0.95)).toBe(6)
    expect(quantileCI(5, 0.5, 0.95)).toBeNull()
    expect(quantileCI(6, 0.5, 0.95)).not.toBeNull()
  })

  it('agrees with the definition computed by brute force', () => {
    for (const [n, q, c] of [
      [20, 0.5, 0.9],
      [50, 0.9, 0.95],
      [400, 0.99, 0.95],
      [120, 0.25, 0.99],
      [37, 0.7, 0.8]
    ] as const) {
      const ci = quantileCI(n, q, c)
      const bf = bruteForce(n, q, c)
      expect(ci ? [ci.lowerRank, ci.upperRank] : null).toEqual(bf)
    }
  })

  it('stays stable for very large n', () => {
    const ci = quantileCI(10_000_000, 0.99, 0.95)
    expect(ci).not.toBeNull()
    // Normal approximation: 0.99·n ± 1.96·√(n·0.99·0.01) ≈ 9,900,000 ± 617.
    expect(Math.abs((ci?.lowerRank ?? 0) - (9_900_000 - 617))).toBeLessThan(5)
    expect(Math.abs((ci?.upperRank ?? 0) - (9_900_000 + 617))).toBeLessThan(5)
    expect(ci?.coverage).toBeGreaterThanOrEqual(0.95)
  })

  it('rejects impossible arguments', () => {
    expect(() => quantileCI(0, 0.99, 0.95)).toThrow(RangeError)
    expect(() => quantileCI(10.5, 0.99, 0.95)).toThrow(RangeError)
    expect(() => quantileCI(100, 1, 0.95)).toThrow(RangeError)
    expect(() => quantileCI(100, 0.5, 1)).toThrow(RangeError)
  })
})

describe('binomial tails', () => {
  it('match exact small cases and complement each other', () => {
    // Binomial(10, 0.5): P(B ≤ 2) = 56/1024.
    expect(binomCdf(2, 10, 0.5)).toBeCloseTo(56 / 1024, 14)
    expect(binomSf(8, 10, 0.5)).toBeCloseTo(56 / 1024, 14)
    expect(binomCdf(-1, 10, 0.5)).toBe(0)
    expect(binomCdf(10, 10, 0.5)).toBe(1)
    for (const k of [0, 3, 5, 9])
      expect(binomCdf(k, 10, 0.3) + binomSf(k + 1, 10, 0.3)).toBeCloseTo(1, 14)
    // Far tails do not underflow to garbage.
    expect(binomSf(1000, 1000, 0.99)).toBeCloseTo(Math.pow(0.99, 1000), 15)
  })
})
