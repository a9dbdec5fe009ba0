import { describe, expect, it } from '@jest/globals'
import {
  clip,
  exact,
  fmt,
  fmtInterval,
  intervalDecimals,
  MINUS,
  near,
  pct,
  shownValue
} from '../src/format.js'

describe('numbers in reports', () => {
  it('writes every negative number with U+2212, the sign the thresholds use', () => {
    expect(MINUS).toBe('\u2212')
    expect(fmt(-0.0205)).toBe('−0.0205')
    expect(fmt(-0.00001234)).toBe('−1.234e−5')
    expect(fmt(-Infinity)).toBe('−Infinity')
    expect(exact(-0.01)).toBe('−0.01')
    for (const x of [-1, -0.5, -1234567, -1e-9]) expect(fmt(x)).not.toContain('-')
  })

  it('never shows a minus on zero', () => {
    expect(fmt(-0)).toBe('0')
    expect(exact(-0)).toBe('0')
    expect(fmtInterval(-0.00001, -0.004, 0.004).value).toBe('0.0000')
  })

  it('keeps fmt for positive numbers: four significant digits', () => {
    expect(fmt(0.915534)).toBe('0.9155')
    expect(fmt(2000)).toBe('2000')
    expect(fmt(0.0001)).toBe('1.000e−4')
  })

  it('shows a value and its interval at one precision: the half-width to two significant digits', () => {
    // The example: Δ 0.0085, 95% CI [0.001943, 0.01529].
    expect(fmtInterval(0.0085, 0.001943, 0.01529)).toEqual({
      value: '0.0085',
      low: '0.0019',
      high: '0.0153'
    })
    expect(fmtInterval(-0.0205, -0.02931, -0.01206)).toEqual({
      value: '−0.0205',
      low: '−0.0293',
      high: '−0.0121'
    })
    // Accuracy ± 0.012: the fourth decimal is noise.
    expect(fmtInterval(0.9155, 0.9025, 0.9269)).toEqual({
      value: '0.916',
      low: '0.903',
      high: '0.927'
    })
  })

  it('derives the decimals from the width alone, coarser than units for wide intervals', () => {
    expect(intervalDecimals(0.001943, 0.01529)).toBe(4) // half-width 0.0067
    expect(intervalDecimals(0, 0.02)).toBe(3) // half-width 0.010
    expect(intervalDecimals(800, 890)).toBe(0) // half-width 45
    expect(fmtInterval(851.26, 812.3, 901.7)).toEqual({ value: '851', low: '812', high: '902' })
    expect(fmtInterval(12_345, 11_000, 14_000)).toEqual({
      value: '12300',
      low: '11000',
      high: '14000'
    })
  })

  it('falls back to fmt for an interval without width', () => {
    expect(intervalDecimals(0.5, 0.5)).toBeUndefined()
    expect(intervalDecimals(0, Infinity)).toBeUndefined()
    expect(intervalDecimals(0.1, 0.1 + 1e-15)).toBeUndefined()
    expect(fmtInterval(0.5, 0.5, 0.5)).toEqual({ value: '0.5', low: '0.5', high: '0.5' })
    expect(fmtInterval(NaN, 0, 1).value).toBe('NaN')
  })

  it('adds decimals rather than round a number onto the limit it is compared with', () => {
    // Upper bound 0.8996 against a minimum of 0.9: "0.900" would read as meeting it.
    expect(fmtInterval(0.87, 0.84, 0.8996).high).toBe('0.900')
    expect(fmtInterval(0.87, 0.84, 0.8996, 0.9).high).toBe('0.8996')
    // p99 402 ms against 400 ms, in a 90 ms wide interval.
    expect(fmtInterval(402, 360, 540, 400).value).toBe('402')
    // A number equal to the limit is no reason for more digits.
    expect(fmtInterval(0.9, 0.88, 0.92, 0.9)).toEqual({
      value: '0.900',
      low: '0.880',
      high: '0.920'
    })
  })
})

describe('the shared report helpers', () => {
  it('shownValue: a value with its interval at one precision, alone by fmt, or a dash', () => {
    expect(shownValue(0.0085, { low: 0.001943, high: 0.01529 })).toEqual({
      value: '0.0085',
      low: '0.0019',
      high: '0.0153'
    })
    expect(shownValue(0.91555, undefined)).toEqual({ value: fmt(0.91555) })
    expect(shownValue(undefined, { low: 1, high: 2 })).toEqual({ value: '—', low: '1', high: '2' })
  })

  it('near keeps the digits that tell a value from its limit; clip and pct', () => {
    expect(near(100.04, 100)).toBe('100.04')
    expect(near(250, 100)).toBe('250')
    expect(clip('a\n  b   c', 200)).toBe('a b c')
    expect(clip('x'.repeat(70), 60)).toBe(`${'x'.repeat(60)}…`)
    expect(pct(0.0123)).toBe('1.23%')
  })
})

describe('interval rounding', () => {
  it('rounds decimal halves away from zero, as a reader does, not by their binary value', () => {
    expect(fmtInterval(0.9155, 0.9025, 0.9269).value).toBe('0.916')
    expect(fmtInterval(-0.9155, -0.9269, -0.9025).value).toBe('−0.916')
  })

  it('handles numbers whose text is in exponent form', () => {
    expect(fmtInterval(1.5e-7, 1e-7, 2e-7)).toEqual({
      value: '0.000000150',
      low: '0.000000100',
      high: '0.000000200'
    })
    expect(fmtInterval(3e21, 2e21, 4e21).value).toBe('3e+21')
  })
})
