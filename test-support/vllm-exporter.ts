import http from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * A test exporter serving vLLM's end-to-end latency histogram
 * (`vllm:e2e_request_latency_seconds`, vllm/engine/metrics.py) in the Prometheus text exposition
 * format (prometheus.io/docs/instrumenting/exposition_formats/), one series set per
 * (model_name, version), with bucket counts the tests know.
 *
 * The counters grow with each scrape: scrape k serves `increments × (9 + k)`. Every bucket grows
 * in the same proportion, so histogram_quantile gives the same answer over the raw counters and
 * over rate(…[window]) (rate's extrapolation scales each bucket alike, since first value and
 * growth are proportional), and it is the quantile of `increments` itself, computed by hand in
 * the tests.
 */

/** vLLM's default buckets for e2e latency start finer; these are enough for a known answer. */
export const BUCKETS = [0.1, 0.25, 0.5, 1, 2.5, 5] as const

export interface ExportedHistogram {
  labels: Record<string, string>
  /** Observations per bucket, not cumulative: one per finite bucket, then one for +Inf. */
  increments: number[]
}

export interface VllmExporter {
  url: string
  /** host:port, as a scrape target. */
  target: string
  scrapes: number
  close(): Promise<void>
}

export async function startVllmExporter(histograms: ExportedHistogram[]): Promise<VllmExporter> {
  for (const h of histograms)
    if (h.increments.length !== BUCKETS.length + 1)
      throw new Error(`need ${BUCKETS.length + 1} increments (the last for +Inf)`)
  const state = { scrapes: 0 }
  const server = http.createServer((req, res) => {
    if (req.url !== '/metrics') {
      res.writeHead(404).end()
      return
    }
    state.scrapes++
    const factor = 9 + state.scrapes
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' })
    res.end(render(histograms, factor))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    target: `127.0.0.1:${port}`,
    get scrapes() {
      return state.scrapes
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve()))
  }
}

function render(histograms: ExportedHistogram[], factor: number): string {
  const name = 'vllm:e2e_request_latency_seconds'
  const lines = [
    `# HELP ${name} Histogram of end to end request latency in seconds.`,
    `# TYPE ${name} histogram`
  ]
  for (const h of histograms) {
    const labels = Object.entries(h.labels).map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    const with_ = (extra: string[]): string => `{${[...labels, ...extra].join(',')}}`
    let cumulative = 0
    let sum = 0
    BUCKETS.forEach((le, i) => {
      cumulative += h.increments[i]
      // Each observation counted at its bucket's upper bound: the sum is not what is tested.
      sum += h.increments[i] * le
      lines.push(`${name}_bucket${with_([`le="${le}"`])} ${cumulative * factor}`)
    })
    cumulative += h.increments[BUCKETS.length]
    lines.push(`${name}_bucket${with_(['le="+Inf"'])} ${cumulative * factor}`)
    lines.push(`${name}_sum${with_([])} ${sum * factor}`)
    lines.push(`${name}_count${with_([])} ${cumulative * factor}`)
  }
  return `${lines.join('\n')}\n`
}

/**
 * The histograms the tests gate on. The p99 of each, as histogram_quantile computes it (the rank
 * q × total, interpolated linearly inside the bucket it falls in), is worked out in the tests.
 */
export const KNOWN_HISTOGRAMS: ExportedHistogram[] = [
  // The champion: fast.
  { labels: { model_name: 'chatbot', version: '2' }, increments: [100, 60, 30, 6, 4, 0, 0] },
  // The canary: a slow tail.
  { labels: { model_name: 'chatbot', version: '3' }, increments: [50, 60, 40, 30, 10, 10, 0] },
  // Deployed, but no traffic yet: every bucket 0, so any quantile is NaN.
  { labels: { model_name: 'chatbot', version: '4' }, increments: [0, 0, 0, 0, 0, 0, 0] }
]
