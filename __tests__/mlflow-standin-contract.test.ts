/**
 * Contract test for the MLflow stand-in: replays every recorded exchange with the real MLflow 3.6
 * server (test-support/fixtures/mlflow/captures) against it and demands the same status, content type
 * and body. Only generated values are mapped: run ids and webhook uuids (learned from the stand-in's
 * own answers, then substituted into later requests) and server-made timestamps (mapped
 * consistently, so "model last_updated == v3 created" style relations still have to hold).
 *
 * Every numbered capture is reproduced exactly; none is excluded.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { createHmac } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { request } from 'undici'
import { startMlflowStandin, type MlflowStandin } from '../test-support/mlflow-standin/index.js'
import { fixturePath } from '../test-support/fixtures.js'

// The repo's copy of the captures; a missing file fails the suite rather than skipping it.
const CAPTURES_DIR = fixturePath('mlflow', 'captures')

interface Capture {
  file: string
  number: number
  name: string
  method: string
  url_sent: string
  request_headers: Record<string, string> | null
  request_body: unknown
  status: number
  response_content_type: string
  response_body: unknown
  response_text?: string
}

interface Delivery {
  headers: Record<string, string>
  body: unknown
  raw_body: string
}

function loadCaptures(): Capture[] {
  return readdirSync(CAPTURES_DIR)
    .filter((f) => /^\d{3}-.*\.json$/.test(f))
    .sort()
    .map((file) => ({
      ...(JSON.parse(readFileSync(join(CAPTURES_DIR, file), 'utf8')) as Omit<Capture, 'file'>),
      file,
      number: Number(file.slice(0, 3))
    }))
}

const captures = loadCaptures()
const inRange = (lo: number, hi: number): Capture[] =>
  captures.filter((c) => c.number >= lo && c.number <= hi)
const defaultGroup = inRange(1, 76)
const webhookGroup = inRange(101, 108)
const authGroup = inRange(201, 212)

// 32-hex run ids and uuids (webhook ids); \b keeps long runs like 'aaaa…' (059) from matching.
const ID_RE = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b|\b[0-9a-f]{32}\b/g
// Timestamps the server makes; start_time and metric timestamps are sent by the client.
const SERVER_TIMESTAMPS = new Set(['creation_timestamp', 'last_updated_timestamp'])

function mediaType(ct: string | undefined): { type: string; charset?: string } {
  const [type, ...params] = (ct ?? '').split(';').map((s) => s.trim())
  const charset = params.find((p) => /^charset=/i.test(p))?.slice('charset='.length)
  return { type: type.toLowerCase(), charset: charset?.toLowerCase() }
}

interface Outcome {
  status: number
  contentType: { type: string; charset?: string }
  body: unknown
  wwwAuthenticate?: string
  implausibleTimestamps: number[]
}

/** Maps one capture session's generated values onto the stand-in's. */
class Replayer {
  private readonly ids = new Map<string, string>()
  private readonly stamps = new Map<number, number>()
  private readonly startedAt = Date.now()
  private readonly implausible: number[] = []

  constructor(
    private readonly standin: MlflowStandin,
    /** Fixed substitutions, captured → live (e.g. the webhook receiver's URL). */
    private readonly fixed: Array<[string, string]> = []
  ) {}

  private live(s: string): string {
    let out = s
    for (const [from, to] of this.fixed) out = out.split(from).join(to)
    return out.replace(ID_RE, (id) => this.ids.get(id) ?? id)
  }

  /** Query values are percent-encoded (`%27<id>%27`), so map them decoded. */
  private liveUrl(url: string): string {
    const [path, query] = url.split('?')
    if (query === undefined) return this.live(path)
    const pairs = query.split('&').map((pair) => {
      const [k, v = ''] = pair.split('=')
      const decoded = decodeURIComponent(v.replace(/\+/g, ' '))
      const mapped = this.live(decoded)
      return mapped === decoded ? pair : `${k}=${encodeURIComponent(mapped)}`
    })
    return `${this.live(path)}?${pairs.join('&')}`
  }

