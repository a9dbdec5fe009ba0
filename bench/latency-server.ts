/**
 * Loopback servers for the latency benchmarks, run in a child process (forkServer) so the server
 * and the load generator do not share an event loop. Modes:
 *   trivial  raw TCP, a canned keep-alive 200 per request: as cheap as a server gets, so the
 *            client is what limits the request rate;
 *   mixture  node:http, 5 ms service time, a `slow` share of requests (default 1 %, drawn by a
 *            seeded generator) at 50 ms;
 *   longtail node:http, 5 ms plus an exponential tail of mean `tailMs` (default 8 ms, seeded), a
 *            continuous distribution like a real service's, whose p99 (≈ 5 + 8·ln 100 ≈ 42 ms)
 *            lies where requests are, not on the edge between two modes;
 *   stall    node:http, 5 ms service time, and once (request `stallAt`) the whole process blocks
 *            for 200 ms, as a GC pause or a stuck worker would.
 * The server records each request's service time (arrival to reply), in arrival order, and sends
 * them on request.
 */
import { fork, type ChildProcess } from 'node:child_process'
import http from 'node:http'
import net from 'node:net'
import { fileURLToPath } from 'node:url'
import { Rng } from '../src/stats/rng.js'

export type ServerMode = 'trivial' | 'mixture' | 'longtail' | 'stall'

interface Ready {
  port: number
}
export interface ServerStats {
  /** Service times in ms, in arrival order. */
  service: number[]
  /** Which requests (in arrival order) were made slow. */
  slow: boolean[]
  /** For requests with an `x-id` header: [id, arrival, reply] on the shared monotonic clock (ms). */
  trace: Array<[number, number, number]>
  requests: number
}

export interface ServerHandle {
  url: string
  child: ChildProcess
  stats(): Promise<ServerStats>
  reset(opts?: { stallAt?: number; slow?: number; seed?: number; tailMs?: number }): Promise<void>
  close(): Promise<void>
}

/** Start a server child process and wait for its port. */
export async function forkServer(mode: ServerMode): Promise<ServerHandle> {
  const child = fork(fileURLToPath(import.meta.url), ['--serve', mode], { stdio: 'inherit' })
  const ready = await new Promise<Ready>((resolve, reject) => {
    child.once('message', (m) => resolve(m as Ready))
    child.once('error', reject)
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)))
  })
  const ask = <T>(msg: object): Promise<T> =>
    new Promise((resolve) => {
      child.once('message', (m) => resolve(m as T))
      child.send(msg)
    })
  return {
    url: `http://127.0.0.1:${ready.port}`,
    child,
    stats: () => ask<ServerStats>({ cmd: 'stats' }),
    reset: (opts = {}) => ask<void>({ cmd: 'reset', ...opts }),
    close: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve())
        child.kill()
      })
  }
}

function serve(mode: ServerMode): void {
  let service: number[] = []
  let slowFlags: boolean[] = []
  let trace: Array<[number, number, number]> = []
  let count = 0
  let stallAt = -1
  let slowShare = 0.01
  let tailMs = 8
  let rng = seeded(1)
  const onMessage = (m: {
    cmd: string
    stallAt?: number
    slow?: number
    seed?: number
    tailMs?: number
  }): void => {
    if (m.cmd === 'stats') process.send?.({ service, slow: slowFlags, trace, requests: count })
    if (m.cmd === 'reset') {
      service = []
      slowFlags = []
      trace = []
      count = 0
      stallAt = m.stallAt ?? -1
      slowShare = m.slow ?? 0.01
      tailMs = m.tailMs ?? 8
      rng = seeded(m.seed ?? 1)
      process.send?.({})
    }
  }
  process.on('message', onMessage)

  if (mode === 'trivial') {
    const reply = Buffer.from(
      'HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Type: text/plain\r\nKeep-Alive: timeout=60\r\n\r\nok'
    )
    const server = net.createServer((socket) => {
      socket.setNoDelay(true)
      let tail = ''
      socket.on('data', (chunk: Buffer) => {
        // GET requests without a body: one reply per header block terminator.
        const text = tail + chunk.toString('latin1')
        let at = 0
        let n = 0
        for (;;) {
          const i = text.indexOf('\r\n\r\n', at)
          if (i < 0) break
          n++
          at = i + 4
        }
        tail = text.slice(at)
        count += n
        if (n === 1) socket.write(reply)
        else if (n > 1) socket.write(Buffer.concat(Array<Buffer>(n).fill(reply)))
      })
      socket.on('error', () => undefined)
    })
    server.listen(0, '127.0.0.1', () =>
      process.send?.({ port: (server.address() as net.AddressInfo).port })
    )
    return
  }

  const server = http.createServer((req, res) => {
    const arrived = performance.now()
    const n = ++count
    req.resume()
    if (mode === 'stall' && n === stallAt) {
      const until = performance.now() + 200
      while (performance.now() < until);
    }
    const slow = mode === 'mixture' && rng() < slowShare
    slowFlags.push(slow)
    const delay = mode === 'longtail' ? 5 - tailMs * Math.log(1 - rng()) : slow ? 50 : 5
    // Node timers fire up to a millisecond or so late; the record below includes that, so the
    // truth is what the server really did, jitter and all.
    const id = req.headers['x-id']
    const at = id !== undefined ? monotonicMs() : 0
    setTimeout(() => {
      res.end('ok')
      service[n - 1] = performance.now() - arrived
      if (id !== undefined) trace.push([Number(id), at, monotonicMs()])
    }, delay)
  })
  server.keepAliveTimeout = 60_000
  server.listen(0, '127.0.0.1', () =>
    process.send?.({ port: (server.address() as net.AddressInfo).port })
  )
}

/** CLOCK_MONOTONIC in ms: the same clock in every process on the machine, unlike performance.now(). */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6
}

/** The project's seeded generator, so every run makes the same requests slow. */
function seeded(seed: number): () => number {
  const r = new Rng(seed)
  return () => r.next()
}

const at = process.argv.indexOf('--serve')
if (at >= 0) serve(process.argv[at + 1] as ServerMode)
