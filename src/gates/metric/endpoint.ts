import { z } from 'zod'
import { GateError } from '../../errors.js'
import { clip } from '../../format.js'
import {
  type HttpClient,
  type HttpResponse,
  jsonOrUndefined,
  parseJson,
  parseRetryAfter,
  sleep
} from '../../http/client.js'
import type { ModelVersion } from '../../registry/registry.js'
import { durationMs, type MetricGateOf } from '../../settings/config.js'
import { fillTemplate, fillTemplateDeep } from '../../settings/expand.js'
import { hostMatches } from '../../settings/settings.js'
import { fillHeaders, templateValues } from '../template.js'
import type { MetricResult } from './result.js'
import { type MetricSource, type Side, type SourceContext, readingParty } from './source.js'

/**
 * Eval endpoint protocol v1 (SPEC §4): POST a request, get a result (200) or a job (202 with
 * Location or {"poll": url}) that is polled with backoff until done, failed or out of time.
 * Response bodies are parsed, never echoed: a bad body is described, not quoted.
 */

const PROTOCOL = 'model-gate/v1'

const EvalResultSchema = z.object({
  metrics: z.record(z.string(), z.unknown()),
  n: z.number().int().nonnegative().optional(),
  samples: z.record(z.string(), z.array(z.unknown())).optional(),
  ids: z.array(z.union([z.string(), z.number()])).optional(),
  clusters: z.array(z.union([z.string(), z.number()])).optional()
})

/** What the protocol carries: the common result shape without the source's own annotations. */
type EvalResult = Pick<MetricResult, 'metrics' | 'n' | 'samples' | 'ids' | 'clusters'>

/** `source: endpoint` (the default): an eval service speaking model-gate/v1. */
export class EndpointSource implements MetricSource {
  constructor(private readonly gate: MetricGateOf<'endpoint'>) {}

  async read(version: ModelVersion, side: Side, ctx: SourceContext): Promise<MetricResult> {
    const { gate } = this
    const values = templateValues(ctx, version)
    const endpoint = fillTemplate(gate.endpoint, values)
    const result = await callEvalEndpoint({
      http: ctx.http,
      endpoint,
      headers: fillHeaders(gate.headers, values),
      body: evalRequestBody(
        gate.name,
        gate.metric,
        ctx.settings.registry.type,
        version,
        fillTemplateDeep(gate.request, values) as Record<string, unknown> | undefined
      ),
      party: readingParty(gate, side, version),
      pollIntervalMs: durationMs(gate.poll_interval, 2000),
      deadline: ctx.deadline,
      signal: ctx.signal,
      allowedHosts: ctx.settings.allowedHosts
    })
    // The host only: a path or query may carry a token.
    return { ...result, origin: `eval endpoint ${new URL(endpoint).host}, metric ${gate.metric}` }
  }
}

const JobSchema = z.object({
  status: z.string().optional(),
  poll: z.string().optional(),
  error: z.string().optional()
})

interface EvalCall {
  http: HttpClient
  endpoint: string
  headers: Record<string, string>
  body: Record<string, unknown>
  /** "eval endpoint of gate 'accuracy'" */
  party: string
  pollIntervalMs: number
  deadline: number
  signal: AbortSignal
  allowedHosts?: string[]
}

function evalRequestBody(
  gate: string,
  metric: string,
  registry: 'mlflow' | 'wandb',
  version: ModelVersion,
  extra: Record<string, unknown> | undefined
): Record<string, unknown> {
  return {
    protocol: PROTOCOL,
    gate,
    metric,
    model: {
      registry,
      name: version.model,
      version: version.version,
      uri: version.uri,
      source: version.source ?? '',
      run_id: version.runId ?? '',
      tags: version.tags
    },
    ...(extra ?? {})
  }
}

export async function callEvalEndpoint(call: EvalCall): Promise<EvalResult> {
  // The protocol makes the evaluate POST safe to repeat, so transient failures are retried.
  const first = await call.http.send({
    method: 'POST',
    url: call.endpoint,
    party: call.party,
    headers: { accept: 'application/json', ...call.headers },
    json: call.body,
    idempotent: true,
    deadline: call.deadline,
    signal: call.signal
  })
  if (first.status === 202) return poll(call, first)
  return readResult(call, first)
}

