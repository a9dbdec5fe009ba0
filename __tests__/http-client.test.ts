import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals'
import { spawn } from 'node:child_process'
import http from 'node:http'
import net from 'node:net'
import type { AddressInfo } from 'node:net'
import {
  hostMatches,
  HttpClient,
  HttpError,
  parseRetryAfter,
  restrictHosts
} from '../src/http/client.js'
import { clearSecrets, registerSecret } from '../src/secrets.js'

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void

async function serve(handler: Handler): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer(handler)
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections()
        server.close(() => r())
      })
  }
}

describe('the HTTP layer', () => {
  const client = new HttpClient({
    backoffBaseMs: 5,
    backoffMaxMs: 50,
    retries: 3,
    headersTimeoutMs: 300,
    bodyTimeoutMs: 300
  })
  afterAll(() => client.close())

  let hits = 0
  let server: Awaited<ReturnType<typeof serve>>
  const seen: Array<{ path: string; auth?: string }> = []
  let other: Awaited<ReturnType<typeof serve>>
  beforeAll(async () => {
    other = await serve((req, res) => {
      seen.push({ path: req.url ?? '', auth: req.headers.authorization })
      res.end('{"ok":true}')
    })
    server = await serve((req, res) => {
      hits++
      const url = req.url ?? ''
      seen.push({ path: url, auth: req.headers.authorization })
      if (url.startsWith('/flaky')) {
        if (hits % 3 !== 0) return void res.writeHead(503, { 'retry-after': '0' }).end('busy')
        return void res.end('{"ok":true}')
      }
      if (url === '/always-500') return void res.writeHead(500).end('<html>oops</html>')
      if (url === '/huge') {
        res.writeHead(200)
        return void res.end(Buffer.alloc(2 * 1024 * 1024, 'a'))
      }
      if (url === '/slow') return void setTimeout(() => res.end('late'), 2000).unref()
      if (url === '/reset') return void req.socket.destroy()
      if (url === '/redirect-away')
        return void res.writeHead(302, { location: `${other.url}/landed` }).end()
      if (url === '/redirect-home') return void res.writeHead(302, { location: '/landed' }).end()
      res.end('{}')
    })
  })
  afterAll(async () => {
    await server.close()
    await other.close()
  })

  it('retries a 503 on an idempotent request and recovers', async () => {
    hits = 0
    const res = await client.send({
      method: 'GET',
      url: `${server.url}/flaky`,
      party: 'test service'
    })
    expect(res.status).toBe(200)
    expect(hits).toBe(3)
  })

  it('does not retry a POST that is not marked safe to repeat', async () => {
    hits = 0
    const res = await client.send({
      method: 'POST',
      url: `${server.url}/flaky`,
      party: 'test service',
      json: {}
    })
    expect(res.status).toBe(503)
    expect(hits).toBe(1)
  })

  it('gives back the last response once retries are used up', async () => {
    hits = 0
    const res = await client.send({
      method: 'GET',
      url: `${server.url}/always-500`,
      party: 'test service'
    })
    expect(res.status).toBe(500)
    expect(hits).toBe(4)
  })

  it('refuses a body over the size cap, naming the party', async () => {
    const small = new HttpClient({ maxResponseBytes: 1024 * 1024 })
    await expect(
      small.send({ method: 'GET', url: `${server.url}/huge`, party: 'eval endpoint of gate x' })
    ).rejects.toThrow(/eval endpoint of gate x sent a response larger than 1 MB/)
    await small.close()
  })

  it('times out a slow server and says so', async () => {
    const err = await client
      .send({ method: 'GET', url: `${server.url}/slow`, party: 'slow service' })
      .catch((e: unknown) => e)
    expect(err).toBeInstanceOf(HttpError)
    expect((err as HttpError).message).toMatch(/slow service .*(did not answer in time|timed out)/)
  })

  it('retries a connection reset, then reports it', async () => {
    const err = await client
      .send({ method: 'GET', url: `${server.url}/reset`, party: 'flaky registry' })
      .catch((e: unknown) => e)
    expect(err).toBeInstanceOf(HttpError)
    expect((err as HttpError).message).toMatch(/flaky registry .* after 4 attempts/)
  })

  it('names a refused connection', async () => {
    const err = await client
      .send({ method: 'GET', url: 'http://127.0.0.1:1/x', party: 'MLflow registry' })
      .catch((e: unknown) => e)
    expect((err as HttpError).message).toMatch(/MLflow registry refused the connection/)
  })

  it('never carries credentials to another host on a redirect', async () => {
    seen.length = 0
    await client.send({
      method: 'GET',
      url: `${server.url}/redirect-away`,
      party: 'test',
      headers: { authorization: 'Bearer s3cret' }
    })
    expect(seen).toEqual([
      { path: '/redirect-away', auth: 'Bearer s3cret' },
      { path: '/landed', auth: undefined }
    ])
  })

  it('keeps credentials on a same-origin redirect', async () => {
    seen.length = 0
    await client.send({
      method: 'GET',
      url: `${server.url}/redirect-home`,
      party: 'test',
      headers: { authorization: 'Bearer s3cret' }
    })
    expect(seen[1]).toEqual({ path: '/landed', auth: 'Bearer s3cret' })
  })

  it('accepts only http and https', async () => {
    await expect(
      client.send({ method: 'GET', url: 'file:///etc/passwd', party: 'eval' })
    ).rejects.toThrow(/not http or https/)
  })

  it('reads Retry-After in seconds and as a date', () => {
    expect(parseRetryAfter('2')).toBe(2000)
    const at = new Date(Date.now() + 5000).toUTCString()
    expect(parseRetryAfter(at)).toBeGreaterThan(3000)
    expect(parseRetryAfter('soon')).toBeUndefined()
  })
})

