import { readFileSync } from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { fixturePath } from './fixtures.js'

/**
 * A stand-in for Prometheus' query API that answers with a real server's captured answers
 * (test-support/fixtures/prometheus/, made by test-support/capture-prometheus.ts): status, content type
 * and body as the server sent them. Tests choose which capture each request gets, and may change
 * the one sample's value string (the shape stays the captured one).
 */

export type CaptureName =
  | 'success'
  | 'scalar'
  | 'empty'
  | 'several-series'
  | 'bad-query'
  | 'nan'
  | 'inf'
  | 'matrix'
  | 'execution-error'
  | 'warnings'

export interface Capture {
  captured: string
  query: string
  status: number
  content_type: string
  body: unknown
}

export function capture(name: CaptureName): Capture {
  return JSON.parse(readFileSync(fixturePath('prometheus', `${name}.json`), 'utf8')) as Capture
}

/** A success or scalar capture with its one sample's value string replaced ("412.5", "NaN"). */
export function withValue(name: 'success' | 'scalar', value: string): Capture {
  const c = capture(name)
  const data = (c.body as { data: { resultType: string; result: unknown } }).data
  if (data.resultType === 'scalar') (data.result as [number, string])[1] = value
  else (data.result as Array<{ value: [number, string] }>)[0].value[1] = value
  return c
}

export interface SeenRequest {
  method: string
  path: string
  /** The `query` parameter, from the URL (GET) or the form body (POST). */
  query: string | null
  contentType: string | undefined
  headers: http.IncomingHttpHeaders
}

export type Answer = Capture | { status: number; content_type: string; text: string }

export interface PrometheusStandin {
  url: string
  requests: SeenRequest[]
  /** Answers in order; the last one repeats. */
  answers: Answer[]
  /** Called as each request arrives, before it is answered. */
  onRequest?: (r: SeenRequest) => void
  close(): Promise<void>
}

export async function startPrometheusStandin(answers: Answer[] = []): Promise<PrometheusStandin> {
  const state: PrometheusStandin = {
    url: '',
    requests: [],
    answers,
    close: () => Promise.resolve()
  }
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x')
      const body = Buffer.concat(chunks).toString('utf8')
      const query =
        req.method === 'POST'
          ? new URLSearchParams(body).get('query')
          : url.searchParams.get('query')
      const index = state.requests.length
      const seen: SeenRequest = {
        method: req.method ?? '',
        path: url.pathname,
        query,
        contentType: req.headers['content-type'],
        headers: req.headers
      }
      state.requests.push(seen)
      state.onRequest?.(seen)
      // Prometheus serves the API under its route prefix only; elsewhere Go's http.NotFound answers
      // (net/http: 404, text/plain, "404 page not found").
      if (!url.pathname.endsWith('/api/v1/query')) {
        res
          .writeHead(404, { 'content-type': 'text/plain; charset=utf-8' })
          .end('404 page not found\n')
        return
      }
      const answer = state.answers[Math.min(index, state.answers.length - 1)]
      if (!answer) {
        res.writeHead(500).end()
        return
      }
      const text = 'text' in answer ? answer.text : JSON.stringify(answer.body)
      res.writeHead(answer.status, { 'content-type': answer.content_type }).end(text)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  state.close = () => {
    server.closeAllConnections()
    return new Promise<void>((resolve) => server.close(() => resolve()))
  }
  return state
}
