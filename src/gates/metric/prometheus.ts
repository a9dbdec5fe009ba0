import { z } from 'zod'
import { GateError } from '../../errors.js'
import { clip } from '../../format.js'
import {
  type HttpClient,
  HttpError,
  type HttpResponse,
  jsonOrUndefined,
  sleep
} from '../../http/client.js'
import type { ModelVersion } from '../../registry/registry.js'
import { durationMs, type MetricGateOf } from '../../settings/config.js'
import { fillTemplate } from '../../settings/expand.js'
import { fillHeaders, templateValues } from '../template.js'
import {
  judgeValue,
  type Measurement,
  type MeasurementDetails,
  measurementPhase,
  worstValue
} from './measurements.js'
import type { MetricResult } from './result.js'
import { type MetricSource, type Side, type SourceContext, readingParty } from './source.js'

/**
 * `source: prometheus` (SPEC §11): a PromQL instant query over the traffic a canary or shadow
 * deployment is already serving, measured `count` times `interval` apart. Each answer must be
 * one number: a vector of exactly one sample, or a scalar. Anything else is an error that says
 * which, and never a value.
 *
 * Shapes follow the HTTP API documentation (prometheus.io/docs/prometheus/latest/querying/api/):
 * the envelope {status, data, errorType, error, warnings}, values as strings ("NaN", "+Inf"), and
 * 400 bad_data / 422 execution / 503 timeout. The captures in test-support/fixtures/prometheus/
 * are a real server's answers.
 */

/** Longer URLs go as a form-encoded POST: proxies and servers cap request lines near 4–8 KB. */
export const MAX_GET_URL = 2000

const SampleValue = z.tuple([z.number(), z.string()])
const VectorSample = z.object({
  metric: z.record(z.string(), z.string()),
  value: SampleValue.optional(),
  histogram: z.unknown().optional()
})
const Success = z.object({
  status: z.literal('success'),
  data: z.object({
    resultType: z.enum(['vector', 'scalar', 'matrix', 'string']),
    result: z.unknown()
  }),
  warnings: z.array(z.string()).optional()
})
const Failure = z.object({
  status: z.literal('error'),
  errorType: z.string().optional(),
  error: z.string().optional(),
  warnings: z.array(z.string()).optional()
})

/**
 * One measurement's failure that another measurement may not share (no traffic yet, a NaN, a
 * timeout): counted against inconclusive_limit. Any other GateError ends the gate at once, since
 * every later measurement would meet it too (a bad query, a wrong URL, refused credentials).
 */
class MeasurementError extends GateError {}

export class PrometheusSource implements MetricSource {
  constructor(private readonly gate: MetricGateOf<'prometheus'>) {}

  async read(version: ModelVersion, side: Side, ctx: SourceContext): Promise<MetricResult> {
    const { gate } = this
    const party = readingParty(gate, side, version)
    const values = templateValues(ctx, version)
    const query = fillQuery(gate.query, values, party)
    // Headers are filled per side as the endpoint and dataset sources fill theirs.
    const headers = fillHeaders(gate.headers, values)
    const base = baseUrl(gate.url, party)
    const intervalMs = durationMs(gate.interval, 0)
    const limits = {
      count: gate.count,
      failure_limit: gate.failure_limit,
      inconclusive_limit: gate.inconclusive_limit
    }
    const start = Date.now()
    // Refused before the first query: waiting the whole window only to run out of time helps no one.
    const needed = (gate.count - 1) * intervalMs
    if (start + needed > ctx.deadline)
      throw new GateError(
        `gate '${gate.name}' needs ${Math.round(needed / 1000)} s for ${gate.count} measurements ` +
          `${Math.round(intervalMs / 1000)} s apart, more than its timeout leaves ` +
          `(${Math.max(0, Math.round((ctx.deadline - start) / 1000))} s)`,
        "raise the gate's timeout (e.g. timeout: 30m), or lower count or interval"
      )
    const measurements: Measurement[] = []
    for (let i = 0; i < gate.count; i++) {
      if (i > 0) {
        // A fixed cadence from the start: a slow answer does not stretch the window.
        const due = start + i * intervalMs
        if (due > ctx.deadline)
          throw new GateError(
            `gate '${gate.name}' ran out of time before measurement ${i + 1} of ${gate.count}`,
            "raise the gate's timeout, or lower count or interval"
          )
        await sleep(Math.max(0, due - Date.now()), ctx.signal)
      }
      measurements.push(await this.measure(i + 1, query, headers, base, party, ctx))
      if (measurementPhase(measurements, limits) !== undefined) break
    }
    const value = worstValue(measurements, gate)
    const details: MeasurementDetails = {
      ...limits,
      interval_ms: intervalMs,
      measurements,
      query,
      graph_url: graphUrl(base, query)
    }
    return {
      metrics: value !== undefined ? { [gate.metric]: value } : {},
      n: measurements.filter((m) => m.value !== undefined).length,
      origin: `Prometheus ${base.host}, query ${query}`,
      details
    }
  }

