/**
 * Secrets never leak (SPEC §8). The real bundle runs with a distinctive value in every secret it
 * can be given — MLflow password and token, W&B key, eval header and endpoint-query `${…}` values,
 * the GitHub token — through passing, failing and erroring runs, including services that echo
 * the credentials they received back in their error bodies. After every run, nothing model-gate
 * wrote or sent anywhere a secret does not belong may hold any secret, nor its base64 forms.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { readFile } from 'node:fs/promises'
import http from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { type GithubStandin, startGithubStandin } from '../test-support/github-standin.js'
import { type MlflowStandin, startMlflowStandin } from '../test-support/mlflow-standin/index.js'
import { type ActionRun, runAction } from '../test-support/run-action.js'
import { useActionHarness } from '../test-support/action-harness.js'
import { startWandbStandin, type WandbStandin } from '../test-support/wandb-standin.js'

const USER = 'gate-bot'
const S = {
  mlflowPassword: 'mlflowPw-S3CR3T-71aa9e',
  mlflowToken: 'mlflowTok-S3CR3T-82bb0f',
  wandbKey: 'wandbKey-S3CR3T-93cc1a',
  evalToken: 'evalTok-S3CR3T-a4dd2b',
  queryKey: 'queryKey-S3CR3T-b5ee3c',
  githubToken: 'ghs_S3CR3TgithubTok0000c6ff4d'
}

/**
 * Every form a secret may take on the wire: as is, and base64 of any string that contains it
 * (Basic auth encodes `user:secret`), which shifts the encoding by 0, 1 or 2 bytes; the middle of
 * each shifted encoding depends on the secret alone.
 */
function forms(secret: string): string[] {
  const out = [secret]
  for (const shift of [0, 1, 2]) {
    const b64 = Buffer.from('x'.repeat(shift) + secret).toString('base64')
    const middle = b64.slice(shift ? 4 : 0, b64.length - 4)
    out.push(middle, middle.replace(/\+/g, '-').replace(/\//g, '_'))
  }
  return out
}
const FORMS = Object.entries(S).flatMap(([name, value]) => forms(value).map((f) => [name, f]))
FORMS.push(
  ['basic auth header', Buffer.from(`${USER}:${S.mlflowPassword}`).toString('base64')],
  ['W&B auth header', Buffer.from(`api:${S.wandbKey}`).toString('base64')]
)

/** The names of the secrets found in `text`, by where it was found. */
function leaks(where: Record<string, string>): string[] {
  const found: string[] = []
  for (const [place, text] of Object.entries(where))
    for (const [name, form] of FORMS) if (text.includes(form)) found.push(`${name} in ${place}`)
  return [...new Set(found)]
}

// ---------------------------------------------------------------------------------------------
// An eval service that misbehaves on demand, by dataset; some modes echo what they received.

interface Received {
  url: string
  headers: http.IncomingHttpHeaders
  body: string
}

async function serve(
  handler: (req: http.IncomingMessage, body: string, res: http.ServerResponse) => void
): Promise<{ url: string; received: Received[]; close: () => Promise<void> }> {
  const received: Received[] = []
  const sockets = new Set<Socket>()
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8')
      received.push({ url: req.url ?? '', headers: req.headers, body })
      handler(req, body, res)
    })
  })
  server.on('connection', (s) => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy()
        server.close(() => r())
      })
  }
}

type Service = Awaited<ReturnType<typeof serve>>
function datasetOf(body: string): string | undefined {
  try {
    return String((JSON.parse(body) as { dataset?: unknown }).dataset)
  } catch {
    return undefined
  }
}
/** The same server under another host name: a different host as far as allowed_hosts goes. */
const otherHost = (url: string): string => url.replace('127.0.0.1', 'localhost')
const json = (res: http.ServerResponse, status: number, body: unknown, type?: string): void => {
  res.writeHead(status, { 'content-type': type ?? 'application/json' })
  res.end(typeof body === 'string' ? body : JSON.stringify(body))
}

let evals: Service
let elsewhere: Service
let github: GithubStandin

