import { createHmac, timingSafeEqual } from 'node:crypto'
import http from 'node:http'

/**
 * MLflow webhook → GitHub repository_dispatch relay.
 *
 * MLflow posts a fixed payload with no way to add an Authorization header, so it cannot call
 * GitHub itself. This server checks MLflow's Standard-Webhooks-style signature, drops replays,
 * and forwards the two events a promotion gate cares about (a new version, an alias set or moved)
 * as `repository_dispatch`. Everything else signed by MLflow is acknowledged and dropped, so
 * MLflow does not keep retrying it.
 */

export interface RelayOptions {
  /** The `secret` the MLflow webhook was created with. */
  secret: string
  /** Token allowed to create repository_dispatch events (contents: write) on `repository`. */
  githubToken: string
  /** `owner/repo` that receives the dispatches. */
  repository: string
  /** Default https://api.github.com; GHES: https://HOST/api/v3. */
  githubApiUrl?: string
  /** repository_dispatch `event_type`; default `mlflow-model-event`. */
  eventType?: string
  /** Largest accepted distance between X-MLflow-Timestamp and our clock, either way; default 300. */
  maxAgeSeconds?: number
  /** Clock in milliseconds (like Date.now); injectable so tests can replay real captures. */
  now?: () => number
  /**
   * Extra attempts for a dispatch that never reached GitHub (connection refused, DNS, connect
   * timeout); default 3. One that may have arrived is never sent again: see `dispatch`.
   */
  retries?: number
  /** First backoff delay, doubled on every retry; default 250 ms. */
  retryBaseDelayMs?: number
  /** How long one attempt may wait for GitHub's answer; default 5 s. */
  attemptTimeoutMs?: number
  fetchImpl?: typeof fetch
  /** Receives one line per delivery; default console.log. Token and secret are scrubbed first. */
  log?: (line: string) => void
}

export const MAX_BODY_BYTES = 1024 * 1024
// MLflow gives up on a delivery after 30 s; 4 attempts of 5 s plus backoff stay well inside that.
const ATTEMPT_TIMEOUT_MS = 5_000
/**
 * Failures before the request left the relay: nothing reached GitHub, so sending it again cannot
 * start a second workflow run. (The same rule as the action's GitHub reporter, src/http/client.ts.)
 */
const NEVER_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT'])
const FORWARDED = new Set(['model_version.created', 'model_version_alias.created'])
const USER_AGENT = 'model-gate-mlflow-relay'

type Outcome = 'forwarded' | 'unconfirmed' | 'ignored' | 'duplicate' | 'rejected' | 'failed'

interface Result {
  status: number
  body: Record<string, unknown>
  outcome: Outcome
  deliveryId?: string
  event?: string
  /** For the log only: may carry GitHub's message, never sent back to MLflow. */
  detail?: string
}

class BodyTooLarge extends Error {}

