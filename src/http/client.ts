import { log } from '../log.js'
import type { Dispatcher } from 'undici'
// Only undici's agent and its request API: its index would load fetch, WebSocket, the cache and
// mocks too, a megabyte the start of every run would parse (bench/RESULTS.md, cold start).
import Agent from 'undici/lib/dispatcher/agent.js'
import requestApi from 'undici/lib/api/api-request.js'
import { GateError } from '../errors.js'
import { redact } from '../secrets.js'
import { domainToASCII } from 'node:url'

/**
 * The one HTTP layer every outside call goes through (registries, eval endpoints, GitHub relay):
 * timeouts at every phase, retries only where repeating is safe, a cap on what we read, and no
 * credentials carried to another host. Callers get the response for any status they must
 * interpret themselves; network failures and exhausted retries throw a GateError naming the party.
 */

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

interface HttpRequest {
  method: Method
  url: string
  /** Who we are talking to, for messages: "MLflow registry", "eval endpoint of gate 'accuracy'". */
  party: string
  headers?: Record<string, string>
  /** Sent as JSON with Content-Type: application/json. */
  json?: unknown
  /** Sent form-encoded (application/x-www-form-urlencoded), as Prometheus takes a long query. */
  form?: Record<string, string>
  /**
   * Safe to send twice. GET, PUT and DELETE are by default; a POST only when the caller knows the
   * operation is an upsert (alias set, tag set) or the protocol says so (eval requests).
   */
  idempotent?: boolean
  /**
   * Absolute time (Date.now() ms): the gate's overall deadline. No attempt starts, no backoff
   * sleeps and no attempt runs past it.
   */
  deadline?: number
  /** Overrides HttpOptions.retries for this request (0: a single attempt, e.g. a probe). */
  retries?: number
  signal?: AbortSignal
}

export interface HttpResponse {
  status: number
  headers: Record<string, string>
  contentType: string
  text: string
  url: string
}

interface HttpOptions {
  connectTimeoutMs: number
  headersTimeoutMs: number
  bodyTimeoutMs: number
  /** Retries after the first attempt, for retryable failures of idempotent requests. */
  retries: number
  backoffBaseMs: number
  backoffMaxMs: number
  maxResponseBytes: number
  maxRedirects: number
  /** A longer Retry-After than this is not waited for: the last response is returned instead. */
  maxRetryAfterMs: number
  /**
   * Hosts (`example.com`, `*.example.com`) any request or redirect may go to; unset falls back to
   * the run-wide list from restrictHosts(), and without one any host is allowed (SPEC §8).
   */
  allowedHosts?: string[]
}

const defaultHttpOptions: HttpOptions = {
  connectTimeoutMs: 10_000,
  headersTimeoutMs: 60_000,
  bodyTimeoutMs: 60_000,
  retries: 4,
  backoffBaseMs: 500,
  backoffMaxMs: 30_000,
  maxResponseBytes: 10 * 1024 * 1024,
  maxRedirects: 5,
  maxRetryAfterMs: 120_000
}

/**
 * Statuses worth another try: throttling and gateway/transient server failures. 408 and 500 are
 * included because MLflow's own client retries them (mlflow/utils/request_utils.py,
 * _TRANSIENT_FAILURE_RESPONSE_CODES): its tracking server answers a passing database hiccup with
 * a bare 500. Retries still apply only to requests that are safe to repeat.
 */
