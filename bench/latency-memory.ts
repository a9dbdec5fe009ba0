/**
 * Memory: 200,000 measured requests against the trivial loopback server (child process), with the
 * process's RSS and heap sampled every 1024 finished requests. HDR histograms and per-request
 * objects that die young keep memory flat in the number of requests.
 * Run: npx tsx --expose-gc bench/latency-memory.ts [requests=200000] [rate=open rate, or 0 for closed]
 */
import os from 'node:os'
import { quantileStats } from '../src/gates/latency/judge.js'
import { type LoadModel, runLoad } from '../src/gates/latency/loadgen.js'
import { forkServer } from './latency-server.js'

const requests = Number(process.argv[2] ?? 200_000)
const rate = Number(process.argv[3] ?? 0)
const model: LoadModel = rate > 0 ? { kind: 'open', rate } : { kind: 'closed', concurrency: 10 }
const mb = (x: number): string => (x / 1024 / 1024).toFixed(1)
const gc = (globalThis as { gc?: () => void }).gc

const server = await forkServer('trivial')
console.log(`# memory — ${new Date().toISOString()}`)
console.log(
  `node ${process.version}, ${os.cpus().length} CPUs, load average ${os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`
)
console.log(
  `${requests} requests, ${model.kind === 'open' ? `open model ${rate} req/s` : 'closed model, 10 connections'}`
)
gc?.()
const before = process.memoryUsage()
console.log(`before: rss ${mb(before.rss)} MB, heap used ${mb(before.heapUsed)} MB\n`)
console.log('| finished | rss MB | heap used MB | heap used after gc MB |')
console.log('|---|---|---|---|')
const marks = new Set([10_240, 50_176, 100_352, 150_528, Math.floor(requests / 1024) * 1024])
const t = performance.now()
const r = await runLoad({
  url: `${server.url}/`,
  method: 'GET',
  headers: {},
  requests,
  warmup: 1000,
  model,
  requestTimeoutMs: 10_000,
  stream: false,
  onProgress: (finished) => {
    if (!marks.has(finished)) return
    const m = process.memoryUsage()
    gc?.()
    const after = process.memoryUsage().heapUsed
    console.log(`| ${finished} | ${mb(m.rss)} | ${mb(m.heapUsed)} | ${gc ? mb(after) : '-'} |`)
  }
})
const wall = performance.now() - t
const end = process.memoryUsage()
console.log(
  `\nend: rss ${mb(end.rss)} MB; ${r.finished} finished, ${r.errorCount} errors, ` +
    `${r.achievedRate.toFixed(0)} req/s, ${(wall / 1000).toFixed(1)} s; latency ${JSON.stringify(quantileStats(r.latency))}`
)
await server.close()
