/**
 * A server-sent events parser (WHATWG HTML §9.2 "event stream interpretation") fed raw bytes as
 * they arrive. Chunks may split anywhere: inside a line, between CR and LF, or inside a UTF-8
 * sequence (the streaming TextDecoder holds partial sequences back).
 */

export interface SseEvent {
  /** The `event:` field, 'message' when absent. */
  event: string
  /** `data:` lines joined with '\n'. */
  data: string
  /** The last `id:` seen, when any. */
  id?: string
}

export class SseParser {
  private readonly decoder = new TextDecoder('utf-8')
  private buffer = ''
  /** The previous chunk ended in CR: a LF at the start of the next one belongs to it. */
  private pendingCR = false
  private eventType = ''
  private data: string[] = []
  private hasData = false
  private lastId: string | undefined

  constructor(private readonly onEvent: (event: SseEvent) => void) {}

  /** Feed the next chunk of the body. */
  push(chunk: Uint8Array): void {
    this.feedText(this.decoder.decode(chunk, { stream: true }))
  }

  /** The body ended. An event without its terminating blank line is discarded, as the standard says. */
  end(): void {
    this.feedText(this.decoder.decode())
    this.buffer = ''
    this.pendingCR = false
    this.data = []
    this.hasData = false
    this.eventType = ''
  }

  private feedText(text: string): void {
    if (!text) return
    let start = 0
    if (this.pendingCR) {
      this.pendingCR = false
      if (text.charCodeAt(0) === 10) start = 1
    }
    let buf = this.buffer
    for (let i = start; i < text.length; i++) {
      const c = text.charCodeAt(i)
      if (c !== 10 && c !== 13) continue
      const piece = text.slice(start, i)
      this.line(buf ? buf + piece : piece)
      buf = ''
      if (c === 13) {
        if (i + 1 < text.length) {
          if (text.charCodeAt(i + 1) === 10) i++
        } else this.pendingCR = true
      }
      start = i + 1
    }
    this.buffer = buf + text.slice(start)
  }

  private line(line: string): void {
    if (line === '') {
      if (this.hasData) {
        const ev: SseEvent = { event: this.eventType || 'message', data: this.data.join('\n') }
        if (this.lastId !== undefined) ev.id = this.lastId
        this.onEvent(ev)
      }
      this.data = []
      this.hasData = false
      this.eventType = ''
      return
    }
    // Comments (`:keepalive`) carry nothing.
    if (line.charCodeAt(0) === 58) return
    const colon = line.indexOf(':')
    let field: string
    let value: string
    if (colon < 0) {
      field = line
      value = ''
    } else {
      field = line.slice(0, colon)
      value = line.charCodeAt(colon + 1) === 32 ? line.slice(colon + 2) : line.slice(colon + 1)
    }
    switch (field) {
      case 'data':
        this.data.push(value)
        this.hasData = true
        break
      case 'event':
        this.eventType = value
        break
      case 'id':
        if (!value.includes('\0')) this.lastId = value
        break
      // `retry` and unknown fields do not matter to a measurement.
    }
  }
}

/** What an event of an OpenAI-compatible completion stream means for the measurement. */
type StreamEventKind = 'content' | 'empty' | 'done' | 'error'

/**
 * `data: [DONE]` ends the stream; `event: error` or a payload with an `error` member is an error;
 * a chunk with non-empty `choices[0].delta.content` (chat) or `choices[0].text` (completions) is a
 * token; anything else (role-only deltas, usage chunks) is empty. A payload that is not JSON is an
 * error too: the endpoint does not speak the protocol, and that must not pass silently.
 */
export function classifyStreamEvent(ev: SseEvent): StreamEventKind {
  if (ev.event === 'error') return 'error'
  const data = ev.data.trim()
  if (data === '[DONE]') return 'done'
  let payload: unknown
  try {
    payload = JSON.parse(data)
  } catch {
    return 'error'
  }
  if (!payload || typeof payload !== 'object') return 'error'
  const obj = payload as { error?: unknown; choices?: unknown }
  if (obj.error !== undefined && obj.error !== null) return 'error'
  const first = Array.isArray(obj.choices) ? (obj.choices[0] as unknown) : undefined
  if (first && typeof first === 'object') {
    const choice = first as { delta?: { content?: unknown }; text?: unknown }
    const content = choice.delta?.content
    if (typeof content === 'string' && content.length > 0) return 'content'
    if (typeof choice.text === 'string' && choice.text.length > 0) return 'content'
  }
  return 'empty'
}
