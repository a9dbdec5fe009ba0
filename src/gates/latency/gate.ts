import { describeError, GateError } from '../../errors.js'
import { redact } from '../../secrets.js'
import type { LatencyGateConfig } from '../../settings/config.js'
import { fillTemplate, fillTemplateDeep } from '../../settings/expand.js'
import {
  type Gate,
  type GateContext,
  type GateResult,
  resultFor,
  type Verdict,
  VERDICT_RANK,
  worstVerdict
} from '../gate.js'
import { exact, fmt, pct } from '../../format.js'
import { templateValues } from '../template.js'
import { judgeP99, type QuantileJudgement } from './judge.js'
import {
  type ErrorKind,
  LATE_MS,
  type LoadModel,
  type LoadPlan,
  type LoadResult,
  runLoad
} from './loadgen.js'

/**
 * `latency`: a load run against the candidate's serving endpoint, judged on the p99 of total
 * latency (and, for streams, of time to first token and inter-token latency) by an
 * order-statistic confidence interval, and on the error rate. Runs alone (`exclusive`), so other
 * gates' traffic does not inflate its percentiles.
 */

/** Neither `rate` nor `concurrency`: an open model at this rate (the SPEC's example). */
export const DEFAULT_RATE = 50
/** The generator must dispatch at least this share of the target rate for a verdict to stand. */
const MIN_RATE_SHARE = 0.95
/** Dispatch slippage p99 above this share of the tightest threshold (and above LATE_MS) is too much. */
const MAX_SLIPPAGE_SHARE = 0.05

/** `GateResult.details` of a latency gate: everything the summary and the receipt may show. */
export interface LatencyDetails {
  mode: 'open' | 'closed'
  /** Target rate, req/s (open model). */
  rate?: number
  /** Concurrent request loops (closed model). */
  concurrency?: number
  connections: number
  /** Measured requests planned, and warm-up requests sent before them and discarded. */
  requests: number
  warmup: number
  request_timeout_ms: number
  stream: boolean
  /** Measured requests dispatched, finished (any outcome) and successful. */
  sent: number
  finished: number
  ok: number
  /** req/s: dispatched (open model) or completed (closed model). */
  achieved_rate: number
  duration_ms: number
  /** Total latency: n, min, mean, p50, p90, p95, p99, max (ms), p99 CI, verdict, message. */
  latency: QuantileJudgement
  /** Time to first token and inter-token gaps (stream: true). */
  ttft?: QuantileJudgement
  itl?: QuantileJudgement
  errors: {
    total: number
    rate: number
    max_rate: number
    verdict: Verdict
    by_kind: Partial<Record<ErrorKind, number>>
  }
  /** Open model: how late the generator dispatched (ms), and requests that found the pool full. */
  slippage?: {
    late_ms: number
    late: number
    late_fraction: number
    queued: number
    p50: number | null
    p99: number | null
    max: number | null
    /** Slippage p99 above this makes the run generator-limited. */
    limit_ms: number
    generator_limited: boolean
  }
  event_loop_delay_ms: { p99: number; max: number }
  streams?: { content_events: number; without_content: number }
  verdicts: {
    latency?: Verdict
    ttft?: Verdict
    itl?: Verdict
    errors: Verdict
    generator_limited: boolean
  }
  /** How the numbers were obtained, in one sentence. */
  method: string
}

/** Default warm-up: max(50, 5 % of the measured requests). */
export function defaultWarmup(requests: number): number {
  return Math.max(50, Math.ceil(requests * 0.05))
}

export function loadModel(config: LatencyGateConfig): LoadModel {
  if (config.concurrency !== undefined) return { kind: 'closed', concurrency: config.concurrency }
  return { kind: 'open', rate: config.rate ?? DEFAULT_RATE }
}

export class LatencyGate implements Gate {
  readonly exclusive = true
  constructor(readonly config: LatencyGateConfig) {}