beforeAll(async () => {
  // Another origin, for a job the eval service says to poll there.
  elsewhere = await serve((_req, _body, res) => json(res, 200, { metrics: { accuracy: 0.95 } }))
  evals = await serve((req, body, res) => {
    const echo = { headers: req.headers, url: req.url }
    if (req.url?.startsWith('/jobs/'))
      return json(res, 200, {
        status: 'failed',
        error: `job failed for ${String(req.headers.authorization)} at ${req.url}`
      })
    const dataset = datasetOf(body)
    if (dataset === undefined) return json(res, 400, { error: 'bad json', ...echo })
    switch (dataset) {
      case 'ok':
        return json(res, 200, { metrics: { accuracy: 0.95 } })
      case 'low':
        return json(res, 200, { metrics: { accuracy: 0.5 } })
      case 'echo-400':
        return json(res, 400, { error: `refused ${JSON.stringify(echo)}` })
      case 'echo-html':
        return json(res, 500, `<html><pre>${JSON.stringify(echo)}</pre></html>`, 'text/html')
      case 'echo-job':
        return json(res, 202, { status: 'queued', poll: '/jobs/1' })
      case 'echo-metric-names':
        // The echoed credential comes back as a metric name, which error messages list.
        return json(res, 200, {
          metrics: { [String(req.headers.authorization)]: 1, [req.url ?? '']: 2 }
        })
      case 'echo-in-result':
        // A passing result that carries the credential in fields the receipt may keep.
        return json(res, 200, {
          metrics: { accuracy: 0.95 },
          n: 3,
          ids: [String(req.headers.authorization), req.url ?? '', 'q3'],
          samples: { accuracy: [1, 1, 1] }
        })
      case 'elsewhere':
        return json(res, 202, { status: 'queued', poll: `${elsewhere.url}/jobs/9` })
      case 'poll-other-host':
        return json(res, 202, { status: 'queued', poll: `${otherHost(elsewhere.url)}/jobs/9` })
      case 'redirect-other-host':
        res.writeHead(307, { location: `${otherHost(elsewhere.url)}/v1/evaluate` })
        return void res.end()
    }
    json(res, 404, { error: `no dataset ${dataset}` })
  })
  github = await startGithubStandin({ token: S.githubToken })
})
afterAll(async () => {
  await Promise.all([evals.close(), elsewhere.close(), github.close()])
})

const CONFIG = (dataset: string, extra = ''): string => `
promote: {alias: champion, previous_alias: rollback-target}
gates:
  - name: accuracy
    type: metric
    endpoint: "\${EVAL_URL}/v1/evaluate?key=\${EVAL_QUERY_KEY}"
    headers: {Authorization: "Bearer \${EVAL_TOKEN}", X-Api-Key: "\${EVAL_TOKEN}"}
    request: {dataset: ${dataset}}
    metric: accuracy
    min: 0.9
    poll_interval: 50ms
    timeout: 20s
http: {retries: 1}
report: {deployment: production}
${extra}`

const PR_EVENT = {
  name: 'pull_request',
  payload: {
    number: 9,
    pull_request: {
      number: 9,
      head: { sha: 'cafe'.repeat(10), repo: { full_name: 'acme/models' } }
    }
  }
}

interface Scenario {
  name: string
  registry: 'mlflow-basic' | 'mlflow-token' | 'wandb' | 'wandb-wrong-key'
  dataset: string
  expect: 'pass' | 'fail' | 'error'
  event?: { name: string; payload: Record<string, unknown> }
  /** MLflow reflects the Authorization header it got into an error on the alias read. */
  reflectAuth?: boolean
}

