import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { createHmac } from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { createRelay, MAX_BODY_BYTES, signatureMatches, type RelayOptions } from '../relay/relay.js'

/**
 * Deliveries a real MLflow 3.6 server sent to a local receiver, copied verbatim from
 * contracts/mlflow/captures/WH-deliveries-received.json. `raw` is the capture's `raw_body`: the
 * exact bytes MLflow signed (Python json.dumps spacing), which JSON.stringify(body) would not
 * reproduce. The webhook was created with secret "gate-secret" (capture 101).
 */
const CAPTURED = {
  registeredModelCreated: {
    id: 'cd664a93-18c8-4fbf-97ed-e28b35ec6a29',
    timestamp: '1795687686',
    signature: 'v1,ANyy8DASWXto5j8OQcPo/EIXLHmoObHQ7y4UCi+1cCs=',
    raw: '{"entity": "registered_model", "action": "created", "timestamp": "2026-11-26T10:08:06.389982+00:00", "data": {"name": "wh-model", "tags": {}, "description": ""}}'
  },
  modelVersionCreated: {
    id: '6791babe-35ab-4ae3-b187-dc449fd8d624',
    timestamp: '1795687686',
    signature: 'v1,whKxl9gTndF5JpB60gyo0Og4WaaD5k9wO++5fDXXad4=',
    raw: '{"entity": "model_version", "action": "created", "timestamp": "2026-11-26T10:08:06.413395+00:00", "data": {"name": "wh-model", "version": "1", "source": "s3://b/m/1", "run_id": null, "tags": {"k": "v"}, "description": null}}'
  },
  tagSet: {
    id: 'c673c4e8-f9dc-46de-bfc3-e867abf537a4',
    timestamp: '1795687686',
    signature: 'v1,izpMAF2TE6K9T4HlnpqE4NXb7cPFLpcWppSUe0NJWUU=',
    raw: '{"entity": "model_version_tag", "action": "set", "timestamp": "2026-11-26T10:08:06.450893+00:00", "data": {"name": "wh-model", "version": "1", "key": "gate.status", "value": "passed"}}'
  },
  aliasCreated: {
    id: '33a2d01b-b882-479d-ac5a-9abe554c7258',
    timestamp: '1795687686',
    signature: 'v1,8WntWtsnXMXIRwjC3gXwTyxvG3hy3zldnpYpE5KIHCU=',
    raw: '{"entity": "model_version_alias", "action": "created", "timestamp": "2026-11-26T10:08:06.477272+00:00", "data": {"name": "wh-model", "alias": "champion", "version": "1"}}'
  },
  aliasDeleted: {
    id: '0490f7a4-dd6c-478e-b3de-5366df238c51',
    timestamp: '1795687686',
    signature: 'v1,TSpKR4hHTycYpfeugDWsJ5hpXeA9Diz2ZkF97RmKSQk=',
    raw: '{"entity": "model_version_alias", "action": "deleted", "timestamp": "2026-11-26T10:08:06.501290+00:00", "data": {"name": "wh-model", "alias": "champion"}}'
  },
  // Sent by POST /webhooks/{id}/test (capture 108): MLflow's canned example payload.
  testAliasCreated: {
    id: '08cab43c-ed01-46af-ae5f-9155ac614524',
    timestamp: '1795687686',
    signature: 'v1,HVeRSvoEjJcM2U1yraWnaTayjPxZvZ+ZXYGm/O2jz2g=',
    raw: '{"entity": "model_version_alias", "action": "created", "timestamp": "2026-11-26T10:08:06.514611+00:00", "data": {"name": "example_model", "alias": "example_alias", "version": "1"}}'
  }
}
type Delivery = (typeof CAPTURED)['modelVersionCreated']

const SECRET = 'gate-secret'
const TOKEN = 'ghs_relayTestToken0123456789abcdef'
const CAPTURE_TS = 1795687686
const NOW = CAPTURE_TS * 1000 + 700

interface Recorded {
  method: string
  url: string
  headers: http.IncomingHttpHeaders
  body: string
}

interface Reply {
  status: number
  headers: Headers
  text: string
}

const servers: http.Server[] = []
let logLines: string[] = []
let responseTexts: string[] = []

