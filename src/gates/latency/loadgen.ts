import {
  createHistogram,
  monitorEventLoopDelay,
  performance,
  type RecordableHistogram
} from 'node:perf_hooks'
import type { Dispatcher } from 'undici'
import Pool from 'undici/lib/dispatcher/pool.js'
import { errorCode } from '../../http/client.js'
import { classifyStreamEvent, SseParser, type SseEvent } from './sse.js'

/**
 * The load generator behind the latency gate: undici `Pool.dispatch` (the cheapest client undici
 * has; global fetch costs several times more per request), timings from `performance.now()`,
 * and HDR histograms, so memory does not grow with the number of requests.
 *
 * Open model (`rate`): request i is due at t0 + i/rate whether or not earlier ones have answered,
 * and its latency is measured from that intended time (wrk2's correction for coordinated
 * omission), so a server stall shows up in every request that should have been sent during it.
 * How late the generator itself dispatched each request is measured separately (slippage).
 * Closed model (`concurrency`): N loops, each sending its next request when the previous one
 * finishes; latency is measured from the actual send.
 */

export type ErrorKind =
  | 'timeout'
  | 'connect'
  | 'reset'
  | 'protocol'
  | 'http_3xx'
  | 'http_4xx'
  | 'http_5xx'
  | 'http_other'
  | 'stream_error'
  | 'other'

export type LoadModel = { kind: 'open'; rate: number } | { kind: 'closed'; concurrency: number }

export interface LoadPlan {
  /** Absolute http(s) URL. */
  url: string
  method: 'GET' | 'POST' | 'PUT'
  headers: Record<string, string>
  body?: string | Buffer
  /** Measured requests. */
  requests: number
  /** Requests sent first and discarded. */
  warmup: number
  model: LoadModel
  /** Per request, from its dispatch; a request still running then is aborted and is a `timeout`. */
  requestTimeoutMs: number
  /** Parse the body as an OpenAI-compatible SSE stream: time to first token, inter-token gaps. */
  stream: boolean
  /** Connection cap; defaults to the concurrency (closed) or openConnections(rate) (open). */
  connections?: number
  signal?: AbortSignal
  /** Called every 1024 finished measured requests (for benchmarks sampling memory). */
  onProgress?: (finished: number) => void
}

export interface LoadResult {
  model: LoadModel
  connections: number
  /** Microseconds: successful requests, plus timeouts at their elapsed time (a lower bound). */
  latency: RecordableHistogram
  /**
   * The µs values recorded in `latency`, in the order the requests completed: how correlated
   * successive requests are (judge.ts).
   */
  latencySeries?: Uint32Array
  /** Microseconds: time to first content event (stream mode, successful requests). */
  ttft?: RecordableHistogram
  /** Microseconds: gaps between successive content events (stream mode). */
  itl?: RecordableHistogram
  /** Microseconds: how late the generator dispatched each measured request (open model). */
  slippage?: RecordableHistogram
  /** Measured requests dispatched. */
  sent: number
  /** Measured requests finished, whatever the outcome. */
  finished: number
  ok: number
  errors: Partial<Record<ErrorKind, number>>
  errorCount: number
  /** Measured requests dispatched more than LATE_MS after their intended time (open model). */
  late: number
  /** Measured requests that found every connection busy when due (open model: server backlog). */
  queued: number
  /** Measured requests per second actually dispatched (open) or completed (closed). */
  achievedRate: number
  /** From the first measured dispatch to the last measured completion. */
  durationMs: number
  /** Stopped early by the abort signal. */
  aborted: boolean
  /** How late the event loop ran beyond its sampling interval: the client's own stalls. */
  eventLoopDelay: { p99Ms: number; maxMs: number }
  stream?: { contentEvents: number; withoutContent: number }
}

