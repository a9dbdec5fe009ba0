/**
 * source: prometheus against a stand-in that answers with a real Prometheus server's captured
 * answers (test-support/fixtures/prometheus/): every answer shape the source must accept or
 * refuse, the repeated measurement's verdicts, and what the report shows.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import type { GateContext, GateResult } from '../src/gates/gate.js'
import { Evaluations } from '../src/gates/metric/evaluations.js'
import { MetricGate } from '../src/gates/metric/gate.js'
import { MAX_GET_URL, PrometheusSource } from '../src/gates/metric/prometheus.js'
import { HttpClient } from '../src/http/client.js'
import type { ModelVersion } from '../src/registry/registry.js'
import { modelVersion } from '../test-support/model-version.js'
import { measurementSections } from '../src/reports/markdown.js'
import { MetricGateSchema, parseConfig } from '../src/settings/config.js'
import {
  type Answer,
  capture,
  type PrometheusStandin,
  startPrometheusStandin,
  withValue
} from '../test-support/prometheus-standin.js'

const P99 =
  '1000 * histogram_quantile(0.99, sum by (le) (rate(vllm:e2e_request_latency_seconds_bucket{model_name="{model}", version="{version}"}[1m])))'

const version = (v: string): ModelVersion => modelVersion(v)

let prom: PrometheusStandin
let http: HttpClient
beforeEach(async () => {
  prom = await startPrometheusStandin()
  http = new HttpClient({ retries: 0 })
})
afterEach(async () => {
  await http.close()
  await prom.close()
})

function gateConfig(extra: Record<string, unknown> = {}) {
  const g = MetricGateSchema.parse({
    name: 'canary-p99',
    type: 'metric',
    source: 'prometheus',
    url: prom.url,
    query: P99,
    metric: 'p99_ms',
    max: 5000,
    headers: { Authorization: 'Bearer prom-token-0001' },
    ...extra
  })
  if (g.source !== 'prometheus') throw new Error('not a prometheus gate')
  return g
}

function context(signal = new AbortController().signal, deadlineMs = 60_000): GateContext {
  return {
    settings: { alias: 'champion', registry: { type: 'mlflow' } },
    http,
    candidate: version('3'),
    champion: version('2'),
    signal,
    deadline: Date.now() + deadlineMs,
    evaluations: new Evaluations()
  } as unknown as GateContext
}

async function run(answers: Answer[], extra: Record<string, unknown> = {}): Promise<GateResult> {
  prom.answers = answers
  return new MetricGate(gateConfig(extra)).run(context())
}

describe('source: prometheus, one measurement', () => {
  it('fills {model} and {version} in headers as the other sources do (a tenant per model)', async () => {
    await run([capture('success')], {
      headers: { 'X-Scope-OrgID': 'team-{model}', 'X-Version': '{version}' }
    })
    expect(prom.requests[0].headers['x-scope-orgid']).toBe('team-chatbot')
    expect(prom.requests[0].headers['x-version']).toBe('3')
  })

  it('reads a vector of one sample: the value, the filled query, the graph link, the credentials', async () => {
    const r = await run([capture('success')])
    expect(r.verdict).toBe('pass')
    // The captured server's own answer: 1000 × histogram_quantile over the exporter's buckets.
    expect(r.value).toBe(4499.999999999998)
    expect(r.n).toBe(1)
    expect(r.message).toBe('p99_ms 4500 meets ≤ 5000')
    const filled = P99.replace('{model}', 'chatbot').replace('{version}', '3')
    expect(prom.requests).toHaveLength(1)
    expect(prom.requests[0]).toMatchObject({ method: 'GET', path: '/api/v1/query', query: filled })
    expect(prom.requests[0].headers.authorization).toBe('Bearer prom-token-0001')
    expect(r.details).toMatchObject({
      query: filled,
      graph_url: `${prom.url}/graph?g0.expr=${encodeURIComponent(filled)}&g0.tab=0&g0.range_input=1h`,
      measurements: [{ index: 1, value: 4499.999999999998, verdict: 'pass' }]
    })
    const at = (r.details as { measurements: Array<{ at: string }> }).measurements[0].at
    // The sample's own timestamp from the capture, not the runner's clock.
    expect(at).toBe(new Date(1796648735.148 * 1000).toISOString())
  })

  it('reads a scalar', async () => {
    const r = await run([capture('scalar')], { max: 3000 })
    expect(r.verdict).toBe('pass')
    expect(r.value).toBe(2400)
  })

  it('fails a value above the maximum and says by how much', async () => {
    const r = await run([capture('success')], { max: 4000 })
    expect(r.verdict).toBe('fail')
    expect(r.message).toBe('p99_ms 4500 is above the maximum 4000 by 500')
  })

  it('keeps a base URL path prefix (Prometheus behind --web.route-prefix)', async () => {
    prom.answers = [capture('success')]
    await new MetricGate(gateConfig({ url: `${prom.url}/prometheus/` })).run(context())
    expect(prom.requests[0].path).toBe('/prometheus/api/v1/query')
  })

  it('sends a long query as a form-encoded POST', async () => {
    const long = `${P99} + 0 * (${'vector(1) + '.repeat(200)}vector(1))`
    expect(long.length).toBeGreaterThan(MAX_GET_URL)
    const r = await run([capture('success')], { query: long })
    expect(r.verdict).toBe('pass')
    expect(prom.requests[0]).toMatchObject({
      method: 'POST',
      path: '/api/v1/query',
      contentType: 'application/x-www-form-urlencoded',
      query: long.replace('{model}', 'chatbot').replace('{version}', '3')
    })
  })
})

describe('source: prometheus refuses every answer that is not one number', () => {
  it('no series', async () => {
    const r = await run([capture('empty')])
    expect(r.verdict).toBe('error')
    expect(r.message).toContain('the query returned no series')
    expect(r.message).toContain('Check that the deployment is serving traffic')
  })

  it('several series, naming their label sets', async () => {
    const r = await run([capture('several-series')])
    expect(r.verdict).toBe('error')
    expect(r.message).toMatch(/the query returned 3 series, not one: /)
    expect(r.message).toMatch(
      /vllm:e2e_request_latency_seconds_count\{instance="127\.0\.0\.1:\d+", job="vllm", model_name="chatbot", version="2"\}/
    )
    expect(r.message).toContain('version="4"}')
    expect(r.message).toContain('Aggregate to one series')
  })

  it('NaN', async () => {
    const r = await run([capture('nan')])
    expect(r.verdict).toBe('error')
    expect(r.message).toContain('the sample {} is NaN')
    expect(r.value).toBeUndefined()
  })

  it('+Inf', async () => {
    const r = await run([capture('inf')])
    expect(r.verdict).toBe('error')
    expect(r.message).toContain('the sample {} is +Inf')
  })

  it('a bad query (status error): errorType and error, and no second try', async () => {
    const r = await run([capture('bad-query')], {
      count: 3,
      interval: '10ms',
      inconclusive_limit: 2
    })
    expect(r.verdict).toBe('error')
    expect(r.message).toContain(
      'answered HTTP 400, bad_data: invalid parameter "query": 1:43: parse error: unclosed left parenthesis'
    )
    expect(r.message).toContain('Fix the PromQL query')
    expect(prom.requests).toHaveLength(1)
  })

  it('an execution error (HTTP 422): errorType and error', async () => {
    const r = await run([capture('execution-error')])
    expect(r.verdict).toBe('error')
    expect(r.message).toContain('answered HTTP 422, execution: found duplicate series')
  })

  it('an answer with a warning, saying which', async () => {
    const r = await run([capture('warnings')])
    expect(r.verdict).toBe('error')
    expect(r.message).toContain(
      'returned the answer with a warning: remote read: query for 1 series from the long-term store timed out'
    )
  })

  it('a range vector (matrix)', async () => {
    const r = await run([capture('matrix')])
    expect(r.verdict).toBe('error')
    expect(r.message).toContain('returned a range vector (matrix), not one number')
  })

  it('refused credentials end the gate at once', async () => {
    const r = await run([{ status: 401, content_type: 'text/plain', text: 'Unauthorized\n' }], {
      count: 3,
      interval: '10ms',
      inconclusive_limit: 2
    })
    expect(r.verdict).toBe('error')
    expect(r.message).toContain('answered HTTP 401')
    expect(r.message).toContain('Check the credentials')
    expect(prom.requests).toHaveLength(1)
  })

  it('an unreachable server is a measurement without a value, counted like any other', async () => {
    const closed = await startPrometheusStandin()
    const url = closed.url
    await closed.close()
    const r = await run([capture('success')], { url })
    expect(r.verdict).toBe('error')
    expect(r.message).toContain("Prometheus of gate 'canary-p99' refused the connection")
    expect(r.details).toMatchObject({ measurements: [{ index: 1, verdict: 'error' }] })
  })

  it('a query with an unfilled template is refused before it is sent', async () => {
    const r = await run([capture('success')], {
      query: 'sum(rate(x{model="{model}", deployment="{canary}"}[5m]))'
    })
    expect(r.verdict).toBe('error')
    expect(r.message).toContain("the query's {canary} has no value in this run")
    expect(r.message).toContain('{model}, {version}')
    expect(prom.requests).toHaveLength(0)
  })

  it('{previous_version} on a first promotion is unfilled too', async () => {
    prom.answers = [capture('success')]
    const ctx = { ...context(), champion: null } as GateContext
    const r = await new MetricGate(gateConfig({ query: 'x{version="{previous_version}"}' })).run(
      ctx
    )
    expect(r.verdict).toBe('error')
    expect(r.message).toContain('{previous_version} has no value')
    expect(prom.requests).toHaveLength(0)
  })
})

describe('source: prometheus, repeated measurements (Argo Rollouts analysis)', () => {
  const measurements = (r: GateResult) =>
    (r.details as { measurements: Array<{ index: number; value?: number; verdict: string }> })
      .measurements

  it('passes when no more than failure_limit fail, reporting each with its time and value', async () => {
    const r = await run(
      [withValue('success', '4100'), withValue('success', '5300'), withValue('success', '4200')],
      { count: 3, interval: '20ms', failure_limit: 1 }
    )
    expect(r.verdict).toBe('pass')
    expect(measurements(r).map((m) => [m.value, m.verdict])).toEqual([
      [4100, 'pass'],
      [5300, 'fail'],
      [4200, 'pass']
    ])
    // The worst measurement is the gate's value.
    expect(r.value).toBe(5300)
    expect(r.n).toBe(3)
    expect(r.message).toMatch(
      /^p99_ms met ≤ 5000 in 2 of 3 measurements \(worst 5300\); 1 failed, within failure_limit 1/
    )
    expect(prom.requests).toHaveLength(3)
  })

  it('fails once more than failure_limit fail, and stops measuring', async () => {
    const r = await run(
      [withValue('success', '5300'), withValue('success', '5400'), withValue('success', '100')],
      { count: 5, interval: '20ms', failure_limit: 1 }
    )
    expect(r.verdict).toBe('fail')
    expect(r.message).toMatch(
      /^2 of 2 measurements failed, more than failure_limit 1: p99_ms #1 at/
    )
    expect(r.message).toContain('5400 is above the maximum 5000 by 400')
    expect(r.message).toContain('(stopped after 2 of 5: the verdict was settled)')
    expect(prom.requests).toHaveLength(2)
  })

  it('is inconclusive when more than inconclusive_limit measurements are errors', async () => {
    const r = await run(
      [withValue('success', '4100'), capture('empty'), capture('nan'), withValue('success', '1')],
      { count: 4, interval: '20ms', inconclusive_limit: 1 }
    )
    expect(r.verdict).toBe('inconclusive')
    expect(r.message).toMatch(
      /^2 of 3 measurements gave no usable value, more than inconclusive_limit 1/
    )
    expect(r.message).toContain('returned no series')
    expect(r.message).toContain('is NaN')
    expect(measurements(r).map((m) => m.verdict)).toEqual(['pass', 'error', 'error'])
  })

  it('passes with errors within inconclusive_limit, and says so', async () => {
    const r = await run(
      [withValue('success', '4100'), capture('empty'), withValue('success', '4300')],
      {
        count: 3,
        interval: '20ms',
        inconclusive_limit: 1
      }
    )
    expect(r.verdict).toBe('pass')
    expect(r.message).toContain('1 gave no value, within inconclusive_limit 1')
    expect(r.n).toBe(2)
  })

  it('is an error, not inconclusive, when no measurement gave a value', async () => {
    const r = await run([capture('empty'), capture('nan')], {
      count: 3,
      interval: '20ms',
      inconclusive_limit: 1
    })
    expect(r.verdict).toBe('error')
    expect(r.message).toMatch(/^no measurement gave a value: #1 at .*no series.*; #2 at .*NaN/)
  })

  it('refuses a count × interval that the gate timeout cannot hold, before any query', async () => {
    prom.answers = [capture('success')]
    const g = gateConfig({ count: 5, interval: '1m' })
    const r = await new MetricGate(g).run(context(new AbortController().signal, 120_000))
    expect(r.verdict).toBe('error')
    expect(r.message).toMatch(
      /needs 240 s for 5 measurements 60 s apart, more than its timeout leaves \(1[12]\d s\)/
    )
    expect(prom.requests).toHaveLength(0)
  })

  it('stops waiting between measurements when the run is cancelled', async () => {
    const controller = new AbortController()
    prom.answers = [capture('success')]
    prom.onRequest = () => controller.abort(new Error('cancelled'))
    const started = Date.now()
    const read = new PrometheusSource(gateConfig({ count: 3, interval: '10m' })).read(
      version('3'),
      'candidate',
      context(controller.signal, 3_600_000)
    )
    await expect(read).rejects.toThrow('cancelled')
    // Well short of the 10 minutes it would otherwise wait.
    expect(Date.now() - started).toBeLessThan(5_000)
    expect(prom.requests).toHaveLength(1)
  })
})

describe('source: prometheus config', () => {
  const parse = (gate: string) =>
    parseConfig(
      `gates:\n  - {name: canary, type: metric, source: prometheus, url: http://p:9090, query: up, max: 1, ${gate}}\n`,
      'x.yml'
    )

  it('needs an interval when count > 1', () => {
    expect(() => parse('count: 3')).toThrow('gates[0].interval: count > 1 needs an interval')
  })

  it('refuses decide_on: interval (measurements have no confidence interval)', () => {
    expect(() => parse('decide_on: interval')).toThrow('decide_on must be point')
  })

  it('takes inconclusive_limit, and names the number "value" unless told', () => {
    const g = parse('count: 3, interval: 30s, failure_limit: 1, inconclusive_limit: 1').gates[0]
    expect(g).toMatchObject({ count: 3, failure_limit: 1, inconclusive_limit: 1, metric: 'value' })
  })
})

describe('the report of a measured gate', () => {
  it('shows the query, a link to it, each measurement and a mermaid xychart with the limit', async () => {
    const r = await run(
      [withValue('success', '4100'), withValue('success', '5300'), withValue('success', '4200')],
      { count: 3, interval: '20ms', failure_limit: 1 }
    )
    const md = measurementSections([r])
    const filled = P99.replace('{model}', 'chatbot').replace('{version}', '3')
    expect(md).toContain(`\`\`\`promql\n${filled}\n\`\`\``)
    expect(md).toContain(`[open the query in Prometheus](${prom.url}/graph?g0.expr=`)
    expect(md).toMatch(
      /```mermaid\nxychart-beta\n {2}title "canary-p99: p99_ms per measurement \(limit 5000\)"\n {2}x-axis \["\d\d:\d\d:\d\d", "\d\d:\d\d:\d\d", "\d\d:\d\d:\d\d"\]\n {2}y-axis "p99_ms"\n {2}line \[4100, 5300, 4200\]\n {2}line \[5000, 5000, 5000\]\n```/
    )
    expect(md).toMatch(
      /\| 2 \| \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \| 5300 \| fail: 5300 is above the maximum 5000 by 300 \|/
    )
  })
})