async function listen(server: http.Server): Promise<string> {
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

/** Stand-in GitHub API: records every request, answers the queued statuses, then 204. */
async function fakeGitHub(statuses: number[] = [], delayMs = 0) {
  const requests: Recorded[] = []
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      requests.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8')
      })
      const status = statuses.shift() ?? 204
      setTimeout(() => {
        if (status === 204) {
          res.writeHead(204).end()
          return
        }
        // Echo the credential back, as a careless proxy might: the relay must still not leak it.
        const message = status === 401 ? `Bad credentials (${req.headers.authorization})` : 'oops'
        res.writeHead(status, { 'Content-Type': 'application/json' })
        res.end(JSON.stringify({ message, status: String(status) }))
      }, delayMs)
    })
  })
  return { url: await listen(server), requests }
}

async function startRelay(options: Partial<RelayOptions> & { githubApiUrl: string }) {
  const relay = createRelay({
    secret: SECRET,
    githubToken: TOKEN,
    repository: 'acme/models',
    now: () => NOW,
    retryBaseDelayMs: 1,
    ...options
  })
  return listen(relay)
}

async function call(url: string, init: RequestInit = {}): Promise<Reply> {
  const res = await fetch(url, init)
  const text = await res.text()
  responseTexts.push(text)
  return { status: res.status, headers: res.headers, text }
}

function deliver(
  base: string,
  d: Delivery,
  opts: { path?: string; body?: string; headers?: Record<string, string | undefined> } = {}
): Promise<Reply> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' }
  const all = {
    'X-MLflow-Delivery-Id': d.id,
    'X-MLflow-Timestamp': d.timestamp,
    'X-MLflow-Signature': d.signature,
    ...opts.headers
  }
  for (const [k, v] of Object.entries(all)) if (v !== undefined) headers[k] = v
  return call(`${base}${opts.path ?? '/'}`, { method: 'POST', headers, body: opts.body ?? d.raw })
}

/** Signs a synthetic delivery the way MLflow does, for payloads no capture covers. */
function signed(raw: string, id = 'c0ffee00-0000-4000-8000-000000000001'): Delivery {
  const timestamp = String(CAPTURE_TS)
  const sig = createHmac('sha256', SECRET).update(`${id}.${timestamp}.${raw}`).digest('base64')
  return { id, timestamp, signature: `v1,${sig}`, raw }
}

function json(reply: Reply): unknown {
  return JSON.parse(reply.text)
}

beforeEach(() => {
  logLines = []
  responseTexts = []
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    jest.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      logLines.push(args.map(String).join(' '))
    })
  }
})

afterEach(async () => {
  jest.restoreAllMocks()
  // Checked after every test, so each scenario (errors, retries, GitHub echoes) is covered.
  const leaks = [...logLines, ...responseTexts].filter(
    (t) => t.includes(TOKEN) || t.includes(SECRET)
  )
  if (leaks.length > 0)
    throw new Error(`token or secret leaked into ${leaks.length} log line(s)/body(ies)`)
  await Promise.all(
    servers.splice(0).map((s) => {
      s.closeAllConnections()
      return new Promise((resolve) => s.close(resolve))
    })
  )
})

describe('captured MLflow deliveries', () => {
  it('were all signed with the webhook secret "gate-secret" over id.timestamp.raw_body', () => {
    for (const d of Object.values(CAPTURED)) {
      expect(signatureMatches(SECRET, d.id, d.timestamp, Buffer.from(d.raw), d.signature)).toBe(
        true
      )
      expect(signatureMatches('s3cr3t', d.id, d.timestamp, Buffer.from(d.raw), d.signature)).toBe(
        false
      )
    }
  })
})

