import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { callEvalEndpoint } from '../src/gates/metric/endpoint.js'
import { metricValue } from '../src/gates/metric/result.js'
import { HttpClient } from '../src/http/client.js'

let body = ''
let server: http.Server
let url = ''
const client = new HttpClient({ retries: 0 })
beforeAll(async () => {
  server = http.createServer((req, res) => {
    req.resume()
    res.writeHead(200, { 'content-type': 'application/json' }).end(body)
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`
})
afterAll(async () => {
  await client.close()
  await new Promise((r) => server.close(r))
})

const call = (text: string): Promise<unknown> => {
  body = text
  return callEvalEndpoint({
    http: client,
    endpoint: url,
    headers: {},
    body: {},
    party: 'eval endpoint',
    pollIntervalMs: 10,
    deadline: Date.now() + 5000,
    signal: new AbortController().signal
  })
}

describe('eval result bodies', () => {
  it.each([
    '{"metrics": {"accuracy": NaN}}',
    '{"metrics": {"accuracy": -Infinity, "n": 3}}',
    '{"metrics":{"a":Infinity}}'
  ])('names a bare NaN or Infinity (Python json.dumps) as such: %s', async (text) => {
    await expect(call(text)).rejects.toThrow('returned a NaN or infinite value')
  })

  it('does not mistake the word NaN inside a string for a value', async () => {
    const result = (await call(
      '{"metrics": {"accuracy": 0.91}, "note": "no NaN, Infinity or -Infinity here"}'
    )) as {
      metrics: Record<string, unknown>
    }
    expect(metricValue(result, 'accuracy', 'eval endpoint')).toBe(0.91)
  })

  it('calls other unparseable bodies what they are', async () => {
    await expect(call('accuracy=0.9')).rejects.toThrow('with a body that is not JSON')
  })
})