export function createRelay(options: RelayOptions): http.Server {
  const { secret, githubToken } = options
  if (!secret) throw new Error('relay: secret is required')
  if (!githubToken) throw new Error('relay: githubToken is required')
  const [owner, repo, ...rest] = options.repository.split('/')
  if (!owner || !repo || rest.length > 0) {
    throw new Error(`relay: repository must be owner/repo, got '${options.repository}'`)
  }
  const apiUrl = (options.githubApiUrl || 'https://api.github.com').replace(/\/+$/, '')
  const dispatchUrl = `${apiUrl}/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}/dispatches`
  const eventType = options.eventType || 'mlflow-model-event'
  const maxAgeSeconds = options.maxAgeSeconds ?? 300
  const now = options.now ?? Date.now
  const retries = options.retries ?? 3
  const retryBaseDelayMs = options.retryBaseDelayMs ?? 250
  const attemptTimeoutMs = options.attemptTimeoutMs ?? ATTEMPT_TIMEOUT_MS
  const fetchImpl = options.fetchImpl ?? fetch
  const writeLog = options.log ?? ((line: string) => console.log(line))

  // A delivery id can only come back while its timestamp is fresh (±maxAge), so remembering ids
  // for the whole freshness window (10 min at the default) makes the replay check complete.
  const dedupMs = Math.max(600, 2 * maxAgeSeconds) * 1000
  const seen = new Map<string, number>()
  const inFlight = new Map<string, Promise<Result>>()

  const scrub = (text: string): string =>
    [githubToken, secret].reduce((t, s) => (s.length >= 4 ? t.split(s).join('***') : t), text)

  function log(result: Result): void {
    const line = JSON.stringify({
      time: new Date(now()).toISOString(),
      delivery_id: result.deliveryId?.slice(0, 100),
      event: result.event,
      status: result.status,
      outcome: result.outcome,
      detail: result.detail
    })
    writeLog(scrub(line))
  }

  function prune(at: number): void {
    // Insertion order is arrival order, so expired ids are all at the front.
    for (const [id, firstSeen] of seen) {
      if (at - firstSeen < dedupMs) break
      seen.delete(id)
    }
  }

  /**
   * One repository_dispatch. Each one starts a full gate run, so a request that may have reached
   * GitHub (it answered 5xx, did not answer in time, or dropped the connection after the request
   * was written) is never sent again: it comes back `unconfirmed`. Only a request that never left
   * (refused, DNS, connect timeout) is retried.
   */
  async function dispatch(
    payload: Record<string, string>
  ): Promise<Omit<Result, 'outcome'> & { sent: 'yes' | 'no' | 'maybe' }> {
    const body = JSON.stringify({ event_type: eventType, client_payload: payload })
    for (let attempt = 0; ; attempt++) {
      const attempts = `attempts=${attempt + 1}`
      let unsent: string
      try {
        const res = await fetchImpl(dispatchUrl, {
          method: 'POST',
          headers: {
            Authorization: `Bearer ${githubToken}`,
            Accept: 'application/vnd.github+json',
            'X-GitHub-Api-Version': '2022-11-28',
            'User-Agent': USER_AGENT,
            'Content-Type': 'application/json'
          },
          body,
          signal: AbortSignal.timeout(attemptTimeoutMs)
        })
        const text = await res.text().catch(() => '')
        if (res.ok) return { sent: 'yes', status: 202, body: {}, detail: attempts }
        if (res.status >= 500)
          return {
            sent: 'maybe',
            status: 202,
            body: { github_status: res.status },
            detail: `GitHub ${res.status}: ${githubMessage(text)}; not repeated (${attempts})`
          }
        // Retrying cannot fix a bad token, missing permission or unknown repository.
        return {
          sent: 'no',
          status: 502,
          body: {
            error: `GitHub answered ${res.status} to repository_dispatch`,
            github_status: res.status
          },
          detail: `GitHub ${res.status}: ${githubMessage(text)}`
        }
      } catch (err) {
        if (!neverSent(err))
          return {
            sent: 'maybe',
            status: 202,
            body: {},
            detail: `GitHub did not confirm: ${describe(err)}; not repeated (${attempts})`
          }
        unsent = `GitHub unreachable: ${describe(err)}`
      }
      if (attempt >= retries) {
        return {
          sent: 'no',
          status: 502,
          body: { error: `${unsent} (gave up after ${attempt + 1} attempts)` },
          detail: unsent
        }
      }
      await sleep(retryBaseDelayMs * 2 ** attempt)
    }
  }

  async function forward(
    id: string,
    event: string,
    data: Record<string, unknown>
  ): Promise<Result> {
    const base = { deliveryId: id, event }
    const model = asText(data.name)
    const version = asText(data.version)
    const alias = event === 'model_version_alias.created' ? asText(data.alias) : ''
    if (!model || !version || (event === 'model_version_alias.created' && !alias)) {
      const error = `${event} payload lacks data.name, data.version or data.alias`
      return { ...base, status: 400, body: { error }, outcome: 'rejected', detail: error }
    }
    const payload: Record<string, string> = { model, version, event }
    if (alias) payload.alias = alias
    payload.registry = 'mlflow'
    payload.delivery_id = id
    const { sent, ...result } = await dispatch(payload)
    // Remember what did not fail for sure: MLflow retries a 5xx answer, and a dispatch that never
    // reached GitHub must get another chance, but one that may have must not run twice.
    if (sent === 'no') return { ...base, ...result, outcome: 'failed' }
    seen.set(id, now())
    const answer = { forwarded: event, delivery_id: id }
    if (sent === 'yes') return { ...base, ...result, body: answer, outcome: 'forwarded' }
    return {
      ...base,
      ...result,
      body: { ...answer, confirmed: false, ...result.body },
      outcome: 'unconfirmed'
    }
  }

  async function deliver(req: http.IncomingMessage): Promise<Result> {
    const reject = (status: number, error: string, extra: Partial<Result> = {}): Result => ({
      status,
      body: { error },
      outcome: 'rejected',
      detail: error,
      ...extra
    })
    if (Number(req.headers['content-length']) > MAX_BODY_BYTES) {
      return reject(413, `body larger than ${MAX_BODY_BYTES} bytes`)
    }
    const id = single(req.headers['x-mlflow-delivery-id'])
    const timestamp = single(req.headers['x-mlflow-timestamp'])
    const signature = single(req.headers['x-mlflow-signature'])
    const missing = [
      !id && 'X-MLflow-Delivery-Id',
      !timestamp && 'X-MLflow-Timestamp',
      !signature && 'X-MLflow-Signature'
    ].filter(Boolean)
    if (!id || !timestamp || !signature) {
      return reject(400, `missing header(s): ${missing.join(', ')}`, { deliveryId: id })
    }
    if (!/^\d{1,15}$/.test(timestamp)) {
      return reject(400, 'X-MLflow-Timestamp must be unix seconds', { deliveryId: id })
    }

    let raw: Buffer
    try {
      raw = await readBody(req, MAX_BODY_BYTES)
    } catch (err) {
      if (err instanceof BodyTooLarge) {
        return reject(413, `body larger than ${MAX_BODY_BYTES} bytes`, { deliveryId: id })
      }
      throw err
    }

    if (!signatureMatches(secret, id, timestamp, raw, signature)) {
      return reject(401, 'invalid signature', { deliveryId: id })
    }
    const skew = Math.round(now() / 1000 - Number(timestamp))
    if (Math.abs(skew) > maxAgeSeconds) {
      return reject(401, `stale timestamp: ${skew}s from relay clock, limit ${maxAgeSeconds}s`, {
        deliveryId: id
      })
    }

    let payload: unknown
    try {
      payload = JSON.parse(raw.toString('utf8'))
    } catch {
      return reject(400, 'body is not JSON', { deliveryId: id })
    }
    if (
      !isRecord(payload) ||
      typeof payload.entity !== 'string' ||
      typeof payload.action !== 'string'
    ) {
      return reject(400, 'not an MLflow webhook payload (entity, action)', { deliveryId: id })
    }
    const event = `${payload.entity}.${payload.action}`

    // MLflow retries a delivery it thinks failed, possibly while the first attempt is still
    // forwarding; the retry waits for it and then sees the outcome.
    for (let pending = inFlight.get(id); pending; pending = inFlight.get(id)) await pending
    prune(now())
    if (seen.has(id)) {
      return { status: 200, body: { duplicate: true }, outcome: 'duplicate', deliveryId: id, event }
    }
    if (!FORWARDED.has(event)) {
      seen.set(id, now())
      return { status: 202, body: { ignored: event }, outcome: 'ignored', deliveryId: id, event }
    }
    const data = isRecord(payload.data) ? payload.data : {}
    const pending = forward(id, event, data)
    inFlight.set(id, pending)
    try {
      return await pending
    } finally {
      inFlight.delete(id)
    }
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0]
    if (path === '/healthz') {
      if (req.method === 'GET' || req.method === 'HEAD') {
        res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' }).end('ok')
      } else {
        sendJson(res, 405, { error: 'method not allowed' }, { Allow: 'GET, HEAD' })
      }
      return
    }
    if (path !== '/' && path !== '/webhook') {
      sendJson(res, 404, { error: 'not found' })
      return
    }
    if (req.method !== 'POST') {
      sendJson(res, 405, { error: 'method not allowed' }, { Allow: 'POST' })
      return
    }
    const result = await deliver(req)
    sendJson(res, result.status, result.body)
    log(result)
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      log({ status: 500, body: {}, outcome: 'failed', detail: `relay error: ${describe(err)}` })
      if (!res.headersSent) sendJson(res, 500, { error: 'relay error' })
      else res.destroy()
    })
  })
  // Deliveries are small; do not let a slow sender hold a connection for Node's default 5 min.
  server.requestTimeout = 30_000
  return server
}