  async run(ctx: GateContext): Promise<GateResult> {
    const { config } = this
    const base = baseOf(config)
    if (!config.stream && (config.ttft_p99_ms !== undefined || config.itl_p99_ms !== undefined))
      return resultFor(
        config,
        'error',
        `gate '${config.name}' sets ttft_p99_ms or itl_p99_ms, which are only measured on a ` +
          'streamed response. Add stream: true (an OpenAI-compatible streaming endpoint)',
        base
      )
    let built: { plan: LoadPlan; warnings: string[] }
    try {
      built = buildPlan(config, templateValues(ctx, ctx.candidate), ctx.signal)
    } catch (err) {
      return resultFor(config, 'error', describeError(err), base)
    }
    const { plan } = built
    if (plan.model.kind === 'open') {
      const needS = (plan.warmup + plan.requests) / plan.model.rate
      const leftS = (ctx.deadline - Date.now()) / 1000
      if (needS > leftS)
        return resultFor(
          config,
          'error',
          `${plan.warmup + plan.requests} requests at ${fmt(plan.model.rate)} req/s take ` +
            `${fmt(needS)} s, more than the ${fmt(Math.max(0, leftS))} s left before the gate's ` +
            "timeout. Raise the gate's timeout, or lower requests or warmup",
          base
        )
    }
    let load: LoadResult
    const { progress } = ctx
    if (progress)
      plan.onProgress = (finished) =>
        progress.advanced(config.name, finished, plan.requests, 'requests')
    try {
      load = await runLoad(plan)
    } catch (err) {
      return resultFor(config, 'error', describeError(err), base)
    }
    return judgeLoad(config, plan, load, built.warnings)
  }
}

type Headline = 'latency' | 'ttft' | 'itl'

/** The number the summary shows: total latency when p99_ms is set, else TTFT, else ITL. */
function headlineOf(config: LatencyGateConfig): Headline {
  if (config.p99_ms !== undefined) return 'latency'
  return config.ttft_p99_ms !== undefined ? 'ttft' : 'itl'
}

const MEASURE: Record<Headline, string> = {
  latency: 'p99 latency (ms)',
  ttft: 'p99 time to first token (ms)',
  itl: 'p99 inter-token latency (ms)'
}

function baseOf(config: LatencyGateConfig): { measure: string; threshold?: string } {
  const h = headlineOf(config)
  const t = { latency: config.p99_ms, ttft: config.ttft_p99_ms, itl: config.itl_p99_ms }[h]
  return { measure: MEASURE[h], threshold: t !== undefined ? `≤ ${exact(t)} ms` : undefined }
}

