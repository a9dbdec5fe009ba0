import http from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * A stand-in eval service speaking the model-gate/v1 protocol (SPEC §4) on loopback. Scores come
 * from a table keyed by model version; each version can also be told to misbehave, to prove the
 * gate fails closed.
 */

export type EvalBehaviour =
  | {
      kind: 'ok'
      metrics: Record<string, number>
      samples?: Record<string, number[]>
      ids?: string[]
      n?: number
    }
  /** Answer 202 and make the client poll `polls` times before the result. */
  | { kind: 'async'; metrics: Record<string, number>; polls: number; n?: number }
  | { kind: 'raw'; status: number; body: string; contentType?: string }
  | { kind: 'hang' }

export interface EvalRequestLog {
  path: string
  headers: http.IncomingHttpHeaders
  body: Record<string, unknown>
}

export interface EvalStandin {
  url: string
  requests: EvalRequestLog[]
  /** Scores by `<dataset or metric>:<version>`, or `*:<version>` for any dataset. */
  set(key: string, behaviour: EvalBehaviour): void
  /** Runs before each evaluation is answered (e.g. to move the champion mid-run). */
  beforeAnswer?: (body: Record<string, unknown>) => Promise<void>
  close(): Promise<void>
}

export async function startEvalStandin(port = 0): Promise<EvalStandin> {
  const table = new Map<string, EvalBehaviour>()
  const requests: EvalRequestLog[] = []
  const jobs = new Map<string, { left: number; result: string }>()
  let jobSeq = 0
  const standin: EvalStandin = {
    url: '',
    requests,
    set: (key, behaviour) => table.set(key, behaviour),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x')
      if (req.method === 'GET' && url.pathname.startsWith('/jobs/')) {
        const job = jobs.get(url.pathname.slice(6))
        if (!job) return send(res, 404, '{"error":"no such job"}')
        if (job.left-- > 0) return send(res, 202, '{"status":"running"}', { 'retry-after': '0' })
        return send(res, 200, job.result)
      }
      let body: Record<string, unknown>
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>
      } catch {
        return send(res, 400, '{"error":"bad json"}')
      }
      requests.push({ path: url.pathname, headers: req.headers, body })
      const hook = standin.beforeAnswer
      if (hook) return void hook(body).then(() => answer(res, body))
      answer(res, body)
    })
  })
  const answer = (res: http.ServerResponse, body: Record<string, unknown>): void => {
    const model = body.model as { version?: string } | undefined
    const version = model?.version ?? ''
    const dataset = typeof body.dataset === 'string' ? body.dataset : String(body.metric)
    const b = table.get(`${dataset}:${version}`) ?? table.get(`*:${version}`)
    if (!b) return send(res, 404, JSON.stringify({ error: `no scores for ${dataset}:${version}` }))
    switch (b.kind) {
      case 'ok':
        return send(
          res,
          200,
          JSON.stringify({ metrics: b.metrics, n: b.n, samples: b.samples, ids: b.ids })
        )
      case 'async': {
        const id = String(++jobSeq)
        jobs.set(id, { left: b.polls, result: JSON.stringify({ metrics: b.metrics, n: b.n }) })
        return send(res, 202, JSON.stringify({ status: 'queued' }), { location: `/jobs/${id}` })
      }
      case 'raw':
        return send(res, b.status, b.body, {
          'content-type': b.contentType ?? 'application/json'
        })
      case 'hang':
        return // never answer; the client's timeout must end it
    }
  }
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  const { port: actual } = server.address() as AddressInfo
  standin.url = `http://127.0.0.1:${actual}`
  return standin
}

function send(
  res: http.ServerResponse,
  status: number,
  body: string,
  headers: Record<string, string> = {}
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers })
  res.end(body)
}