  private async measure(
    index: number,
    query: string,
    headers: Record<string, string>,
    base: URL,
    party: string,
    ctx: SourceContext
  ): Promise<Measurement> {
    try {
      const sample = await instantQuery(ctx.http, base, query, headers, party, ctx)
      const judged = judgeValue(sample.value, this.gate)
      return { index, at: sample.at, value: sample.value, ...judged }
    } catch (err) {
      const transient =
        err instanceof MeasurementError ||
        (err instanceof HttpError && (err.kind === 'network' || err.kind === 'timeout'))
      // A cancelled run or the gate's own timeout is not a measurement: let it end the gate.
      if (!transient || ctx.signal.aborted) throw err
      return {
        index,
        at: new Date().toISOString(),
        verdict: 'error',
        reason: err.message,
        fix: err.fix
      }
    }
  }
}

/**
 * The query with {model}, {version}, … filled. A placeholder left unfilled (a misspelt name, or
 * {previous_version} on a first promotion) would ask Prometheus about the wrong series, so the
 * query is refused before it is sent.
 */
function fillQuery(query: string, values: Record<string, string>, party: string): string {
  const unfilled = [...query.matchAll(/\{([a-z_]+)\}/g)]
    .map((m) => m[1])
    .filter((k) => !Object.prototype.hasOwnProperty.call(values, k) || values[k] === '')
  if (unfilled.length) {
    const known = Object.keys(values).filter((k) => values[k] !== '')
    throw new GateError(
      `${party}: the query's {${unfilled[0]}} has no value in this run, so the query was not sent`,
      `use one of ${known.map((k) => `{${k}}`).join(', ')}`
    )
  }
  return fillTemplate(query, values)
}

function baseUrl(url: string, party: string): URL {
  let u: URL
  try {
    u = new URL(url)
  } catch {
    throw new GateError(`${party}: url is not a valid URL`, 'use http(s)://host:9090')
  }
  u.pathname = u.pathname.replace(/\/+$/, '')
  u.hash = ''
  return u
}

function endpoint(base: URL, path: string): URL {
  const u = new URL(base.href)
  // A URL's path is never empty ("/" at least): join without doubling the slash.
  u.pathname = `${base.pathname.replace(/\/+$/, '')}${path}`
  return u
}

/**
 * Where a user sees the query in Prometheus' own UI: the graph tab, over the last hour. No user
 * info or query string of the configured URL is carried over (either may hold a credential).
 */
function graphUrl(base: URL, query: string): string {
  const u = endpoint(base, '/graph')
  return `${u.origin}${u.pathname}?g0.expr=${encodeURIComponent(query)}&g0.tab=0&g0.range_input=1h`
}

interface Sample {
  value: number
  at: string
}

/** One instant query, answered by exactly one finite number, or an error that says why not. */
async function instantQuery(
  http: HttpClient,
  base: URL,
  query: string,
  headers: Record<string, string>,
  party: string,
  ctx: { deadline: number; signal: AbortSignal }
): Promise<Sample> {
  const url = endpoint(base, '/api/v1/query')
  const get = new URL(url.href)
  get.searchParams.set('query', query)
  const common = {
    party,
    headers: { accept: 'application/json', ...headers },
    deadline: ctx.deadline,
    signal: ctx.signal
  }
  // A query only reads, so the POST is as safe to repeat as the GET.
  const res =
    get.href.length <= MAX_GET_URL
      ? await http.send({ ...common, method: 'GET', url: get.href })
      : await http.send({
          ...common,
          method: 'POST',
          url: url.href,
          form: { query },
          idempotent: true
        })
  return readAnswer(res, query, party)
}

