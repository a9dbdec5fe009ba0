import { describe, expect, it } from '@jest/globals'
import type { GateContext } from '../src/gates/gate.js'
import {
  buildPlan,
  DEFAULT_RATE,
  defaultWarmup,
  judgeLoad,
  type LatencyDetails,
  LatencyGate,
  loadModel
} from '../src/gates/latency/gate.js'
import {
  exceedanceInflation,
  judgeP99,
  lowestEquivalent,
  valueAtRank
} from '../src/gates/latency/judge.js'
import { Rng } from '../src/stats/rng.js'
import {
  classifyError,
  type LoadResult,
  newHistogram,
  recordMs,
  statusKind
} from '../src/gates/latency/loadgen.js'
import { LatencyGateSchema, type LatencyGateConfig } from '../src/settings/config.js'

const gateConfig = (extra: Record<string, unknown> = {}): LatencyGateConfig =>
  LatencyGateSchema.parse({
    name: 'latency',
    type: 'latency',
    target: 'http://127.0.0.1:1/models/{model}/{version}/v1/chat/completions',
    p99_ms: 100,
    ...extra
  })

/** A histogram of `n` samples in ms from f(i). */
function hist(n: number, f: (i: number) => number) {
  const h = newHistogram()
  for (let i = 0; i < n; i++) recordMs(h, f(i))
  return h
}

function load(extra: Partial<LoadResult> = {}): LoadResult {
  const latency = extra.latency ?? hist(1000, () => 10)
  return {
    model: { kind: 'open', rate: 50 },
    connections: 50,
    latency,
    slippage: hist(1000, () => 0.01),
    sent: 1000,
    finished: 1000,
    ok: 1000,
    errors: {},
    errorCount: 0,
    late: 0,
    queued: 0,
    achievedRate: 50,
    durationMs: 20_000,
    aborted: false,
    eventLoopDelay: { p99Ms: 1, maxMs: 2 },
    ...extra
  }
}

const planOf = (config: LatencyGateConfig) =>
  buildPlan(config, {
    model: 'chat',
    version: '3',
    model_uri: 'models:/chat/3',
    alias: 'champion',
    previous_version: ''
  }).plan

/** n latencies in ms, AR(1) in log with correlation rho: log x_t = rho·log x_{t−1} + noise. */
function ar1(n: number, rho: number, seed: number): number[] {
  const rng = new Rng(seed)
  const sd = Math.sqrt(1 - rho * rho) * 0.3
  let z = 0.3 * rng.normal()
  const out: number[] = []
  for (let i = 0; i < n; i++) {
    z = rho * z + sd * rng.normal()
    out.push(20 * Math.exp(z))
  }
  return out
}

