import { describe, expect, it } from '@jest/globals'
import type { GateResult, Verdict } from '../src/gates/gate.js'
import { conclusion, overallVerdict, stepSucceeds } from '../src/verdict.js'

const gate = (verdict: Verdict, extra: Partial<GateResult> = {}): GateResult => ({
  name: `g-${verdict}`,
  type: 'metric',
  verdict,
  enforce: true,
  message: '',
  warnings: [],
  ...extra
})

describe('verdict aggregation', () => {
  it('takes the worst enforced gate: error > fail > inconclusive > pass', () => {
    expect(overallVerdict([gate('pass'), gate('inconclusive')])).toBe('inconclusive')
    expect(overallVerdict([gate('inconclusive'), gate('fail')])).toBe('fail')
    expect(overallVerdict([gate('fail'), gate('error'), gate('pass')])).toBe('error')
    expect(overallVerdict([gate('pass'), gate('pass')])).toBe('pass')
  })

  it('ignores gates with enforce: false', () => {
    expect(overallVerdict([gate('pass'), gate('error', { enforce: false })])).toBe('pass')
  })

  it('promotes on pass, or on an inconclusive that on_inconclusive: pass lets through', () => {
    expect(stepSucceeds('promote', 'pass', [])).toBe(true)
    const neutral = [gate('inconclusive', { policy: 'neutral' })]
    expect(stepSucceeds('promote', 'inconclusive', neutral)).toBe(false)
    const lenient = [gate('pass'), gate('inconclusive', { policy: 'pass' })]
    expect(stepSucceeds('promote', 'inconclusive', lenient)).toBe(true)
    expect(conclusion('promote', 'inconclusive', lenient)).toBe('success')
    // One strict inconclusive gate holds the step back whatever the others allow.
    const mixed = [...lenient, gate('inconclusive', { policy: 'fail' })]
    expect(stepSucceeds('promote', 'inconclusive', mixed)).toBe(false)
    expect(stepSucceeds('promote', 'fail', [gate('fail', { policy: 'pass' })])).toBe(false)
  })

  it('never reads a policy as a verdict: the aggregate stays inconclusive', () => {
    const strict = [gate('pass'), gate('inconclusive', { policy: 'fail' })]
    expect(overallVerdict(strict)).toBe('inconclusive')
    expect(conclusion('evaluate', 'inconclusive', strict)).toBe('failure')
    // A gate without a policy (latency) is held to fail.
    expect(stepSucceeds('evaluate', 'inconclusive', [gate('inconclusive')])).toBe(false)
  })

  it('lets a neutral inconclusive pass a PR check, as a neutral conclusion', () => {
    const neutral = [gate('pass'), gate('inconclusive', { policy: 'neutral' })]
    expect(stepSucceeds('evaluate', 'inconclusive', neutral)).toBe(true)
    expect(conclusion('evaluate', 'inconclusive', neutral)).toBe('neutral')
    const strict = [gate('inconclusive')]
    expect(stepSucceeds('evaluate', 'inconclusive', strict)).toBe(false)
    expect(conclusion('evaluate', 'inconclusive', strict)).toBe('failure')
  })
})
