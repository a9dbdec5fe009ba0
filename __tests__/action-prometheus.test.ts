/**
 * source: prometheus against a REAL Prometheus (Debian's package; .ci/run installs it), scraping
 * a test exporter that serves a vLLM-style latency histogram with known counts: the source's p99
 * is what histogram_quantile must give for those buckets, and canary gates pass and fail through
 * the bundled dist/index.js as GitHub runs it. In CI a missing binary fails these tests; elsewhere
 * they are skipped with a message.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import type { GateContext } from '../src/gates/gate.js'
import { Evaluations } from '../src/gates/metric/evaluations.js'
import { MetricGate } from '../src/gates/metric/gate.js'
import { HttpClient } from '../src/http/client.js'
import type { ModelVersion } from '../src/registry/registry.js'
import { modelVersion } from '../test-support/model-version.js'
import { MetricGateSchema } from '../src/settings/config.js'
import { useActionHarness } from '../test-support/action-harness.js'
import {
  prometheusAvailable,
  type RealPrometheus,
  startPrometheus,
  vectorValues
} from '../test-support/prometheus.js'
import {
  BUCKETS,
  KNOWN_HISTOGRAMS,
  startVllmExporter,
  type VllmExporter
} from '../test-support/vllm-exporter.js'

const P99 =
  '1000 * histogram_quantile(0.99, sum by (le) (rate(vllm:e2e_request_latency_seconds_bucket{model_name="{model}", version="{version}"}[1m])))'

/*
 * By hand, as histogram_quantile works: rank = 0.99 × total; find the first bucket whose
 * cumulative count reaches the rank; interpolate linearly between its lower and upper bound.
 *
 * The canary (v3), increments [50, 60, 40, 30, 10, 10, 0] over le 0.1, 0.25, 0.5, 1, 2.5, 5, +Inf:
 * cumulative 50, 110, 150, 180, 190, 200, 200; total 200; rank 198 falls in (2.5, 5], which holds
 * 10 with 190 below it: 2.5 + (5 − 2.5) × (198 − 190) / 10 = 4.5 s = 4500 ms.
 *
 * The champion (v2), increments [100, 60, 30, 6, 4, 0, 0]: cumulative 100, 160, 190, 196, 200;
 * rank 198 falls in (1, 2.5], which holds 4 with 196 below it: 1 + 1.5 × 2 / 4 = 1.75 s = 1750 ms.
 */
const CANARY_P99_MS = 4500
const CHAMPION_P99_MS = 1750

const suite = prometheusAvailable('action-prometheus.test.ts') ? describe : describe.skip

let exporter: VllmExporter
let prom: RealPrometheus
beforeAll(async () => {
  exporter = await startVllmExporter(KNOWN_HISTOGRAMS)
  prom = await startPrometheus([exporter.target])
  // rate() needs two scrapes in its window: wait until the canary's p99 query has an answer.
  const canary = P99.replace('{model}', 'chatbot').replace('{version}', '3')
  await prom.waitFor(canary, (a) => vectorValues(a).some(Number.isFinite))
}, 60_000)
afterAll(async () => {
  await prom?.close()
  await exporter?.close()
})

const version = (v: string): ModelVersion => modelVersion(v)

suite('source: prometheus on a real server', () => {
  let http: HttpClient
  beforeEach(() => {
    http = new HttpClient({ retries: 0 })
  })
  afterEach(() => http.close())

  async function gate(candidate: string, extra: Record<string, unknown> = {}) {
    const config = MetricGateSchema.parse({
      name: 'canary-p99',
      type: 'metric',
      source: 'prometheus',
      url: prom.url,
      query: P99,
      metric: 'p99_ms',
      max: 5000,
      ...extra
    })
    const ctx = {
      settings: { alias: 'champion', registry: { type: 'mlflow' } },
      http,
      candidate: version(candidate),
      champion: version('2'),
      signal: new AbortController().signal,
      deadline: Date.now() + 30_000,
      evaluations: new Evaluations()
    } as unknown as GateContext
    return new MetricGate(config).run(ctx)
  }

  it("gives the p99 histogram_quantile must give for the exporter's buckets", async () => {
    expect(BUCKETS).toEqual([0.1, 0.25, 0.5, 1, 2.5, 5])
    const canary = await gate('3')
    expect(canary.verdict).toBe('pass')
    // rate()'s extrapolation leaves a rounding error in the last digits, nothing more.
    expect(canary.value).toBeCloseTo(CANARY_P99_MS, 6)
    const champion = await gate('2')
    expect(champion.value).toBeCloseTo(CHAMPION_P99_MS, 6)
  })

  it('gives the same p99 over the raw cumulative counters', async () => {
    const r = await gate('3', {
      query:
        '1000 * histogram_quantile(0.99, sum by (le) (vllm:e2e_request_latency_seconds_bucket{version="{version}"}))'
    })
    expect(r.value).toBeCloseTo(CANARY_P99_MS, 6)
  })

  it('is an error for a deployment without traffic (NaN), and for a version it has never seen', async () => {
    const idle = await gate('4')
    expect(idle.verdict).toBe('error')
    expect(idle.message).toContain('is NaN')
    const unknown = await gate('9')
    expect(unknown.verdict).toBe('error')
    expect(unknown.message).toContain('the query returned no series')
  })

  it('is an error naming the series when the query does not aggregate them', async () => {
    const r = await gate('3', { query: 'vllm:e2e_request_latency_seconds_count' })
    expect(r.verdict).toBe('error')
    expect(r.message).toContain('the query returned 3 series, not one')
    expect(r.message).toContain(`instance="${exporter.target}"`)
  })
})

