/**
 * Metric sources at scale (issue 16): read a 100,000-row promptfoo results.json (two providers,
 * 100,000 rows each side… see ROWS below) and a 100,000-row MLflow evaluation table, then pair the
 * two sides of each as the regression gate does. Target: < 1 s and < 200 MB RSS growth.
 *
 * - promptfoo: one file written by test-support/results-files.ts in the shape promptfoo 0.123
 *   writes (every field of an EvaluateResult), read through FileSource for both providers.
 * - MLflow: two 100,000-row eval_results_table.json artifacts (pandas "split" JSON) served by the
 *   MLflow stand-in on loopback and read through MlflowSource (HTTP, listing, download, parse).
 * - pairing: sameItems (the same-items check) and pairByIds for each source's two sides.
 *
 * Run: npx tsx bench/sources.ts [rows=100000] [runs=5]. Prints Markdown (bench/RESULTS-sources.md).
 */
import { mkdtemp, stat, utimes, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { Evaluations } from '../src/gates/metric/evaluations.js'
import { sameItems } from '../src/gates/metric/items.js'
import type { MetricResult } from '../src/gates/metric/result.js'
import type { SourceContext } from '../src/gates/metric/source.js'
import { HttpClient } from '../src/http/client.js'
import { MlflowRegistry } from '../src/registry/mlflow.js'
import { MetricGateSchema } from '../src/settings/config.js'
import { pairByIds } from '../src/stats/paired.js'
import { startMlflowStandin } from '../test-support/mlflow-standin/index.js'
import {
  promptfooResults,
  type PromptfooRowSpec,
  splitTable
} from '../test-support/results-files.js'

const ROWS = Number(process.argv[2] ?? 100_000)
const RUNS = Number(process.argv[3] ?? 5)

const numbers = (r: MetricResult, metric: string): number[] => r.samples?.[metric] as number[]

async function main(): Promise<void> {
  const ws = await mkdtemp(path.join(os.tmpdir(), 'mg-bench-'))
  process.env.GITHUB_WORKSPACE = ws
  // promptfoo: ROWS rows in all, half per provider, as one `promptfoo eval -o` of two providers.
  const specs: PromptfooRowSpec[] = []
  for (let t = 0; t < ROWS / 2; t++) {
    specs.push({ provider: 'candidate', testIdx: t, success: t % 10 !== 0 })
    specs.push({ provider: 'champion', testIdx: t, success: t % 9 !== 0 })
  }
  const pfText = JSON.stringify(promptfooResults(specs))
  await writeFile(path.join(ws, 'results.json'), pfText)
  const pfBytes = (await stat(path.join(ws, 'results.json'))).size

  const mlflow = await startMlflowStandin()
  const columns = ['id', 'inputs', 'outputs', 'ground_truth', 'exact_match/score']
  const table = (wrongEvery: number): string =>
    splitTable(
      columns,
      Array.from({ length: ROWS }, (_, i) => [
        `q${i}`,
        `What is item ${i}?`,
        i % wrongEvery ? `answer ${i}` : 'wrong',
        `answer ${i}`,
        i % wrongEvery ? 1 : 0
      ])
    )
  const sides = [7, 8].map((every) => {
    const runId = mlflow.seedRun({ metrics: { 'exact_match/v1': 1 - 1 / every } })
    mlflow.putArtifact(runId, 'eval_results_table.json', table(every))
    return runId
  })
  const tableBytes = Buffer.byteLength(table(7))
  mlflow.seedModel(
    'chatbot',
    sides.map((run_id) => ({ run_id })),
    { champion: '1' }
  )
  const http = new HttpClient({ retries: 0, maxResponseBytes: 256 * 1024 * 1024 })
  const registry = new MlflowRegistry(http, mlflow.url, { source: 'none' })
  const [champion, candidate] = await Promise.all([
    registry.getVersion('chatbot', '1'),
    registry.getVersion('chatbot', '2')
  ])
  const ctx = {
    settings: { alias: 'champion', registry: { type: 'mlflow' } },
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
  const totals: number[] = []
  const rssGrowth: number[] = []
  const cpuTotals: number[] = []
  for (let run = 0; run < RUNS; run++) {
    // A new mtime: the file source must read and parse it again, as in a fresh job.
    const stamp = new Date(Date.now() + run * 1000)
    await utimes(path.join(ws, 'results.json'), stamp, stamp)
    global.gc?.()
    const rss0 = process.memoryUsage().rss
    let peak = rss0
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5)
    const evaluations = new Evaluations()
    const cpu0 = process.cpuUsage()
    const t0 = performance.now()
    const [pc, pp] = await Promise.all([
      evaluations.get(pfGate, candidate, ctx),
      evaluations.get(pfGate, champion, ctx)
    ])
    sameItems(pc, pp, '1')
    const pfPaired = pairByIds(
      { ids: pc.ids ?? [], values: numbers(pc, 'pass_rate') },
      { ids: pp.ids ?? [], values: numbers(pp, 'pass_rate') }
    )
    const t1 = performance.now()
    const [mc, mp] = await Promise.all([
      evaluations.get(mlGate, candidate, ctx),
      evaluations.get(mlGate, champion, ctx)
    ])
    sameItems(mc, mp, '1')
    const mlPaired = pairByIds(
      { ids: mc.ids ?? [], values: numbers(mc, 'exact_match/v1') },
      { ids: mp.ids ?? [], values: numbers(mp, 'exact_match/v1') }
    )
    const t2 = performance.now()
    const cpu = process.cpuUsage(cpu0)
    clearInterval(sampler)
    peak = Math.max(peak, process.memoryUsage().rss)
    if (pfPaired.paired !== ROWS / 2 || mlPaired.paired !== ROWS)
      throw new Error('pairing lost items')
    totals.push(t2 - t0)
    cpuTotals.push((cpu.user + cpu.system) / 1000)
    rssGrowth.push((peak - rss0) / 1024 / 1024)
    rows.push(
      `| ${run + 1} | ${(t1 - t0).toFixed(0)} | ${(t2 - t1).toFixed(0)} | ${(t2 - t0).toFixed(0)} | ${((cpu.user + cpu.system) / 1000).toFixed(0)} | ${((peak - rss0) / 1024 / 1024).toFixed(0)} |`
    )
  }
  await http.close()
  await mlflow.close()
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
  console.log(`## Metric sources: ${ROWS.toLocaleString('en')} rows (${new Date().toISOString().slice(0, 10)})

\`npx tsx --expose-gc bench/sources.ts ${ROWS} ${RUNS}\` (or \`node --expose-gc --import tsx\`), Node ${process.version},
${os.cpus().length} vCPUs, load average at start ${os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' / ')}.

- promptfoo: one results.json of ${ROWS.toLocaleString('en')} rows (${(ROWS / 2).toLocaleString('en')} tests × 2 providers),
  ${(pfBytes / 1024 / 1024).toFixed(1)} MB, every EvaluateResult field; both providers read through FileSource,
  then the same-items check and pairByIds (${(ROWS / 2).toLocaleString('en')} pairs).
- MLflow: two ${ROWS.toLocaleString('en')}-row eval_results_table.json artifacts (${(tableBytes / 1024 / 1024).toFixed(1)} MB each),
  listed and downloaded from the stand-in over loopback HTTP, parsed, checked and paired
  (${ROWS.toLocaleString('en')} pairs). The stand-in runs in the same process, so its serving time is included.

| run | promptfoo read + pair (ms) | MLflow read + pair (ms) | total wall (ms) | total CPU, this process (ms) | peak RSS growth (MB) |
|---|---|---|---|---|---|
${rows.join('\n')}

Median total ${median(totals).toFixed(0)} ms wall, ${median(cpuTotals).toFixed(0)} ms CPU (target < 1000 ms); median peak RSS growth ${median(rssGrowth).toFixed(0)} MB (target < 200 MB).
`)
}

await main()
