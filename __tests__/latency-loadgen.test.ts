import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import type { GateContext } from '../src/gates/gate.js'
import { type LatencyDetails, LatencyGate } from '../src/gates/latency/gate.js'
import { judgeP99 } from '../src/gates/latency/judge.js'
import { type LoadPlan, runLoad } from '../src/gates/latency/loadgen.js'
import { LatencyGateSchema } from '../src/settings/config.js'

/**
 * Against loopback node:http servers in this process. Assertions are on counts and orders of
 * magnitude, never exact milliseconds: CI machines are noisy.
 */

let server: http.Server
let base: string
const hits = new Map<string, number>()
let stallAt = -1
let stallUntil = 0
let lastEcho: { url: string; model: string; body: string } | undefined
const sockets = new Set<import('node:net').Socket>()

function handle(req: http.IncomingMessage, res: http.ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://x')
  const n = (hits.get(url.pathname) ?? 0) + 1
  hits.set(url.pathname, n)
  if (url.pathname !== '/echo') req.resume()
  switch (url.pathname) {
    case '/ok':
      res.end('ok')
      return
    case '/echo': {
      const chunks: Buffer[] = []
      req.on('data', (c: Buffer) => chunks.push(c))
      req.on('end', () => {
        lastEcho = {
          url: req.url ?? '',
          model: String(req.headers['x-model']),
          body: Buffer.concat(chunks).toString()
        }
        res.end('ok')
      })
      return
    }
    case '/mixed':
      // Every 10th request fails with a 500, every 25th with a 404 (the 50th is a 500).
      res.statusCode = n % 10 === 0 ? 500 : n % 25 === 0 ? 404 : 200
      res.end('x')
      return
    case '/slow':
      setTimeout(() => res.end('late'), n % 5 === 0 ? 2000 : 1).unref()
      return
    case '/reset':
      if (n % 4 === 0) req.socket.destroy()
      else res.end('ok')
      return
    case '/stall': {
      // The server freezes for 200 ms once: everything arriving meanwhile waits for the thaw.
      const now = Date.now()
      if (n === stallAt) stallUntil = now + 200
      const wait = Math.max(0, stallUntil - now)
      if (wait) setTimeout(() => res.end('ok'), wait)
      else res.end('ok')
      return
    }
    case '/v1/chat/completions':
      return sse(req, res, url)
  }
  res.statusCode = 404
  res.end()
}

/** An OpenAI-compatible stream: role delta, 5 tokens 10 ms apart after 30 ms, [DONE]. */
function sse(req: http.IncomingMessage, res: http.ServerResponse, url: URL): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' })
  const mode = url.searchParams.get('mode')
  const chunk = (content: string) => `data: {"choices":[{"delta":{"content":"${content}"}}]}\n\n`
  res.write('data: {"choices":[{"delta":{"role":"assistant"}}]}\n\n: keepalive\n\n')
  let i = 0
  const step = (): void => {
    if (res.destroyed) return
    if (i === 2 && mode === 'error') {
      res.end('event: error\ndata: {"message":"overloaded"}\n\n')
      return
    }
    if (i === 2 && mode === 'error-hang') {
      // An error event, and then the server keeps the stream open.
      res.write('event: error\ndata: {"message":"overloaded"}\n\n')
      return
    }
    if (i === 2 && mode === 'json-error') {
      res.end('data: {"error":{"message":"overloaded"}}\n\n')
      return
    }
    if (i === 5) {
      res.end('data: [DONE]\n\n')
      return
    }
    // Split each event mid-line and mid-character to exercise the parser on the wire.
    const text = chunk(`tök${i}`)
    const cut = text.indexOf('ö') + 1
    const bytes = Buffer.from(text)
    const at = Buffer.byteLength(text.slice(0, cut)) - 1
    res.write(bytes.subarray(0, at))
    res.write(bytes.subarray(at))
    i++
    setTimeout(step, 10)
  }
  setTimeout(step, 30)
}