/**
 * Each timeout, retry and cap in isolation, against servers that misbehave in exactly one way.
 * Waits are measured at the server, so they say what the client did, not what the test thought.
 */
describe('the HTTP layer, one fault at a time', () => {
  const hits = new Map<string, number[]>()
  const bodies: string[] = []
  let server: Awaited<ReturnType<typeof serve>>
  let other: Awaited<ReturnType<typeof serve>>
  const count = (path: string): number => hits.get(path)?.length ?? 0

  beforeAll(async () => {
    other = await serve((_req, res) => void res.end('{"other":true}'))
    server = await serve((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x')
      const path = url.pathname
      hits.set(path, [...(hits.get(path) ?? []), Date.now()])
      const n = count(path)
      req.on('data', (c: Buffer) => bodies.push(c.toString()))
      switch (path) {
        case '/slow-headers':
          // Headers only after 4 s: the header timeout must fire first.
          return void setTimeout(() => res.end('{}'), 4000).unref()
        case '/slow-headers-once':
          return void setTimeout(() => res.end('{"ok":true}'), n === 1 ? 1500 : 0).unref()
        case '/trickle': {
          // Headers at once, then a byte every 100 ms, forever: no single gap trips the body
          // timeout, so only the per-attempt budget can end it.
          res.writeHead(200, { 'content-type': 'application/json' })
          const t = setInterval(() => res.write(' '), 100)
          res.on('close', () => clearInterval(t))
          return
        }
        case '/stalled-body':
          res.writeHead(200, { 'content-type': 'application/json' })
          return void res.write('{"metrics":')
        case '/throttled':
          if (n === 1) return void res.writeHead(429, { 'retry-after': '1' }).end('slow down')
          return void res.end('{"ok":true}')
        case '/throttled-long':
          return void res.writeHead(429, { 'retry-after': '3600' }).end('come back tomorrow')
        case '/always-503':
          return void res.writeHead(503).end('busy')
        case '/408-once':
          return void (n === 1 ? res.writeHead(408).end() : res.end('{"ok":true}'))
        case '/reset':
          return void req.socket.destroy()
        case '/reset-mid-body':
          res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' })
          res.write('{"metrics": {"acc')
          return void setTimeout(() => req.socket.destroy(), 20)
        case '/declared-huge':
          // Declares 50 MB, sends a few bytes and waits: refused without reading.
          res.writeHead(200, { 'content-length': String(50 * 1024 * 1024) })
          return void res.write('aaaa')
        case '/redirect-out':
          return void res
            .writeHead(302, { location: `${other.url.replace('127.0.0.1', 'localhost')}/x` })
            .end()
        default:
          res.end('{}')
      }
    })
  })
  afterAll(async () => {
    await server.close()
    await other.close()
  })

  const client = (opts: ConstructorParameters<typeof HttpClient>[0] = {}): HttpClient =>
    new HttpClient({
      backoffBaseMs: 10,
      backoffMaxMs: 100,
      retries: 1,
      headersTimeoutMs: 400,
      bodyTimeoutMs: 400,
      ...opts
    })
  const failure = async (c: HttpClient, path: string, more: object = {}): Promise<HttpError> => {
    const err = await c
      .send({ method: 'GET', url: `${server.url}${path}`, party: 'fault server', ...more })
      .catch((e: unknown) => e)
    await c.close()
    expect(err).toBeInstanceOf(HttpError)
    return err as HttpError
  }

  it('times out slow headers, retries once, then names the timeout', async () => {
    const started = Date.now()
    const err = await failure(client(), '/slow-headers')
    expect(err.kind).toBe('timeout')
    expect(err.message).toMatch(
      /fault server .*(did not answer in time|timed out).*after 2 attempts/
    )
    expect(count('/slow-headers')).toBe(2)
    // Two attempts bounded by the client's timeouts (undici's timers are coarse), not the server's 4 s.
    expect(Date.now() - started).toBeLessThan(3000)
  })

  it('recovers when only the first answer is slow', async () => {
    const c = client()
    const res = await c.send({ method: 'GET', url: `${server.url}/slow-headers-once`, party: 'x' })
    await c.close()
    expect(res.text).toBe('{"ok":true}')
    expect(count('/slow-headers-once')).toBe(2)
  })

  it('times out a body that trickles in forever (the per-attempt budget), as a timeout', async () => {
    const err = await failure(client({ retries: 0 }), '/trickle')
    expect(err.kind).toBe('timeout')
    expect(err.message).toMatch(/fault server did not answer in time/)
  })

  it('times out a body that stops mid-way (the body timeout), and retries it', async () => {
    const err = await failure(client(), '/stalled-body')
    expect(err.kind).toBe('timeout')
    expect(count('/stalled-body')).toBe(2)
  })

  it('honours Retry-After on a 429: the retry comes no sooner than asked', async () => {
    const c = client({ retries: 2 })
    const res = await c.send({ method: 'GET', url: `${server.url}/throttled`, party: 'x' })
    await c.close()
    expect(res.status).toBe(200)
    const [first, second] = hits.get('/throttled') ?? []
    expect(second - first).toBeGreaterThanOrEqual(950)
  })

  it('does not wait for a Retry-After longer than it is prepared to: the 429 comes back', async () => {
    const c = client({ retries: 3, maxRetryAfterMs: 5_000 })
    const started = Date.now()
    const res = await c.send({ method: 'GET', url: `${server.url}/throttled-long`, party: 'x' })
    await c.close()
    expect(res.status).toBe(429)
    expect(count('/throttled-long')).toBe(1)
    expect(Date.now() - started).toBeLessThan(1000)
  })

  it('retries a 408, as MLflow’s own client does', async () => {
    const c = client()
    const res = await c.send({ method: 'GET', url: `${server.url}/408-once`, party: 'x' })
    await c.close()
    expect(res.status).toBe(200)
  })

  it('stops retrying at the deadline and returns the last answer', async () => {
    const c = client({ retries: 10, backoffBaseMs: 150, backoffMaxMs: 10_000 })
    const started = Date.now()
    const res = await c.send({
      method: 'GET',
      url: `${server.url}/always-503`,
      party: 'x',
      deadline: Date.now() + 500
    })
    await c.close()
    expect(res.status).toBe(503)
    // 150 + 300 ms of backoff fit before the deadline; the next 600 ms wait does not.
    expect(count('/always-503')).toBeLessThanOrEqual(3)
    expect(Date.now() - started).toBeLessThan(800)
  })

  it('cuts an attempt off at the deadline even when the timeouts are longer', async () => {
    const started = Date.now()
    const err = await failure(
      client({ headersTimeoutMs: 10_000, bodyTimeoutMs: 10_000, retries: 5 }),
      '/slow-headers',
      { deadline: Date.now() + 300 }
    )
    expect(err.kind).toBe('timeout')
    expect(Date.now() - started).toBeLessThan(1000)
  })

  it('does not repeat a one-shot POST whose connection was reset', async () => {
    const before = count('/reset')
    const c = client({ retries: 3 })
    const err = await c
      .send({ method: 'POST', url: `${server.url}/reset`, party: 'x', json: { n: 1 } })
      .catch((e: unknown) => e)
    await c.close()
    expect(err).toBeInstanceOf(HttpError)
    expect(count('/reset') - before).toBe(1)
  })

  it('does repeat a one-shot POST whose connection was refused: it never left the runner', async () => {
    // A port that is closed now and opens 60 ms later.
    const probe = await serve(() => undefined)
    const port = new URL(probe.url).port
    await probe.close()
    let late: http.Server | undefined
    const opened = new Promise<void>((resolve) =>
      setTimeout(() => {
        late = http.createServer((_req, res) => res.end('{"late":true}'))
        late.listen(Number(port), '127.0.0.1', resolve)
      }, 60)
    )
    const c = client({ retries: 3, backoffBaseMs: 100 })
    const res = await c.send({
      method: 'POST',
      url: `http://127.0.0.1:${port}/x`,
      party: 'x',
      json: {}
    })
    await c.close()
    await opened
    await new Promise<void>((r) => late?.close(() => r()))
    expect(res.text).toBe('{"late":true}')
  })

  it('retries a reset mid-body on an idempotent request', async () => {
    const err = await failure(client(), '/reset-mid-body')
    expect(err.message).toMatch(/after 2 attempts/)
    expect(count('/reset-mid-body')).toBe(2)
  })

  it('refuses a declared length over the cap before reading the body', async () => {
    const started = Date.now()
    const err = await failure(
      client({ maxResponseBytes: 1024 * 1024, retries: 3 }),
      '/declared-huge'
    )
    expect(err.kind).toBe('too-large')
    expect(err.message).toMatch(/larger than 1 MB/)
    expect(count('/declared-huge')).toBe(1)
    expect(Date.now() - started).toBeLessThan(300)
  })

  it('takes a per-request retry policy', async () => {
    const before = count('/always-503')
    const c = client({ retries: 5 })
    const res = await c.send({
      method: 'GET',
      url: `${server.url}/always-503`,
      party: 'x',
      retries: 0
    })
    await c.close()
    expect(res.status).toBe(503)
    expect(count('/always-503') - before).toBe(1)
  })

  it('refuses a redirect to a host outside allowed_hosts', async () => {
    const err = await failure(client({ allowedHosts: ['127.0.0.1'] }), '/redirect-out')
    expect(err.kind).toBe('host')
    expect(err.message).toMatch(/redirected to host localhost, which is not in allowed_hosts/)
  })

  it('logs every retry at debug level with its reason, the query string and secrets left out', async () => {
    clearSecrets()
    registerSecret('hunter2-query-secret')
    const lines: string[] = []
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => {
      lines.push(String(chunk))
      return true
    })
    try {
      const c = client({ retries: 2 })
      await c.send({
        method: 'GET',
        url: `${server.url}/always-503?key=hunter2-query-secret`,
        party: 'fault server'
      })
      await c.close()
    } finally {
      spy.mockRestore()
      clearSecrets()
    }
    const debug = lines.filter((l) => l.startsWith('::debug::'))
    expect(debug).toHaveLength(2)
    expect(debug[0]).toMatch(
      /fault server: GET http:\/\/127\.0\.0\.1:\d+\/always-503 failed with HTTP 503; retry 1\/2 in \d+ ms/
    )
    expect(debug.join('')).not.toContain('hunter2')
  })

  it('times out a connection that is never accepted (connect timeout)', async () => {
    // A listener whose process is stopped, with its accept queue filled: the kernel drops further
    // SYNs, so the TCP handshake never completes (Linux; what a black-holed host looks like).
    const child = spawn(
      process.execPath,
      [
        '-e',
        "const s=require('net').createServer();s.listen({port:0,host:'127.0.0.1',backlog:1},()=>console.log(s.address().port))"
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] }
    )
    const port = await new Promise<number>((resolve) =>
      child.stdout.once('data', (d: Buffer) => resolve(Number(String(d).trim())))
    )
    child.kill('SIGSTOP')
    const fillers = Array.from({ length: 4 }, () =>
      net.connect(port, '127.0.0.1').on('error', () => undefined)
    )
    try {
      await new Promise((r) => setTimeout(r, 100))
      const c = client({ connectTimeoutMs: 300, retries: 1 })
      const started = Date.now()
      const err = await c
        .send({ method: 'GET', url: `http://127.0.0.1:${port}/x`, party: 'black hole' })
        .catch((e: unknown) => e)
      await c.close()
      expect(err).toBeInstanceOf(HttpError)
      expect((err as HttpError).kind).toBe('timeout')
      expect((err as HttpError).message).toMatch(
        /black hole at .* timed out: no connection within 0.3 s \(UND_ERR_CONNECT_TIMEOUT\) after 2 attempts/
      )
      expect(Date.now() - started).toBeLessThan(5000)
    } finally {
      fillers.forEach((s) => s.destroy())
      child.kill('SIGKILL')
    }
  })
})