describe('forwarding', () => {
  it('turns model_version.created into a repository_dispatch', async () => {
    const gh = await fakeGitHub()
    const relay = await startRelay({ githubApiUrl: gh.url })
    const d = CAPTURED.modelVersionCreated

    const reply = await deliver(relay, d)

    expect(reply.status).toBe(202)
    expect(json(reply)).toEqual({ forwarded: 'model_version.created', delivery_id: d.id })
    expect(gh.requests).toHaveLength(1)
    const [sent] = gh.requests
    expect(sent.method).toBe('POST')
    expect(sent.url).toBe('/repos/acme/models/dispatches')
    expect(sent.headers.authorization).toBe(`Bearer ${TOKEN}`)
    expect(sent.headers.accept).toBe('application/vnd.github+json')
    expect(sent.headers['x-github-api-version']).toBe('2022-11-28')
    expect(sent.headers['user-agent']).toBe('model-gate-mlflow-relay')
    expect(sent.headers['content-type']).toBe('application/json')
    expect(JSON.parse(sent.body)).toEqual({
      event_type: 'mlflow-model-event',
      client_payload: {
        model: 'wh-model',
        version: '1',
        event: 'model_version.created',
        registry: 'mlflow',
        delivery_id: d.id
      }
    })
  })

  it('turns model_version_alias.created into a dispatch carrying the alias (GHES URL, /webhook)', async () => {
    const gh = await fakeGitHub()
    const relay = await startRelay({ githubApiUrl: `${gh.url}/api/v3/`, eventType: 'promote' })
    const d = CAPTURED.aliasCreated

    const reply = await deliver(relay, d, { path: '/webhook' })

    expect(reply.status).toBe(202)
    expect(gh.requests).toHaveLength(1)
    expect(gh.requests[0].url).toBe('/api/v3/repos/acme/models/dispatches')
    expect(JSON.parse(gh.requests[0].body)).toEqual({
      event_type: 'promote',
      client_payload: {
        model: 'wh-model',
        version: '1',
        alias: 'champion',
        event: 'model_version_alias.created',
        registry: 'mlflow',
        delivery_id: d.id
      }
    })
  })

  it('accepts a signature list where any v1 entry matches (secret rotation)', async () => {
    const gh = await fakeGitHub()
    const relay = await startRelay({ githubApiUrl: gh.url })
    const d = CAPTURED.aliasCreated
    const stale = 'v1,' + Buffer.alloc(32, 7).toString('base64')

    const reply = await deliver(relay, d, {
      headers: { 'X-MLflow-Signature': `${stale} v2,xyz ${d.signature}` }
    })

    expect(reply.status).toBe(202)
    expect(gh.requests).toHaveLength(1)
  })

  it.each([
    ['registered_model.created', CAPTURED.registeredModelCreated],
    ['model_version_tag.set', CAPTURED.tagSet],
    ['model_version_alias.deleted', CAPTURED.aliasDeleted]
  ])('acknowledges %s with 202 and does not forward it', async (event, d) => {
    const gh = await fakeGitHub()
    const relay = await startRelay({ githubApiUrl: gh.url })

    const reply = await deliver(relay, d)

    expect(reply.status).toBe(202)
    expect(json(reply)).toEqual({ ignored: event })
    expect(gh.requests).toHaveLength(0)
  })
})

