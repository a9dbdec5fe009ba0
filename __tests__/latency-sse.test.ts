import { describe, expect, it } from '@jest/globals'
import { classifyStreamEvent, SseParser, type SseEvent } from '../src/gates/latency/sse.js'

const SAMPLE = [
  ': keepalive comment\n',
  'data: {"choices":[{"delta":{"role":"assistant"}}]}\n\n',
  'data: {"choices":[{"delta":{"content":"Héllo"}}]}\n\n',
  ':\n',
  'id: 7\r\n',
  'data: {"choices":[{"delta":{"content":" wörld 👋"}}]}\r\n\r\n',
  'event: ping\rdata: first\rdata: second\r\r',
  'data:no-space\n',
  'data:  two spaces\n\n',
  'retry: 1000\nunknown: field\n\n',
  'data: {"choices":[{"text":"完成"}]}\n\n',
  'data: [DONE]\n\n'
].join('')

const EXPECTED: SseEvent[] = [
  { event: 'message', data: '{"choices":[{"delta":{"role":"assistant"}}]}' },
  { event: 'message', data: '{"choices":[{"delta":{"content":"Héllo"}}]}' },
  { event: 'message', data: '{"choices":[{"delta":{"content":" wörld 👋"}}]}', id: '7' },
  { event: 'ping', data: 'first\nsecond', id: '7' },
  { event: 'message', data: 'no-space\n two spaces', id: '7' },
  { event: 'message', data: '{"choices":[{"text":"完成"}]}', id: '7' },
  { event: 'message', data: '[DONE]', id: '7' }
]

function parse(chunks: Uint8Array[]): SseEvent[] {
  const out: SseEvent[] = []
  const p = new SseParser((e) => out.push(e))
  for (const c of chunks) p.push(c)
  p.end()
  return out
}

describe('SseParser', () => {
  const bytes = Buffer.from(SAMPLE, 'utf8')

  it('parses a whole stream: comments, CRLF and CR endings, multi-line data, ids', () => {
    expect(parse([bytes])).toEqual(EXPECTED)
  })

  it('gives the same events when the stream is split at every byte position', () => {
    for (let i = 0; i <= bytes.length; i++) {
      expect(parse([bytes.subarray(0, i), bytes.subarray(i)])).toEqual(EXPECTED)
    }
  })

  it('gives the same events when fed one byte at a time (mid-UTF-8, between CR and LF)', () => {
    const chunks: Uint8Array[] = []
    for (let i = 0; i < bytes.length; i++) chunks.push(bytes.subarray(i, i + 1))
    expect(parse(chunks)).toEqual(EXPECTED)
  })

  it('splits at three points too', () => {
    const step = 7
    for (let i = 0; i < bytes.length; i += step)
      for (let j = i; j < bytes.length; j += step * 3)
        expect(parse([bytes.subarray(0, i), bytes.subarray(i, j), bytes.subarray(j)])).toEqual(
          EXPECTED
        )
  })

  it('discards an event the stream ends before terminating', () => {
    expect(parse([Buffer.from('data: a\n\ndata: unterminated')])).toEqual([
      { event: 'message', data: 'a' }
    ])
    expect(parse([Buffer.from('data: b\n')])).toEqual([])
  })

  it('dispatches nothing for blank lines without data, and ignores a leading BOM', () => {
    expect(parse([Buffer.from('\n\n: only a comment\n\nevent: x\n\n')])).toEqual([])
    expect(parse([Buffer.from('\uFEFFdata: x\n\n')])).toEqual([{ event: 'message', data: 'x' }])
  })
})

describe('classifyStreamEvent', () => {
  const ev = (data: string, event = 'message'): SseEvent => ({ event, data })

  it('finds content in chat deltas and completion text', () => {
    expect(classifyStreamEvent(ev('{"choices":[{"delta":{"content":"hi"}}]}'))).toBe('content')
    expect(classifyStreamEvent(ev('{"choices":[{"text":"hi"}]}'))).toBe('content')
  })

  it('treats role-only, empty and usage chunks as empty', () => {
    expect(classifyStreamEvent(ev('{"choices":[{"delta":{"role":"assistant"}}]}'))).toBe('empty')
    expect(classifyStreamEvent(ev('{"choices":[{"delta":{"content":""}}]}'))).toBe('empty')
    expect(classifyStreamEvent(ev('{"choices":[],"usage":{"total_tokens":5}}'))).toBe('empty')
    expect(classifyStreamEvent(ev('{"choices":[{"delta":{"content":null}}]}'))).toBe('empty')
  })

  it('recognises [DONE]', () => {
    expect(classifyStreamEvent(ev('[DONE]'))).toBe('done')
  })

  it('counts error events, error payloads and non-JSON data as errors', () => {
    expect(classifyStreamEvent(ev('{"message":"overloaded"}', 'error'))).toBe('error')
    expect(classifyStreamEvent(ev('{"error":{"message":"overloaded","code":503}}'))).toBe('error')
    expect(classifyStreamEvent(ev('not json'))).toBe('error')
    expect(classifyStreamEvent(ev('42'))).toBe('error')
    expect(classifyStreamEvent(ev('{"error":null,"choices":[{"text":"x"}]}'))).toBe('content')
  })
})
