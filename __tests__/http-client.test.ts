import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { HttpClient, HttpError, parseRetryAfter } from '../src/http/client.js'

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
