import { z } from 'zod'
import { GateError } from '../../../errors.js'
import { clip } from '../../../format.js'
import { type HttpClient, HttpError, jsonOrUndefined } from '../../../http/client.js'
import type { ChatMessage } from './read-jsonl.js'

/**
 * One chat completion from an OpenAI-compatible server (vLLM, TGI, Ollama, llama.cpp, OpenAI),
 * through the one HTTP layer: its timeouts, allowed hosts and redaction, and its retries of 429
 * and 503 after Retry-After. An answer is either text or an item error saying what went wrong;
 * a server's body is parsed, never quoted whole.
 */

export interface ChatTarget {
  /** The base URL, as configured (…/v1); `/chat/completions` is appended. */
  base: string
  /** The request's `model` field. */
  model: string
  headers: Record<string, string>
  /** Merged into the body (temperature, max_tokens, …). */
  request?: Record<string, unknown>
  /** "serving endpoint of gate 'accuracy'": how messages name this server. */
  party: string
}

type ChatOutcome =
  { ok: true; content: string; refusal?: string } | { ok: false; kind: string; reason: string }

/**
 * What a chat completion must hold for its answer to be read: the OpenAI API reference's
 * ChatCompletion object (`choices[].message.content`, string or null; `refusal`), which vLLM's
 * ChatCompletionResponse, TGI, Ollama and llama.cpp server also return.
 */
const ChatCompletionSchema = z.object({
  object: z.literal('chat.completion').optional(),
  choices: z
    .array(
      z.object({
        message: z.object({
          content: z.string().nullable().optional(),
          refusal: z.string().nullable().optional()
        })
      })
    )
    .min(1)
})

/**
 * The two error bodies servers send: OpenAI's and current vLLM's `{"error": {"message", "type",
 * "code"}}`, and older vLLM's flat `{"object": "error", "message", "type", "code"}`
 * (vllm/entrypoints/openai/protocol.py, ErrorResponse, before v0.10).
 */
const NestedError = z.object({
  error: z.object({ message: z.string().optional(), type: z.string().nullish() })
})
const FlatError = z.object({
  object: z.literal('error'),
  message: z.string().optional(),
  type: z.string().nullish()
})

/** The server's own error text, when the body is one of the known error shapes. */
function errorMessage(body: unknown): string | undefined {
  const nested = NestedError.safeParse(body)
  if (nested.success) return nested.data.error.message ?? nested.data.error.type ?? 'an error'
  const flat = FlatError.safeParse(body)
  if (flat.success) return flat.data.message ?? flat.data.type ?? 'an error'
  return undefined
}

export async function chat(
  http: HttpClient,
  target: ChatTarget,
  messages: ChatMessage[],
  opts: { deadline: number; signal: AbortSignal }
): Promise<ChatOutcome> {
  const url = `${target.base.replace(/\/+$/, '')}/chat/completions`
  let res
  try {
    res = await http.send({
      method: 'POST',
      url,
      party: target.party,
      headers: { accept: 'application/json', ...target.headers },
      json: { ...(target.request ?? {}), model: target.model, messages },
      // Asking again for an answer changes nothing on the server: 429/503/timeouts are retried.
      idempotent: true,
      deadline: opts.deadline,
      signal: opts.signal
    })
  } catch (err) {
    if (opts.signal.aborted) throw err
    // A host outside allowed_hosts or a bad scheme is the config's fault, not the item's.
    if (err instanceof HttpError && (err.kind === 'host' || err.kind === 'scheme')) throw err
    if (err instanceof HttpError)
      return { ok: false, kind: err.kind === 'timeout' ? 'timeout' : err.kind, reason: err.message }
    throw err
  }
  const body = jsonOrUndefined(res)
  const said = errorMessage(body)
  if (res.status < 200 || res.status >= 300) {
    // Not one item's problem: every item would fail the same way.
    if (res.status === 401 || res.status === 403)
      throw new GateError(
        `${target.party} refused the credentials (HTTP ${res.status})`,
        "check the gate's headers (e.g. Authorization: Bearer ${TOKEN}) and the token's rights"
      )
    if (res.status === 404)
      throw new GateError(
        `${target.party} answered HTTP 404${said ? `: ${clip(said)}` : ''}`,
        `check that the target is the server's base URL (…/v1) and that it serves model '${clip(target.model)}' (GET …/v1/models lists them)`
      )
    const why = said ? `: ${clip(said)}` : res.contentType.includes('html') ? ' (an HTML page)' : ''
    return { ok: false, kind: `HTTP ${res.status}`, reason: `HTTP ${res.status}${why}` }
  }
  if (body === undefined)
    return {
      ok: false,
      kind: 'malformed',
      reason: `HTTP ${res.status} with a body that is not JSON`
    }
  if (said !== undefined)
    return { ok: false, kind: 'server error', reason: `an error in a 200: ${clip(said)}` }
  const parsed = ChatCompletionSchema.safeParse(body)
  if (!parsed.success)
    return {
      ok: false,
      kind: 'malformed',
      reason: `HTTP ${res.status} with JSON that is not a chat completion (no choices[0].message)`
    }
  const message = parsed.data.choices[0].message
  const refusal = message.refusal ?? undefined
  if (typeof message.content !== 'string' && refusal === undefined)
    return {
      ok: false,
      kind: 'malformed',
      reason: 'a chat completion without text content (tool calls only?)'
    }
  return { ok: true, content: message.content ?? '', refusal }
}