beforeAll(async () => {
  server = http.createServer(handle)
  server.keepAliveTimeout = 30_000
  server.on('connection', (s) => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  for (const s of sockets) s.destroy()
  await new Promise<void>((r) => server.close(() => r()))
})

const plan = (path: string, extra: Partial<LoadPlan> = {}): LoadPlan => ({
  url: base + path,
  method: 'GET',
  headers: {},
  requests: 100,
  warmup: 0,
  model: { kind: 'closed', concurrency: 1 },
  requestTimeoutMs: 5000,
  stream: false,
  ...extra
})

describe('load generator: error accounting', () => {
  it('counts every non-2xx reply by kind and never drops one', async () => {
    hits.delete('/mixed')
    const r = await runLoad(plan('/mixed'))
    expect(r.finished).toBe(100)
    expect(r.errors).toEqual({ http_5xx: 10, http_4xx: 2 })
    expect(r.errorCount).toBe(12)
    expect(r.ok).toBe(88)
    // Failed replies are not latencies.
    expect(r.latency.count).toBe(88)
  })

  it('times out slow replies, counts them, and records them in the latency histogram', async () => {
    hits.delete('/slow')
    const r = await runLoad(
      plan('/slow', { requests: 40, requestTimeoutMs: 500, model: { kind: 'open', rate: 200 } })
    )
    expect(r.errors).toEqual({ timeout: 8 })
    expect(r.ok).toBe(32)
    expect(r.latency.count).toBe(40)
    // The timed-out ones sit at ≥ 500 ms, the rest (1 ms replies) below.
    expect(r.latency.max / 1000).toBeGreaterThanOrEqual(500)
    expect(r.latency.percentile(50) / 1000).toBeLessThan(500)
    // The series the judge reads for dependence holds the same 40 values, timeouts included.
    const series = Array.from(r.latencySeries ?? [])
    expect(series).toHaveLength(40)
    expect(series.filter((us) => us >= 500_000)).toHaveLength(8)
  })

  it('counts connection resets', async () => {
    hits.delete('/reset')
    const r = await runLoad(plan('/reset', { requests: 40 }))
    expect(r.finished).toBe(40)
    expect(r.errors).toEqual({ reset: 10 })
    expect(r.ok).toBe(30)
  })

  it('counts refused connections as connect errors', async () => {
    const closed = http.createServer()
    await new Promise<void>((res) => closed.listen(0, '127.0.0.1', res))
    const port = (closed.address() as AddressInfo).port
    await new Promise<void>((res) => closed.close(() => res()))
    const r = await runLoad({ ...plan('/'), url: `http://127.0.0.1:${port}/`, requests: 20 })
    expect(r.errors).toEqual({ connect: 20 })
    expect(r.ok).toBe(0)
  })

  it('sends warm-up requests and leaves them out of every count', async () => {
    hits.delete('/ok')
    const r = await runLoad(
      plan('/ok', { requests: 30, warmup: 20, model: { kind: 'closed', concurrency: 4 } })
    )
    expect(hits.get('/ok')).toBe(50)
    expect(r.finished).toBe(30)
    expect(r.latency.count).toBe(30)
  })

  it('stops when the signal aborts', async () => {
    const ac = new AbortController()
    setTimeout(() => ac.abort(), 150)
    const t = Date.now()
    const r = await runLoad(
      plan('/ok', { requests: 10_000, model: { kind: 'open', rate: 100 }, signal: ac.signal })
    )
    expect(Date.now() - t).toBeLessThan(2000)
    expect(r.aborted).toBe(true)
    expect(r.finished).toBeLessThan(100)
  })
})

describe('load generator: coordinated omission', () => {
  it('shows a 200 ms server stall in the open-model p99 that the closed model hides', async () => {
    hits.delete('/stall')
    stallAt = 150
    stallUntil = 0
    const open = await runLoad(
      plan('/stall', { requests: 400, warmup: 20, model: { kind: 'open', rate: 200 } })
    )
    hits.delete('/stall')
    stallUntil = 0
    const closed = await runLoad(plan('/stall', { requests: 400, warmup: 20 }))
    expect(open.errorCount + closed.errorCount).toBe(0)
    const openP99 = open.latency.percentile(99) / 1000
    const closedP99 = closed.latency.percentile(99) / 1000
    // About 40 requests were due during the stall, waiting 200 ms down to 0: p99 (the 4th
    // largest of 400) is ~180 ms. The closed loop sent one request into the stall, so only its
    // max shows it. Machine noise only adds latency, so the lower bounds are safe.
    expect(openP99).toBeGreaterThan(100)
    expect(openP99).toBeLessThan(10_000)
    expect(closed.latency.max / 1000).toBeGreaterThan(150)
    expect(closedP99).toBeLessThan(openP99)
    // The open-model verdict against 100 ms is a fail, with the CI well above it.
    const j = judgeP99(open.latency, 'p99 latency', 100, 0.95)
    expect(j.verdict).toBe('fail')
    expect(open.slippage?.count).toBe(400)
    expect(open.achievedRate).toBeGreaterThan(150)
  })
})

describe('load generator: streaming', () => {
  it('measures time to first token and inter-token latency from an SSE stream', async () => {
    const r = await runLoad(
      plan('/v1/chat/completions', {
        method: 'POST',
        body: '{"stream":true}',
        headers: { 'content-type': 'application/json' },
        requests: 30,
        warmup: 5,
        stream: true,
        model: { kind: 'open', rate: 100 }
      })
    )
    expect(r.errors).toEqual({})
    expect(r.ok).toBe(30)
    expect(r.stream).toEqual({ contentEvents: 150, withoutContent: 0 })
    expect(r.ttft?.count).toBe(30)
    expect(r.itl?.count).toBe(30 * 4)
    const ttft = (r.ttft?.percentile(50) ?? 0) / 1000
    const itlMean = (r.itl?.mean ?? 0) / 1000
    const total = r.latency.percentile(50) / 1000
    // The server waits 30 ms for the first token, then 10 ms between tokens.
    expect(ttft).toBeGreaterThan(20)
    expect(ttft).toBeLessThan(5000)
    expect(itlMean).toBeGreaterThan(2)
    expect(itlMean).toBeLessThan(1000)
    expect(total).toBeGreaterThan(ttft)
  })

  it('counts error events and error payloads as stream_error, at once', async () => {
    const t = Date.now()
    for (const mode of ['error', 'json-error', 'error-hang']) {
      const r = await runLoad(
        plan(`/v1/chat/completions?mode=${mode}`, {
          requests: 10,
          stream: true,
          model: { kind: 'closed', concurrency: 5 }
        })
      )
      expect(r.errors).toEqual({ stream_error: 10 })
      expect(r.ok).toBe(0)
    }
    // The hanging stream ended at its error event, long before the 5 s request timeout.
    expect(Date.now() - t).toBeLessThan(4000)
  })

  it('counts a reply that is not an event stream as stream_error', async () => {
    const r = await runLoad(plan('/ok', { requests: 5, stream: true }))
    expect(r.errors).toEqual({ stream_error: 5 })
  })
})

describe('LatencyGate', () => {
  const ctx = (): GateContext =>
    ({
      settings: { alias: 'champion' },
      candidate: { model: 'chat', version: '7', uri: 'models:/chat/7', tags: {}, aliases: [] },
      champion: null,
      signal: new AbortController().signal,
      deadline: Date.now() + 60_000
    }) as unknown as GateContext

  it('runs end to end against a templated target and passes a fast server', async () => {
    hits.delete('/echo')
    const gate = new LatencyGate(
      LatencyGateSchema.parse({
        name: 'latency',
        type: 'latency',
        target: `${base}/echo?m={model}&v={version}`,
        headers: { 'X-Model': '{model}' },
        body: { model: '{model}', version: '{version}' },
        requests: 400,
        warmup: 10,
        rate: 200,
        p99_ms: 2000,
        // The server shares this process with the generator, so a stall delays runs of requests:
        // with the default (widen) 400 of them may leave no interval. This test is about the plan
        // and the details, which must show the independent interval.
        correlation: 'report'
      })
    )
    expect(gate.exclusive).toBe(true)
    const r = await gate.run(ctx())
    expect(hits.get('/echo')).toBe(410)
    expect(lastEcho).toEqual({
      url: '/echo?m=chat&v=7',
      model: 'chat',
      body: '{"model":"chat","version":"7"}'
    })
    // A loaded CI machine may slow this in-process server; the verdict is not the point here.
    expect(r.verdict).not.toBe('error')
    expect(r.n).toBe(400)
    expect(r.measure).toBe('p99 latency (ms)')
    expect(r.value).toBeLessThan(2000)
    expect(r.ci?.low).toBeLessThanOrEqual(r.value as number)
    expect(r.ci?.high).toBeGreaterThanOrEqual(r.value as number)
    const d = r.details as unknown as LatencyDetails
    expect(d.mode).toBe('open')
    expect(d.errors.total).toBe(0)
    // Late dispatches are counted among the measured requests only (warm-up excluded): a whole
    // number from 0 to the 400 sent. How many depends on the machine, but the fraction and the
    // warning follow from the count.
    expect(d.sent).toBe(400)
    const late = d.slippage?.late
    expect(Number.isInteger(late)).toBe(true)
    expect(late).toBeGreaterThanOrEqual(0)
    expect(late).toBeLessThanOrEqual(d.sent)
    // late_fraction is late / sent rounded to 3 decimals.
    expect(
      Math.abs((d.slippage?.late_fraction ?? NaN) - (late as number) / d.sent)
    ).toBeLessThanOrEqual(0.0005 + 1e-12)
    // The late-dispatch warning appears exactly when over 1% were late (and the run was not
    // already judged generator-limited, which reports instead).
    expect(r.warnings.some((w) => w.includes('requests were dispatched more than'))).toBe(
      d.slippage?.generator_limited === false && (late as number) > d.sent * 0.01
    )
  })

  it('fails a streaming endpoint whose time to first token is over its limit', async () => {
    const gate = new LatencyGate(
      LatencyGateSchema.parse({
        name: 'llm',
        type: 'latency',
        target: `${base}/v1/chat/completions`,
        body: { model: '{model}', messages: [{ role: 'user', content: 'hi' }] },
        requests: 400,
        warmup: 0,
        concurrency: 50,
        ttft_p99_ms: 5,
        stream: true
      })
    )
    const r = await gate.run(ctx())
    expect(r.verdict).toBe('fail')
    expect(r.measure).toBe('p99 time to first token (ms)')
    expect(r.value).toBeGreaterThan(20)
    const d = r.details as unknown as LatencyDetails
    expect(d.ttft?.verdict).toBe('fail')
    expect(d.itl?.n).toBe(1600)
    expect(d.streams?.content_events).toBe(2000)
  })
})
