import { GateError } from '../errors.js'
import { parseJson, type HttpClient, type HttpResponse } from '../http/client.js'
import { redact, registerSecret } from '../secrets.js'
import type { Operation } from './wandb-operations.js'

/**
 * The W&B GraphQL transport: POST {base}/graphql with `Authorization: Basic base64("api:" + key)`
 * and `{query, variables, operationName}`, through the shared HttpClient. GraphQL `errors` are
 * checked on every response, whatever the HTTP status, because W&B sends them both with 200 and
 * with error statuses. Every failure becomes a WandbGraphqlError (a GateError) whose message
 * never contains the key, the auth header or a raw response body.
 */

export const PARTY = 'W&B registry'

type WandbErrorKind =
  /** The key is missing, wrong or expired (HTTP 401 or an "unauthenticated" GraphQL error). */
  | 'auth'
  /** Authenticated but not allowed (HTTP 403 or a permission GraphQL error). */
  | 'permission'
  /** Throttled and still throttled after the shared layer's retries. */
  | 'rate-limit'
  /** 5xx after retries. */
  | 'server'
  /** The server rejected the request or the document (400, 404, 422, GraphQL errors, ...). */
  | 'request'
  /** Not a GraphQL answer at all (HTML, empty data). */
  | 'protocol'

interface GraphqlErrorItem {
  message: string
  path?: ReadonlyArray<string | number>
  extensions?: Record<string, unknown>
}

export class WandbGraphqlError extends GateError {
  constructor(
    message: string,
    fix: string,
    readonly kind: WandbErrorKind,
    readonly status: number,
    /** The server's error messages, already scrubbed of secrets and shortened. */
    readonly messages: string[]
  ) {
    super(message, fix)
    this.name = 'WandbGraphqlError'
  }
}

interface WandbGraphqlOptions {
  baseUrl: string
  apiKey: string | undefined
}

const MAX_MESSAGE = 300

export class WandbGraphql {
  readonly endpoint: string
  private readonly authorization: string | undefined
  private readonly apiKey: string | undefined

  constructor(
    private readonly http: HttpClient,
    options: WandbGraphqlOptions
  ) {
    // The SDK's settings validator strips a trailing slash from the base URL too.
    this.endpoint = `${checkBaseUrl(options.baseUrl)}/graphql`
    this.apiKey = options.apiKey || undefined
    if (this.apiKey) {
      const token = Buffer.from(`api:${this.apiKey}`).toString('base64')
      this.authorization = `Basic ${token}`
      // The header form is a credential in its own right and redact() would not recognise it.
      registerSecret(this.apiKey)
      registerSecret(token)
    }
  }

  get hasCredentials(): boolean {
    return this.authorization !== undefined
  }

  /** Host for messages: "api.wandb.ai". */
  get host(): string {
    return new URL(this.endpoint).host
  }

  /**
   * Run one operation and return its `data`. `idempotent` defaults to true for queries; for a
   * mutation the caller says whether repeating it is harmless (addAliases is, a create is not).
   */
  async request<T>(
    operation: Operation,
    variables: Record<string, unknown>,
    options: { idempotent?: boolean; signal?: AbortSignal } = {}
  ): Promise<T> {
    const idempotent = options.idempotent ?? !operation.mutation
    const headers: Record<string, string> = {
      accept: 'application/json',
      'user-agent': 'model-gate'
    }
    if (this.authorization) headers.authorization = this.authorization
    const res = await this.http.send({
      method: 'POST',
      url: this.endpoint,
      party: PARTY,
      headers,
      json: { query: operation.document, variables, operationName: operation.name },
      idempotent,
      signal: options.signal
    })
    return this.interpret<T>(operation, res)
  }

  private interpret<T>(operation: Operation, res: HttpResponse): T {
    const body = this.parseBody(res)
    const errors = errorItems(body).map((e) => ({ ...e, message: this.scrub(e.message) }))
    const ok = res.status >= 200 && res.status < 300
    if (ok && errors.length === 0) {
      const data = isObject(body) ? body.data : undefined
      if (!isObject(data))
        throw new WandbGraphqlError(
          `${PARTY} returned no data for ${operation.name} (HTTP ${res.status})`,
          `check that ${this.endpoint} is a W&B API server (registry-uri / WANDB_BASE_URL)`,
          'protocol',
          res.status,
          []
        )
      return data as T
    }
    throw this.failure(operation, res.status, errors, retryAfter(res))
  }

  private parseBody(res: HttpResponse): unknown {
    if (!res.text.trim()) return undefined
    try {
      return parseJson(res, PARTY)
    } catch (err) {
      // An error status with an HTML page (proxy, load balancer) is still a status error.
      if (res.status < 200 || res.status >= 300) return undefined
      throw new WandbGraphqlError(
        (err as Error).message,
        `check that registry-uri / WANDB_BASE_URL (${this.endpoint.replace(/\/graphql$/, '')}) ` +
          'is the W&B API URL, e.g. https://api.wandb.ai',
        'protocol',
        res.status,
        []
      )
    }
  }