describe('authentication', () => {
  it('rejects a tampered body with 401', async () => {
    const gh = await fakeGitHub()
    const relay = await startRelay({ githubApiUrl: gh.url })
    const d = CAPTURED.aliasCreated

    const reply = await deliver(relay, d, {
      body: d.raw.replace('"version": "1"', '"version": "2"')
    })

    expect(reply.status).toBe(401)
    expect(json(reply)).toEqual({ error: 'invalid signature' })
    expect(gh.requests).toHaveLength(0)
  })

  it('rejects a tampered signature with 401', async () => {
    const gh = await fakeGitHub()
    const relay = await startRelay({ githubApiUrl: gh.url })
    const d = CAPTURED.modelVersionCreated
    const flipped =
      d.signature.slice(0, 10) + (d.signature[10] === 'A' ? 'B' : 'A') + d.signature.slice(11)

    for (const signature of [
      flipped,
      d.signature.slice(0, -4),
      d.signature.replace('v1,', 'v2,')
    ]) {
      const reply = await deliver(relay, d, { headers: { 'X-MLflow-Signature': signature } })
      expect(reply.status).toBe(401)
    }
    expect(gh.requests).toHaveLength(0)
  })

  it('rejects a tampered delivery id or timestamp with 401 (both are signed)', async () => {
    const gh = await fakeGitHub()
    const relay = await startRelay({ githubApiUrl: gh.url })
    const d = CAPTURED.modelVersionCreated

    const otherId = await deliver(relay, d, {
      headers: { 'X-MLflow-Delivery-Id': d.id.replace('6', '7') }
    })
    const otherTs = await deliver(relay, d, {
      headers: { 'X-MLflow-Timestamp': String(CAPTURE_TS + 1) }
    })

    expect([otherId.status, otherTs.status]).toEqual([401, 401])
    expect(gh.requests).toHaveLength(0)
  })

  it('rejects deliveries signed with another secret with 401', async () => {
    const gh = await fakeGitHub()
    const relay = await startRelay({ githubApiUrl: gh.url, secret: 'not-the-gate-secret' })

    const reply = await deliver(relay, CAPTURED.modelVersionCreated)

    expect(reply.status).toBe(401)
    expect(gh.requests).toHaveLength(0)
  })

  it.each([
    ['too old', CAPTURE_TS + 301],
    ['from the future', CAPTURE_TS - 301]
  ])('rejects a timestamp %s with 401 "stale"', async (_label, clockSeconds) => {
    const gh = await fakeGitHub()
    const relay = await startRelay({ githubApiUrl: gh.url, now: () => clockSeconds * 1000 })

    const reply = await deliver(relay, CAPTURED.modelVersionCreated)

    expect(reply.status).toBe(401)
    expect(reply.text).toContain('stale')
    expect(gh.requests).toHaveLength(0)
  })

  it('accepts a timestamp just inside the window', async () => {
    const gh = await fakeGitHub()
    const relay = await startRelay({ githubApiUrl: gh.url, now: () => (CAPTURE_TS + 299) * 1000 })

    expect((await deliver(relay, CAPTURED.modelVersionCreated)).status).toBe(202)
  })

  it.each(['X-MLflow-Delivery-Id', 'X-MLflow-Timestamp', 'X-MLflow-Signature'])(
    'answers 400 when %s is missing',
    async (header) => {
      const gh = await fakeGitHub()
      const relay = await startRelay({ githubApiUrl: gh.url })

      const reply = await deliver(relay, CAPTURED.modelVersionCreated, {
        headers: { [header]: undefined }
      })

      expect(reply.status).toBe(400)
      expect(reply.text).toContain(header)
      expect(gh.requests).toHaveLength(0)
    }
  )
})

describe('malformed requests', () => {
  it('answers 400 to a correctly signed body that is not JSON', async () => {
    const gh = await fakeGitHub()
    const relay = await startRelay({ githubApiUrl: gh.url })

    const reply = await deliver(relay, signed('entity=model_version&action=created'))

    expect(reply.status).toBe(400)
    expect(json(reply)).toEqual({ error: 'body is not JSON' })
    expect(gh.requests).toHaveLength(0)
  })

  it('answers 400 to a signed model_version.created without a version', async () => {
    const gh = await fakeGitHub()
    const relay = await startRelay({ githubApiUrl: gh.url })
    const raw = JSON.stringify({ entity: 'model_version', action: 'created', data: { name: 'm' } })

    expect((await deliver(relay, signed(raw))).status).toBe(400)
    expect(gh.requests).toHaveLength(0)
  })

  it('answers 413 to a body over 1 MB', async () => {
    const gh = await fakeGitHub()
    const relay = await startRelay({ githubApiUrl: gh.url })

    const reply = await deliver(relay, CAPTURED.modelVersionCreated, {
      body: 'x'.repeat(MAX_BODY_BYTES + 1)
    })

    expect(reply.status).toBe(413)
    expect(gh.requests).toHaveLength(0)
  })

  it('answers 413 to a chunked body that grows past 1 MB', async () => {
    const gh = await fakeGitHub()
    const relay = await startRelay({ githubApiUrl: gh.url })
    const d = CAPTURED.modelVersionCreated
    const chunk = Buffer.alloc(256 * 1024, 'x')
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 5; i++) controller.enqueue(chunk)
        controller.close()
      }
    })

    const reply = await call(`${relay}/`, {
      method: 'POST',
      headers: {
        'X-MLflow-Delivery-Id': d.id,
        'X-MLflow-Timestamp': d.timestamp,
        'X-MLflow-Signature': d.signature
      },
      body,
      duplex: 'half'
    })

    expect(reply.status).toBe(413)
  })

  it('routes: healthz, 404 elsewhere, 405 with Allow for other methods', async () => {
    const gh = await fakeGitHub()
    const relay = await startRelay({ githubApiUrl: gh.url })

    const health = await call(`${relay}/healthz`)
    expect([health.status, health.text]).toEqual([200, 'ok'])

    const getRoot = await call(`${relay}/`)
    expect(getRoot.status).toBe(405)
    expect(getRoot.headers.get('allow')).toBe('POST')

    const putHook = await call(`${relay}/webhook`, { method: 'PUT', body: '{}' })
    expect(putHook.status).toBe(405)
    expect(putHook.headers.get('allow')).toBe('POST')

    const postHealth = await call(`${relay}/healthz`, { method: 'POST' })
    expect(postHealth.status).toBe(405)
    expect(postHealth.headers.get('allow')).toBe('GET, HEAD')

    expect((await call(`${relay}/hooks`, { method: 'POST', body: '{}' })).status).toBe(404)
    expect((await call(`${relay}/nope`)).status).toBe(404)
    expect(gh.requests).toHaveLength(0)
  })
})

