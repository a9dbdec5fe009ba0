/** The latency gate through the real bundle, against a loopback serving endpoint. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { useActionHarness } from '../test-support/action-harness.js'
import { intervalDecimals } from '../src/format.js'

let target: http.Server
let targetUrl: string
/** The target's answer time in ms for its i-th request (0-based, warm-up included). */
let delay: (i: number) => number = () => 2
let served = 0
const seenPaths = new Set<string>()
beforeAll(async () => {
  target = http.createServer((req, res) => {
    seenPaths.add(req.url ?? '')
    req.resume()
    setTimeout(
      () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'),
      delay(served++)
    )
  })
  await new Promise<void>((r) => target.listen(0, '127.0.0.1', r))
  targetUrl = `http://127.0.0.1:${(target.address() as AddressInfo).port}`
})
afterAll(async () => {
  target.closeAllConnections()
  await new Promise((r) => target.close(r))
})
const h = useActionHarness({
  registry: 'mlflow',
  registryPer: 'file',
  seed: { chatbot: { versions: [{}, {}], aliases: { champion: '1' } } },
  scores: { '*:2': { kind: 'ok', metrics: { accuracy: 0.95 } } }
})

const config = (p99: number, load = 'rate: 150', extra = ''): string => `
gates:
  - {name: accuracy, type: metric, endpoint: "\${EVAL_URL}/v1", metric: accuracy, min: 0.9}
  - name: latency
    type: latency
    target: "\${TARGET}/models/{model}/{version}/invocations"
    body: {inputs: [1, 2, 3]}
    requests: 400
    ${load}
    warmup: 20
    p99_ms: ${p99}
    ${extra}
`

describe('latency gate through the bundle', () => {
  it('passes a fast endpoint and reports every percentile beside its limit', async () => {
    delay = () => 2
    // `correlation: report`: on a shared runner the client's stalls delay runs of requests, and
    // 400 such latencies are worth too few independent ones for the default (widen) to vouch for
    // p99 (bench/RESULTS-regression.md, p99-loopback). This test is about the table.
    const run = await h.run(
      { model: 'chatbot', version: '2', mode: 'evaluate' },
      { env: { TARGET: targetUrl }, config: config(1000, 'rate: 150', 'correlation: report') }
    )
    expect(run.code).toBe(0)
    expect(run.outputs.verdict).toBe('pass')
    expect(seenPaths).toContain('/models/chatbot/2/invocations')
    // The latency table (src/reports/markdown.ts latencyTable): header, separator, then the total
    // row with every column filled: n, p50, p90, p95, p99, p99 CI, max, limit, verdict.
    const lines = run.summary.split('\n')
    const header = lines.indexOf(
      '| Latency gate | ms | n | p50 | p90 | p95 | p99 | p99 CI | max | limit | verdict |'
    )
    expect(header).toBeGreaterThanOrEqual(0)
    expect(lines[header + 1]).toBe('|---|---|---|---|---|---|---|---|---|---|---|')
    const num = '(\\d+(?:\\.\\d+)?)'
    const totalRow = new RegExp(
      `^\\| latency \\| total \\| 400 \\| ${num} \\| ${num} \\| ${num} \\| ${num} \\| ` +
        `\\[${num}, ${num}\\] \\| ${num} \\| ≤ 1000 \\| ✅ pass \\|$`
    )
    expect(lines[header + 2]).toMatch(totalRow)
    const [p50, p90, p95, p99, ciLow, ciHigh, max] = (totalRow.exec(lines[header + 2]) ?? [])
      .slice(1)
      .map(Number)
    // Percentiles in order, the CI around p99.
    expect(p50).toBeLessThanOrEqual(p90)
    expect(p90).toBeLessThanOrEqual(p95)
    expect(p95).toBeLessThanOrEqual(p99)
    expect(p99).toBeLessThanOrEqual(max)
    expect(ciLow).toBeLessThanOrEqual(p99)
    expect(ciHigh).toBeGreaterThanOrEqual(p99)
    const gate = (
      run.receipt?.gates as Array<{ name: string; details: Record<string, unknown>; n: number }>
    ).find((g) => g.name === 'latency')
    expect(gate?.n).toBe(400)
    expect(gate?.details).toMatchObject({ mode: 'open', requests: 400, warmup: 20 })
    // The table shows the measured values (to the 4 significant digits it prints).
    const measured = gate?.details.latency as {
      p50: number
      p90: number
      p95: number
      p99: number
      max: number
      ci: { low: number; high: number }
    }
    const expected: Record<string, number> = {
      p50: measured.p50,
      p90: measured.p90,
      p95: measured.p95,
      p99: measured.p99,
      max: measured.max,
      ciLow: measured.ci.low,
      ciHigh: measured.ci.high
    }
    const shown: Record<string, number> = { p50, p90, p95, p99, max, ciLow, ciHigh }
    // p99 and its CI at the CI's precision (src/format.ts): within half a unit of its last digit.
    const ciUnit = 10 ** -(intervalDecimals(measured.ci.low, measured.ci.high) ?? 3)
    for (const [k, want] of Object.entries(expected)) {
      const tolerance = ['p99', 'ciLow', 'ciHigh'].includes(k)
        ? ciUnit / 2 + 1e-9
        : 1e-3 * Math.max(1, want)
      expect({ [k]: Math.abs(shown[k] - want) <= tolerance }).toEqual({ [k]: true })
    }
  })

  // A closed loop has no schedule to slip, so a loaded test machine cannot make this inconclusive.
  it('fails an endpoint whose p99 is over the limit', async () => {
    delay = () => 30
    const run = await h.run(
      { model: 'chatbot', version: '2', mode: 'evaluate' },
      { env: { TARGET: targetUrl }, config: config(10, 'concurrency: 8') }
    )
    expect(run.code).not.toBe(0)
    expect(run.outputs.verdict).toBe('fail')
    expect(run.summary).toMatch(/latency\*\* \(fail\)/)
  })

  it('does not vouch for p99 when the latencies move together: the effective n is too small', async () => {
    // The target slows down and speeds up in phases of 100 requests (a cache warming, a noisy
    // neighbour): every answer is far below the limit, but the slow ones all come in runs, and
    // 400 such requests are worth fewer than the 368 independent ones a 95 % interval needs.
    served = 0
    delay = (i) => (Math.floor(i / 100) % 2 ? 25 : 2)
    const run = await h.run(
      { model: 'chatbot', version: '2', mode: 'evaluate' },
      { env: { TARGET: targetUrl }, config: config(1000, 'concurrency: 4') }
    )
    expect(run.outputs.verdict).toBe('inconclusive')
    expect(run.summary).toMatch(/correlated: worth \d+ independent ones/)
    const gate = (
      run.receipt?.gates as Array<{ name: string; details: Record<string, unknown> }>
    ).find((g) => g.name === 'latency')
    const latency = gate?.details.latency as { dependence?: { effective_n: number } }
    expect(latency.dependence?.effective_n).toBeLessThan(368)
  })
})
