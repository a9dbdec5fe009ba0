/**
 * Client cost: the load generator's maximum request rate against a trivial loopback server
 * (raw TCP, canned reply, in a child process), beside autocannon's programmatic API with the same
 * connection count in the same run. Rounds alternate between the two clients so drifting machine
 * load hits both alike; the median round is reported, with the client process's CPU time per
 * request (process.cpuUsage), which stays meaningful even when the server is the bottleneck.
 * Both run for a fixed time: autocannon notices a reached `amount` only on its 1-second tick, so
 * counting requests would charge it for idle time.
 * Run: npx tsx bench/latency-client-cost.ts [connections=10] [seconds=5] [rounds=5]
 */
import { createRequire } from 'node:module'
import os from 'node:os'
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
await theirs(url)
const a: Round[] = []
const b: Round[] = []
for (let i = 1; i <= rounds; i++) {
  for (const [name, fn, list] of [
    ['model-gate', ours, a],
    ['autocannon', theirs, b]
  ] as const) {
    const r = await fn(url)
    list.push(r)
    console.log(
      `| ${i} | ${name} | ${r.rate.toFixed(0)} | ${r.cpuUsPerReq.toFixed(1)} | ` +
        `${r.p50.toFixed(3)} | ${r.p99.toFixed(3)} | ${r.errors} |`
    )
  }
}
const ra = median(a.map((r) => r.rate))
const rb = median(b.map((r) => r.rate))
const ca = median(a.map((r) => r.cpuUsPerReq))
const cb = median(b.map((r) => r.cpuUsPerReq))
console.log(
  `\nmedian: model-gate ${ra.toFixed(0)} req/s, autocannon ${rb.toFixed(0)} req/s, ` +
    `ratio ${(ra / rb).toFixed(2)}×; CPU per request ${ca.toFixed(1)} µs vs ${cb.toFixed(1)} µs ` +
    `(${(cb / ca).toFixed(2)}× autocannon's efficiency); load average at end ` +
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
  const ms = (x: number | undefined): string => ((x ?? 0) / 1000).toFixed(3)
  console.log(
    `| ${rate} | ${r.achievedRate.toFixed(0)} | ${ms(s?.percentile(50))} | ${ms(s?.percentile(99))} | ` +
      `${ms(s?.max)} | ${((100 * r.late) / Math.max(1, r.sent)).toFixed(1)}% | ` +
      `${ms(r.latency.percentile(99))} |`
  )
}
await server.close()
