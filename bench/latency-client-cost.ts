/**
 * Client cost: the load generator's maximum request rate against a trivial loopback server
 * (raw TCP, canned reply, in a child process), beside autocannon's programmatic API with the same
 * connection count in the same run, and beside a bare undici loop (Pool.dispatch with empty
 * callbacks, no load-generator code: the floor for any client built on undici). Rounds alternate between the two clients so drifting machine
 * load hits both alike; the median round is reported, with the client process's CPU time per
 * request (process.cpuUsage), which stays meaningful even when the server is the bottleneck.
 * Both run for a fixed time: autocannon notices a reached `amount` only on its 1-second tick, so
 * counting requests would charge it for idle time.
 * Run: npx tsx bench/latency-client-cost.ts [connections=10] [seconds=5] [rounds=5]
 */
import { createRequire } from 'node:module'
import os from 'node:os'
import { Pool } from 'undici'
import { runLoad } from '../src/gates/latency/loadgen.js'
import { forkServer } from './latency-server.js'

interface AutocannonResult {
  requests: { total: number }
  start: Date
  finish: Date
  errors: number
  non2xx: number
  timeouts: number
  latency: { p50: number; p99: number }
}
type Autocannon = (opts: {
  url: string
  connections: number
  pipelining: number
  duration: number
}) => Promise<AutocannonResult>
// autocannon ships no types; the programmatic call returns a promise without a callback.
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon

interface Round {
  rate: number
  cpuUsPerReq: number
  p50: number
  p99: number
  errors: number
}

const connections = Number(process.argv[2] ?? 10)
const seconds = Number(process.argv[3] ?? 5)
const rounds = Number(process.argv[4] ?? 5)

async function ours(url: string): Promise<Round> {
  const cpu = process.cpuUsage()
  const r = await runLoad({
    url,
    method: 'GET',
    headers: {},
    requests: 100_000_000,
    warmup: 0,
    model: { kind: 'closed', concurrency: connections },
    requestTimeoutMs: 10_000,
    stream: false,
    signal: AbortSignal.timeout(seconds * 1000)
  })
  const used = process.cpuUsage(cpu)
  return {
    rate: r.achievedRate,
    cpuUsPerReq: (used.user + used.system) / r.finished,
    p50: r.latency.percentile(50) / 1000,
    p99: r.latency.percentile(99) / 1000,
    errors: r.errorCount
  }
}

/** Closed loops of Pool.dispatch with empty callbacks for `seconds`: undici's own cost. */
async function bare(url: string): Promise<Round> {
  const pool = new Pool(new URL(url).origin, { connections, pipelining: 1 })
  const opts = { path: new URL(url).pathname, method: 'GET' as const, headers: {} }
  let done = 0
  let errors = 0
  let stop = false
  const cpu = process.cpuUsage()
  const t0 = performance.now()
  await new Promise<void>((resolve) => {
    let live = connections
    const loop = (): void => {
      if (stop) {
        if (--live === 0) resolve()
        return
      }
      pool.dispatch(opts, {
        onConnect: () => undefined,
        onHeaders: () => true,
        onData: () => true,
        onComplete: () => {
          done++
          loop()
        },
        onError: () => {
          errors++
          setImmediate(loop)
        }
      })
    }
    for (let i = 0; i < connections; i++) loop()
    setTimeout(() => (stop = true), seconds * 1000)
  })
  const used = process.cpuUsage(cpu)
  const elapsed = performance.now() - t0
  await pool.close()
  return {
    rate: (done * 1000) / elapsed,
    cpuUsPerReq: (used.user + used.system) / done,
    p50: NaN,
    p99: NaN,
    errors
  }
}

async function theirs(url: string): Promise<Round> {
  const cpu = process.cpuUsage()
  const r = await autocannon({ url, connections, pipelining: 1, duration: seconds })
  const used = process.cpuUsage(cpu)
  return {
    // `duration` is whole seconds; start/finish are the exact bounds.
    rate: (r.requests.total * 1000) / (r.finish.getTime() - r.start.getTime()),
    cpuUsPerReq: (used.user + used.system) / r.requests.total,
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors + r.non2xx + r.timeouts
  }
}

/** A latency for the table; the bare loop measures none. */
const ms = (x: number): string => (Number.isNaN(x) ? '—' : x.toFixed(3))

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]
}

const server = await forkServer('trivial')
const url = `${server.url}/`
console.log(`# client cost — ${new Date().toISOString()}`)
console.log(
  `node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'}), ` +
    `load average at start ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`
)
console.log(`connections ${connections}, ${seconds} s per round, ${rounds} rounds\n`)
console.log('| round | client | req/s | CPU µs/req | p50 ms | p99 ms | errors |')
console.log('|---|---|---|---|---|---|---|')
// One unreported round each to warm the JIT and the connections.
await ours(url)
await bare(url)
await theirs(url)
const a: Round[] = []
const u: Round[] = []
const b: Round[] = []
for (let i = 1; i <= rounds; i++) {
  for (const [name, fn, list] of [
    ['model-gate', ours, a],
    ['bare undici', bare, u],
    ['autocannon', theirs, b]
  ] as const) {
    const r = await fn(url)
    list.push(r)
    console.log(
      `| ${i} | ${name} | ${r.rate.toFixed(0)} | ${r.cpuUsPerReq.toFixed(1)} | ` +
        `${ms(r.p50)} | ${ms(r.p99)} | ${r.errors} |`
    )
  }
}
const ra = median(a.map((r) => r.rate))
const ru = median(u.map((r) => r.rate))
const rb = median(b.map((r) => r.rate))
const ca = median(a.map((r) => r.cpuUsPerReq))
const cu = median(u.map((r) => r.cpuUsPerReq))
const cb = median(b.map((r) => r.cpuUsPerReq))
console.log(
  `\nmedian: model-gate ${ra.toFixed(0)} req/s, bare undici ${ru.toFixed(0)} req/s, ` +
    `autocannon ${rb.toFixed(0)} req/s; ratio to autocannon ${(ra / rb).toFixed(2)}× ` +
    `(bare undici ${(ru / rb).toFixed(2)}×); CPU per request ${ca.toFixed(1)} µs, ` +
    `bare undici ${cu.toFixed(1)} µs, autocannon ${cb.toFixed(1)} µs ` +
    `(model-gate at ${(cb / ca).toFixed(2)}× autocannon's efficiency, ${(cu / ca).toFixed(2)}× ` +
    `bare undici's); load average at end ` +
    os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')
)

// The open model's ceiling: the highest rate it dispatches on schedule.
console.log('\n## open model against the same server, 3 s per rate\n')
console.log(
  '| target req/s | achieved req/s | slippage p50 ms | p99 ms | max ms | late >1 ms | latency p99 ms |'
)
console.log('|---|---|---|---|---|---|---|')
for (const rate of [1000, 5000, 10_000, 20_000, 40_000]) {
  const r = await runLoad({
    url,
    method: 'GET',
    headers: {},
    requests: rate * 3,
    warmup: Math.min(5000, rate),
    model: { kind: 'open', rate },
    requestTimeoutMs: 10_000,
    stream: false
  })
  const s = r.slippage
  const msOf = (x: number | undefined): string => ((x ?? 0) / 1000).toFixed(3)
  console.log(
    `| ${rate} | ${r.achievedRate.toFixed(0)} | ${msOf(s?.percentile(50))} | ${msOf(s?.percentile(99))} | ` +
      `${msOf(s?.max)} | ${((100 * r.late) / Math.max(1, r.sent)).toFixed(1)}% | ` +
      `${msOf(r.latency.percentile(99))} |`
  )
}
await server.close()
