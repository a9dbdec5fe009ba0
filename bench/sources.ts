/**
 * Metric sources at scale (issue 16): read a 100,000-row promptfoo results.json and a 100,000-row
 * MLflow evaluation table, then pair the two sides of each as the regression gate does.
 * Target: < 1 s in all and < 200 MB RSS growth.
 *
 * - promptfoo: one file of ROWS rows (ROWS / 2 tests × 2 providers) written by
 *   test-support/results-files.ts in the shape promptfoo 0.123 writes (every field of an
 *   EvaluateResult), read through FileSource for both providers.
 * - MLflow: two ROWS-row eval_results_table.json artifacts (pandas "split" JSON) served by the
 *   MLflow stand-in on loopback and read through MlflowSource (listing, download, parse).
 * - pairing: sameItems (the same-items check) and pairByIds for each source's two sides.
 *
 * The file and the stand-in are made in a child process (bench/sources-standin.ts) by default, so
 * the figures are what a job pays against a remote tracking server, from a process that holds
 * nothing else; `same` does both in this process instead, whose wall, CPU and memory then include
 * the serving.
 *
 * Per part: wall time, CPU time of this process (less sensitive to other load on a shared machine)
 * and peak RSS growth over the run's start (the kernel's high-water mark, VmHWM, reset per part).
 *
 * Run: node --expose-gc --import tsx bench/sources.ts [rows=100000] [runs=5] [child|same].
 * Prints Markdown (bench/RESULTS-sources.md).
 */
import { spawn } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { mkdtemp, utimes } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { createInterface } from 'node:readline'
import { Evaluations } from '../src/gates/metric/evaluations.js'
import { sameItems } from '../src/gates/metric/items.js'
import type { MetricResult } from '../src/gates/metric/result.js'
import type { SourceContext } from '../src/gates/metric/source.js'
import { HttpClient } from '../src/http/client.js'
import { MlflowRegistry } from '../src/registry/mlflow.js'
import { MetricGateSchema } from '../src/settings/config.js'
import { pairByIds } from '../src/stats/paired.js'
import { prepareSources } from './sources-standin.js'

const ROWS = Number(process.argv[2] ?? 100_000)
const RUNS = Number(process.argv[3] ?? 5)
const STANDIN = process.argv[4] === 'same' ? 'same' : 'child'
const WALL_TARGET_MS = 1000
const RSS_TARGET_MB = 200

const numbers = (r: MetricResult, metric: string): number[] => r.samples?.[metric] as number[]

/** Peak RSS since the last reset, in bytes (Linux); undefined where /proc is not there. */
function peakRss(): number | undefined {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))
    return m ? Number(m[1]) * 1024 : undefined
  } catch {
    return undefined
  }
}
function resetPeakRss(): void {
  try {
    writeFileSync('/proc/self/clear_refs', '5')
  } catch {
    // Not Linux: the sampled peak below is all there is.
  }
}

interface Part {
  wallMs: number
  cpuMs: number
  peakGrowthMb: number
}

/** Runs `work`, measuring its wall and CPU time and the peak RSS over `rss0`. */
async function measure(rss0: number, work: () => Promise<void>): Promise<Part> {
  resetPeakRss()
  // Sampled only where the kernel keeps no high-water mark: sampling costs this process CPU.
  let sampled = process.memoryUsage.rss()
  const sampler =
    peakRss() === undefined
      ? setInterval(() => (sampled = Math.max(sampled, process.memoryUsage.rss())), 5)
      : undefined
  const cpu0 = process.cpuUsage()
  const t0 = performance.now()
  await work()
  const wallMs = performance.now() - t0
  const cpu = process.cpuUsage(cpu0)
  clearInterval(sampler)
  const peak = Math.max(peakRss() ?? 0, sampled, process.memoryUsage.rss())
  return { wallMs, cpuMs: (cpu.user + cpu.system) / 1000, peakGrowthMb: (peak - rss0) / 1048576 }
}

interface Prepared {
  url: string
  pfBytes: number
  tableBytes: number
  close(): void
}

async function childStandin(ws: string): Promise<Prepared> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(import.meta.dirname, 'sources-standin.ts'), ws, String(ROWS)],
    { stdio: ['pipe', 'pipe', 'inherit'] }
  )
  const first = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve)
    child.once('exit', (code) => reject(new Error(`the stand-in exited (${code})`)))
  })
  const prepared = JSON.parse(first) as Omit<Prepared, 'close'>
  return { ...prepared, close: () => child.stdin.end() }
}