describe('judgeP99', () => {
  it('passes when the CI upper end is at or below the threshold', () => {
    const j = judgeP99(
      hist(1000, (i) => 1 + i / 100),
      'p99 latency',
      20,
      0.95
    )
    expect(j.verdict).toBe('pass')
    expect(j.ci?.lower_rank).toBe(983)
    expect(j.ci?.upper_rank).toBe(997)
    // Ranks 983 and 997 hold 10.82 ms and 10.96 ms, within the 0.1 % quantization.
    expect(j.ci?.low).toBeGreaterThanOrEqual(10.82 * 0.999)
    expect(j.ci?.low).toBeLessThanOrEqual(10.82)
    expect(j.ci?.high).toBeGreaterThanOrEqual(10.96)
    expect(j.ci?.high).toBeLessThanOrEqual(10.96 * 1.001)
    expect(j.p99).toBeCloseTo(10.89, 1)
    expect(j.n).toBe(1000)
  })

  it('fails when the CI lower end is above the threshold', () => {
    const j = judgeP99(
      hist(1000, (i) => 1 + i / 100),
      'p99 latency',
      10,
      0.95
    )
    expect(j.verdict).toBe('fail')
    expect(j.message).toMatch(/exceeds ≤ 10 ms/)
  })

  it('states the limit with every digit the user gave, never rounded onto the value', () => {
    // p99 of 1..2000 ms is about 1980 ms; a limit of 1979.55 rounded to 4 digits would read
    // "1980", beside a value that seems to meet it.
    const j = judgeP99(
      hist(2000, (i) => i + 1),
      'p99 latency',
      1979.55,
      0.95
    )
    expect(j.message).toContain('≤ 1979.55 ms')
    expect(j.message).not.toMatch(/≤ 1980 ms/)
  })

  it('is inconclusive when the interval straddles the threshold', () => {
    const j = judgeP99(
      hist(1000, (i) => 1 + i / 100),
      'p99 latency',
      10.9,
      0.95
    )
    expect(j.verdict).toBe('inconclusive')
    expect(j.message).toMatch(/straddles/)
  })

  it('says how many samples a verdict needs when there are too few', () => {
    const j = judgeP99(
      hist(367, () => 1),
      'p99 latency',
      500,
      0.95
    )
    expect(j.verdict).toBe('inconclusive')
    expect(j.ci).toBeNull()
    expect(j.samples_needed).toBe(368)
    expect(j.message).toMatch(/only 367 samples.*at least 368/)
    expect(
      judgeP99(
        hist(368, () => 1),
        'p99 latency',
        500,
        0.95
      ).verdict
    ).toBe('pass')
  })

  it('is inconclusive without samples and verdict-free without a threshold', () => {
    expect(judgeP99(newHistogram(), 'p99 latency', 5, 0.95).verdict).toBe('inconclusive')
    const j = judgeP99(
      hist(1000, () => 3),
      'p99 latency',
      undefined,
      0.95
    )
    expect(j.verdict).toBeUndefined()
    expect(j.p99).toBeCloseTo(3, 2)
  })

  it('never passes on the µs rounding: a p99 recorded at the threshold may be 0.4 µs above it', () => {
    // 1000.4 µs is recorded as 1000 µs; compared as recorded, p99 ≤ 1 ms would pass.
    const j = judgeP99(
      hist(1000, () => 1.0004),
      'p99 latency',
      1,
      0.95
    )
    expect(j.ci?.high).toBe(1.0005)
    expect(j.verdict).toBe('inconclusive')
    expect(
      judgeP99(
        hist(1000, () => 1.0004),
        'p99 latency',
        1.001,
        0.95
      ).verdict
    ).toBe('pass')
  })

  it('widens the p99 interval for correlated requests, by the effective n it reports', () => {
    const ms = ar1(5000, 0.9, 7)
    const h = hist(ms.length, (i) => ms[i])
    const series = ms.map((x) => Math.round(x * 1000))
    const independent = judgeP99(h, 'p99 latency', undefined, 0.95)
    const correlated = judgeP99(h, 'p99 latency', undefined, 0.95, series)
    const inflation = exceedanceInflation(series, 0.99).factor
    expect(inflation).toBeGreaterThan(2)
    expect(correlated.dependence?.effective_n).toBe(Math.floor(5000 / inflation))
    const width = (j: typeof independent): number => (j.ci?.high ?? 0) - (j.ci?.low ?? 0)
    expect(width(correlated)).toBeGreaterThan(1.5 * width(independent))
    expect(correlated.message).toMatch(/correlated requests worth \d+ independent ones/)
    const rng = new Rng(3)
    const shuffled = series.slice()
    for (let i = shuffled.length - 1; i > 0; i--) {
      const k = rng.int(i + 1)
      ;[shuffled[i], shuffled[k]] = [shuffled[k], shuffled[i]]
    }
    // Shuffled, the same latencies are independent: no dependence shown, so no inflation.
    expect(exceedanceInflation(shuffled, 0.99)).toMatchObject({ factor: 1, significant: false })
  })

  it('estimates the dependence of a short run below p99, where there are exceedances to see it', () => {
    // 1000 requests hold 10 exceedances of p99: too few to see runs in. The level is lowered to
    // p95 (50 exceedances), where AR(1) with ρ = 0.9 shows.
    const series = ar1(1000, 0.9, 11).map((x) => Math.round(x * 1000))
    const d = exceedanceInflation(series, 0.99)
    expect(d.level).toBeCloseTo(0.95, 10)
    expect(d.significant).toBe(true)
    expect(d.factor).toBeGreaterThan(2.72) // 1000 / 2.72 < 368: no two-sided interval is left
    const h = hist(1000, (i) => series[i] / 1000)
    const j = judgeP99(h, 'p99 latency', 1000, 0.95, series)
    expect(j.verdict).toBe('inconclusive')
    expect(j.ci).toBeNull()
    expect(j.message).toMatch(/correlated: worth \d+ independent ones/)
    // correlation: report keeps the independent interval, here too short of samples for one
    // (1000 > 368, so take 300), and still reports the dependence it found, not applied.
    const short = series.slice(0, 300)
    const few = judgeP99(
      hist(300, (i) => short[i] / 1000),
      'p99 latency',
      1000,
      0.95,
      short,
      false
    )
    expect(few.ci).toBeNull()
    expect(few.dependence).toMatchObject({ applied: false })
    expect(few.dependence?.inflation).toBeGreaterThan(1)
    // From 2500 requests on, p98 has the 50 exceedances (twice p99's, never fewer).
    expect(exceedanceInflation(ar1(5000, 0.9, 12), 0.99).level).toBeCloseTo(0.98, 10)
  })

  it('does not widen for one burst of slow answers in otherwise independent requests', () => {
    // 400 independent requests around 20 ms, 8 in a row at 200 ms (a reset, a retry, a stall):
    // every request is far below 2 s. The burst is one event, not a sign that the whole run is
    // worth fewer requests, so the pass stands.
    const rng = new Rng(21)
    const ms = Array.from({ length: 400 }, () => 20 * Math.exp(0.3 * rng.normal()))
    for (let i = 150; i < 158; i++) ms[i] = 200 + i / 100
    const series = ms.map((x) => Math.round(x * 1000))
    expect(exceedanceInflation(series, 0.99)).toMatchObject({ factor: 1, significant: false })
    const j = judgeP99(
      hist(400, (i) => ms[i]),
      'p99 latency',
      2000,
      0.95,
      series
    )
    expect(j.verdict).toBe('pass')
    expect(j.dependence).toBeUndefined()
    // The same slow answers spread over the run in bursts of 4 recur, and that is dependence.
    const recurring = ms.map((x) => Math.min(x, 60))
    for (const at of [20, 70, 120, 170, 220, 270, 320, 370])
      for (let i = at; i < at + 4; i++) recurring[i] = 200 + i / 100
    const again = recurring.map((x) => Math.round(x * 1000))
    expect(exceedanceInflation(again, 0.99).significant).toBe(true)
    expect(
      judgeP99(
        hist(400, (i) => recurring[i]),
        'p99 latency',
        2000,
        0.95,
        again
      ).verdict
    ).toBe('inconclusive')
  })

  it('fails on the lower bound alone when too few samples give a two-sided interval', () => {
    // 100 requests, all at 30 ms, against p99 ≤ 10 ms: no upper rank exists below 368 samples,
    // but the lower one does, and it is far above the limit.
    const j = judgeP99(
      hist(100, () => 30),
      'p99 latency',
      10,
      0.95
    )
    expect(j.verdict).toBe('fail')
    expect(j.ci).toBeNull()
    expect(j.message).toMatch(
      /too few samples \(100\) for a two-sided interval, but its 95% lower bound/
    )
    expect(j.lower_bound_ms).toBeCloseTo(30, 1)
    // Just over the limit, the numbers are shown with the digits that tell them apart.
    const over = judgeP99(
      hist(100, () => 100.04),
      'p99 latency',
      100,
      0.95
    )
    expect(over.verdict).toBe('fail')
    expect(over.message).not.toMatch(/lower bound 100 ms/)
    expect(over.message).toMatch(/lower bound 100\.0\d+ ms is above it/)
    // Near the limit the same samples cannot tell.
    expect(
      judgeP99(
        hist(100, () => 30),
        'p99 latency',
        30,
        0.95
      ).verdict
    ).toBe('inconclusive')
  })

  it('keeps the exact order-statistic ranks without a series to measure dependence on', () => {
    const h = hist(1000, (i) => 1 + ((i * 7919) % 1000) / 1000)
    const j = judgeP99(h, 'p99 latency', undefined, 0.95)
    expect([j.ci?.lower_rank, j.ci?.upper_rank]).toEqual([983, 997])
    expect(j.dependence).toBeUndefined()
  })

  it('reads order statistics from the histogram within its quantization', () => {
    const values: number[] = []
    let x = 12345
    for (let i = 0; i < 5000; i++) {
      x = (x * 1103515245 + 12345) % 2147483648
      values.push(1 + (x % 50_000_000))
    }
    const h = newHistogram()
    for (const v of values) h.record(v)
    values.sort((a, b) => a - b)
    for (let r = 1; r <= values.length; r += 37) {
      const hi = valueAtRank(h, r)
      const lo = lowestEquivalent(hi)
      expect(lo).toBeLessThanOrEqual(values[r - 1])
      expect(hi).toBeGreaterThanOrEqual(values[r - 1])
      expect((hi - lo) / hi).toBeLessThanOrEqual(0.001)
    }
  })
})

