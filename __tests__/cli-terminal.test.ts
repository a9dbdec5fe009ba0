/**
 * The CLI's terminal: colour only where it belongs, a progress line that log lines never tear, a
 * heartbeat instead of a redrawn line when stderr is not a terminal, and workflow commands that
 * stray onto stdout turned into plain text (a mask line, which would print its secret, dropped).
 */
import { afterEach, describe, expect, it, jest } from '@jest/globals'
import { Writable } from 'node:stream'
import { plainText } from '../src/cli/run.js'
import type { GateResult } from '../src/gates/gate.js'
import { newReport } from '../src/report.js'
import {
  paint,
  renderGateTable,
  renderTerminalReport,
  TerminalLog,
  wantsColour
} from '../src/reports/terminal.js'
import { clearSecrets, registerSecret } from '../src/secrets.js'

function sink(isTTY: boolean): Writable & { isTTY: boolean; text: () => string } {
  let text = ''
  const w = new Writable({
    write(chunk: Buffer, _enc, done) {
      text += chunk.toString()
      done()
    }
  }) as Writable & { isTTY: boolean; text: () => string }
  w.isTTY = isTTY
  w.text = () => text
  return w
}

afterEach(() => {
  jest.useRealTimers()
  clearSecrets()
})

describe('colour', () => {
  it('only on a terminal, and never with --no-color or NO_COLOR', () => {
    expect(wantsColour({ isTTY: true }, false, {})).toBe(true)
    expect(wantsColour({ isTTY: false }, false, {})).toBe(false)
    expect(wantsColour({ isTTY: true }, true, {})).toBe(false)
    expect(wantsColour({ isTTY: true }, false, { NO_COLOR: '1' })).toBe(false)
  })

  it('colours the verdict cell only, and keeps the columns aligned', () => {
    const gates: GateResult[] = [
      {
        name: 'accuracy',
        type: 'metric',
        verdict: 'pass',
        enforce: true,
        value: 0.9155,
        threshold: '≥ 0.88',
        n: 2000,
        message: '',
        warnings: []
      },
      {
        name: 'no-regression',
        type: 'regression',
        verdict: 'fail',
        enforce: true,
        message: '',
        warnings: []
      }
    ]
    const plain = renderGateTable(gates, paint(false)).split('\n')
    const coloured = renderGateTable(gates, paint(true)).split('\n')
    expect(plain[1]).toMatch(/^accuracy\s+metric\s+0\.9155\s+≥ 0\.88\s+2000\s+pass$/)
    expect(plain[2].indexOf('fail')).toBe(plain[1].indexOf('pass'))
    expect(coloured[2]).toBe(plain[2].replace('fail', '\x1b[31mfail\x1b[0m'))
  })
})

describe('progress', () => {
  it('on a terminal, redraws the status line after every log line', () => {
    jest.useFakeTimers({ now: 0 })
    const err = sink(true)
    const t = new TerminalLog(err, paint(false))
    t.gateStarted('latency')
    t.advanced('latency', 1024, 2000, 'requests')
    t.info('reading the champion')
    t.gateFinished('latency', 'pass', 14_200)
    t.close()
    expect(err.text()).toBe(
      'reading the champion\n\r\x1b[K⋯ latency 1024/2000 requests · 0 s' +
        '\r\x1b[Kgate latency: pass (14.2 s)\n'
    )
  })

  it('elsewhere, says every heartbeat which gates are still running', () => {
    jest.useFakeTimers({ now: 0 })
    const err = sink(false)
    const t = new TerminalLog(err, paint(false), { debug: false, heartbeatMs: 15_000 })
    t.gateStarted('latency')
    t.advanced('latency', 1024, 2000, 'requests')
    jest.advanceTimersByTime(15_000)
    t.gateFinished('latency', 'pass', 16_000)
    jest.advanceTimersByTime(15_000)
    expect(err.text()).toBe(
      '… running: latency 1024/2000 requests · 15 s\ngate latency: pass (16 s)\n'
    )
  })

  it('scrubs secrets from log lines', () => {
    registerSecret('s3cr3t-token')
    const err = sink(false)
    const t = new TerminalLog(err, paint(false))
    t.info('header Authorization: Bearer s3cr3t-token')
    t.warning('retrying with s3cr3t-token')
    expect(err.text()).toBe('header Authorization: Bearer ***\nwarning: retrying with ***\n')
  })
})

describe('stray workflow commands', () => {
  it('become plain text; a mask line is dropped rather than printing its secret', () => {
    expect(plainText('::add-mask::hunter2\n')).toBe('')
    expect(plainText('::warning title=x::slow%0Aregistry\n')).toBe('warning: slow\nregistry\n')
    expect(plainText('::set-output name=verdict::pass\nplain line\n')).toBe('plain line\n')
  })
})

describe('the report on a terminal', () => {
  it('shows a value and its CI at one precision, with U+2212 for negative numbers', () => {
    const table = renderGateTable(
      [
        {
          name: 'no-regression',
          type: 'regression',
          verdict: 'fail',
          enforce: true,
          measure: 'Δ accuracy',
          value: -0.0205,
          threshold: 'Δ > −0.01',
          ci: { low: -0.02931, high: -0.01206, level: 0.95 },
          n: 2000,
          message: '',
          warnings: []
        }
      ],
      paint(false)
    )
    expect(table).toContain('−0.0205  Δ > −0.01  [−0.0293, −0.0121] 95%')
    expect(table).not.toMatch(/-\d/)
  })

  it('says the alias was not read when the run stopped before reading it', () => {
    const report = { ...newReport(), model: 'chatbot', error: 'config x.yml is invalid' }
    const text = renderTerminalReport(report, undefined, report.error, paint(false))
    expect(text).toContain("'champion' was not read")
    expect(text).not.toContain('is not set')
    const read = { ...report, championBefore: null, championAfter: null }
    expect(renderTerminalReport(read, undefined, report.error, paint(false))).toContain(
      "'champion' is not set"
    )
  })
})