const RETRYABLE_STATUS = new Set([408, 429, 500, 502, 503, 504])
const RETRYABLE_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CLOSED'
])
/** Failures before the request left the runner: safe to repeat even for a one-shot POST. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'UND_ERR_CONNECT_TIMEOUT'])

export class HttpError extends GateError {
  constructor(
    message: string,
    fix: string,
    readonly kind: 'network' | 'timeout' | 'too-large' | 'status' | 'scheme' | 'redirect' | 'host',
    cause?: unknown
  ) {
    super(message, fix, { cause })
  }
}

export class HttpClient {
  readonly options: HttpOptions
  private readonly agent: Dispatcher

  constructor(options: Partial<HttpOptions> = {}) {
    // Keys given as undefined (settings left unset) keep their defaults.
    const given = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined))
    this.options = { ...defaultHttpOptions, ...given }
    this.agent = new Agent({
      connect: { timeout: this.options.connectTimeoutMs },
      headersTimeout: this.options.headersTimeoutMs,
      bodyTimeout: this.options.bodyTimeoutMs,
      keepAliveTimeout: 4_000
    })
  }

  async close(): Promise<void> {
    await this.agent.close()
  }

  async send(req: HttpRequest): Promise<HttpResponse> {
    const idempotent = req.idempotent ?? req.method !== 'POST'
    const retries = Math.max(0, req.retries ?? this.options.retries)
    let earlier: HttpResponse | undefined
    for (let attempt = 1; ; attempt++) {
      const last = attempt > retries
      let reason: string
      let retryAfterMs: number | undefined
      let response: HttpResponse | undefined
      let failure: unknown
      try {
        response = await this.once(req)
        if (!RETRYABLE_STATUS.has(response.status) || !idempotent || last) return response
        earlier = response
        reason = `HTTP ${response.status}`
        retryAfterMs = parseRetryAfter(response.headers['retry-after'])
      } catch (err) {
        failure = err
        // A retry cut short by the deadline: the answer we already had says more than "no time".
        if (earlier && req.deadline !== undefined && Date.now() >= req.deadline - 1) return earlier
        const code = errorCode(err)
        const retryable =
          RETRYABLE_CODES.has(code) || (err instanceof HttpError && err.kind === 'timeout')
        // A refused connection never delivered the request, so even a one-shot POST may go again.
        if (!retryable || (!idempotent && !neverSent(err)) || last)
          throw this.wrap(req, err, attempt)
        reason = code || (err instanceof HttpError ? err.kind : 'error')
      }
      // The server's Retry-After is a floor under our own backoff, never shortened; one longer
      // than we are prepared to wait ends the retries with the answer we have.
      const backoff = Math.min(
        this.options.backoffMaxMs,
        this.options.backoffBaseMs * 2 ** (attempt - 1) * (1 + Math.random() * 0.25)
      )
      const wait = Math.max(backoff, retryAfterMs ?? 0)
      const tooLong = retryAfterMs !== undefined && retryAfterMs > this.options.maxRetryAfterMs
      const pastDeadline = req.deadline !== undefined && Date.now() + wait >= req.deadline
      if (tooLong || pastDeadline) {
        const why = tooLong
          ? `it asked to retry after ${Math.round(wait / 1000)} s`
          : 'the next attempt would start past the deadline'
        log.debug(
          `${req.party}: ${req.method} ${redact(stripQuery(req.url))} failed with ${reason}; not retrying: ${why}`
        )
        if (response) return response
        throw this.wrap(req, failure, attempt)
      }
      log.debug(
        `${req.party}: ${req.method} ${redact(stripQuery(req.url))} failed with ${reason}; ` +
          `retry ${attempt}/${retries} in ${Math.round(wait)} ms`
      )
      await sleep(wait, req.signal)
    }
  }

  /** One attempt, following redirects by hand so credentials never go to another host. */
  private async once(req: HttpRequest): Promise<HttpResponse> {
    const url = checkScheme(req.url, req.party)
    this.checkHost(url, req.party, 'is at')
    const method = req.method
    const headers: Record<string, string> = { ...(req.headers ?? {}) }
    let body: string | undefined
    if (req.json !== undefined) {
      body = JSON.stringify(req.json)
      headers['content-type'] ??= 'application/json'
    } else if (req.form !== undefined) {
      body = new URLSearchParams(req.form).toString()
      headers['content-type'] ??= 'application/x-www-form-urlencoded'
    }
    // One attempt may take headers + body time, and never runs past the deadline. The agent's
    // own timeouts bound the gap before the headers and between body chunks; this bounds a body
    // that trickles in forever.
    let budget = this.options.headersTimeoutMs + this.options.bodyTimeoutMs
    if (req.deadline !== undefined)
      budget = Math.min(budget, Math.max(0, req.deadline - Date.now()))
    const limit = timeoutSignal(budget, req.signal)
    try {
      return await this.hops(req, url, method, headers, body, limit.signal)
    } finally {
      limit.clear()
    }
  }

  private async hops(
    req: HttpRequest,
    url: string,
    method: Method,
    headers: Record<string, string>,
    body: string | undefined,
    signal: AbortSignal
  ): Promise<HttpResponse> {
    const timedOut = (err: unknown): never => {
      if (isAbort(err) && !req.signal?.aborted)
        throw new HttpError(
          `${req.party} did not answer in time`,
          'check that the service is up, or raise the gate timeout',
          'timeout',
          err
        )
      throw err
    }
    for (let hop = 0; ; hop++) {
      let res: Dispatcher.ResponseData
      try {
        const { origin, pathname, search } = new URL(url)
        res = await requestApi.call(this.agent, {
          origin,
          path: pathname + search,
          method,
          headers,
          body,
          signal
        })
      } catch (err) {
        return timedOut(err)
      }
      const location = header(res.headers, 'location')
      if ([301, 302, 303, 307, 308].includes(res.statusCode) && location) {
        await res.body.dump()
        if (hop >= this.options.maxRedirects)
          throw new HttpError(
            `${req.party} redirected more than ${this.options.maxRedirects} times`,
            'check the URL',
            'redirect'
          )
        const next = new URL(location, url)
        checkScheme(next.href, req.party)
        this.checkHost(next.href, req.party, 'redirected to')
        // Origin, not host: an https → http downgrade on the same host drops them too.
        if (next.origin !== new URL(url).origin) headers = withoutCredentials(headers)
        if (
          res.statusCode === 303 ||
          ((res.statusCode === 301 || res.statusCode === 302) && method === 'POST')
        ) {
          method = 'GET'
          body = undefined
          delete headers['content-type']
        }
        url = next.href
        continue
      }
      let text: string
      try {
        text = await readCapped(res.body, res.headers, this.options.maxResponseBytes, req.party)
      } catch (err) {
        return timedOut(err)
      }
      const flat: Record<string, string> = {}
      for (const [k, v] of Object.entries(res.headers)) {
        if (v !== undefined) flat[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v
      }
      return {
        status: res.statusCode,
        headers: flat,
        contentType: flat['content-type'] ?? '',
        text,
        url
      }
    }
  }

  /** Settings check every configured URL before any request; this also covers redirects. */
  private checkHost(url: string, party: string, verb: string): void {
    const allowed = this.options.allowedHosts ?? runAllowList
    if (!allowed) return
    const { hostname } = new URL(url)
    if (!allowed.some((h) => hostMatches(hostname, h)))
      throw new HttpError(
        `${party} ${verb} host ${hostname}, which is not in allowed_hosts`,
        `add ${hostname} to allowed_hosts (or the 'allowed-hosts' input) if it is meant`,
        'host'
      )
  }

  private wrap(req: HttpRequest, err: unknown, attempts = 1): GateError {
    if (err instanceof GateError) {
      if (attempts > 1 && err instanceof HttpError)
        return new HttpError(
          `${err.message} (after ${attempts} attempts)`,
          err.fix ?? '',
          err.kind,
          err
        )
      return err
    }
    const code = errorCode(err)
    const origin = redact(new URL(req.url).origin)
    // Parties such as "MLflow registry at https://…" already say where.
    const at = req.party.includes(origin) ? '' : ` at ${origin}`
    const tries = attempts > 1 ? ` after ${attempts} attempts` : ''
    const secs = (ms: number): string => `${Math.round(ms / 100) / 10} s`
    if (code === 'ECONNREFUSED')
      return new HttpError(
        `${req.party} refused the connection${at}${tries}`,
        'check that the service is running and the URL is right',
        'network',
        err
      )
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
      return new HttpError(
        `${req.party} host${at} could not be resolved`,
        'check the host name in the URL',
        'network',
        err
      )
    if (code.includes('TIMEOUT')) {
      const what =
        code === 'UND_ERR_CONNECT_TIMEOUT'
          ? `: no connection within ${secs(this.options.connectTimeoutMs)}`
          : code === 'UND_ERR_HEADERS_TIMEOUT'
            ? `: no response within ${secs(this.options.headersTimeoutMs)}`
            : code === 'UND_ERR_BODY_TIMEOUT'
              ? `: the response stalled for ${secs(this.options.bodyTimeoutMs)}`
              : ''
      return new HttpError(
        `${req.party}${at} timed out${what} (${code})${tries}`,
        'check that the service is up, or raise http.response_timeout (or the gate timeout) in the config',
        'timeout',
        err
      )
    }
    const what =
      code === 'UND_ERR_SOCKET' || code === 'ECONNRESET' || code === 'EPIPE'
        ? `dropped the connection mid-exchange (${code})`
        : `failed: ${code || (err instanceof Error ? err.message : String(err))}`
    return new HttpError(
      `${req.party}${at} ${what}${tries}`,
      'check the service and the network between the runner and it',
      'network',
      err
    )
  }
}