/** The requests to send, filled with the candidate's values (`templateValues`). */
export function buildPlan(
  config: LatencyGateConfig,
  values: Record<string, string>,
  signal?: AbortSignal
): { plan: LoadPlan; warnings: string[] } {
  const warnings: string[] = []
  const what = `latency target of gate '${config.name}'`
  let parsed: URL
  try {
    parsed = new URL(fillTemplate(config.target, values))
  } catch {
    throw new GateError(`${what} is not a valid URL`, 'use an absolute http(s) URL')
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw new GateError(
      `${what} uses ${parsed.protocol.replace(':', '')}, not http or https`,
      'only http(s) endpoints are allowed'
    )
  const headers: Record<string, string> = {}
  for (const [k, v] of Object.entries(config.headers ?? {})) headers[k] = fillTemplate(v, values)
  const has = (name: string): boolean => Object.keys(headers).some((k) => k.toLowerCase() === name)
  let body: string | undefined
  if (config.body !== undefined) {
    if (config.method === 'GET')
      warnings.push('the body is not sent with method GET; use POST or PUT to send it')
    else {
      let filled = fillTemplateDeep(config.body, values)
      // An OpenAI-compatible server streams only when the body asks it to.
      if (config.stream && isPlainObject(filled) && !('stream' in filled))
        filled = { ...filled, stream: true }
      if (typeof filled === 'string') body = filled
      else {
        body = JSON.stringify(filled)
        if (!has('content-type')) headers['content-type'] = 'application/json'
      }
    }
  }
  if (config.stream && !has('accept')) headers['accept'] = 'text/event-stream'
  const plan: LoadPlan = {
    url: parsed.href,
    method: config.method,
    headers,
    body,
    requests: config.requests,
    warmup: config.warmup ?? defaultWarmup(config.requests),
    model: loadModel(config),
    requestTimeoutMs: config.request_timeout_ms,
    stream: config.stream,
    signal
  }
  return { plan, warnings }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

const round3 = (x: number): number => Math.round(x * 1000) / 1000

/** Turn a finished load run into the gate's result (exported for tests of the verdict logic). */
export function judgeLoad(
  config: LatencyGateConfig,
  plan: LoadPlan,
  load: LoadResult,
  planWarnings: string[] = []
): GateResult {
  const warnings = [...planWarnings]
  const conf = config.confidence
  const latency = judgeP99(
    load.latency,
    'p99 latency',
    config.p99_ms,
    conf,
    load.latencySeries,
    config.correlation === 'widen'
  )
  const ttft = load.ttft
    ? judgeP99(load.ttft, 'p99 time to first token', config.ttft_p99_ms, conf)
    : undefined
  const itl = load.itl
    ? judgeP99(load.itl, 'p99 inter-token latency', config.itl_p99_ms, conf)
    : undefined

  // The error rate is over every measured request that finished, whatever went wrong with it.
  const errorRate = load.finished ? load.errorCount / load.finished : 0
  const errorVerdict: Verdict = !load.finished
    ? 'inconclusive'
    : errorRate > config.max_error_rate
      ? 'fail'
      : 'pass'
  const kinds = Object.entries(load.errors)
    .filter(([, c]) => c)
    .sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0))
    .map(([k, c]) => `${c} ${k}`)
    .join(', ')
  const errorMessage =
    `error rate ${pct(errorRate)} (${load.errorCount}/${load.finished}` +
    (kinds ? `: ${kinds}` : '') +
    `) ${errorVerdict === 'fail' ? 'exceeds' : 'is within'} the maximum ${pct(config.max_error_rate)}`

  // Could the generator keep its schedule? Only the open model has one.
  let limited: string | undefined
  /** The server never saw the intended load: no measure can pass. */
  let rateShort = false
  let slippage: LatencyDetails['slippage']
  let slipMax = 0
  if (load.model.kind === 'open' && load.slippage) {
    const rate = load.model.rate
    const s = load.slippage
    const slipP99 = s.count ? s.percentile(99) / 1000 : 0
    slipMax = s.count ? s.max / 1000 : 0
    // Slippage delays requests before they are sent: it inflates latency and time to first token
    // (both measured from the intended send time), never the gaps between tokens of a response.
    const thresholds = [config.p99_ms, config.ttft_p99_ms].filter((x) => x !== undefined)
    const slipLimit = Math.max(
      LATE_MS,
      thresholds.length ? Math.min(...thresholds) * MAX_SLIPPAGE_SHARE : 0
    )
    const reasons: string[] = []
    if (load.sent >= 10 && load.achievedRate < rate * MIN_RATE_SHARE) {
      rateShort = true
      reasons.push(
        `it sent ${fmt(load.achievedRate)} req/s, below ${pct(MIN_RATE_SHARE)} of the target ` +
          `${fmt(rate)} req/s`
      )
    }
    if (thresholds.length && slipP99 > slipLimit)
      reasons.push(
        `its dispatch slippage p99 is ${fmt(slipP99)} ms, above ${fmt(slipLimit)} ms ` +
          `(${pct(MAX_SLIPPAGE_SHARE)} of the tightest latency or time-to-first-token threshold)`
      )
    if (reasons.length)
      limited =
        `the load generator could not keep the open-model schedule: ${reasons.join(' and ')}. ` +
        (rateShort
          ? 'The server never saw the intended load, so a pass cannot stand. '
          : "Latencies measured from the intended send times include the client's own delay, " +
            'which only adds to them: a pass stands, a fail must survive taking the delay off. ') +
        'Lower the rate or use a larger runner'
    else if (load.late > load.sent * 0.01)
      warnings.push(
        `${load.late} of ${load.sent} requests were dispatched more than ${LATE_MS} ms late ` +
          `(slippage p99 ${fmt(slipP99)} ms); the delay counts toward their latency`
      )
    slippage = {
      late_ms: LATE_MS,
      late: load.late,
      late_fraction: round3(load.late / Math.max(1, load.sent)),
      queued: load.queued,
      p50: s.count ? round3(s.percentile(50) / 1000) : null,
      p99: s.count ? round3(slipP99) : null,
      max: s.count ? round3(slipMax) : null,
      limit_ms: round3(slipLimit),
      generator_limited: limited !== undefined
    }
    if (load.queued)
      warnings.push(
        `${load.queued} requests found all ${load.connections} connections busy when due ` +
          '(a server backlog); their wait counts toward latency'
      )
  }

  const timeouts = load.errors.timeout ?? 0
  if (timeouts)
    warnings.push(
      `${timeouts} requests timed out after ${fmt(config.request_timeout_ms)} ms; they count as ` +
        'errors and, at their elapsed time, toward the latency percentiles'
    )
  if (config.p99_ms !== undefined && config.request_timeout_ms <= config.p99_ms)
    warnings.push(
      `request_timeout_ms (${config.request_timeout_ms}) is not above p99_ms (${config.p99_ms}), ` +
        'so slow requests are cut off before they can exceed the threshold'
    )
  if (load.stream?.withoutContent)
    warnings.push(
      `${load.stream.withoutContent} streams ended without a content token; ` +
        'time to first token leaves them out'
    )

  // The worst part decides. A send delay only adds to what it inflates (latency, time to first
  // token, measured from the intended send time), and a late generator that kept the rate sent
  // the server burstier load, never lighter: a pass stands. A fail of those stands only if it
  // survives taking the largest client delay off the interval's lower end. Below the target
  // rate the server never saw the intended load, so no pass stands (inter-token gaps, which lie
  // within a response, are doubted only then).
  const parts: Array<{ verdict: Verdict; message: string }> = []
  const doubted = (j: QuantileJudgement & { verdict: Verdict }, delayed: boolean): Verdict => {
    if (!limited || (!delayed && !rateShort)) return j.verdict
    if (j.verdict === 'pass') return rateShort ? 'inconclusive' : 'pass'
    if (j.verdict !== 'fail') return j.verdict
    // The interval's lower end, or the one-sided bound that failed it with too few samples.
    const low = j.ci?.low ?? j.lower_bound_ms
    const robust = delayed
      ? low !== undefined && j.threshold_ms !== undefined && low - slipMax > j.threshold_ms
      : true
    return robust ? 'fail' : 'inconclusive'
  }
  for (const [j, delayed] of [
    [latency, true],
    [ttft, true],
    [itl, false]
  ] as const)
    if (j?.verdict)
      parts.push({ verdict: doubted({ ...j, verdict: j.verdict }, delayed), message: j.message })
  parts.push({ verdict: errorVerdict, message: errorMessage })
  let verdict = worstVerdict(parts.map((p) => p.verdict))
  const lead: string[] = []
  const onlyConnect =
    load.ok === 0 && load.errorCount > 0 && Object.keys(load.errors).every((k) => k === 'connect')
  if (load.aborted) {
    verdict = 'error'
    lead.push(
      `the run was stopped (gate timeout or cancellation) after ${load.finished} of ` +
        `${plan.requests} measured requests`
    )
  } else if (onlyConnect) {
    verdict = 'error'
    lead.push(
      `could not connect to the latency target of gate '${config.name}' ` +
        `(${redact(new URL(plan.url).origin)}): all ${load.errorCount} requests failed to ` +
        'connect. Check that the candidate is deployed and the URL is right'
    )
  } else if (limited) {
    lead.push(limited)
    warnings.push(limited)
  }
  parts.sort((a, b) => VERDICT_RANK[b.verdict] - VERDICT_RANK[a.verdict])
  const loadText =
    load.model.kind === 'open'
      ? `open model at ${fmt(load.model.rate)} req/s (achieved ${fmt(load.achievedRate)})`
      : `closed model, ${load.model.concurrency} concurrent (${fmt(load.achievedRate)} req/s)`
  const message = [...lead, ...parts.map((p) => p.message), loadText].join('; ')

  const headline = headlineOf(config)
  const head: QuantileJudgement | undefined = { latency, ttft, itl }[headline]
  const details: LatencyDetails = {
    mode: load.model.kind,
    rate: load.model.kind === 'open' ? load.model.rate : undefined,
    concurrency: load.model.kind === 'closed' ? load.model.concurrency : undefined,
    connections: load.connections,
    requests: plan.requests,
    warmup: plan.warmup,
    request_timeout_ms: config.request_timeout_ms,
    stream: plan.stream,
    sent: load.sent,
    finished: load.finished,
    ok: load.ok,
    achieved_rate: round3(load.achievedRate),
    duration_ms: round3(load.durationMs),
    latency,
    ttft,
    itl,
    errors: {
      total: load.errorCount,
      rate: Math.round(errorRate * 1e6) / 1e6,
      max_rate: config.max_error_rate,
      verdict: errorVerdict,
      by_kind: load.errors
    },
    slippage,
    event_loop_delay_ms: {
      p99: round3(load.eventLoopDelay.p99Ms),
      max: round3(load.eventLoopDelay.maxMs)
    },
    streams: load.stream
      ? { content_events: load.stream.contentEvents, without_content: load.stream.withoutContent }
      : undefined,
    verdicts: stripUndefined({
      latency: latency.verdict,
      ttft: ttft?.verdict,
      itl: itl?.verdict,
      errors: errorVerdict,
      generator_limited: limited !== undefined
    }) as LatencyDetails['verdicts'],
    method:
      'percentiles: nearest rank from HDR histograms (µs, 3 significant digits, ≤ 0.1% ' +
      'quantization); p99 CI: distribution-free order-statistic interval; ' +
      (load.model.kind === 'open'
        ? 'latency from each request’s intended send time (open model)'
        : 'latency from each actual send (closed model: a server stall delays sends instead of ' +
          'showing in p99)')
  }
  return resultFor(config, verdict, message, {
    ...baseOf(config),
    value: head?.p99 ?? undefined,
    ci: head?.ci ? { low: head.ci.low, high: head.ci.high, level: head.ci.level } : undefined,
    n: head?.n,
    warnings,
    details: stripUndefined(details as unknown as Record<string, unknown>)
  })
}

function stripUndefined(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined))
}