const SCENARIOS: Scenario[] = [
  {
    name: 'passing promotion (MLflow basic auth)',
    registry: 'mlflow-basic',
    dataset: 'ok',
    expect: 'pass'
  },
  {
    name: 'failing PR evaluation (comment)',
    registry: 'mlflow-basic',
    dataset: 'low',
    expect: 'fail',
    event: PR_EVENT
  },
  {
    name: 'eval 400 echoing the request headers',
    registry: 'mlflow-basic',
    dataset: 'echo-400',
    expect: 'error'
  },
  {
    name: 'eval 500 HTML page dumping the headers',
    registry: 'mlflow-basic',
    dataset: 'echo-html',
    expect: 'error'
  },
  {
    name: 'eval job failure echoing the credential',
    registry: 'mlflow-basic',
    dataset: 'echo-job',
    expect: 'error',
    event: PR_EVENT
  },
  {
    name: 'eval metric names echoing the credential',
    registry: 'mlflow-basic',
    dataset: 'echo-metric-names',
    expect: 'error'
  },
  {
    name: 'eval result ids echoing the credential',
    registry: 'mlflow-basic',
    dataset: 'echo-in-result',
    expect: 'pass'
  },
  {
    name: 'eval job polled on another origin',
    registry: 'mlflow-basic',
    dataset: 'elsewhere',
    expect: 'pass'
  },
  {
    name: 'MLflow error reflecting the basic-auth header',
    registry: 'mlflow-basic',
    dataset: 'ok',
    expect: 'error',
    reflectAuth: true
  },
  {
    name: 'MLflow error reflecting the bearer token',
    registry: 'mlflow-token',
    dataset: 'ok',
    expect: 'error',
    reflectAuth: true
  },
  {
    name: 'passing promotion (MLflow token)',
    registry: 'mlflow-token',
    dataset: 'ok',
    expect: 'pass'
  },
  { name: 'passing promotion (W&B)', registry: 'wandb', dataset: 'ok', expect: 'pass' },
  {
    name: 'W&B rejecting the key and echoing it',
    registry: 'wandb-wrong-key',
    dataset: 'ok',
    expect: 'error'
  }
]

const setFailedLines = new Map<string, string>()