/** fetch's error for a request that never left: TypeError('fetch failed') caused by `code`. */
function fetchFailed(code: string): TypeError {
  return new TypeError('fetch failed', {
    cause: Object.assign(new Error(`connect ${code}`), { code })
  })
}

/** A GitHub that takes the dispatch in, records it, and never answers. */
async function silentGitHub(): Promise<{ url: string; requests: string[] }> {
  const requests: string[] = []
  const server = http.createServer((req) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => requests.push(Buffer.concat(chunks).toString('utf8')))
  })
  return { url: await listen(server), requests }
}

describe('GitHub failures', () => {
  // Every dispatch starts a full gate run: one that may have reached GitHub is never sent again,
  // by the relay or on MLflow's redelivery of the same delivery id.
  it('does not repeat a dispatch GitHub received but did not answer in time', async () => {
    const gh = await silentGitHub()
    const relay = await startRelay({ githubApiUrl: gh.url, attemptTimeoutMs: 500 })

    const reply = await deliver(relay, CAPTURED.modelVersionCreated)
    const redelivery = await deliver(relay, CAPTURED.modelVersionCreated)

    expect({ status: reply.status, body: json(reply) }).toEqual({
      status: 202,
      body: {
        forwarded: 'model_version.created',
        delivery_id: expect.any(String),
        confirmed: false
      }
    })
    expect(json(redelivery)).toEqual({ duplicate: true })
    expect(gh.requests).toHaveLength(1)
    expect(logLines.join('\n')).toContain('"outcome":"unconfirmed"')
  })

  it('does not repeat a dispatch GitHub answered 5xx to', async () => {
    const gh = await fakeGitHub([502])
    const relay = await startRelay({ githubApiUrl: gh.url })

    const reply = await deliver(relay, CAPTURED.modelVersionCreated)
    const redelivery = await deliver(relay, CAPTURED.modelVersionCreated)

    expect(reply.status).toBe(202)
    expect(json(reply)).toMatchObject({ confirmed: false, github_status: 502 })
    expect(json(redelivery)).toEqual({ duplicate: true })
    expect(gh.requests).toHaveLength(1)
  })

  it('does not repeat a dispatch whose connection dropped after it was written', async () => {
    const gh = await fakeGitHub()
    const fetchImpl = jest.fn<typeof fetch>(async (input, init) => {
      await fetch(input, init) // it arrived; the answer was lost
      throw fetchFailed('UND_ERR_SOCKET')
    })
    const relay = await startRelay({ githubApiUrl: gh.url, fetchImpl })

    expect(json(await deliver(relay, CAPTURED.aliasCreated))).toMatchObject({ confirmed: false })
    expect(fetchImpl).toHaveBeenCalledTimes(1)
    expect(gh.requests).toHaveLength(1)
  })

  it('retries a dispatch that never left (refused, DNS) and forwards once GitHub is reached', async () => {
    const gh = await fakeGitHub()
    const failures = ['ECONNREFUSED', 'ENOTFOUND']
    const fetchImpl = jest.fn<typeof fetch>((input, init) => {
      const code = failures.shift()
      return code ? Promise.reject(fetchFailed(code)) : fetch(input, init)
    })
    const relay = await startRelay({ githubApiUrl: gh.url, fetchImpl })

    const reply = await deliver(relay, CAPTURED.aliasCreated)
    expect(reply.status).toBe(202)
    expect(json(reply)).not.toHaveProperty('confirmed')
    expect(fetchImpl).toHaveBeenCalledTimes(3)
    expect(gh.requests).toHaveLength(1)
  })

  it('answers 502 when GitHub is unreachable, after 1 + retries attempts, and forwards the redelivery', async () => {
    const closed = http.createServer()
    const deadUrl = await listen(closed)
    await new Promise((resolve) => closed.close(resolve))
    const gh = await fakeGitHub()
    let target = deadUrl
    const fetchImpl = jest.fn<typeof fetch>((input, init) => {
      const url = input instanceof Request ? input.url : input instanceof URL ? input.href : input
      return fetch(url.replace(deadUrl, target), init)
    })
    const relay = await startRelay({ githubApiUrl: deadUrl, retries: 2, fetchImpl })

    const reply = await deliver(relay, CAPTURED.modelVersionCreated)
    expect(reply.status).toBe(502)
    expect(reply.text).toContain('unreachable')
    expect(fetchImpl).toHaveBeenCalledTimes(3)
    // Nothing reached GitHub, so MLflow's redelivery is forwarded.
    target = gh.url
    expect((await deliver(relay, CAPTURED.modelVersionCreated)).status).toBe(202)
    expect(gh.requests).toHaveLength(1)
  })

  it('answers 502 naming GitHub 401, without retrying and without the token', async () => {
    const gh = await fakeGitHub([401])
    const relay = await startRelay({ githubApiUrl: gh.url })

    const reply = await deliver(relay, CAPTURED.modelVersionCreated)

    expect(reply.status).toBe(502)
    expect(json(reply)).toEqual({
      error: 'GitHub answered 401 to repository_dispatch',
      github_status: 401
    })
    expect(gh.requests).toHaveLength(1)
    // GitHub's message reaches the operator's log, scrubbed of the token it echoed.
    expect(logLines.join('\n')).toContain('Bad credentials (Bearer ***)')
  })
})

