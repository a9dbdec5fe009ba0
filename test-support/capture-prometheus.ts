/**
 * Captures a real Prometheus server's answers into test-support/fixtures/prometheus/, for the
 * unit tests' stand-in. Needs the `prometheus` binary (Debian: apt-get install prometheus).
 *
 *   npx tsx test-support/capture-prometheus.ts
 *
 * Starts the test exporter (test-support/vllm-exporter.ts) and our own Prometheus scraping it,
 * waits for three scrapes, then asks each query below once and saves status, content type and
 * body as the server sent them.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { startPrometheus } from './prometheus.js'
import { ROOT } from './run-action.js'
import { KNOWN_HISTOGRAMS, startVllmExporter } from './vllm-exporter.js'

const P99 = (version: string): string =>
  `1000 * histogram_quantile(0.99, sum by (le) (rate(vllm:e2e_request_latency_seconds_bucket{model_name="chatbot", version="${version}"}[1m])))`

const CAPTURES: Record<string, string> = {
  success: P99('3'),
  scalar: 'scalar(sum(vllm:e2e_request_latency_seconds_count{version="3"}))',
  empty: P99('9'),
  'several-series': 'vllm:e2e_request_latency_seconds_count',
  'bad-query': 'sum(vllm:e2e_request_latency_seconds_count',
  nan: 'histogram_quantile(0.99, sum by (le) (vllm:e2e_request_latency_seconds_bucket{version="4"}))',
  inf: 'sum(vllm:e2e_request_latency_seconds_count{version="3"}) / 0',
  matrix: 'vllm:e2e_request_latency_seconds_count{version="3"}[5s]',
  'execution-error':
    'vllm:e2e_request_latency_seconds_count + on() vllm:e2e_request_latency_seconds_sum'
}

async function main(): Promise<void> {
  const exporter = await startVllmExporter(KNOWN_HISTOGRAMS)
  const prom = await startPrometheus([exporter.target])
  try {
    await prom.waitFor(
      'count_over_time(up{job="vllm"}[1m])',
      (a) =>
        (a.data?.result as Array<{ value: [number, string] }> | undefined)?.some(
          (s) => Number(s.value[1]) >= 3
        ) ?? false
    )
    const version = await (await fetch(`${prom.url}/api/v1/status/buildinfo`)).json()
    const dir = path.join(ROOT, 'test-support', 'fixtures', 'prometheus')
    await mkdir(dir, { recursive: true })
    for (const [name, query] of Object.entries(CAPTURES)) {
      const res = await fetch(`${prom.url}/api/v1/query?query=${encodeURIComponent(query)}`)
      const capture = {
        captured: `GET /api/v1/query on Prometheus ${(version as { data: { version: string } }).data.version} (Debian package), ${new Date().toISOString().slice(0, 10)}, by test-support/capture-prometheus.ts`,
        query,
        status: res.status,
        content_type: res.headers.get('content-type'),
        body: await res.json()
      }
      await writeFile(path.join(dir, `${name}.json`), `${JSON.stringify(capture, null, 2)}\n`)
      console.log(`${name}: HTTP ${res.status}`)
    }
  } finally {
    await prom.close()
    await exporter.close()
  }
}

await main()