export function signatureMatches(
  secret: string,
  id: string,
  timestamp: string,
  raw: Buffer,
  header: string
): boolean {
  const expected = Buffer.from(
    createHmac('sha256', secret).update(`${id}.${timestamp}.`).update(raw).digest('base64')
  )
  // Standard Webhooks allows several space-separated signatures (secret rotation); Node joins
  // repeated headers with ", ", hence the trailing-comma trim.
  return header.split(/\s+/).some((entry) => {
    const [version, sig] = splitOnce(entry.replace(/,$/, ''), ',')
    if (version !== 'v1' || !sig) return false
    const candidate = Buffer.from(sig)
    // timingSafeEqual throws on a length mismatch; a valid signature's length is public anyway.
    return candidate.length === expected.length && timingSafeEqual(candidate, expected)
  })
}

function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    let over = false
    req.on('data', (chunk: Buffer) => {
      if (over) return // keep draining so the 413 can still reach the sender
      size += chunk.length
      if (size > limit) {
        over = true
        reject(new BodyTooLarge())
      } else {
        chunks.push(chunk)
      }
    })
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

function sendJson(
  res: http.ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {}
): void {
  res
    .writeHead(status, { 'Content-Type': 'application/json', ...headers })
    .end(JSON.stringify(body))
}

function single(value: string | string[] | undefined): string {
  return (Array.isArray(value) ? value.join(' ') : (value ?? '')).trim()
}

function splitOnce(text: string, sep: string): [string, string] {
  const at = text.indexOf(sep)
  return at < 0 ? [text, ''] : [text.slice(0, at), text.slice(at + 1)]
}

function asText(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : ''
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function githubMessage(text: string): string {
  try {
    const parsed: unknown = JSON.parse(text)
    if (isRecord(parsed) && typeof parsed.message === 'string') return parsed.message.slice(0, 200)
  } catch {
    // not JSON: fall through to the raw text
  }
  return text.slice(0, 200)
}

function neverSent(err: unknown): boolean {
  // fetch wraps the socket error: TypeError('fetch failed', { cause: { code } }).
  const code = (e: unknown): unknown => (e as { code?: unknown } | null)?.code
  return [err, (err as { cause?: unknown } | null)?.cause].some((e) =>
    NEVER_SENT.has(String(code(e)))
  )
}

function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err)
  const cause =
    err.cause instanceof Error
      ? `: ${(err.cause as NodeJS.ErrnoException).code ?? err.cause.message}`
      : ''
  return `${err.name === 'TimeoutError' ? 'timeout' : err.message}${cause}`
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
