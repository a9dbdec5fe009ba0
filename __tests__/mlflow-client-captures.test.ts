/**
 * The MLflow client against the real server's own answers: a replay server serves the captured
 * responses verbatim (status, content type, body), so the client is proven against what MLflow 3.6
 * really sends, not only against our stand-in. Each scenario lists the captures it is answered
 * with, in order, and the request the client must make for each. A `~` before a number serves
 * that capture's answer to whatever the client asks at that step (a search page with another
 * page size, an auth refusal that any path would get); the others must match method, path,
 * query and body.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { readdirSync, readFileSync } from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { GateError } from '../src/errors.js'
import { HttpClient } from '../src/http/client.js'
import { MlflowRegistry, mlflowAuth } from '../src/registry/mlflow.js'
import { fixturePath } from '../test-support/fixtures.js'

interface Capture {
  method: string
  path: string
  query: Record<string, string> | null
  request_body: unknown
  status: number
  response_content_type: string
  response_body: unknown
  response_text?: string
}

const DIR = fixturePath('mlflow', 'captures')
const byNumber = new Map<string, Capture>(
  readdirSync(DIR)
    .filter((f) => /^\d{3}-/.test(f))
    .map((f) => [f.slice(0, 3), JSON.parse(readFileSync(join(DIR, f), 'utf8')) as Capture])
)
const capture = (n: string): Capture => {
  const c = byNumber.get(n)
  if (!c) throw new Error(`no capture ${n}`)
  return c
}

let queue: string[] = []
const mismatches: string[] = []
let server: http.Server
let base: string
const http_ = new HttpClient({ retries: 0 })

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const n = queue.shift()
      if (!n) {
        mismatches.push(`unexpected ${req.method} ${req.url}`)
        return void res.writeHead(599).end()
      }
      const loose = n.startsWith('~')
      const c = capture(n.replace('~', ''))
      const url = new URL(req.url ?? '/', 'http://x')
      if (loose) {
        // any request gets this answer
      } else if (req.method !== c.method || url.pathname !== c.path)
        mismatches.push(
          `capture ${n}: expected ${c.method} ${c.path}, got ${req.method} ${url.pathname}`
        )
      if (!loose && c.method === 'GET' && c.query)
        for (const [k, v] of Object.entries(c.query))
          if (url.searchParams.get(k) !== v)
            mismatches.push(`capture ${n}: query ${k}=${url.searchParams.get(k)}, expected ${v}`)
      if (!loose && c.method !== 'GET' && c.request_body && typeof c.request_body === 'object') {
        const sent = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<
          string,
          unknown
        >
        for (const [k, v] of Object.entries(c.request_body))
          if (k !== 'source' && JSON.stringify(sent[k]) !== JSON.stringify(v))
            mismatches.push(
              `capture ${n}: body ${k}=${JSON.stringify(sent[k])}, expected ${JSON.stringify(v)}`
            )
      }
      const body =
        c.response_text ??
        (c.response_body === null ? '' : JSON.stringify(c.response_body, null, 2))
      const headers: Record<string, string> = { 'content-type': c.response_content_type }
      if (c.status === 401) headers['www-authenticate'] = 'Basic realm="mlflow"'
      res.writeHead(c.status, headers).end(body)
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(async () => {
  await http_.close()
  server.closeAllConnections()
  await new Promise((r) => server.close(r))
})

function registry(env: Record<string, string> = {}): MlflowRegistry {
  return new MlflowRegistry(http_, base, mlflowAuth(env))
}

async function replay<T>(captures: string[], action: () => Promise<T>): Promise<T> {
  queue = [...captures]
  mismatches.length = 0
  try {
    return await action()
  } finally {
    expect(mismatches).toEqual([])
    expect(queue).toEqual([])
  }
}

async function failure(captures: string[], action: () => Promise<unknown>): Promise<string> {
  const err = await replay(captures, () =>
    action().then(
      () => undefined,
      (e: unknown) => e
    )
  )
  expect(err).toBeInstanceOf(GateError)
  return (err as GateError).userMessage
}

describe('MLflow client against the captured MLflow 3.6 answers', () => {
  it('reads a version with its aliases (028)', async () => {
    const v = await replay(['028'], () => registry().getVersion('fraud-model', '2'))
    expect(v).toMatchObject({
      model: 'fraud-model',
      version: '2',
      aliases: ['champion'],
      uri: 'models:/fraud-model/2'
    })
    expect(v.runId).toMatch(/^[0-9a-f]{32}$/)
  })

  it('reads who holds an alias (025) and the reserved latest (026)', async () => {
    expect(
      (await replay(['025'], () => registry().resolveAlias('fraud-model', 'champion')))?.version
    ).toBe('2')
    expect(
      (await replay(['026'], () => registry().resolveAlias('fraud-model', 'latest')))?.version
    ).toBe('3')
  })

  it('treats the 400 for an unset alias on an existing model as "no champion" (051, 027)', async () => {
    expect(
      await replay(['051', '027'], () => registry().resolveAlias('fraud-model', 'nope'))
    ).toBeNull()
  })

  it('tells an unknown model apart from an unset alias, though both are 400 (052, 046, 040)', async () => {
    const msg = await failure(['052', '046', '~040'], () =>
      registry().resolveAlias('no-such-model', 'champion')
    )
    expect(msg).toContain("model 'no-such-model' was not found")
  })

  it('sends the version as a JSON string when moving an alias (021, 023)', async () => {
    await replay(['021'], () => registry().setAlias('fraud-model', 'champion', '1'))
    await replay(['023'], () => registry().setAlias('fraud-model', 'champion', '2'))
  })

  it('names the missing version and lists those that exist (053, 027, 034, 035)', async () => {
    const msg = await failure(['053', '027', '~034', '~035'], () =>
      registry().setAlias('fraud-model', 'champion', '99')
    )
    expect(msg).toContain("model 'fraud-model' has no version 99")
    expect(msg).toContain('Versions that exist: 1, 2, 3')
  })

  it('names an unknown model on alias set (055, 046, 040)', async () => {
    const msg = await failure(['055', '046', '~040'], () =>
      registry().setAlias('no-such-model', 'champion', '1')
    )
    expect(msg).toContain("model 'no-such-model' was not found")
  })

  it('explains reserved alias names (056, 057) and bad characters (058)', async () => {
    expect(await failure(['056'], () => registry().setAlias('fraud-model', 'latest', '1'))).toMatch(
      /reserved/
    )
    expect(await failure(['057'], () => registry().setAlias('fraud-model', 'v2', '1'))).toMatch(
      /'latest' and vN are reserved/
    )
    expect(
      await failure(['058'], () => registry().setAlias('fraud-model', 'my alias!', '1'))
    ).toMatch(/letters, digits, _ and -/)
  })

  it('deletes an alias with a JSON body, idempotently (067, 068)', async () => {
    await replay(['067'], () => registry().deleteAlias('fraud-model', 'challenger'))
    await replay(['068'], () => registry().deleteAlias('fraud-model', 'challenger'))
  })

  it('sets version tags (029)', async () => {
    await replay(['029'], () => registry().setTags('fraud-model', '2', { 'gate.status': 'passed' }))
  })

  it('reports an unknown version on get (047, 027, 034, 035)', async () => {
    const msg = await failure(['047', '027', '~034', '~035'], () =>
      registry().getVersion('fraud-model', '99')
    )
    expect(msg).toContain('has no version 99')
  })

  it('refuses a non-numeric version before sending anything', async () => {
    expect(await failure([], () => registry().getVersion('fraud-model', 'abc'))).toContain(
      'is not a version number'
    )
  })

  it('names the credential variables on 401 text/html answers (201, 202, 203)', async () => {
    expect(await failure(['~201'], () => registry().getVersion('auth-model', '1'))).toContain(
      'set MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD'
    )
    const wrong = await failure(['~202'], () =>
      registry({ MLFLOW_TRACKING_USERNAME: 'admin', MLFLOW_TRACKING_PASSWORD: 'nope' }).getVersion(
        'auth-model',
        '1'
      )
    )
    expect(wrong).toContain('Check MLFLOW_TRACKING_USERNAME / MLFLOW_TRACKING_PASSWORD')
    const bearer = await failure(['~203'], () =>
      registry({ MLFLOW_TRACKING_TOKEN: 'abc' }).getVersion('auth-model', '1')
    )
    expect(bearer).toContain('accepts only basic auth')
  })

  it('names the missing EDIT permission on a 403 text/html (209)', async () => {
    const msg = await failure(['209'], () =>
      registry({
        MLFLOW_TRACKING_USERNAME: 'reader',
        MLFLOW_TRACKING_PASSWORD: 'reader-pass-123'
      }).setAlias('auth-model', 'champion', '1')
    )
    expect(msg).toContain("user 'reader' lacks EDIT permission")
    expect(msg).not.toContain('reader-pass-123')
  })

  it('explains the Host-header refusal (065)', async () => {
    expect(await failure(['~065'], () => registry().getVersion('fraud-model', '2'))).toContain(
      "refused the request's Host header (DNS-rebinding protection). Start the server with --allowed-hosts"
    )
  })

  it('never echoes an HTML error page (062, 063)', async () => {
    const msg = await failure(['~062'], () => registry().setAlias('fraud-model', 'champion', '1'))
    expect(msg).toContain('HTTP 405')
    expect(msg).not.toContain('<')
    const missing = await failure(['~063'], () => registry().getVersion('fraud-model', '1'))
    expect(missing).toContain('HTTP 404 with a page that is not an MLflow API response')
    expect(missing).toContain('Check that registry-uri points at the MLflow tracking server root')
    expect(missing).not.toContain('<')
  })

  it('reads the producing run for lineage (010) and names a missing one (064)', async () => {
    const facts = await replay(['010'], () =>
      registry().getRunFacts({
        model: 'fraud-model',
        version: '1',
        uri: '',
        tags: {},
        aliases: [],
        runId: '323ce11581f6450b955c07cd59ab918b'
      })
    )
    expect(facts?.metrics.accuracy).toBe(0.92)
    const msg = await failure(['064'], () =>
      registry().getRunFacts({
        model: 'm',
        version: '1',
        uri: '',
        tags: {},
        aliases: [],
        runId: '0123456789abcdef0123456789abcdef'
      })
    )
    expect(msg).toMatch(/not found/)
  })
})