  private liveDeep(v: unknown, key?: string): unknown {
    if (typeof v === 'string') return this.live(v)
    if (typeof v === 'number' && key && SERVER_TIMESTAMPS.has(key)) return this.stamps.get(v) ?? v
    if (Array.isArray(v)) return v.map((x) => this.liveDeep(x))
    if (v && typeof v === 'object') {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, this.liveDeep(x, k)]))
    }
    return v
  }

  /** First sight of a generated value in an answer fixes its mapping for the rest of the session. */
  private learn(expected: unknown, actual: unknown, key?: string): void {
    if (typeof expected === 'string' && typeof actual === 'string') {
      const e = expected.match(ID_RE) ?? []
      const a = actual.match(ID_RE) ?? []
      if (e.length !== a.length) return
      const used = new Set(this.ids.values())
      e.forEach((id, i) => {
        if (!this.ids.has(id) && !used.has(a[i])) this.ids.set(id, a[i])
      })
    } else if (typeof expected === 'number' && typeof actual === 'number') {
      if (key && SERVER_TIMESTAMPS.has(key) && !this.stamps.has(expected)) {
        // A server timestamp must be "now", and (requests being >= 2 ms apart) captured stamps
        // that differ must differ here too, e.g. an update bumping last_updated_timestamp (045).
        if (actual < this.startedAt || actual > Date.now()) this.implausible.push(actual)
        if ([...this.stamps.values()].includes(actual)) this.implausible.push(actual)
        this.stamps.set(expected, actual)
      }
    } else if (Array.isArray(expected) && Array.isArray(actual)) {
      expected.forEach((x, i) => this.learn(x, actual[i]))
    } else if (expected && actual && typeof expected === 'object' && typeof actual === 'object') {
      for (const [k, x] of Object.entries(expected)) {
        this.learn(x, (actual as Record<string, unknown>)[k], k)
      }
    }
  }

  /** Sends the captured request; returns what came back and what the capture says should. */
  async replay(c: Capture): Promise<{ actual: Outcome; expected: Outcome }> {
    const headers = Object.fromEntries(
      Object.entries(c.request_headers ?? {}).map(([k, v]) => [k, this.live(v)])
    )
    await new Promise((resolve) => setTimeout(resolve, 2))
    let body: string | undefined
    if (typeof c.request_body === 'string') body = this.live(c.request_body)
    else if (c.request_body !== null) body = JSON.stringify(this.liveDeep(c.request_body))
    const res = await request(this.standin.url + this.liveUrl(c.url_sent), {
      method: c.method,
      headers,
      body
    })
    const text = await res.body.text()
    const contentType = res.headers['content-type']
    const auth = res.headers['www-authenticate']
    let actualBody: unknown = text
    if (c.response_body !== null) {
      try {
        actualBody = JSON.parse(text)
      } catch {
        // keep the text: the mismatch shows what came instead of JSON
      }
      this.learn(c.response_body, actualBody)
    }
    return {
      actual: {
        status: res.statusCode,
        contentType: mediaType(typeof contentType === 'string' ? contentType : undefined),
        body: actualBody,
        wwwAuthenticate: typeof auth === 'string' ? auth : undefined,
        implausibleTimestamps: this.implausible.splice(0)
      },
      expected: {
        status: c.status,
        contentType: mediaType(c.response_content_type),
        body: c.response_body !== null ? this.liveDeep(c.response_body) : c.response_text,
        // README §2: every basic-auth 401 carries this challenge.
        wwwAuthenticate: c.status === 401 ? 'Basic realm="mlflow"' : undefined,
        implausibleTimestamps: []
      }
    }
  }
}

/** A webhook receiver answering like the one the captures were recorded with. */
async function startReceiver(): Promise<{
  url: string
  received: Array<{ headers: http.IncomingHttpHeaders; body: string }>
  close: () => Promise<void>
}> {
  const received: Array<{ headers: http.IncomingHttpHeaders; body: string }> = []
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') })
      res.writeHead(200, { 'Content-Type': 'application/json' })
      res.end('{"ok": true}')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
  }
}