  private failure(
    operation: Operation,
    status: number,
    errors: GraphqlErrorItem[],
    retryAfterHeader: string | undefined
  ): WandbGraphqlError {
    const messages = errors.map((e) => e.message).filter(Boolean)
    const said = messages.length ? `: ${messages.join('; ')}` : ''
    const http = status >= 200 && status < 300 ? '' : ` (HTTP ${status})`
    const what = `${PARTY} at ${this.host}`
    const kind = classify(status, errors)
    switch (kind) {
      case 'auth':
        return new WandbGraphqlError(
          this.hasCredentials
            ? `${what} rejected the API key${http}${said}`
            : `${what} needs an API key for ${operation.name}${http}${said}`,
          this.hasCredentials
            ? `check the WANDB_API_KEY secret: it must be a valid, unexpired key for ${this.host} ` +
                '(a user key from <app>/authorize or a service account key)'
            : 'set WANDB_API_KEY in the step env from a repository secret: ' +
                'env: { WANDB_API_KEY: ${{ secrets.WANDB_API_KEY }} }',
          kind,
          status,
          messages
        )
      case 'permission':
        return new WandbGraphqlError(
          `${what} denied permission for ${operation.name}${http}${said}`,
          'give the user or service account behind WANDB_API_KEY the needed role ' +
            '(registry Member to read and move aliases, Admin for protected aliases)',
          kind,
          status,
          messages
        )
      case 'rate-limit':
        return new WandbGraphqlError(
          `${what} is still rate limiting ${operation.name} after retries${http}` +
            (retryAfterHeader ? ` (it asked to wait: ${retryAfterHeader})` : ''),
          'retry the workflow later; W&B limits GraphQL requests per user',
          kind,
          status,
          messages
        )
      case 'server':
        return new WandbGraphqlError(
          `${what} failed on ${operation.name}${http}${said}`,
          'W&B had a server error; retry the workflow, and check https://status.wandb.com',
          kind,
          status,
          messages
        )
      default:
        return new WandbGraphqlError(
          `${what} rejected ${operation.name}${http}${said}`,
          status === 404
            ? `check that registry-uri / WANDB_BASE_URL points at the W&B API (${this.endpoint} ` +
                'was not found)'
            : 'check the model path and version; if they are right, this server may not support ' +
                'the query (W&B server ≥ 0.70 is required)',
          kind,
          status,
          messages
        )
    }
  }

  /** Redact registered secrets, the key in any form, and cap the length of a server message. */
  private scrub(message: string): string {
    let out = redact(message)
    if (this.apiKey) out = out.split(this.apiKey).join('***')
    if (this.authorization) {
      const token = this.authorization.slice('Basic '.length)
      out = out.split(token).join('***')
    }
    out = out.replace(/\s+/g, ' ').trim()
    return out.length > MAX_MESSAGE ? `${out.slice(0, MAX_MESSAGE)}…` : out
  }
}

/**
 * The SDK's base-URL rule: on wandb.ai only the https API host works. Catching the app URL here
 * turns a confusing HTML answer into a clear fix before anything is sent.
 */
function checkBaseUrl(baseUrl: string): string {
  const trimmed = baseUrl.trim().replace(/\/+$/, '')
  let url: URL
  try {
    url = new URL(trimmed)
  } catch {
    throw new GateError(
      `the W&B base URL '${redact(trimmed)}' is not a URL`,
      'set registry-uri or WANDB_BASE_URL to the API URL, e.g. https://api.wandb.ai'
    )
  }
  const host = url.hostname.toLowerCase()
  if (host === 'wandb.ai' || host.endsWith('.wandb.ai')) {
    if (!host.startsWith('api.') || url.protocol !== 'https:')
      throw new GateError(
        `the W&B base URL ${url.origin} is not the W&B API`,
        'use https://api.wandb.ai (the app at wandb.ai does not serve the API)'
      )
  }
  return trimmed
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** `{errors:[{message}]}` (GraphQL) or `{error: "..."}` (W&B backend errors, e.g. a 429). */
function errorItems(body: unknown): GraphqlErrorItem[] {
  if (!isObject(body)) return []
  const out: GraphqlErrorItem[] = []
  if (Array.isArray(body.errors)) {
    for (const e of body.errors) {
      if (isObject(e))
        out.push({
          message: typeof e.message === 'string' ? e.message : 'unknown error',
          path: Array.isArray(e.path) ? (e.path as Array<string | number>) : undefined,
          extensions: isObject(e.extensions) ? e.extensions : undefined
        })
      else if (typeof e === 'string') out.push({ message: e })
    }
  }
  if (typeof body.error === 'string') out.push({ message: body.error })
  else if (isObject(body.error) && typeof body.error.message === 'string')
    out.push({ message: body.error.message })
  return out
}

const AUTH_TEXT =
  /\b(unauthenticated|not (logged|signed) in|not authenticated|invalid (api )?key|api key .*invalid|unauthori[sz]ed|authentication (failed|required))\b/i
const PERMISSION_TEXT =
  /\b(permission|forbidden|not allowed|access denied|not authori[sz]ed to|protected|read[- ]only|insufficient)\b/i

/** Decide what kind of failure a response is, from the status first and the messages second. */
function classify(status: number, errors: GraphqlErrorItem[]): WandbErrorKind {
  if (status === 401) return 'auth'
  if (status === 403) return 'permission'
  if (status === 429) return 'rate-limit'
  if (status >= 500) return 'server'
  const codes = errors.map((e) => {
    const code = e.extensions?.code
    return typeof code === 'string' ? code.toUpperCase() : ''
  })
  if (codes.some((c) => c === 'UNAUTHENTICATED')) return 'auth'
  if (codes.some((c) => c === 'FORBIDDEN' || c === 'PERMISSION_DENIED')) return 'permission'
  if (errors.some((e) => AUTH_TEXT.test(e.message))) return 'auth'
  if (errors.some((e) => PERMISSION_TEXT.test(e.message))) return 'permission'
  if (/rate limit/i.test(errors.map((e) => e.message).join(' '))) return 'rate-limit'
  return 'request'
}

function retryAfter(res: HttpResponse): string | undefined {
  return res.headers['retry-after'] ?? res.headers['ratelimit-reset']
}