/** Sampling interval of the event-loop delay monitor, which reports whole intervals. */
const LOOP_RESOLUTION_MS = 10
/** A dispatch later than this after its intended time counts as late. */
export const LATE_MS = 1
/** 1 µs … 1 h; larger values are clamped rather than silently dropped by the histogram. */
const HIGHEST_US = 3_600_000_000

export function newHistogram(): RecordableHistogram {
  return createHistogram({ lowest: 1, highest: HIGHEST_US, figures: 3 })
}

/** Record a duration given in ms into a µs histogram; returns the µs recorded. */
export function recordMs(h: RecordableHistogram, ms: number): number {
  const us = Math.min(HIGHEST_US, Math.max(1, Math.round(ms * 1000)))
  h.record(us)
  return us
}

/**
 * Open model connection cap: enough for one second of backlog at the target rate, within
 * [8, 512]. Beyond it requests wait in the pool's queue, still measured from their intended time,
 * so a slow server is charged for the wait rather than hidden by it.
 */
function openConnections(rate: number): number {
  return Math.min(512, Math.max(8, Math.ceil(rate)))
}

class Timeout extends Error {
  constructor() {
    super('request timed out')
    this.name = 'TimeoutError'
  }
}
const TIMEOUT = new Timeout()
class StreamError extends Error {}
/** An error event in the stream: the request ends there, whatever the server does next. */
const STREAM_ERROR = new StreamError('error event in the stream')

/** The kind of a failed request, from undici's and Node's error codes. */
export function classifyError(err: unknown): ErrorKind {
  if (err instanceof Timeout) return 'timeout'
  if (err instanceof StreamError) return 'stream_error'
  const code = errorCode(err)
  switch (code) {
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
    case 'ETIMEDOUT':
      return 'timeout'
    case 'ECONNREFUSED':
    case 'UND_ERR_CONNECT_TIMEOUT':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EADDRNOTAVAIL':
      return 'connect'
    case 'ECONNRESET':
    case 'EPIPE':
    case 'ECONNABORTED':
    case 'UND_ERR_SOCKET':
    case 'UND_ERR_CLOSED':
      return 'reset'
    case 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH':
    case 'UND_ERR_INFO':
      return 'protocol'
  }
  if (code.startsWith('HPE_')) return 'protocol'
  // TLS failures happen while connecting.
  if (code.startsWith('ERR_TLS_') || code.includes('CERT') || code.startsWith('ERR_SSL_'))
    return 'connect'
  return 'other'
}

export function statusKind(status: number): ErrorKind | undefined {
  if (status >= 200 && status < 300) return undefined
  if (status >= 500 && status < 600) return 'http_5xx'
  if (status >= 400 && status < 500) return 'http_4xx'
  if (status >= 300 && status < 400) return 'http_3xx'
  return 'http_other'
}

/**
 * One request. It is its own undici handler (the legacy callback interface, which undici 7 runs
 * natively; the controller interface adds a wrapper and header parsing per response).
 */
class Call implements Dispatcher.DispatchHandler {
  status = 0
  done = false
  /** performance.now() after which the request times out. */
  deadline = 0
  /** Neighbours in the run's list of requests in flight, oldest first. */
  prev: Call | undefined
  next: Call | undefined
  abort: ((err?: Error) => void) | undefined
  parser: SseParser | undefined
  chunkAt = 0
  firstToken = -1
  lastToken = -1
  events = 0

  constructor(
    readonly run: LoadRun,
    /** Latency reference: intended time (open) or dispatch time (closed). */
    readonly start: number,
    readonly measured: boolean
  ) {}

  onConnect(abort: (err?: Error) => void): void {
    // Timed out while still waiting for a connection: give up as soon as undici hands it over.
    if (this.done) abort(TIMEOUT)
    else this.abort = abort
  }

  onHeaders(statusCode: number): boolean {
    // 1xx informational responses come first; only the final status counts.
    if (statusCode >= 200 || this.status === 0) this.status = statusCode
    if (this.run.stream && statusCode >= 200 && statusCode < 300 && !this.parser)
      this.parser = new SseParser((ev) => this.onEvent(ev))
    return true
  }