let runAllowList: string[] | undefined

/**
 * The run's allowed_hosts, for every client in the process: like the secret set, a run-wide
 * policy, so no request path (redirect, poll, run read) can forget it. undefined lifts it.
 */
export function restrictHosts(hosts: string[] | undefined): void {
  runAllowList = hosts ? [...hosts] : undefined
}

/**
 * `example.com` matches itself; `*.example.com` matches any subdomain, not the apex. Both sides
 * are normalised as a URL would be (case, IDN → punycode, IPv6 brackets, a trailing dot), and a
 * pattern may be written with a scheme, port or path, which are ignored.
 */
export function hostMatches(host: string, pattern: string): boolean {
  const h = normalHost(host)
  const p = pattern.trim()
  if (p.startsWith('*.')) {
    const base = normalHost(p.slice(2))
    return base !== '' && h.endsWith(`.${base}`)
  }
  const exact = normalHost(p)
  return exact !== '' && h === exact
}

function normalHost(value: string): string {
  let h = value
    .trim()
    .toLowerCase()
    .replace(/^[a-z][a-z0-9+.-]*:\/\//, '')
    .replace(/[/?#].*$/, '')
  const port = /^(\[[^\]]*\]|[^:]*)(:\d*)?$/.exec(h)
  if (port) h = port[1]
  h = h.replace(/^\[|\]$/g, '').replace(/\.$/, '')
  if (!h.includes(':')) h = domainToASCII(h) || h
  return h
}

function checkScheme(url: string, party: string): string {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw new HttpError(`${party} URL is not a valid URL`, 'use an absolute http(s) URL', 'scheme')
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw new HttpError(
      `${party} URL uses ${parsed.protocol.replace(':', '')}, not http or https`,
      'only http(s) endpoints are allowed',
      'scheme'
    )
  return parsed.href
}

function withoutCredentials(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(headers)) {
    if (!/^(authorization|cookie|proxy-authorization|x-api-key)$/i.test(k)) out[k] = v
  }
  return out
}

async function readCapped(
  body: Dispatcher.ResponseData['body'],
  headers: Dispatcher.ResponseData['headers'],
  maxBytes: number,
  party: string
): Promise<string> {
  const tooLarge = (): HttpError =>
    new HttpError(
      `${party} sent a response larger than ${Math.round((maxBytes / 1024 / 1024) * 10) / 10} MB`,
      'return a smaller body, or raise http.max_response_mb in the config',
      'too-large'
    )
  // A declared length over the cap is refused before a byte is read.
  if (Number(header(headers, 'content-length')) > maxBytes) {
    body.destroy()
    throw tooLarge()
  }
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of body) {
    const buf = chunk as Buffer
    size += buf.length
    if (size > maxBytes) {
      body.destroy()
      throw tooLarge()
    }
    chunks.push(buf)
  }
  return Buffer.concat(chunks).toString('utf8')
}