async function main(): Promise<void> {
  const ws = await mkdtemp(path.join(os.tmpdir(), 'mg-bench-'))
  process.env.GITHUB_WORKSPACE = ws
  const standin =
    STANDIN === 'child'
      ? await childStandin(ws)
      : await prepareSources(ROWS, ws).then(({ mlflow, pfBytes, tableBytes }) => ({
          url: mlflow.url,
          pfBytes,
          tableBytes,
          close: () => void mlflow.close()
        }))
  const http = new HttpClient({ retries: 0, maxResponseBytes: 256 * 1024 * 1024 })
  const registry = new MlflowRegistry(http, standin.url, { source: 'none' })
  const [champion, candidate] = await Promise.all([
    registry.getVersion('chatbot', '1'),
    registry.getVersion('chatbot', '2')
  ])
  const ctx = {
    settings: { alias: 'champion', registry: { type: 'mlflow' }, workspace: ws },
    http,
    registry,
    candidate,
    champion,
    signal: new AbortController().signal,
    deadline: Date.now() + 600_000
  } as unknown as SourceContext

  const pfGate = MetricGateSchema.parse({
    name: 'answers',
    type: 'metric',
    source: 'file',
    format: 'promptfoo',
    path: 'results.json',
    provider: { candidate: 'candidate', champion: 'champion' },
    metric: 'pass_rate',
    min: 0.5
  })
  const mlGate = MetricGateSchema.parse({
    name: 'exact',
    type: 'metric',
    source: 'mlflow',
    metric: 'exact_match/v1',
    table: { id_column: 'id', column: 'exact_match/score' },
    min: 0.5
  })

  const rows: string[] = []
  const totals: Part[] = []
  for (let run = 0; run < RUNS; run++) {
    // A new mtime: the file source must read and parse it again, as in a fresh job.
    const stamp = new Date(Date.now() + run * 1000)
    await utimes(path.join(ws, 'results.json'), stamp, stamp)
    global.gc?.()
    const rss0 = process.memoryUsage().rss
    const evaluations = new Evaluations()
    const promptfoo = await measure(rss0, async () => {
      const [pc, pp] = await Promise.all([
        evaluations.get(pfGate, candidate, ctx),
        evaluations.get(pfGate, champion, ctx)
      ])
      sameItems(pc, pp, '1')
      const paired = pairByIds(
        { ids: pc.ids ?? [], values: numbers(pc, 'pass_rate') },
        { ids: pp.ids ?? [], values: numbers(pp, 'pass_rate') }
      )
      if (paired.paired !== ROWS / 2) throw new Error('pairing lost items')
    })
    const mlflow = await measure(rss0, async () => {
      const [mc, mp] = await Promise.all([
        evaluations.get(mlGate, candidate, ctx),
        evaluations.get(mlGate, champion, ctx)
      ])
      sameItems(mc, mp, '1')
      const paired = pairByIds(
        { ids: mc.ids ?? [], values: numbers(mc, 'exact_match/v1') },
        { ids: mp.ids ?? [], values: numbers(mp, 'exact_match/v1') }
      )
      if (paired.paired !== ROWS) throw new Error('pairing lost items')
    })
    const total: Part = {
      wallMs: promptfoo.wallMs + mlflow.wallMs,
      cpuMs: promptfoo.cpuMs + mlflow.cpuMs,
      peakGrowthMb: Math.max(promptfoo.peakGrowthMb, mlflow.peakGrowthMb)
    }
    totals.push(total)
    const cells = (p: Part): string =>
      `${p.wallMs.toFixed(0)} | ${p.cpuMs.toFixed(0)} | ${p.peakGrowthMb.toFixed(0)}`
    rows.push(`| ${run + 1} | ${cells(promptfoo)} | ${cells(mlflow)} | ${cells(total)} |`)
  }
  await http.close()
  standin.close()
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
  const wall = median(totals.map((t) => t.wallMs))
  const cpu = median(totals.map((t) => t.cpuMs))
  const rss = median(totals.map((t) => t.peakGrowthMb))
  const verdict = (value: number, target: number): string =>
    value < target ? `met (< ${target})` : `**not met** (target < ${target})`
  console.log(`## Metric sources: ${ROWS.toLocaleString('en')} rows (${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC)

\`node --expose-gc --import tsx bench/sources.ts ${ROWS} ${RUNS} ${STANDIN}\`, Node ${process.version},
${os.cpus().length} vCPUs, load average at the end ${os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' / ')}.

- promptfoo: one results.json of ${ROWS.toLocaleString('en')} rows (${(ROWS / 2).toLocaleString('en')} tests × 2 providers),
  ${(standin.pfBytes / 1024 / 1024).toFixed(1)} MB, every EvaluateResult field; both providers read through FileSource,
  then the same-items check and pairByIds (${(ROWS / 2).toLocaleString('en')} pairs).
- MLflow: two ${ROWS.toLocaleString('en')}-row eval_results_table.json artifacts (${(standin.tableBytes / 1024 / 1024).toFixed(1)} MB each),
  listed and downloaded from the stand-in over loopback HTTP, parsed, checked and paired
  (${ROWS.toLocaleString('en')} pairs). The stand-in runs ${STANDIN === 'child' ? 'in a child process: the figures are the client side only' : 'in this process: its serving is included'}.
- Wall and CPU time in ms; RSS: peak growth over the run's start, in MB.

| run | promptfoo wall | CPU | RSS | MLflow wall | CPU | RSS | total wall | CPU | RSS |
|---|---|---|---|---|---|---|---|---|---|
${rows.join('\n')}

Median total: ${wall.toFixed(0)} ms wall, ${verdict(wall, WALL_TARGET_MS)}; ${cpu.toFixed(0)} ms CPU, ${verdict(cpu, WALL_TARGET_MS)}; peak RSS growth ${rss.toFixed(0)} MB, ${verdict(rss, RSS_TARGET_MB)}.
`)
}

await main()