const describeCaptures = describe

describeCaptures('MLflow stand-in replays the real server captures', () => {
  test('every numbered capture belongs to a replayed group', () => {
    const replayed = [...defaultGroup, ...webhookGroup, ...authGroup].map((c) => c.file)
    expect(replayed).toEqual(captures.map((c) => c.file))
    expect([defaultGroup.length, webhookGroup.length, authGroup.length]).toEqual([76, 8, 12])
  })

  describe('default server (001–076, one session)', () => {
    let standin: MlflowStandin
    let replayer: Replayer
    beforeAll(async () => {
      standin = await startMlflowStandin()
      replayer = new Replayer(standin)
    })
    afterAll(() => standin.close())

    test.each(defaultGroup.map((c) => [c.file, c] as const))('%s', async (_file, c) => {
      const { actual, expected } = await replayer.replay(c)
      expect(actual).toStrictEqual(expected)
    })

    test('061 really reached the server without a Content-Type', () => {
      const posts = standin.requests.filter(
        (r) => r.method === 'POST' && r.path === '/api/2.0/mlflow/registered-models/alias'
      )
      expect(posts.filter((r) => r.headers['content-type'] === undefined)).toHaveLength(1)
    })
  })

  describe('webhooks with http allowed (101–108) and what the receiver got', () => {
    const capturedReceiver = 'http://127.0.0.1:5057/hook'
    let standin: MlflowStandin
    let receiver: Awaited<ReturnType<typeof startReceiver>>
    let replayer: Replayer
    beforeAll(async () => {
      receiver = await startReceiver()
      standin = await startMlflowStandin({ webhookAllowedSchemes: ['http', 'https'] })
      replayer = new Replayer(standin, [[capturedReceiver, receiver.url]])
    })
    afterAll(async () => {
      await standin.close()
      await receiver.close()
    })

    test.each(webhookGroup.map((c) => [c.file, c] as const))('%s', async (_file, c) => {
      const { actual, expected } = await replayer.replay(c)
      expect(actual).toStrictEqual(expected)
    })

    test('deliveries match WH-deliveries-received.json (bodies, headers, signatures)', async () => {
      await standin.settled()
      const expected = (
        JSON.parse(readFileSync(join(CAPTURES_DIR, 'WH-deliveries-received.json'), 'utf8')) as {
          deliveries: Delivery[]
        }
      ).deliveries
      const withoutTimestamp = (body: unknown): string =>
        JSON.stringify({ ...(body as Record<string, unknown>), timestamp: '<ts>' })
      // Delivery is asynchronous, so arrival order is not part of the contract.
      expect(receiver.received.map((r) => withoutTimestamp(JSON.parse(r.body))).sort()).toEqual(
        expected.map((d) => withoutTimestamp(d.body)).sort()
      )
      for (const { headers, body } of receiver.received) {
        const id = String(headers['x-mlflow-delivery-id'])
        const ts = String(headers['x-mlflow-timestamp'])
        expect(headers['content-type']).toBe('application/json')
        expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
        expect(Math.abs(Number(ts) - Date.now() / 1000)).toBeLessThan(60)
        const sig = createHmac('sha256', 'gate-secret')
          .update(`${id}.${ts}.${body}`)
          .digest('base64')
        expect(headers['x-mlflow-signature']).toBe(`v1,${sig}`)
        // Same serialisation as Python's json.dumps, so raw-body signatures verify identically.
        const { timestamp } = JSON.parse(body) as { timestamp: string }
        expect(timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00$/)
      }
      const rawShape = (raw: string): string =>
        raw.replace(/"timestamp": "[^"]*"/, '"timestamp": ""')
      expect(receiver.received.map((r) => rawShape(r.body)).sort()).toEqual(
        expected.map((d) => rawShape(d.raw_body)).sort()
      )
    })
  })

  describe('basic-auth app (201–212, one session)', () => {
    let standin: MlflowStandin
    let replayer: Replayer
    beforeAll(async () => {
      standin = await startMlflowStandin({ auth: 'basic' })
      replayer = new Replayer(standin)
    })
    afterAll(() => standin.close())

    test.each(authGroup.map((c) => [c.file, c] as const))('%s', async (_file, c) => {
      const { actual, expected } = await replayer.replay(c)
      expect(actual).toStrictEqual(expected)
    })
  })
})