describe('allowed hosts', () => {
  it.each([
    ['eval.example.com', 'eval.example.com', true],
    ['EVAL.Example.COM', 'eval.example.com', true],
    ['eval.example.com', '*.example.com', true],
    ['a.b.example.com', '*.example.com', true],
    ['example.com', '*.example.com', false],
    ['evilexample.com', '*.example.com', false],
    ['example.com.evil.net', '*.example.com', false],
    ['example.com.evil.net', 'example.com', false],
    ['eval.example.com.', 'eval.example.com', true],
    ['eval.example.com', 'https://eval.example.com:8443/v1', true],
    ['eval.example.com', 'eval.example.com:8443', true],
    ['[::1]', '::1', true],
    ['[::1]', '[::1]:80', true],
    ['xn--bcher-kva.example', 'bücher.example', true],
    ['xn--bcher-kva.example', '*.example', true],
    ['127.0.0.1', '127.0.0.1', true],
    // Wildcards are for names: '0.0.1' parses as an address, so nothing ends with it.
    ['127.0.0.1', '*.0.0.1', false],
    ['anything', '*', false],
    ['anything', '', false],
    ['eval.example.com', '*.', false]
  ] as const)('%s against %s: %s', (host, pattern, expected) => {
    expect(hostMatches(host, pattern)).toBe(expected)
  })

  it('applies the run-wide list to every request, first hop included', async () => {
    const server = await serve((_req, res) => void res.end('{}'))
    const c = new HttpClient({ retries: 0 })
    try {
      restrictHosts(['eval.example.com'])
      const err = await c
        .send({ method: 'GET', url: `${server.url}/x`, party: 'eval endpoint' })
        .catch((e: unknown) => e)
      expect(err).toBeInstanceOf(HttpError)
      expect((err as HttpError).kind).toBe('host')
      expect((err as HttpError).message).toBe(
        'eval endpoint is at host 127.0.0.1, which is not in allowed_hosts'
      )
      restrictHosts(undefined)
      expect((await c.send({ method: 'GET', url: `${server.url}/x`, party: 'x' })).status).toBe(200)
    } finally {
      restrictHosts(undefined)
      await c.close()
      await server.close()
    }
  })
})