describe('judgeLoad', () => {
  const config = gateConfig()
  const plan = planOf(config)

  it('passes a fast, clean run and fills the details', () => {
    const r = judgeLoad(config, plan, load())
    expect(r.verdict).toBe('pass')
    expect(r.measure).toBe('p99 latency (ms)')
    expect(r.threshold).toBe('≤ 100 ms')
    expect(r.value).toBeCloseTo(10, 1)
    expect(r.n).toBe(1000)
    expect(r.ci?.level).toBe(0.95)
    expect(r.message).toMatch(
      /^p99 latency 10(\.\d+)? ms meets ≤ 100 ms \(95% CI (9\.999\d*|10(\.\d+)?)–10(\.\d+)? ms, n=1000\)/
    )
    const d = r.details as unknown as LatencyDetails
    expect(d.mode).toBe('open')
    expect(d.rate).toBe(50)
    expect(d.latency).toMatchObject({ n: 1000, verdict: 'pass' })
    for (const k of ['p50', 'p90', 'p95', 'p99', 'max'] as const)
      expect(typeof d.latency[k]).toBe('number')
    expect(d.errors).toMatchObject({ total: 0, rate: 0, verdict: 'pass', by_kind: {} })
    expect(d.slippage).toMatchObject({ late: 0, queued: 0, generator_limited: false })
    expect(d.achieved_rate).toBe(50)
  })

  it('widens for correlated requests by default, and only reports them with correlation: report', () => {
    expect(config.correlation).toBe('widen')
    const series = ar1(1000, 0.9, 11).map((x) => Math.round(x * 1000))
    const latency = hist(1000, (i) => series[i] / 1000)
    const run = load({ latency, latencySeries: Uint32Array.from(series) })
    const widened = judgeLoad(gateConfig({ p99_ms: 1000 }), plan, run)
    expect(widened.verdict).toBe('inconclusive')
    expect((widened.details as unknown as LatencyDetails).latency.dependence).toMatchObject({
      level: 0.95
    })
    const reported = judgeLoad(gateConfig({ p99_ms: 1000, correlation: 'report' }), plan, run)
    expect(reported.verdict).toBe('pass')
    expect((reported.details as unknown as LatencyDetails).latency.dependence).toMatchObject({
      applied: false
    })
  })

  it('fails on an error rate above max_error_rate and names the kinds', () => {
    const r = judgeLoad(
      config,
      plan,
      load({ ok: 970, errorCount: 30, errors: { http_5xx: 20, timeout: 7, reset: 3 } })
    )
    expect(r.verdict).toBe('fail')
    expect(r.message).toMatch(/error rate 3% \(30\/1000: 20 http_5xx, 7 timeout, 3 reset\) exceeds/)
    expect((r.details as unknown as LatencyDetails).errors.by_kind).toEqual({
      http_5xx: 20,
      timeout: 7,
      reset: 3
    })
    expect(r.warnings.join(' ')).toMatch(/7 requests timed out/)
  })

  it('is inconclusive, not pass, when the generator could not keep the rate', () => {
    const r = judgeLoad(config, plan, load({ achievedRate: 40 }))
    expect(r.verdict).toBe('inconclusive')
    expect(r.message).toMatch(/load generator could not keep the open-model schedule/)
    expect((r.details as unknown as LatencyDetails).slippage?.generator_limited).toBe(true)
  })

  it('keeps a pass when the generator ran late but kept the rate: the delay only adds', () => {
    // 20 ms of client delay on every request, counted in its latency, and still a pass: the
    // server answered faster than measured. The report still says the generator fell behind.
    const r = judgeLoad(config, plan, load({ slippage: hist(1000, () => 20), late: 1000 }))
    expect(r.verdict).toBe('pass')
    expect(r.message).toMatch(/slippage p99 is 20(\.\d+)? ms, above 5 ms/)
    expect(r.message).toMatch(/a pass stands, a fail must survive taking the delay off/)
    expect(r.warnings.join(' ')).toMatch(/could not keep the open-model schedule/)
    expect((r.details as unknown as LatencyDetails).slippage?.generator_limited).toBe(true)
    // The same delay with the rate short of its target: the server never saw the load.
    const short = judgeLoad(
      config,
      plan,
      load({ slippage: hist(1000, () => 20), late: 1000, achievedRate: 40 })
    )
    expect(short.verdict).toBe('inconclusive')
    expect(short.message).toMatch(/never saw the intended load/)
  })

  it('keeps a fail the client delay cannot explain', () => {
    const slow = hist(1000, () => 400)
    const r = judgeLoad(config, plan, load({ latency: slow, slippage: hist(1000, () => 20) }))
    expect(r.verdict).toBe('fail')
    const close = hist(1000, () => 110)
    expect(
      judgeLoad(config, plan, load({ latency: close, slippage: hist(1000, () => 20) })).verdict
    ).toBe('inconclusive')
    // Too few requests for an interval: the one-sided lower bound decides the same way.
    const fewSlow = hist(100, () => 400)
    expect(
      judgeLoad(config, plan, load({ latency: fewSlow, slippage: hist(100, () => 20) })).verdict
    ).toBe('fail')
  })

  it('is an error when nothing could connect, or the run was stopped', () => {
    const none = load({
      latency: newHistogram(),
      ok: 0,
      errorCount: 1000,
      errors: { connect: 1000 }
    })
    const r = judgeLoad(config, plan, none)
    expect(r.verdict).toBe('error')
    expect(r.message).toMatch(/could not connect .*http:\/\/127\.0\.0\.1:1/)
    expect(judgeLoad(config, plan, load({ aborted: true })).verdict).toBe('error')
  })

  it('takes the worst of total, TTFT and ITL verdicts', () => {
    const c = gateConfig({ stream: true, ttft_p99_ms: 50, itl_p99_ms: 20 })
    const base = load({
      ttft: hist(1000, () => 30),
      itl: hist(5000, () => 5),
      stream: { contentEvents: 6000, withoutContent: 0 }
    })
    expect(judgeLoad(c, planOf(c), base).verdict).toBe('pass')
    const slowItl = { ...base, itl: hist(5000, () => 25) }
    const r = judgeLoad(c, planOf(c), slowItl)
    expect(r.verdict).toBe('fail')
    expect(r.message).toMatch(/^p99 inter-token latency 25(\.\d+)? ms exceeds ≤ 20 ms/)
    const d = r.details as unknown as LatencyDetails
    expect(d.verdicts).toEqual({
      latency: 'pass',
      ttft: 'pass',
      itl: 'fail',
      errors: 'pass',
      generator_limited: false
    })
    expect(d.ttft?.n).toBe(1000)
    expect(d.itl?.n).toBe(5000)
  })

  it('judges inter-token latency apart from send delays, which cannot reach it', () => {
    const c = gateConfig({ p99_ms: undefined, stream: true, itl_p99_ms: 20 })
    const late = { slippage: hist(1000, () => 20), late: 1000 }
    const stream = { contentEvents: 6000, withoutContent: 0 }
    const fast = load({ ...late, itl: hist(5000, () => 5), stream })
    const slow = load({ ...late, itl: hist(5000, () => 25), stream })
    // Slippage only delays sending: an ITL pass stays a pass, a fail a fail, nothing limited.
    expect(judgeLoad(c, planOf(c), fast).verdict).toBe('pass')
    expect(judgeLoad(c, planOf(c), slow).verdict).toBe('fail')
    expect(
      (judgeLoad(c, planOf(c), fast).details as unknown as LatencyDetails).slippage
        ?.generator_limited
    ).toBe(false)
    // Below the target rate the server never saw the intended load: a pass cannot stand.
    const short = { achievedRate: 40 }
    expect(judgeLoad(c, planOf(c), { ...fast, ...short }).verdict).toBe('inconclusive')
    expect(judgeLoad(c, planOf(c), { ...slow, ...short }).verdict).toBe('fail')
  })

  it('headlines TTFT when only ttft_p99_ms is set', () => {
    const c = gateConfig({ p99_ms: undefined, stream: true, ttft_p99_ms: 50 })
    const r = judgeLoad(c, planOf(c), load({ ttft: hist(1000, () => 30), itl: hist(100, () => 5) }))
    expect(r.measure).toBe('p99 time to first token (ms)')
    expect(r.threshold).toBe('≤ 50 ms')
    expect(r.value).toBeCloseTo(30, 1)
    expect(r.verdict).toBe('pass')
  })

  it('describes a closed-model run without slippage', () => {
    const c = gateConfig({ concurrency: 4 })
    const r = judgeLoad(
      c,
      planOf(c),
      load({ model: { kind: 'closed', concurrency: 4 }, slippage: undefined })
    )
    expect(r.verdict).toBe('pass')
    expect(r.message).toMatch(/closed model, 4 concurrent/)
    expect((r.details as unknown as LatencyDetails).slippage).toBeUndefined()
  })
})

