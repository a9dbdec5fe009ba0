import { randomBytes } from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * An OpenAI-compatible chat server on loopback that answers as the OpenAI API and vLLM do, for
 * the built-in evaluator (SPEC §10). Shapes, by flavour:
 * - `openai`: the OpenAI API reference (platform.openai.com/docs/api-reference/chat/object,
 *   …/models/list, …/errors): `{"error": {"message", "type", "param", "code"}}`, `code` a string
 *   such as `model_not_found`, `invalid_api_key`, `rate_limit_exceeded`.
 * - `vllm`: vLLM's OpenAI server (vllm/entrypoints/openai/protocol.py: ChatCompletionResponse,
 *   ChatMessage, ModelCard, ErrorResponse). Its errors are flat, `{"object": "error", "message",
 *   "type", "param", "code": <int>}`, before v0.10, and nested, `{"error": {…, "code": <int>}}`,
 *   since; `vllmErrors` picks which. An unknown model is a 404 "The model `x` does not exist.".
 * Faults are chosen per request by `fault`: 429 with Retry-After, 503, a 200 that is not a chat
 * completion, slowness, a hang.
 */

export type Flavour = 'openai' | 'vllm'

export type Fault =
  | { kind: 'rate-limit'; retryAfter?: string }
  | { kind: 'unavailable'; retryAfter?: string }
  | { kind: 'error'; status: number; message: string; type?: string; code?: string }
  /** A 200 whose JSON is not a chat completion. */
  | { kind: 'garbage-json' }
  /** A 200 that is an HTML page (a proxy's, say). */
  | { kind: 'garbage-html' }
  | { kind: 'slow'; ms: number }
  | { kind: 'hang' }

export interface ChatRequest {
  model: string
  messages: Array<{ role: string; content: unknown }>
  body: Record<string, unknown>
  headers: http.IncomingHttpHeaders
  /** The last user message's text: what most answers depend on. */
  prompt: string
}

export type Reply = string | { refusal: string }

export interface OpenAIStandinOptions {
  flavour?: Flavour
  /** vLLM's error body: flat (before v0.10) or nested (since). */
  vllmErrors?: 'flat' | 'nested'
  models?: string[]
  /** When set, requests must carry `Authorization: Bearer <apiKey>`. */
  apiKey?: string
  /** Every answer waits this long (a model's generation time). */
  delayMs?: number
  /** Keep a log of requests (off for benchmarks). */
  log?: boolean
}

export interface OpenAIStandin {
  /** The base URL clients are given: http://127.0.0.1:port/v1 */
  url: string
  flavour: Flavour
  models: string[]
  delayMs: number
  requests: ChatRequest[]
  /** Chat requests received, faults included. */
  count: number
  /** The most chat requests open at once (how much concurrency a client really used). */
  maxInFlight: number
  answer: (req: ChatRequest) => Reply
  fault?: (req: ChatRequest) => Fault | undefined
  close(): Promise<void>
}

const tokens = (s: string): number => (s.trim() ? s.trim().split(/\s+/).length : 0)