async function poll(call: EvalCall, accepted: HttpResponse): Promise<EvalResult> {
  let res = accepted
  let interval = call.pollIntervalMs
  let url: string | undefined
  for (;;) {
    // A 202 may name a new place to poll; otherwise keep polling where we were.
    const job = JobSchema.safeParse(jsonOrUndefined(res))
    const next = res.headers['location'] ?? (job.success ? job.data.poll : undefined)
    if (next) url = new URL(next, res.url).href
    if (!url)
      throw new GateError(
        `${call.party} answered 202 without a Location header or {"poll": url}`,
        'the eval service must say where to poll for the result (SPEC §4)'
      )
    const sameOrigin = new URL(url).origin === new URL(call.endpoint).origin
    if (
      call.allowedHosts &&
      !call.allowedHosts.some((h) => hostMatches(new URL(url as string).hostname, h))
    )
      throw new GateError(
        `${call.party} asked to poll ${new URL(url).hostname}, which is not in allowed_hosts`,
        'add the host to allowed_hosts if it is meant'
      )
    // Seconds or an HTTP date, read as the HTTP layer reads it for retries.
    const wait = parseRetryAfter(res.headers['retry-after']) || interval
    if (Date.now() + wait > call.deadline)
      throw new GateError(
        `${call.party} did not finish the evaluation before the gate's timeout`,
        "raise the gate's timeout, or make the evaluation faster"
      )
    await sleep(wait, call.signal)
    interval = Math.min(interval * 1.5, 30_000)
    res = await call.http.send({
      method: 'GET',
      url,
      party: call.party,
      // Credentials go only to the endpoint's own origin.
      headers: sameOrigin
        ? { accept: 'application/json', ...call.headers }
        : { accept: 'application/json' },
      deadline: call.deadline,
      signal: call.signal
    })
    if (res.status === 202) continue
    if (res.status === 200) {
      const body = jsonOrUndefined(res)
      const status = JobSchema.safeParse(body)
      const s = status.success ? status.data.status?.toLowerCase() : undefined
      if (s && ['pending', 'queued', 'running', 'in_progress'].includes(s)) continue
      if (s && ['failed', 'error', 'cancelled', 'canceled'].includes(s))
        throw new GateError(
          `${call.party} reports the evaluation job ${s}` +
            (status.success && status.data.error ? `: ${clip(status.data.error)}` : ''),
          'check the eval service logs for the job'
        )
    }
    return readResult(call, res)
  }
}

function readResult(call: EvalCall, res: HttpResponse): EvalResult {
  if (res.status < 200 || res.status >= 300) {
    const kind = res.contentType.includes('html') ? ' (an HTML page)' : ''
    throw new GateError(
      `${call.party} answered HTTP ${res.status}${kind}`,
      res.status === 401 || res.status === 403
        ? "check the credentials in the gate's headers"
        : res.status === 404
          ? "check the gate's endpoint URL"
          : 'check the eval service; model-gate does not promote without a result'
    )
  }
  // Python's json.dumps writes bare NaN/Infinity, which is not JSON. Only a body that fails to
  // parse is inspected for them, so the same word inside a string value is no cause for alarm.
  let body: unknown
  try {
    body = JSON.parse(res.text) as unknown
  } catch {
    if (/(^|[\s,:[])-?(NaN|Infinity)\s*[,}\]]/.test(res.text))
      throw new GateError(
        `${call.party} returned a NaN or infinite value`,
        'the evaluation produced no valid number; fix the eval service (NaN is never a pass)'
      )
    body = parseJson(res, call.party)
  }
  const parsed = EvalResultSchema.safeParse(body)
  if (!parsed.success)
    throw new GateError(
      `${call.party} returned JSON without a "metrics" object`,
      'answer with {"metrics": {"<name>": <number>}, ...} (SPEC §4)'
    )
  return parsed.data
}
