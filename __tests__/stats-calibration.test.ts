/**
 * Does the non-inferiority verdict mean what it says? Simulated evaluations with a known true Δ
 * (bench/regression-bootstrap.ts runs the same at full size and records the figures):
 *
 * - true Δ = −max_drop exactly: a pass would be a wrong promotion. The verdict reads the lower end
 *   of a two-sided 95% interval, so the rate should be ≤ 2.5%; we allow 5% plus simulation
 *   tolerance (7.5%: with 1,000 simulations 2.5% has a Monte-Carlo s.e. of 0.5 pp).
 * - true Δ = 0 with n large enough that the MDE (≈0.015) is below max_drop (0.02): pass ≥ 80%.
 * - true Δ = −3·max_drop: never a pass.
 */
import { describe, expect, it } from '@jest/globals'
import {
  BINARY_N,
  CONTINUOUS_N,
  MAX_DROP,
  binaryScenario,
  calibrateBinary,
  calibrateContinuous,
  continuousScenario,
  simulateBinary
} from '../bench/regression-bootstrap.js'
import { minimumDetectableEffect, pairedTable } from '../src/stats/paired.js'
import { Rng } from '../src/stats/rng.js'

describe('calibration: 0/1 samples, Newcombe interval (1,000 simulations, n = 2000)', () => {
  it('the simulator produces the Δ and discordant rate it is asked for', () => {
    const { cand, champ } = simulateBinary({ ...binaryScenario(-MAX_DROP), n: 200_000 }, new Rng(1))
    const t = pairedTable(cand, champ)
    expect((t.c - t.b) / 200_000).toBeCloseTo(-MAX_DROP, 2)
    expect((t.b + t.c) / 200_000).toBeCloseTo(0.06, 2)
    expect((t.a + t.b) / 200_000).toBeCloseTo(0.85, 2)
  })

  it('has an MDE below max_drop at this n, so Δ = 0 should usually pass', () => {
    const mde = minimumDetectableEffect({ n: BINARY_N, discordant: 0.06 * BINARY_N })
    expect(mde).toBeLessThan(MAX_DROP)
  })

  it('true Δ = −max_drop: passes in at most 7.5%', () => {
    const c = calibrateBinary(binaryScenario(-MAX_DROP), 1000, 101)
    expect(c.passRate).toBeLessThanOrEqual(0.075)
  })

  it('true Δ = 0: passes in at least 80%', () => {
    const c = calibrateBinary(binaryScenario(0), 1000, 102)
    expect(c.passRate).toBeGreaterThanOrEqual(0.8)
  })

  it('true Δ = −3·max_drop: never passes', () => {
    const c = calibrateBinary(binaryScenario(-3 * MAX_DROP), 1000, 103)
    expect(c.pass).toBe(0)
    expect(c.fail).toBeGreaterThan(990)
  })
})

describe('calibration: continuous metric, paired bootstrap (200 simulations × 1,000 resamples, n = 800)', () => {
  it('has an MDE below max_drop at this n', () => {
    const s = continuousScenario(0)
    expect(minimumDetectableEffect({ n: CONTINUOUS_N, sd: s.noiseSd * Math.SQRT2 })).toBeLessThan(
      MAX_DROP
    )
  })

  it('true Δ = −max_drop: passes in at most 7.5%', () => {
    expect(
      calibrateContinuous(continuousScenario(-MAX_DROP), 200, 201, 1000).passRate
    ).toBeLessThanOrEqual(0.075)
  })

  it('true Δ = 0: passes in at least 80%', () => {
    expect(
      calibrateContinuous(continuousScenario(0), 200, 202, 1000).passRate
    ).toBeGreaterThanOrEqual(0.8)
  })

  it('true Δ = −3·max_drop: never passes', () => {
    expect(calibrateContinuous(continuousScenario(-3 * MAX_DROP), 200, 203, 1000).pass).toBe(0)
  })
})