describe('plan and defaults', () => {
  it('defaults to an open model at 50 req/s with max(50, 5%) warm-up', () => {
    expect(DEFAULT_RATE).toBe(50)
    expect(loadModel(gateConfig())).toEqual({ kind: 'open', rate: 50 })
    expect(loadModel(gateConfig({ concurrency: 3 }))).toEqual({ kind: 'closed', concurrency: 3 })
    expect(defaultWarmup(1000)).toBe(50)
    expect(defaultWarmup(10_000)).toBe(500)
    expect(planOf(gateConfig({ warmup: 0 })).warmup).toBe(0)
  })

  it('fills templates in the target, headers and body, and asks for a stream', () => {
    const c = gateConfig({
      headers: { 'X-Model': '{model}@{version}' },
      body: { model: '{model}', messages: [{ role: 'user', content: 'v{version}' }] },
      stream: true,
      ttft_p99_ms: 100
    })
    const plan = planOf(c)
    expect(plan.url).toBe('http://127.0.0.1:1/models/chat/3/v1/chat/completions')
    expect(plan.headers).toEqual({
      'X-Model': 'chat@3',
      'content-type': 'application/json',
      accept: 'text/event-stream'
    })
    expect(JSON.parse(plan.body as string)).toEqual({
      model: 'chat',
      messages: [{ role: 'user', content: 'v3' }],
      stream: true
    })
  })

  it('does not send a body with GET', () => {
    const { plan, warnings } = buildPlan(gateConfig({ method: 'GET', body: { a: 1 } }), {})
    expect(plan.body).toBeUndefined()
    expect(warnings[0]).toMatch(/not sent with method GET/)
  })

  it('refuses non-http targets, TTFT without streaming, and runs longer than the deadline', async () => {
    const ctx = {
      settings: { alias: 'champion' },
      candidate: { model: 'chat', version: '3', uri: 'models:/chat/3', tags: {}, aliases: [] },
      champion: null,
      signal: new AbortController().signal,
      deadline: Date.now() + 60_000
    } as unknown as GateContext
    const ftp = await new LatencyGate(gateConfig({ target: 'ftp://x/{model}' })).run(ctx)
    expect(ftp.verdict).toBe('error')
    expect(ftp.message).toMatch(/not http or https/)
    const ttft = await new LatencyGate(gateConfig({ ttft_p99_ms: 100 })).run(ctx)
    expect(ttft.verdict).toBe('error')
    expect(ttft.message).toMatch(/stream: true/)
    const long = await new LatencyGate(gateConfig({ requests: 10_000, rate: 10 })).run(ctx)
    expect(long.verdict).toBe('error')
    expect(long.message).toMatch(/10500 requests at 10 req\/s take 1050 s/)
  })
})

describe('error kinds', () => {
  it('classifies statuses and error codes', () => {
    expect(statusKind(200)).toBeUndefined()
    expect(statusKind(204)).toBeUndefined()
    expect(statusKind(302)).toBe('http_3xx')
    expect(statusKind(429)).toBe('http_4xx')
    expect(statusKind(503)).toBe('http_5xx')
    expect(statusKind(600)).toBe('http_other')
    expect(statusKind(101)).toBe('http_other')
    const e = (code: string) => Object.assign(new Error(code), { code })
    expect(classifyError(e('ECONNREFUSED'))).toBe('connect')
    expect(classifyError(e('UND_ERR_CONNECT_TIMEOUT'))).toBe('connect')
    expect(classifyError(e('ECONNRESET'))).toBe('reset')
    expect(classifyError(e('UND_ERR_SOCKET'))).toBe('reset')
    expect(classifyError(e('UND_ERR_HEADERS_TIMEOUT'))).toBe('timeout')
    expect(classifyError(e('HPE_INVALID_CONSTANT'))).toBe('protocol')
    expect(classifyError(e('DEPTH_ZERO_SELF_SIGNED_CERT'))).toBe('connect')
    expect(classifyError(new Error('?'))).toBe('other')
  })
})