function header(headers: Dispatcher.ResponseData['headers'], name: string): string | undefined {
  const v = headers[name]
  return Array.isArray(v) ? v[0] : v
}

/** Retry-After in seconds or as an HTTP date; capped so a hostile server cannot park us. */
export function parseRetryAfter(value: string | undefined): number | undefined {
  if (!value) return undefined
  const secs = Number(value)
  if (Number.isFinite(secs)) return Math.max(0, secs * 1000)
  const at = Date.parse(value)
  return Number.isFinite(at) ? Math.max(0, at - Date.now()) : undefined
}

/** The system or undici error code of an error or of the errors that caused it ('' if none). */
export function errorCode(err: unknown): string {
  let e = err as { code?: unknown; cause?: unknown } | undefined
  // fetch wraps undici's error once, Octokit once more.
  for (let depth = 0; depth < 4 && e; depth++, e = e.cause as typeof e)
    if (typeof e.code === 'string') return e.code
  return ''
}

/** A failure before the request left the runner, so even a one-shot POST may be sent again. */
export function neverSent(err: unknown): boolean {
  return NOT_SENT_CODES.has(errorCode(err))
}

function isAbort(err: unknown): boolean {
  const name = (err as { name?: string })?.name
  return name === 'AbortError' || name === 'TimeoutError'
}