suite('a canary gate through dist/index.js, against a real Prometheus', () => {
  const h = useActionHarness({
    registry: 'mlflow',
    seed: { chatbot: { versions: [{}, {}, {}], aliases: { champion: '2' } } }
  })

  const config = (max: number): string => `
promote: {alias: champion}
gates:
  - name: canary-p99
    type: metric
    source: prometheus
    url: ${prom.url}
    headers: {Authorization: "Bearer \${PROM_TOKEN}"}
    query: '${P99}'
    metric: p99_ms
    max: ${max}
    count: 2
    interval: 1s
    timeout: 30s
`
  const TOKEN = 'prom-secret-token-77'
  const run = (max: number) =>
    h.run({ model: 'chatbot', version: '3' }, { env: { PROM_TOKEN: TOKEN }, config: config(max) })

  it('promotes the canary when its p99 stays under the limit in every measurement', async () => {
    const r = await run(5000)
    expect(r.code).toBe(0)
    expect(r.outputs).toMatchObject({ verdict: 'pass', promoted: 'true' })
    expect(h.mlflow.aliasOf('chatbot', 'champion')).toBe('3')
    const filled = P99.replace('{model}', 'chatbot').replace('{version}', '3')
    expect(r.summary).toContain(`\`\`\`promql\n${filled}\n\`\`\``)
    expect(r.summary).toContain(
      `[open the query in Prometheus](${prom.url}/graph?g0.expr=${encodeURIComponent(filled)}&g0.tab=0`
    )
    expect(r.summary).toMatch(
      /```mermaid\nxychart-beta\n.*\n {2}x-axis \["[\d:]{8}", "[\d:]{8}"\]\n.*\n {2}line \[4500, 4500\]\n {2}line \[5000, 5000\]\n```/
    )
    expect(r.summary).toMatch(/\| canary-p99 \| p99_ms \| 4500 \| ≤ 5000 \| +\| 2 \| ✅ pass \|/)
    const gates = (r.receipt as { gates: Array<{ details: { measurements: unknown[] } }> }).gates
    const ms = gates[0].details.measurements as Array<{ value: number; at: string }>
    expect(ms).toHaveLength(2)
    for (const m of ms) expect(m.value).toBeCloseTo(CANARY_P99_MS, 6)
    // A second apart, as configured (each at its sample's own timestamp).
    const apart = Date.parse(ms[1].at) - Date.parse(ms[0].at)
    expect(apart).toBeGreaterThanOrEqual(900)
    // The runner consumes the ::add-mask:: command that registers it; nothing else may carry it.
    expect(r.stdout).toContain(`::add-mask::${TOKEN}`)
    const printed = r.stdout
      .split('\n')
      .filter((l) => !l.startsWith('::add-mask::'))
      .join('\n')
    for (const text of [r.summary, printed, r.stderr, JSON.stringify(r.receipt)])
      expect(text).not.toContain(TOKEN)
  })

  it('refuses the canary when its p99 is over the limit, saying by how much, and moves nothing', async () => {
    const r = await run(4000)
    expect(r.code).not.toBe(0)
    expect(r.outputs).toMatchObject({ verdict: 'fail', promoted: 'false' })
    expect(h.mlflow.aliasOf('chatbot', 'champion')).toBe('2')
    expect(r.summary).toContain('4500 is above the maximum 4000 by 500')
    expect(r.stdout).toMatch(/::error title=model-gate%3A canary-p99 fail::/)
    expect(h.mlflow.requests.filter((q) => q.method !== 'GET')).toEqual([])
  })
})