describe('duplicates', () => {
  it('does not forward a redelivered id twice', async () => {
    const gh = await fakeGitHub()
    const relay = await startRelay({ githubApiUrl: gh.url })

    const first = await deliver(relay, CAPTURED.aliasCreated)
    const again = await deliver(relay, CAPTURED.aliasCreated)

    expect(first.status).toBe(202)
    expect(again.status).toBe(200)
    expect(json(again)).toEqual({ duplicate: true })
    expect(gh.requests).toHaveLength(1)
  })

  it('forwards the retry of a delivery whose first forward failed', async () => {
    const gh = await fakeGitHub([401])
    const relay = await startRelay({ githubApiUrl: gh.url })

    expect((await deliver(relay, CAPTURED.aliasCreated)).status).toBe(502)
    expect((await deliver(relay, CAPTURED.aliasCreated)).status).toBe(202)
    expect(gh.requests).toHaveLength(2)
  })

  it('holds a retry that arrives while the first forward is in flight', async () => {
    const gh = await fakeGitHub([], 100)
    const relay = await startRelay({ githubApiUrl: gh.url })

    const replies = await Promise.all([
      deliver(relay, CAPTURED.modelVersionCreated),
      deliver(relay, CAPTURED.modelVersionCreated)
    ])

    expect(replies.map((r) => r.status).sort()).toEqual([200, 202])
    expect(gh.requests).toHaveLength(1)
  })
})

describe('logging', () => {
  it('logs one JSON line per delivery, never the token or secret', async () => {
    const gh = await fakeGitHub()
    const relay = await startRelay({ githubApiUrl: gh.url })

    await deliver(relay, CAPTURED.modelVersionCreated)
    await deliver(relay, CAPTURED.tagSet)
    await deliver(relay, CAPTURED.aliasCreated, { body: '{}' })
    await call(`${relay}/healthz`)

    expect(logLines).toHaveLength(3)
    const entries = logLines.map((l): unknown => JSON.parse(l))
    expect(entries).toEqual([
      expect.objectContaining({
        delivery_id: CAPTURED.modelVersionCreated.id,
        event: 'model_version.created',
        status: 202,
        outcome: 'forwarded'
      }),
      expect.objectContaining({ event: 'model_version_tag.set', status: 202, outcome: 'ignored' }),
      expect.objectContaining({ status: 401, outcome: 'rejected', detail: 'invalid signature' })
    ])
  })

  it('refuses a repository that is not owner/repo', () => {
    expect(() => createRelay({ secret: SECRET, githubToken: TOKEN, repository: 'models' })).toThrow(
      'owner/repo'
    )
  })
})