function stripQuery(url: string): string {
  const i = url.indexOf('?')
  return i < 0 ? url : url.slice(0, i)
}

/**
 * An abort signal that fires after `ms` or when `parent` does. A timer, not AbortSignal.timeout /
 * AbortSignal.any: on Node 20 those signals can be garbage-collected before they fire (the timer
 * only holds them weakly), and a request that should time out then waits forever.
 */
export function timeoutSignal(
  ms: number,
  parent?: AbortSignal
): { signal: AbortSignal; clear: () => void; unref: () => void } {
  const controller = new AbortController()
  const onParent = (): void => controller.abort(parent?.reason)
  const timer = setTimeout(() => {
    const err = new Error(`no answer within ${ms} ms`)
    err.name = 'TimeoutError'
    controller.abort(err)
  }, ms)
  if (parent?.aborted) onParent()
  else parent?.addEventListener('abort', onParent, { once: true })
  return {
    signal: controller.signal,
    clear: () => {
      clearTimeout(timer)
      parent?.removeEventListener('abort', onParent)
    },
    // For a budget that should not by itself keep the process alive.
    unref: () => void timer.unref()
  }
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error)
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    const onAbort = (): void => {
      clearTimeout(t)
      reject(signal?.reason as Error)
    }
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}

/** A body read as JSON when it is JSON, else undefined: for answers whose error may be text. */
export function jsonOrUndefined(res: HttpResponse): unknown {
  try {
    return JSON.parse(res.text) as unknown
  } catch {
    return undefined
  }
}

/** Parse a JSON body, or throw a GateError that names the party and never echoes the body. */
export function parseJson(res: HttpResponse, party: string): unknown {
  try {
    return JSON.parse(res.text) as unknown
  } catch {
    const ct = res.contentType ? ` (${res.contentType.split(';')[0]})` : ''
    throw new GateError(
      `${party} returned HTTP ${res.status} with a body that is not JSON${ct}`,
      'check that the URL points at the right service and that it answers with JSON'
    )
  }
}