describe('secrets never leak', () => {
  it.each(SCENARIOS.map((s) => [s.name, s] as const))('%s', async (_name, s) => {
    let mlflow: MlflowStandin | undefined
    let wandb: WandbStandin | undefined
    const env: Record<string, string> = {
      EVAL_URL: evals.url,
      EVAL_TOKEN: S.evalToken,
      EVAL_QUERY_KEY: S.queryKey,
      GITHUB_API_URL: github.url,
      // Set in every run, used or not: an unused secret must not leak either.
      MLFLOW_TRACKING_TOKEN: S.mlflowToken,
      WANDB_API_KEY: S.wandbKey
    }
    let inputs: Record<string, string> = { model: 'chatbot', version: '3' }
    let config = CONFIG(s.dataset)
    if (s.registry.startsWith('mlflow')) {
      mlflow = await startMlflowStandin(
        s.registry === 'mlflow-basic'
          ? { auth: 'basic', users: { [USER]: S.mlflowPassword }, admins: [USER] }
          : {}
      )
      mlflow.seedModel('chatbot', [{}, {}, {}], { champion: '2' })
      env.MLFLOW_TRACKING_URI = mlflow.url
      if (s.registry === 'mlflow-basic') {
        env.MLFLOW_TRACKING_USERNAME = USER
        env.MLFLOW_TRACKING_PASSWORD = S.mlflowPassword
      }
      if (s.reflectAuth)
        mlflow.onRequest((req) =>
          req.path.endsWith('/registered-models/alias')
            ? {
                status: 400,
                body: {
                  error_code: 'INVALID_PARAMETER_VALUE',
                  message: `bad credentials: ${String(req.headers.authorization)}`
                }
              }
            : undefined
        )
    } else {
      wandb = await startWandbStandin({
        apiKey: s.registry === 'wandb' ? S.wandbKey : 'the-key-the-server-expects-0001',
        echoAuthInErrors: true
      })
      wandb.seedCollection('acme', 'model-registry', 'chatbot', [{}, { aliases: ['champion'] }, {}])
      env.WANDB_BASE_URL = wandb.url
      inputs = { model: 'acme/model-registry/chatbot', version: 'v2' }
      config = CONFIG(s.dataset, 'registry: {type: wandb}')
    }
    inputs['github-token'] = S.githubToken
    if (s.event) inputs.mode = 'evaluate'

    const evalsBefore = evals.received.length
    const elsewhereBefore = elsewhere.received.length
    const githubBefore = github.requests.length
    let run: ActionRun
    try {
      run = await runAction({ inputs, env, config, event: s.event })
    } finally {
      await mlflow?.close()
      await wandb?.close()
    }

    // The run ended the way the scenario says, so the paths under test were really taken.
    expect({ verdict: run.outputs.verdict, error: run.summary.slice(0, 600) }).toMatchObject({
      verdict: s.expect
    })

    const lines = run.stdout.split('\n').filter((l) => !l.startsWith('::add-mask::'))
    const failed = lines.filter((l) => l.startsWith('::error::model-gate: '))
    setFailedLines.set(s.name, failed.join('\n'))
    const stdout = lines.join('\n')
    const receiptFile = run.outputs.receipt ? await readFile(run.outputs.receipt, 'utf8') : ''
    const tags = mlflow
      ? ['1', '2', '3'].map((v) => mlflow?.tagsOf('chatbot', v))
      : ['v0', 'v1', 'v2'].map((v) =>
          wandb?.metadataOf({ entity: 'acme', project: 'model-registry', collection: 'chatbot' }, v)
        )
    const mlflowBodies = (mlflow?.requests ?? []).map((r) => r.rawBody)
    const wandbBodies = (wandb?.requests ?? []).map((r) => JSON.stringify(r.variables))
    const evalSeen = evals.received.slice(evalsBefore)
    const ghSeen = github.requests.slice(githubBefore)
    const places: Record<string, string> = {
      stdout,
      stderr: run.stderr,
      summary: run.summary,
      outputs: JSON.stringify(run.outputs),
      'receipt file': receiptFile,
      'registry tags': JSON.stringify(tags),
      'registry request bodies': JSON.stringify([...mlflowBodies, ...wandbBodies]),
      // The eval service gets the credentials in headers and the query, never in the body.
      'eval request bodies': JSON.stringify(evalSeen.map((r) => r.body)),
      // A poll on another origin gets neither the headers nor the endpoint's query.
      'the other origin': JSON.stringify(elsewhere.received.slice(elsewhereBefore)),
      'GitHub request bodies': JSON.stringify(ghSeen.map((r) => r.body)),
      'GitHub check runs and comments': JSON.stringify([
        github.checkRuns,
        [...github.comments.values()],
        github.deployments,
        github.statuses
      ])
    }
    expect(leaks(places)).toEqual([])

    // And the credentials did reach the parties meant to have them, so the check is not empty.
    const evaluated = s.dataset === 'ok' && s.registry !== 'wandb-wrong-key' && !s.reflectAuth
    expect({
      header: evaluated ? evalSeen[0]?.headers.authorization : 'n/a',
      query: evaluated ? evalSeen[0]?.url.includes(`key=${S.queryKey}`) : 'n/a',
      polledElsewhere:
        s.dataset === 'elsewhere' ? elsewhere.received.length > elsewhereBefore : 'n/a'
    }).toEqual({
      header: evaluated ? `Bearer ${S.evalToken}` : 'n/a',
      query: evaluated ? true : 'n/a',
      polledElsewhere: s.dataset === 'elsewhere' ? true : 'n/a'
    })
    expect(ghSeen.length).toBeGreaterThan(0)
    expect(ghSeen.every((r) => r.headers.authorization === `token ${S.githubToken}`)).toBe(true)
  })

  it('scrubs the step failure message (core.setFailed) too', () => {
    const line = setFailedLines.get('MLflow error reflecting the bearer token') ?? ''
    expect(line).toMatch(/^::error::model-gate: /)
    expect(line).not.toContain(S.mlflowToken)
  })
})

