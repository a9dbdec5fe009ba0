import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { fixturePath } from '../test-support/fixtures.js'
import {
  MCNEMAR_EXACT_BELOW,
  binomialCdf,
  chiSquare1Sf,
  erfc,
  mcnemar,
  normalCdf,
  normalQuantile
} from '../src/stats/mcnemar.js'

/**
 * |actual − expected| / max(|expected|, floor). At most 1e-8 with the default floor means within
 * 1e-8 relative, or 1e-12 absolute near zero (the brief's tolerance); floor 0 is purely relative.
 */
function deviation(actual: number | null, expected: number, floor = 1e-4): number {
  if (actual === null) return Infinity
  return Math.abs(actual - expected) / Math.max(Math.abs(expected), floor)
}

interface McNemarVector {
  b: number
  c: number
  exact_two_sided_p: number
  chi2_cc_statistic: number | null
  chi2_cc_p: number
}

// The reference vectors ("Computed with scipy", test-support/fixtures/vectors), every case.
const VECTORS = (
  JSON.parse(readFileSync(fixturePath('vectors', 'mcnemar.json'), 'utf8')) as {
    cases: McNemarVector[]
  }
).cases

describe('mcnemar: fixtures/vectors/mcnemar.json', () => {
  it.each(VECTORS)('b=$b c=$c', (v) => {
    const r = mcnemar(v.b, v.c)
    expect(deviation(r.exactP, v.exact_two_sided_p)).toBeLessThanOrEqual(1e-8)
    // No statistic without discordant pairs; deviation(null, …) would be Infinity.
    expect(r.chi2 === null).toBe(v.chi2_cc_statistic === null)
    expect(deviation(r.chi2 ?? 0, v.chi2_cc_statistic ?? 0)).toBeLessThanOrEqual(1e-8)
    expect(deviation(r.chi2P, v.chi2_cc_p)).toBeLessThanOrEqual(1e-8)
    expect(r.method).toBe(v.b + v.c < 25 ? 'exact' : 'chi2-cc')
    expect(r.p).toBe(r.method === 'exact' ? r.exactP : r.chi2P)
    expect([r.b, r.c]).toEqual([v.b, v.c])
  })

  it('is symmetric in b and c', () => {
    for (const v of VECTORS)
      expect(mcnemar(v.c, v.b)).toEqual({ ...mcnemar(v.b, v.c), b: v.c, c: v.b })
  })
})

describe('mcnemar: method choice', () => {
  it('uses the exact test below 25 discordant pairs and χ² from 25', () => {
    expect(MCNEMAR_EXACT_BELOW).toBe(25)
    expect(mcnemar(8, 16).method).toBe('exact')
    expect(mcnemar(8, 16).p).toBe(mcnemar(8, 16).exactP)
    expect(mcnemar(9, 16).method).toBe('chi2-cc')
    expect(mcnemar(9, 16).p).toBe(mcnemar(9, 16).chi2P)
  })

  it('matches a textbook example: Cavo et al. (2012) in Fagerland, Lydersen & Laake (2017), ch. 8', () => {
    // n12 = 6, n21 = 16: "McNemar exact conditional test: P = 0.052479" and "McNemar test with
    // continuity correction: P = 0.055009" (the contingencytables R package's chapter 8 tests).
    const r = mcnemar(16, 6)
    expect(r.exactP).toBeCloseTo(0.052479, 6)
    expect(r.chi2P).toBeCloseTo(0.055009, 6)
  })

  it('refuses counts that are not non-negative integers', () => {
    expect(() => mcnemar(-1, 3)).toThrow(RangeError)
    expect(() => mcnemar(1.5, 3)).toThrow(RangeError)
    expect(() => mcnemar(2, Number.NaN)).toThrow(RangeError)
  })
})

describe('mcnemar: large counts stay accurate', () => {
  // Reference values from scipy 1.17.1: 2·binom.cdf(min, b+c, 0.5) and chi2.sf(stat, 1).
  it.each([
    [249000, 251000, 0.004698395011888115, 7.992002, 0.00469844334862949],
    [49500, 50500, 0.0015823598788515154, 9.98001, 0.001582488250381081],
    [1000, 1100, 0.03072070786424249, 4.667142857142857, 0.030745034758993192],
    [150000, 150000, 1.0, 0.0, 1.0]
  ])('b=%d c=%d', (b, c, exactP, chi2, chi2P) => {
    const r = mcnemar(b, c)
    expect(deviation(r.exactP, exactP)).toBeLessThanOrEqual(1e-8)
    expect(deviation(r.chi2, chi2)).toBeLessThanOrEqual(1e-8)
    expect(deviation(r.chi2P, chi2P)).toBeLessThanOrEqual(1e-8)
  })

  it('underflows to 0, never to NaN, far in the tail', () => {
    const r = mcnemar(5, 100000)
    expect(r.exactP).toBe(0)
    expect(r.chi2P).toBe(0)
  })

  it('computes binomial tails far from the centre without overflow', () => {
    // scipy: binom.cdf(10, 1000, 0.5)
    expect(deviation(binomialCdf(10, 1000, 0.5), 2.4833387914896352e-278, 0)).toBeLessThan(1e-10)
    expect(binomialCdf(-1, 10, 0.5)).toBe(0)
    expect(binomialCdf(10, 10, 0.5)).toBe(1)
    // Above the mean the upper tail is summed instead: P(X ≤ 7) for Bin(10, ½) = 1 − 56/1024.
    expect(deviation(binomialCdf(7, 10, 0.5), 1 - 56 / 1024)).toBeLessThan(1e-14)
  })
})

describe('distribution helpers', () => {
  // scipy.special.erfc / scipy.stats.norm
  it.each([
    [0.5, 0.4795001221869535],
    [3, 2.2090496998585445e-5],
    [10, 2.0884875837625446e-45],
    [-1, 1.8427007929497148],
    [0, 1]
  ])('erfc(%d)', (x, expected) => expect(deviation(erfc(x), expected, 0)).toBeLessThan(1e-13))

  it('χ²₁ upper tail and the normal distribution', () => {
    expect(deviation(chiSquare1Sf(3.61), 0.05743311963200335)).toBeLessThan(1e-13)
    expect(chiSquare1Sf(0)).toBe(1)
    expect(deviation(normalCdf(-3), 0.0013498980316300933)).toBeLessThan(1e-13)
    expect(deviation(normalCdf(1.5), 0.9331927987311419)).toBeLessThan(1e-13)
  })

  it.each([
    [0.975, 1.959963984540054],
    [0.8, 0.8416212335729143],
    [0.025, -1.9599639845400545],
    [1e-10, -6.361340902404056],
    [1e-300, -37.0470962993612],
    [0.5, 0]
  ])('normalQuantile(%d)', (p, z) => expect(deviation(normalQuantile(p), z, 1)).toBeLessThan(1e-14))

  it('normalQuantile refuses what is not a probability', () => {
    expect(normalQuantile(0)).toBe(-Infinity)
    expect(normalQuantile(1)).toBe(Infinity)
    expect(() => normalQuantile(1.5)).toThrow(RangeError)
    expect(() => normalQuantile(Number.NaN)).toThrow(RangeError)
  })
})