describe('MLflow stand-in test hooks', () => {
  let standin: MlflowStandin
  beforeAll(async () => {
    standin = await startMlflowStandin()
  })
  afterAll(() => standin.close())

  const get = async (path: string): Promise<{ status: number; json: unknown; text: string }> => {
    const res = await request(standin.url + path)
    const text = await res.body.text()
    let json: unknown
    try {
      json = JSON.parse(text)
    } catch {
      json = undefined
    }
    return { status: res.statusCode, json, text }
  }

  test('seedModel, aliasOf and tagsOf reflect what the REST API serves and changes', async () => {
    const runId = standin.seedRun({ metrics: { accuracy: [0.9, 0.93] } })
    expect(
      standin.seedModel('m', [{ run_id: runId, tags: { a: '1' } }, {}], { champion: '1' })
    ).toEqual(['1', '2'])
    expect(standin.aliasOf('m', 'champion')).toBe('1')
    expect(standin.tagsOf('m', '1')).toEqual({ a: '1' })
    const byAlias = await get('/api/2.0/mlflow/registered-models/alias?name=m&alias=champion')
    expect(byAlias.json).toMatchObject({
      model_version: { version: '1', run_id: runId, aliases: ['champion'] }
    })
    const res = await request(`${standin.url}/api/2.0/mlflow/registered-models/alias`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'm', alias: 'champion', version: '2' })
    })
    await res.body.text()
    expect(standin.aliasOf('m', 'champion')).toBe('2')
    expect(standin.requests.at(-1)).toMatchObject({
      method: 'POST',
      path: '/api/2.0/mlflow/registered-models/alias',
      body: { name: 'm', alias: 'champion', version: '2' }
    })
    const history = await get(
      `/api/2.0/mlflow/metrics/get-history?run_id=${runId}&metric_key=accuracy&max_results=10`
    )
    expect(history.json).toMatchObject({ metrics: [{ value: 0.9 }, { value: 0.93 }] })
  })

  test('failNext answers matching requests the given number of times, then normally', async () => {
    standin.seedModel('flaky', [{}])
    standin.failNext(
      { method: 'GET', pathIncludes: 'model-versions/get' },
      { status: 503, body: 'upstream down', times: 2 }
    )
    const path = '/api/2.0/mlflow/model-versions/get?name=flaky&version=1'
    expect((await get(path)).status).toBe(503)
    expect((await get(path)).text).toBe('upstream down')
    expect((await get(path)).status).toBe(200)
  })

  test('onRequest can delay a request and move the champion mid-run', async () => {
    standin.seedModel('moving', [{}, {}], { champion: '1' })
    const remove = standin.onRequest(async (req, s) => {
      if (req.path.endsWith('/registered-models/alias') && req.method === 'GET') {
        await new Promise((resolve) => setTimeout(resolve, 20))
        s.setAlias('moving', 'champion', '2')
      }
    })
    const started = Date.now()
    const res = await get('/api/2.0/mlflow/registered-models/alias?name=moving&alias=champion')
    remove()
    expect(Date.now() - started).toBeGreaterThanOrEqual(15)
    expect(res.json).toMatchObject({ model_version: { version: '2' } })
    const short = standin.onRequest(() => ({ status: 429, body: { error_code: 'X' } }))
    expect((await get('/health')).status).toBe(429)
    short()
    expect((await get('/health')).text).toBe('OK')
  })
})