describe('allowed hosts, through the bundle', () => {
  const h = useActionHarness({
    registry: 'mlflow',
    registryPer: 'file',
    seed: { chatbot: { versions: [{}, {}, {}], aliases: { champion: '2' } } }
  })

  const gateConfig = (endpoint: string, dataset = 'ok', extra = ''): string => `
gates:
  - name: accuracy
    type: metric
    endpoint: "${endpoint}"
    request: {dataset: ${dataset}}
    metric: accuracy
    min: 0.9
    poll_interval: 50ms
http: {retries: 0}
${extra}`

  async function attempt(
    config: string,
    allowedHostsInput?: string
  ): Promise<{ run: ActionRun; registry: number; evals: number; other: number }> {
    const before = [h.mlflow.requests.length, evals.received.length, elsewhere.received.length]
    const run = await h.run(
      {
        model: 'chatbot',
        version: '3',
        ...(allowedHostsInput ? { 'allowed-hosts': allowedHostsInput } : {})
      },
      { config }
    )
    return {
      run,
      registry: h.mlflow.requests.length - before[0],
      evals: evals.received.length - before[1],
      other: elsewhere.received.length - before[2]
    }
  }

  it('refuses an endpoint outside the list before any request', async () => {
    const r = await attempt(gateConfig(`${otherHost(evals.url)}/v1/evaluate`), '127.0.0.1')
    expect(r.run.outputs.verdict).toBe('error')
    expect(r.run.summary).toContain(
      'config: gates[0].endpoint points at host localhost, which is not in allowed_hosts'
    )
    expect([r.registry, r.evals, r.other]).toEqual([0, 0, 0])
  })

  it('refuses a registry outside the list before any request', async () => {
    const r = await attempt(gateConfig(`${evals.url}/v1/evaluate`), 'mlflow.example.test')
    expect(r.run.summary).toContain('config: registry.uri points at host 127.0.0.1')
    expect([r.registry, r.evals]).toEqual([0, 0])
  })

  it('lets *.example.test match a subdomain (config allowed_hosts), not a look-alike', async () => {
    // The subdomain passes the list and fails only at DNS (.test never resolves).
    const sub = await attempt(
      gateConfig(
        'http://eval.models.example.test/v1/evaluate',
        'ok',
        'allowed_hosts: [127.0.0.1, "*.example.test"]'
      )
    )
    expect(sub.run.outputs.verdict).toBe('error')
    expect(sub.run.summary).not.toContain('allowed_hosts')
    expect(sub.run.summary).toMatch(
      /eval endpoint of gate 'accuracy' host .* could not be resolved/
    )
    expect(sub.registry).toBeGreaterThan(0)
    for (const host of ['example.test.evil.test', 'evilexample.test', 'example.test']) {
      const r = await attempt(
        gateConfig(
          `http://${host}/v1/evaluate`,
          'ok',
          'allowed_hosts: [127.0.0.1, "*.example.test"]'
        )
      )
      expect(r.run.summary).toContain(`points at host ${host}, which is not in allowed_hosts`)
      expect(r.registry).toBe(0)
    }
  })

  it.each([
    ['file:///etc/passwd', 'file'],
    ['ftp://127.0.0.1/evaluate', 'ftp'],
    ['gopher://127.0.0.1:70/_x', 'gopher']
  ])('accepts only http and https: %s is a config error', async (endpoint, scheme) => {
    const r = await attempt(gateConfig(endpoint))
    expect(r.run.outputs.verdict).toBe('error')
    expect(r.run.summary).toContain(`config: gates[0].endpoint uses ${scheme}://`)
    expect([r.registry, r.evals]).toEqual([0, 0])
  })

  it('refuses a 202 poll URL on a host outside the list', async () => {
    const r = await attempt(gateConfig(`${evals.url}/v1/evaluate`, 'poll-other-host'), '127.0.0.1')
    expect(r.run.outputs.verdict).toBe('error')
    expect(r.run.summary).toContain(
      "eval endpoint of gate 'accuracy' asked to poll localhost, which is not in allowed_hosts"
    )
    expect(r.other).toBe(0)
    expect(h.mlflow.aliasOf('chatbot', 'champion')).toBe('2')
  })

  it('refuses a redirect to a host outside the list', async () => {
    const r = await attempt(
      gateConfig(`${evals.url}/v1/evaluate`, 'redirect-other-host'),
      '127.0.0.1'
    )
    expect(r.run.outputs.verdict).toBe('error')
    expect(r.run.summary).toContain(
      "eval endpoint of gate 'accuracy' redirected to host localhost, which is not in allowed_hosts"
    )
    expect(r.other).toBe(0)
  })
})
