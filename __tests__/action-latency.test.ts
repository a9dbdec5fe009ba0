/** The latency gate through the real bundle, against a loopback serving endpoint. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { type EvalStandin, startEvalStandin } from '../test-support/eval-standin.js'
import { type MlflowStandin, startMlflowStandin } from '../test-support/mlflow-standin.js'
import { runAction } from '../test-support/run-action.js'

let target: http.Server
let targetUrl: string
let delayMs = 2
let mlflow: MlflowStandin
let evals: EvalStandin
const seenPaths = new Set<string>()
beforeAll(async () => {
  target = http.createServer((req, res) => {
    seenPaths.add(req.url ?? '')
    req.resume()
    setTimeout(
      () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'),
      delayMs
    )
  })
  await new Promise<void>((r) => target.listen(0, '127.0.0.1', r))
  targetUrl = `http://127.0.0.1:${(target.address() as AddressInfo).port}`
  mlflow = await startMlflowStandin()
  mlflow.seedModel('chatbot', [{}, {}], { champion: '1' })
  evals = await startEvalStandin()
  evals.set('*:2', { kind: 'ok', metrics: { accuracy: 0.95 } })
})
afterAll(async () => {
  target.closeAllConnections()
  await new Promise((r) => target.close(r))
  await Promise.all([mlflow.close(), evals.close()])
})

const config = (p99: number, load = 'rate: 150'): string => `
gates:
  - {name: accuracy, type: metric, endpoint: "\${EVAL_URL}/v1", metric: accuracy, min: 0.9}
  - name: latency
    type: latency
    target: "\${TARGET}/models/{model}/{version}/invocations"
    body: {inputs: [1, 2, 3]}
    requests: 400
    ${load}
    warmup: 20
    p99_ms: ${p99}
`

describe('latency gate through the bundle', () => {
  it('passes a fast endpoint and reports every percentile beside its limit', async () => {
    delayMs = 2
    const run = await runAction({
      inputs: { model: 'chatbot', version: '2', mode: 'evaluate' },
      env: { MLFLOW_TRACKING_URI: mlflow.url, EVAL_URL: evals.url, TARGET: targetUrl },
      config: config(1000)
    })
    expect(run.outputs.verdict).toBe('pass')
    expect(seenPaths).toContain('/models/chatbot/2/invocations')
    expect(run.summary).toMatch(/\| latency \| total \| 400 \|/)
    expect(run.summary).toContain('≤ 1000')
    const gate = (
      run.receipt?.gates as Array<{ name: string; details: Record<string, unknown>; n: number }>
    ).find((g) => g.name === 'latency')
    expect(gate?.n).toBe(400)
    expect(gate?.details).toMatchObject({ mode: 'open', requests: 400, warmup: 20 })
  })

  // A closed loop has no schedule to slip, so a loaded test machine cannot make this inconclusive.
  it('fails an endpoint whose p99 is over the limit', async () => {
    delayMs = 30
    const run = await runAction({
      inputs: { model: 'chatbot', version: '2', mode: 'evaluate' },
      env: { MLFLOW_TRACKING_URI: mlflow.url, EVAL_URL: evals.url, TARGET: targetUrl },
      config: config(10, 'concurrency: 8')
    })
    expect(run.code).not.toBe(0)
    expect(run.outputs.verdict).toBe('fail')
    expect(run.summary).toMatch(/latency\*\* \(fail\)/)
  })
})