function readAnswer(res: HttpResponse, query: string, party: string): Sample {
  const body = jsonOrUndefined(res)
  const failure = Failure.safeParse(body)
  if (failure.success) {
    const { errorType = 'unknown', error = '(no message)' } = failure.data
    const what = `${party} answered HTTP ${res.status}, ${errorType}: ${clip(error, 300)}`
    // bad_data is the query itself (a parse error): every later measurement would meet it too.
    if (errorType === 'bad_data' || res.status === 400)
      throw new GateError(`${what} (query: ${query})`, 'fix the PromQL query')
    throw new MeasurementError(
      what,
      errorType === 'timeout'
        ? 'make the query cheaper (a shorter range), or raise the server-side query timeout'
        : 'check the Prometheus server; the query may succeed at the next measurement'
    )
  }
  if (res.status < 200 || res.status >= 300) {
    const page = res.contentType.includes('html') ? ' (an HTML page)' : ''
    const what = `${party} answered HTTP ${res.status}${page}`
    if (res.status === 401 || res.status === 403)
      throw new GateError(what, "check the credentials in the gate's headers (Authorization)")
    if (res.status === 404)
      throw new GateError(
        what,
        "check the gate's url: it is the server's base URL (with any path prefix), /api/v1/query is added"
      )
    if (res.status === 429 || res.status >= 500)
      throw new MeasurementError(what, 'check the Prometheus server')
    throw new GateError(what, "check the gate's url and headers")
  }
  const ok = Success.safeParse(body)
  if (!ok.success)
    throw new GateError(
      `${party} answered without a Prometheus API response (${body === undefined ? 'not JSON' : 'no status/data'})`,
      "check that the gate's url is a Prometheus server (or one speaking its HTTP API)"
    )
  const { data, warnings } = ok.data
  // A warning means the answer may be partial (a remote store or shard missing): not trusted.
  if (warnings?.length)
    throw new MeasurementError(
      `${party} returned the answer with ${warnings.length === 1 ? 'a warning' : `${warnings.length} warnings`}: ${warnings.map((w) => clip(w, 300)).join('; ')}`,
      'the answer may be partial; fix what Prometheus warns about'
    )
  if (data.resultType === 'scalar') {
    const scalar = SampleValue.safeParse(data.result)
    if (!scalar.success) throw shapeError(party, 'scalar')
    return toSample(scalar.data, party, 'the scalar')
  }
  if (data.resultType !== 'vector')
    throw new GateError(
      `${party}: the query returned a ${data.resultType === 'matrix' ? 'range vector (matrix)' : 'string'}, not one number`,
      data.resultType === 'matrix'
        ? 'use an instant vector: wrap a range selector in a function such as rate(x[5m])'
        : 'make the query return a number'
    )
  const vector = z.array(VectorSample).safeParse(data.result)
  if (!vector.success) throw shapeError(party, 'vector')
  const series = vector.data
  if (series.length === 0)
    throw new MeasurementError(
      `${party}: the query returned no series (${query})`,
      'check that the deployment is serving traffic and that the label values match it'
    )
  if (series.length > 1) {
    const shown = series.slice(0, 5).map((s) => labelSet(s.metric))
    throw new MeasurementError(
      `${party}: the query returned ${series.length} series, not one: ${shown.join(', ')}` +
        (series.length > shown.length ? `, … and ${series.length - shown.length} more` : ''),
      'aggregate to one series (sum, max, histogram_quantile over sum by (le)), or narrow the labels'
    )
  }
  const one = series[0]
  if (!one.value)
    throw new GateError(
      `${party}: the query returned a native histogram sample, not a number`,
      'wrap it in histogram_quantile(…) or histogram_sum(…)'
    )
  return toSample(one.value, party, `the sample ${labelSet(one.metric)}`)
}

function toSample([ts, text]: [number, string], party: string, what: string): Sample {
  const at = new Date(ts * 1000).toISOString()
  // Prometheus writes non-finite values as NaN, +Inf and -Inf, which Number() half misreads.
  if (text === 'NaN')
    throw new MeasurementError(
      `${party}: ${what} is NaN`,
      'NaN is never a pass: a ratio or histogram_quantile over a window without traffic gives NaN; check that the deployment is serving traffic'
    )
  if (text === '+Inf' || text === '-Inf' || text === 'Inf')
    throw new MeasurementError(
      `${party}: ${what} is ${text}`,
      'an infinite value is never a pass: check for a division by zero, or a quantile in the +Inf bucket'
    )
  const value = Number(text)
  if (text.trim() === '' || !Number.isFinite(value))
    throw new GateError(`${party}: ${what} is not a number`, 'make the query return a number')
  return { value, at }
}

function shapeError(party: string, kind: string): GateError {
  return new GateError(
    `${party} answered a ${kind} result in a shape the Prometheus HTTP API does not use`,
    "check that the gate's url is a Prometheus server"
  )
}

/** `name{k="v", …}` as PromQL writes a series, so a user can paste it. */
function labelSet(metric: Record<string, string>): string {
  const { __name__: name = '', ...labels } = metric
  const pairs = Object.entries(labels).map(([k, v]) => `${k}=${JSON.stringify(v)}`)
  return `${name}{${pairs.join(', ')}}`
}
