/**
 * Where end-to-end loopback latency goes, request by request, with a minimal undici client (no
 * load-generator code): the client stamps intended, dispatch and completion times, the server
 * (child process) stamps arrival and reply, all on CLOCK_MONOTONIC, which both processes share.
 * The gaps client→server and server→client are what the server's own service-time record leaves
 * out, so they bound how closely any client can agree with it (bench/latency-accuracy.ts).
 * Run: npx tsx bench/latency-transport.ts [rate=200] [requests=3000]
 */
import os from 'node:os'
import { Pool } from 'undici'
import { forkServer, monotonicMs } from './latency-server.js'

const rate = Number(process.argv[2] ?? 200)
const n = Number(process.argv[3] ?? 3000)
const warmup = 200
const server = await forkServer('mixture')
await server.reset({ slow: 0 })
const pool = new Pool(server.url, { connections: 200, pipelining: 1 })
const interval = 1000 / rate
const t0 = monotonicMs() + 5
const client: Array<[number, number, number]> = new Array<[number, number, number]>(n)
await new Promise<void>((resolve, reject) => {
  let i = 0
  let done = 0
  const tick = (): void => {
    const t = monotonicMs()
    while (i < n && t0 + i * interval <= t) {
      const id = i++
      const intended = t0 + id * interval
      const sent = monotonicMs()
      pool.dispatch(
        { path: '/', method: 'GET', headers: { 'x-id': String(id) } },
        {
          onConnect: () => undefined,
          onHeaders: () => true,
          onData: () => true,
          onComplete: () => {
            client[id] = [intended, sent, monotonicMs()]
            if (++done === n) resolve()
          },
          onError: reject
        }
      )
    }
    if (i >= n) return
    const wait = t0 + i * interval - monotonicMs()
    if (wait > 2) setTimeout(tick, wait - 1.5)
    else setImmediate(tick)
  }
  tick()
})
const { trace } = await server.stats()
await pool.close()
await server.close()

const byId = new Map(trace.map(([id, a, e]) => [id, [a, e] as const]))
const cols = {
  'dispatch slippage': [] as number[],
  'client → server': [] as number[],
  'server service': [] as number[],
  'server → client': [] as number[],
  'end to end': [] as number[]
}
for (let id = warmup; id < n; id++) {
  const [intended, sent, done] = client[id]
  const [arrived, replied] = byId.get(id) ?? [NaN, NaN]
  cols['dispatch slippage'].push(sent - intended)
  cols['client → server'].push(arrived - sent)
  cols['server service'].push(replied - arrived)
  cols['server → client'].push(done - replied)
  cols['end to end'].push(done - intended)
}
const q = (xs: number[], p: number): string => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.max(0, Math.ceil(p * s.length) - 1)].toFixed(3)
}
console.log(`# loopback transport — ${new Date().toISOString()}`)
console.log(
  `node ${process.version}, ${os.cpus().length} CPUs, load average ${os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}; open schedule ${rate} req/s, ${n - warmup} requests after ${warmup} warm-up\n`
)
console.log('| ms | p50 | p90 | p95 | p99 | max |')
console.log('|---|---|---|---|---|---|')
for (const [name, xs] of Object.entries(cols))
  console.log(
    `| ${name} | ${q(xs, 0.5)} | ${q(xs, 0.9)} | ${q(xs, 0.95)} | ${q(xs, 0.99)} | ${q(xs, 1)} |`
  )