export async function startOpenAIStandin(opts: OpenAIStandinOptions = {}): Promise<OpenAIStandin> {
  const flavour = opts.flavour ?? 'openai'
  const created = Math.floor(Date.now() / 1000)
  const hanging = new Set<http.ServerResponse>()
  const timers = new Set<NodeJS.Timeout>()
  const standin: OpenAIStandin = {
    url: '',
    flavour,
    models: opts.models ?? ['chatbot'],
    delayMs: opts.delayMs ?? 0,
    requests: [],
    count: 0,
    maxInFlight: 0,
    answer: () => 'OK',
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy()
        for (const t of timers) clearTimeout(t)
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }

  const send = (
    res: http.ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {}
  ): void => {
    const text = typeof body === 'string' ? body : JSON.stringify(body)
    res.writeHead(status, {
      'content-type': 'application/json',
      'x-request-id': `req_${randomBytes(8).toString('hex')}`,
      ...headers
    })
    res.end(text)
  }

  /** An error in the flavour's own shape. */
  const error = (
    res: http.ServerResponse,
    status: number,
    message: string,
    type: string,
    code: string | null,
    headers: Record<string, string> = {}
  ): void => {
    if (flavour === 'openai')
      return send(res, status, { error: { message, type, param: null, code } }, headers)
    // vLLM's types are exception names (NotFoundError, BadRequestError); code is the status.
    const vllmType = {
      400: 'BadRequestError',
      401: 'Unauthorized',
      404: 'NotFoundError',
      429: 'TooManyRequests',
      503: 'ServiceUnavailableError'
    }[status]
    const info = { message, type: vllmType ?? type, param: null, code: status }
    if (opts.vllmErrors === 'nested') return send(res, status, { error: info }, headers)
    send(res, status, { object: 'error', ...info }, headers)
  }

  const completion = (req: ChatRequest, reply: Reply): Record<string, unknown> => {
    const content = typeof reply === 'string' ? reply : null
    const refusal = typeof reply === 'string' ? null : reply.refusal
    const promptTokens = req.messages.reduce(
      (a, m) => a + tokens(typeof m.content === 'string' ? m.content : JSON.stringify(m.content)),
      0
    )
    const completionTokens = tokens(content ?? refusal ?? '')
    const usage = {
      prompt_tokens: promptTokens,
      completion_tokens: completionTokens,
      total_tokens: promptTokens + completionTokens
    }
    if (flavour === 'openai')
      return {
        id: `chatcmpl-${randomBytes(15).toString('base64url')}`,
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model: req.model,
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content, refusal, annotations: [] },
            logprobs: null,
            finish_reason: 'stop'
          }
        ],
        usage: {
          ...usage,
          prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
          completion_tokens_details: {
            reasoning_tokens: 0,
            audio_tokens: 0,
            accepted_prediction_tokens: 0,
            rejected_prediction_tokens: 0
          }
        },
        service_tier: 'default',
        system_fingerprint: 'fp_standin'
      }
    return {
      id: `chatcmpl-${randomBytes(16).toString('hex')}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: req.model,
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: content ?? refusal,
            refusal: null,
            annotations: null,
            audio: null,
            function_call: null,
            tool_calls: [],
            reasoning_content: null
          },
          logprobs: null,
          finish_reason: 'stop',
          stop_reason: null
        }
      ],
      service_tier: null,
      system_fingerprint: null,
      usage: { ...usage, prompt_tokens_details: null },
      prompt_logprobs: null,
      kv_transfer_params: null
    }
  }

  const models = (res: http.ServerResponse): void =>
    send(res, 200, {
      object: 'list',
      data: standin.models.map((id) =>
        flavour === 'openai'
          ? { id, object: 'model', created, owned_by: 'system' }
          : {
              id,
              object: 'model',
              created,
              owned_by: 'vllm',
              root: id,
              parent: null,
              max_model_len: 8192,
              permission: [
                {
                  id: `modelperm-${randomBytes(16).toString('hex')}`,
                  object: 'model_permission',
                  created,
                  allow_create_engine: false,
                  allow_sampling: true,
                  allow_logprobs: true,
                  allow_search_indices: false,
                  allow_view: true,
                  allow_fine_tuning: false,
                  organization: '*',
                  group: null,
                  is_blocking: false
                }
              ]
            }
      )
    })

  const handle = (req: http.IncomingMessage, res: http.ServerResponse, raw: string): void => {
    const url = new URL(req.url ?? '/', 'http://x')
    if (opts.apiKey && req.headers.authorization !== `Bearer ${opts.apiKey}`)
      return error(
        res,
        401,
        flavour === 'openai'
          ? 'Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.'
          : 'Unauthorized',
        'invalid_request_error',
        'invalid_api_key'
      )
    if (req.method === 'GET' && url.pathname === '/v1/models') return models(res)
    if (req.method !== 'POST' || url.pathname !== '/v1/chat/completions')
      return flavour === 'openai'
        ? error(
            res,
            404,
            `Invalid URL (${req.method} ${url.pathname})`,
            'invalid_request_error',
            null
          )
        : send(res, 404, { detail: 'Not Found' })
    let body: Record<string, unknown>
    try {
      body = JSON.parse(raw) as Record<string, unknown>
    } catch {
      return error(
        res,
        400,
        "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly.)",
        'invalid_request_error',
        null
      )
    }
    if (typeof body.model !== 'string')
      return error(res, 400, 'you must provide a model parameter', 'invalid_request_error', null)
    if (!Array.isArray(body.messages) || body.messages.length === 0)
      return error(
        res,
        400,
        "Missing required parameter: 'messages'.",
        'invalid_request_error',
        'missing_required_parameter'
      )
    const messages = body.messages as ChatRequest['messages']
    const lastUser = [...messages].reverse().find((m) => m.role === 'user')
    const chatReq: ChatRequest = {
      model: body.model,
      messages,
      body,
      headers: req.headers,
      prompt: typeof lastUser?.content === 'string' ? lastUser.content : ''
    }
    standin.count++
    if (opts.log !== false) standin.requests.push(chatReq)
    if (!standin.models.includes(body.model))
      return flavour === 'openai'
        ? error(
            res,
            404,
            `The model \`${body.model}\` does not exist or you do not have access to it.`,
            'invalid_request_error',
            'model_not_found'
          )
        : error(res, 404, `The model \`${body.model}\` does not exist.`, 'NotFoundError', null)
    const fault = standin.fault?.(chatReq)
    const reply = (): void => {
      if (fault?.kind === 'rate-limit')
        return error(
          res,
          429,
          `Rate limit reached for ${body.model as string} on requests per min (RPM): Limit 3, Used 3, Requested 1. Please try again in 20ms.`,
          'requests',
          'rate_limit_exceeded',
          fault.retryAfter !== undefined ? { 'retry-after': fault.retryAfter } : {}
        )
      if (fault?.kind === 'unavailable')
        return error(
          res,
          503,
          'The server is overloaded or not ready yet.',
          'server_error',
          null,
          fault.retryAfter !== undefined ? { 'retry-after': fault.retryAfter } : {}
        )
      if (fault?.kind === 'error')
        return error(
          res,
          fault.status,
          fault.message,
          fault.type ?? 'invalid_request_error',
          fault.code ?? null
        )
      if (fault?.kind === 'garbage-json') return send(res, 200, { ok: true, result: 'done' })
      if (fault?.kind === 'garbage-html')
        return send(res, 200, '<html><body>Welcome to nginx!</body></html>', {
          'content-type': 'text/html'
        })
      send(res, 200, completion(chatReq, standin.answer(chatReq)))
    }
    if (fault?.kind === 'hang') {
      hanging.add(res)
      res.on('close', () => hanging.delete(res))
      return
    }
    const wait = (fault?.kind === 'slow' ? fault.ms : 0) + standin.delayMs
    if (wait <= 0) return reply()
    const t = setTimeout(() => {
      timers.delete(t)
      reply()
    }, wait)
    timers.add(t)
  }

  let inFlight = 0
  const server = http.createServer((req, res) => {
    inFlight++
    standin.maxInFlight = Math.max(standin.maxInFlight, inFlight)
    res.on('close', () => inFlight--)
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => handle(req, res, Buffer.concat(chunks).toString('utf8')))
  })
  // Many clients at once in the benchmarks: no per-server cap on sockets.
  server.keepAliveTimeout = 30_000
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  standin.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`
  return standin
}