  onData(chunk: Buffer): boolean {
    if (this.parser && !this.done) {
      this.chunkAt = performance.now()
      this.parser.push(chunk)
    }
    return true
  }

  onComplete(): void {
    this.parser?.end()
    this.run.finish(this, undefined)
  }

  onError(err: Error): void {
    this.run.finish(this, err)
  }

  onEvent(ev: SseEvent): void {
    if (this.done) return
    this.events++
    const kind = classifyStreamEvent(ev)
    if (kind === 'error') {
      this.run.finish(this, STREAM_ERROR)
      this.abort?.(STREAM_ERROR)
    } else if (kind === 'content') {
      const now = this.chunkAt
      if (this.firstToken < 0) this.firstToken = now
      else if (this.measured && this.run.itl) recordMs(this.run.itl, now - this.lastToken)
      this.lastToken = now
      if (this.measured) this.run.contentEvents++
    }
  }
}

class LoadRun {
  readonly stream: boolean
  readonly latency = newHistogram()
  /**
   * One slot per measured request, allocated once: the hot path only stores a number. Whole µs
   * below HIGHEST_US fit 32 bits: 40 MB at the config's most requests (10,000,000).
   */
  private readonly latencySeries: Uint32Array
  private seriesLength = 0
  readonly ttft: RecordableHistogram | undefined
  readonly itl: RecordableHistogram | undefined
  readonly slippage: RecordableHistogram | undefined
  readonly errors: Partial<Record<ErrorKind, number>> = {}
  private readonly pool: Pool
  private readonly path: string
  private readonly opts: Dispatcher.DispatchOptions
  private readonly total: number
  private readonly connections: number
  private readonly loopDelay = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS })
  contentEvents = 0
  withoutContent = 0
  private issued = 0
  private sent = 0
  private finished = 0
  private allFinished = 0
  private late = 0
  private queued = 0
  private firstSend = -1
  private lastSend = -1
  private lastEnd = -1
  private stopped = false
  private dispatching = false
  private aborted = false
  private timer: NodeJS.Timeout | NodeJS.Immediate | undefined
  private sweeper: NodeJS.Timeout | undefined
  /**
   * Requests in flight, in dispatch order. With one timeout for all, that is also deadline order,
   * so a periodic sweep from the head finds every expired request; one list and one interval
   * cost less per request than a timer each.
   */
  private head: Call | undefined
  private tail: Call | undefined
  private t0 = 0
  private interval = 0
  private resolve!: () => void

  constructor(private readonly plan: LoadPlan) {
    this.stream = plan.stream
    if (plan.stream) {
      this.ttft = newHistogram()
      this.itl = newHistogram()
    }
    if (plan.model.kind === 'open') this.slippage = newHistogram()
    const url = new URL(plan.url)
    this.path = url.pathname + url.search
    this.total = plan.warmup + plan.requests
    this.latencySeries = new Uint32Array(plan.requests)
    this.connections =
      plan.connections ??
      (plan.model.kind === 'open' ? openConnections(plan.model.rate) : plan.model.concurrency)
    // undici's own idle timeouts only back up ours, which covers the whole request.
    const backstop = plan.requestTimeoutMs + 1000
    this.pool = new Pool(url.origin, {
      connections: this.connections,
      pipelining: 1,
      connect: { timeout: Math.min(plan.requestTimeoutMs, 30_000) },
      headersTimeout: backstop,
      bodyTimeout: backstop,
      keepAliveTimeout: 10_000
    })
    this.opts = {
      path: this.path,
      method: plan.method,
      headers: plan.headers,
      // Encoded once: undici would turn a string body into a Buffer on every request.
      body: typeof plan.body === 'string' ? Buffer.from(plan.body) : plan.body
    }
  }

  async run(): Promise<LoadResult> {
    const { plan } = this
    const done = new Promise<void>((resolve) => (this.resolve = resolve))
    const onAbort = (): void => this.stop()
    plan.signal?.addEventListener('abort', onAbort, { once: true })
    this.loopDelay.enable()
    // Timeouts fire within a tenth of the timeout (5–250 ms) of their due time.
    const every = Math.min(250, Math.max(5, plan.requestTimeoutMs / 10))
    this.sweeper = setInterval(this.sweep, every)
    try {
      if (plan.signal?.aborted) this.stop()
      else if (this.total === 0) this.resolve()
      else if (plan.model.kind === 'open') {
        this.interval = 1000 / plan.model.rate
        this.t0 = performance.now() + 1
        this.tick()
      } else {
        const n = Math.min(plan.model.concurrency, this.total)
        for (let i = 0; i < n; i++) this.next()
      }
      await done
    } finally {
      plan.signal?.removeEventListener('abort', onAbort)
      this.loopDelay.disable()
      clearInterval(this.sweeper)
      if (this.timer) {
        clearTimeout(this.timer as NodeJS.Timeout)
        clearImmediate(this.timer as NodeJS.Immediate)
      }
      await (this.aborted ? this.pool.destroy() : this.pool.close()).catch(() => undefined)
    }
    return this.result()
  }

  /**
   * Open-model scheduler. setTimeout fires on a millisecond clock and often up to 1 ms late, so it
   * only sleeps until ~1.5 ms before the next due time; setImmediate then polls (still serving
   * I/O between polls) to dispatch within a few µs of it.
   */
  private readonly tick = (): void => {
    this.timer = undefined
    if (this.stopped) return
    const now = performance.now()
    let burst = 0
    // Catch up on everything due, a bounded batch at a time so replies are still read meanwhile.
    while (this.issued < this.total && this.t0 + this.issued * this.interval <= now) {
      this.next()
      if (++burst >= 256) break
    }
    if (this.issued >= this.total || this.stopped) return
    const wait = this.t0 + this.issued * this.interval - performance.now()
    this.timer = wait > 2 ? setTimeout(this.tick, wait - 1.5) : setImmediate(this.tick)
  }

  /** Dispatch the next request of the plan. */
  private next(): void {
    if (this.stopped) return
    const index = this.issued++
    const measured = index >= this.plan.warmup
    const now = performance.now()
    let start = now
    if (this.plan.model.kind === 'open') {
      start = this.t0 + index * this.interval
      if (measured) {
        const lag = now - start
        recordMs(this.slippage as RecordableHistogram, lag)
        if (lag > LATE_MS) this.late++
        if (this.issued - 1 - this.allFinished >= this.connections) this.queued++
      }
    }
    if (measured) {
      this.sent++
      if (this.firstSend < 0) this.firstSend = now
      this.lastSend = now
    }
    const call = new Call(this, start, measured)
    call.deadline = now + this.plan.requestTimeoutMs
    if (this.tail) {
      this.tail.next = call
      call.prev = this.tail
    } else this.head = call
    this.tail = call
    this.dispatching = true
    this.pool.dispatch(this.opts, call)
    this.dispatching = false
  }

  private readonly sweep = (): void => {
    const now = performance.now()
    while (this.head && this.head.deadline <= now) {
      const call = this.head
      // Finish first (it unlinks the call): the abort reports back through onError, ignored then.
      this.finish(call, TIMEOUT)
      call.abort?.(TIMEOUT)
    }
  }

  finish(call: Call, err: Error | undefined): void {
    if (call.done) return
    call.done = true
    if (call.prev) call.prev.next = call.next
    else this.head = call.next
    if (call.next) call.next.prev = call.prev
    else this.tail = call.prev
    call.prev = call.next = undefined
    this.allFinished++
    if (this.stopped) {
      if (this.allFinished >= this.issued) this.resolve()
      return
    }
    const now = performance.now()
    if (call.measured) {
      this.finished++
      this.lastEnd = now
      let kind: ErrorKind | undefined
      if (err) kind = classifyError(err)
      else kind = statusKind(call.status)
      if (!kind && this.stream) {
        // An error event finished the call already (STREAM_ERROR); a stream with no event is one too.
        if (call.events === 0) kind = 'stream_error'
        else if (call.firstToken < 0) this.withoutContent++
      }
      if (kind) {
        this.errors[kind] = (this.errors[kind] ?? 0) + 1
        // A timeout is a latency too (at least this long): dropping it would flatter p99.
        if (kind === 'timeout') this.recordLatency(now - call.start)
      } else {
        this.recordLatency(now - call.start)
        if (this.ttft && call.firstToken >= 0) recordMs(this.ttft, call.firstToken - call.start)
      }
      if (this.plan.onProgress && (this.finished & 1023) === 0) this.plan.onProgress(this.finished)
    }
    if (this.plan.model.kind === 'closed' && this.issued < this.total) {
      // A request that fails inside dispatch() must not start the next one from within it:
      // a run of such failures would recurse once per request.
      if (this.dispatching) setImmediate(() => this.next())
      else this.next()
    } else if (this.allFinished >= this.total) this.resolve()
  }

  private recordLatency(ms: number): void {
    const us = recordMs(this.latency, ms)
    this.latencySeries[this.seriesLength++] = us
  }

  private stop(): void {
    if (this.stopped) return
    this.stopped = true
    this.aborted = true
    if (this.allFinished >= this.issued) this.resolve()
    // Destroying the pool fails every request in flight; finish() ignores them once stopped.
    else void this.pool.destroy().catch(() => undefined)
  }

  private result(): LoadResult {
    const { model } = this.plan
    let achievedRate: number
    const span = this.lastEnd - this.firstSend
    if (model.kind === 'open')
      achievedRate =
        this.sent >= 2 && this.lastSend > this.firstSend
          ? ((this.sent - 1) * 1000) / (this.lastSend - this.firstSend)
          : 0
    else achievedRate = span > 0 ? (this.finished * 1000) / span : 0
    // The monitor records each whole sampling interval; the delay is what exceeds it.
    const errorCount = Object.values(this.errors).reduce((a, b) => a + (b ?? 0), 0)
    const ns = (x: number): number =>
      Number.isFinite(x) ? Math.max(0, x / 1e6 - LOOP_RESOLUTION_MS) : 0
    return {
      model,
      connections: this.connections,
      latency: this.latency,
      latencySeries: this.latencySeries.subarray(0, this.seriesLength),
      ttft: this.ttft,
      itl: this.itl,
      slippage: this.slippage,
      sent: this.sent,
      finished: this.finished,
      ok: this.finished - errorCount,
      errors: this.errors,
      errorCount,
      late: this.late,
      queued: this.queued,
      achievedRate,
      durationMs: span > 0 ? span : 0,
      aborted: this.aborted,
      eventLoopDelay: {
        p99Ms: this.loopDelay.count ? ns(this.loopDelay.percentile(99)) : 0,
        maxMs: this.loopDelay.count ? ns(this.loopDelay.max) : 0
      },
      stream: this.stream
        ? { contentEvents: this.contentEvents, withoutContent: this.withoutContent }
        : undefined
    }
  }
}

/** Run a load plan to the end, or until its signal aborts. */
export function runLoad(plan: LoadPlan): Promise<LoadResult> {
  if (!(plan.requests >= 0 && plan.warmup >= 0)) throw new RangeError('bad request counts')
  if (plan.model.kind === 'open' && !(plan.model.rate > 0)) throw new RangeError('rate must be > 0')
  if (plan.model.kind === 'closed' && !(plan.model.concurrency >= 1))
    throw new RangeError('concurrency must be ≥ 1')
  return new LoadRun(plan).run()
}
