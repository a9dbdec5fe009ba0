import * as core from '@actions/core'
import { Agent, request, type Dispatcher } from 'undici'
import { GateError } from '../errors.js'
import { redact } from '../secrets.js'

/**
 * The one HTTP layer every outside call goes through (registries, eval endpoints, GitHub relay):
 * timeouts at every phase, retries only where repeating is safe, a cap on what we read, and no
 * credentials carried to another host. Callers get the response for any status they must
 * interpret themselves; network failures and exhausted retries throw a GateError naming the party.
 */

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

export interface HttpRequest {
  method: Method
  url: string
  /** Who we are talking to, for messages: "MLflow registry", "eval endpoint of gate 'accuracy'". */
  party: string
  headers?: Record<string, string>
  /** Sent as JSON with Content-Type: application/json. */
  json?: unknown
  /**
   * Safe to send twice. GET, PUT and DELETE are by default; a POST only when the caller knows the
   * operation is an upsert (alias set, tag set) or the protocol says so (eval requests).
   */
  idempotent?: boolean
  /** Absolute time (Date.now() ms) after which no new attempt starts: the gate's overall deadline. */
  deadline?: number
  signal?: AbortSignal
}

export interface HttpResponse {
  status: number
  headers: Record<string, string>
  contentType: string
  text: string
  url: string
}

export interface HttpOptions {
  connectTimeoutMs: number
  headersTimeoutMs: number
  bodyTimeoutMs: number
  /** Retries after the first attempt, for retryable failures of idempotent requests. */
  retries: number
  backoffBaseMs: number
  backoffMaxMs: number
  maxResponseBytes: number
  maxRedirects: number
}

export const defaultHttpOptions: HttpOptions = {
  connectTimeoutMs: 10_000,
  headersTimeoutMs: 60_000,
  bodyTimeoutMs: 60_000,
  retries: 4,
  backoffBaseMs: 500,
  backoffMaxMs: 30_000,
  maxResponseBytes: 10 * 1024 * 1024,
  maxRedirects: 5
}

/** Statuses worth another try: throttling and gateway/transient server failures. */
const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504])
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

export class HttpError extends GateError {
  constructor(
    message: string,
    fix: string,
    readonly kind: 'network' | 'timeout' | 'too-large' | 'status' | 'scheme' | 'redirect',
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
    const attempts = idempotent ? this.options.retries + 1 : 1
    let lastError: unknown
    for (let attempt = 1; ; attempt++) {
      let retryAfterMs: number | undefined
      let reason: string
      try {
        const res = await this.once(req)
        if (!RETRYABLE_STATUS.has(res.status) || attempt >= attempts) return res
        reason = `HTTP ${res.status}`
        retryAfterMs = parseRetryAfter(res.headers['retry-after'])
      } catch (err) {
        lastError = err
        const code = errorCode(err)
        const retryable =
          RETRYABLE_CODES.has(code) || (err instanceof HttpError && err.kind === 'timeout')
        if (!retryable) throw this.wrap(req, err)
        if (attempt >= attempts) throw this.wrap(req, err, attempt)
        reason = code || 'timeout'
      }
      const backoff = Math.min(
        this.options.backoffMaxMs,
        this.options.backoffBaseMs * 2 ** (attempt - 1) * (1 + Math.random() * 0.25)
      )
      const wait = Math.min(this.options.backoffMaxMs, Math.max(backoff, retryAfterMs ?? 0))
      if (req.deadline !== undefined && Date.now() + wait >= req.deadline) {
        if (lastError) throw this.wrap(req, lastError, attempt)
        // The status response itself is the best answer we have before the deadline.
        return this.once(req)
      }
      core.debug(
        `${req.party}: ${req.method} ${redact(stripQuery(req.url))} failed with ${reason}; ` +
          `retry ${attempt}/${attempts - 1} in ${Math.round(wait)} ms`
      )
      await sleep(wait, req.signal)
    }
  }

  /** One attempt, following redirects by hand so credentials never go to another host. */
  private async once(req: HttpRequest): Promise<HttpResponse> {
    let url = checkScheme(req.url, req.party)
    let method = req.method
    let headers: Record<string, string> = { ...(req.headers ?? {}) }
    let body: string | undefined
    if (req.json !== undefined) {
      body = JSON.stringify(req.json)
      headers['content-type'] ??= 'application/json'
    }
    for (let hop = 0; ; hop++) {
      const signals = [
        AbortSignal.timeout(this.options.headersTimeoutMs + this.options.bodyTimeoutMs)
      ]
      if (req.signal) signals.push(req.signal)
      let res: Dispatcher.ResponseData
      try {
        res = await request(url, {
          method,
          headers,
          body,
          dispatcher: this.agent,
          signal: AbortSignal.any(signals)
        })
      } catch (err) {
        if (isAbort(err) && !req.signal?.aborted)
          throw new HttpError(
            `${req.party} did not answer in time`,
            'check that the service is up, or raise the gate timeout',
            'timeout',
            err
          )
        throw err
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
      const text = await readCapped(res.body, this.options.maxResponseBytes, req.party)
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
    const where = req.party.includes(origin) ? 'its address' : origin
    const tries = attempts > 1 ? ` after ${attempts} attempts` : ''
    if (code === 'ECONNREFUSED')
      return new HttpError(
        `${req.party} refused the connection at ${where}${tries}`,
        'check that the service is running and the URL is right',
        'network',
        err
      )
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
      return new HttpError(
        `${req.party} host ${where} could not be resolved`,
        'check the host name in the URL',
        'network',
        err
      )
    if (code.includes('TIMEOUT'))
      return new HttpError(
        `${req.party} at ${where} timed out (${code})${tries}`,
        'check that the service is up, or raise the gate timeout',
        'timeout',
        err
      )
    return new HttpError(
      `${req.party} at ${where} failed: ${code || (err instanceof Error ? err.message : String(err))}${tries}`,
      'check the service and the network between the runner and it',
      'network',
      err
    )
  }
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
  maxBytes: number,
  party: string
): Promise<string> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of body) {
    const buf = chunk as Buffer
    size += buf.length
    if (size > maxBytes) {
      body.destroy()
      throw new HttpError(
        `${party} sent a response larger than ${Math.round(maxBytes / 1024 / 1024)} MB`,
        'return a smaller body, or raise http.max_response_mb in the config',
        'too-large'
      )
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

function errorCode(err: unknown): string {
  const e = err as { code?: unknown; cause?: { code?: unknown } }
  if (typeof e?.code === 'string') return e.code
  if (typeof e?.cause?.code === 'string') return e.cause.code
  return ''
}

function isAbort(err: unknown): boolean {
  const name = (err as { name?: string })?.name
  return name === 'AbortError' || name === 'TimeoutError'
}

function stripQuery(url: string): string {
  const i = url.indexOf('?')
  return i < 0 ? url : url.slice(0, i)
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
