import http from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * A stand-in for the parts of the GitHub REST API that model-gate reports through, on loopback.
 * It records every request, keeps just enough state (check runs, comments, deployments) to answer
 * follow-up calls the way GitHub does, enforces GitHub's documented limits with GitHub's 422
 * shape (so a test proves a body fits, not only that it was sent), and can be told to refuse an
 * endpoint with the 403 a token without the permission gets.
 */

/** Endpoint names follow octokit's `rest.<scope>.<method>`. */
export type Route =
  | 'checks.create'
  | 'checks.update'
  | 'repos.createCommitStatus'
  | 'issues.listComments'
  | 'issues.createComment'
  | 'issues.updateComment'
  | 'repos.createDeployment'
  | 'repos.createDeploymentStatus'

export interface RecordedRequest {
  route: Route | 'unknown'
  method: string
  /** Path without the query string, e.g. `/repos/acme/models/check-runs`. */
  path: string
  query: Record<string, string>
  headers: http.IncomingHttpHeaders
  /** Parsed JSON body, or undefined for bodiless requests. */
  body: unknown
}

export interface Comment {
  id: number
  body: string
  user: { login: string; type: string }
  html_url: string
  created_at: string
  updated_at: string
}

export interface CheckRun {
  id: number
  name: string
  head_sha: string
  status: string
  conclusion: string | null
  output: { title?: string; summary?: string }
  /** Every annotation the run received, over create and all updates. */
  annotations: Array<Record<string, unknown>>
}

export interface Override {
  status: number
  /** Defaults to GitHub's error JSON for the status. */
  body?: unknown
  /** How many requests get this answer; default: all of them. */
  times?: number
}

export interface GithubStandin {
  /** Base URL to pass as octokit's baseUrl. */
  url: string
  /** When set, requests without `authorization: token <token>` get GitHub's 401. */
  token?: string
  requests: RecordedRequest[]
  checkRuns: CheckRun[]
  /** Comments by `owner/repo#number`. */
  comments: Map<string, Comment[]>
  deployments: Array<Record<string, unknown> & { id: number; statuses: unknown[] }>
  statuses: Array<Record<string, unknown>>
  /** Answer `route` with an error (403 by default) instead of the real thing. */
  fail(route: Route, override?: Partial<Override>): void
  /** Seed `count` comments on a PR, e.g. to push one past the first page. */
  seedComments(repo: string, issue: number, bodies: string[], login?: string): void
  /** Requests made to one route. */
  calls(route: Route): RecordedRequest[]
  /** Forget requests, state and overrides (the server keeps running). */
  reset(): void
  close(): Promise<void>
}

const DOCS: Record<Route, string> = {
  'checks.create': 'https://docs.github.com/rest/checks/runs#create-a-check-run',
  'checks.update': 'https://docs.github.com/rest/checks/runs#update-a-check-run',
  'repos.createCommitStatus':
    'https://docs.github.com/rest/commits/statuses#create-a-commit-status',
  'issues.listComments': 'https://docs.github.com/rest/issues/comments#list-issue-comments',
  'issues.createComment': 'https://docs.github.com/rest/issues/comments#create-an-issue-comment',
  'issues.updateComment': 'https://docs.github.com/rest/issues/comments#update-an-issue-comment',
  'repos.createDeployment':
    'https://docs.github.com/rest/deployments/deployments#create-a-deployment',
  'repos.createDeploymentStatus':
    'https://docs.github.com/rest/deployments/statuses#create-a-deployment-status'
}

/** The fine-grained permission GitHub names in X-Accepted-GitHub-Permissions on a 403. */
const PERMISSION: Record<Route, string> = {
  'checks.create': 'checks=write',
  'checks.update': 'checks=write',
  'repos.createCommitStatus': 'statuses=write',
  'issues.listComments': 'issues=read; pull_requests=read',
  'issues.createComment': 'issues=write; pull_requests=write',
  'issues.updateComment': 'issues=write; pull_requests=write',
  'repos.createDeployment': 'deployments=write',
  'repos.createDeploymentStatus': 'deployments=write'
}

const ROUTES: Array<[string, RegExp, Route]> = [
  ['POST', /^\/repos\/[^/]+\/[^/]+\/check-runs$/, 'checks.create'],
  ['PATCH', /^\/repos\/[^/]+\/[^/]+\/check-runs\/(\d+)$/, 'checks.update'],
  ['POST', /^\/repos\/[^/]+\/[^/]+\/statuses\/([0-9a-f]+)$/, 'repos.createCommitStatus'],
  ['GET', /^\/repos\/[^/]+\/[^/]+\/issues\/(\d+)\/comments$/, 'issues.listComments'],
  ['POST', /^\/repos\/[^/]+\/[^/]+\/issues\/(\d+)\/comments$/, 'issues.createComment'],
  ['PATCH', /^\/repos\/[^/]+\/[^/]+\/issues\/comments\/(\d+)$/, 'issues.updateComment'],
  ['POST', /^\/repos\/[^/]+\/[^/]+\/deployments$/, 'repos.createDeployment'],
  ['POST', /^\/repos\/[^/]+\/[^/]+\/deployments\/(\d+)\/statuses$/, 'repos.createDeploymentStatus']
]

export function githubError(status: number, message: string, docs: string): unknown {
  return { message, documentation_url: docs, status: String(status) }
}

const DEFAULT_MESSAGE: Record<number, string> = {
  401: 'Bad credentials',
  403: 'Resource not accessible by integration',
  404: 'Not Found',
  422: 'Validation Failed',
  500: 'Server Error',
  502: 'Server Error',
  503: 'Service Unavailable'
}

class Reply {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {}
  ) {}
}

export async function startGithubStandin(opts: { token?: string } = {}): Promise<GithubStandin> {
  const requests: RecordedRequest[] = []
  const checkRuns: CheckRun[] = []
  const comments = new Map<string, Comment[]>()
  const deployments: GithubStandin['deployments'] = []
  const statuses: GithubStandin['statuses'] = []
  const overrides = new Map<Route, Override>()
  let nextId = 1000
  let base = ''

  const repoOf = (path: string): string => path.split('/').slice(2, 4).join('/')
  const now = (): string => new Date().toISOString()
  const invalid = (route: Route, message: string): Reply =>
    new Reply(422, githubError(422, `Invalid request.\n\n${message}`, DOCS[route]))

  function handle(route: Route, m: RegExpExecArray, req: RecordedRequest): Reply {
    const body = (req.body ?? {}) as Record<string, unknown>
    const repo = repoOf(req.path)
    switch (route) {
      case 'checks.create':
      case 'checks.update': {
        const output = (body.output ?? {}) as Record<string, unknown>
        const annotations = (output.annotations ?? []) as Array<Record<string, unknown>>
        if (typeof output.summary === 'string' && output.summary.length > 65535)
          return invalid(
            route,
            `Only 65535 characters are allowed; ${output.summary.length} were supplied.`
          )
        if (annotations.length > 50)
          return invalid(route, 'No more than 50 annotations may be sent per request.')
        if (body.output && (!output.title || !output.summary))
          return invalid(route, '"title" and "summary" are required in "output".')
        let run: CheckRun | undefined
        if (route === 'checks.create') {
          if (!body.name || !body.head_sha)
            return invalid(route, '"name" and "head_sha" are required.')
          run = {
            id: nextId++,
            name: str(body.name),
            head_sha: str(body.head_sha),
            status: str(body.status ?? 'queued'),
            conclusion: (body.conclusion as string | undefined) ?? null,
            output: {},
            annotations: []
          }
          checkRuns.push(run)
        } else {
          run = checkRuns.find((r) => r.id === Number(m[1]))
          if (!run) return new Reply(404, githubError(404, 'Not Found', DOCS[route]))
        }
        if (body.output)
          run.output = { title: String(output.title), summary: output.summary as string }
        if (body.conclusion) run.conclusion = str(body.conclusion)
        run.annotations.push(...annotations)
        return new Reply(route === 'checks.create' ? 201 : 200, {
          id: run.id,
          node_id: `CR_${run.id}`,
          head_sha: run.head_sha,
          external_id: body.external_id ?? '',
          url: `${base}/repos/${repo}/check-runs/${run.id}`,
          html_url: `https://github.com/${repo}/runs/${run.id}`,
          details_url: body.details_url ?? null,
          status: run.status,
          conclusion: run.conclusion,
          started_at: body.started_at ?? now(),
          completed_at: body.completed_at ?? now(),
          output: {
            title: run.output.title ?? null,
            summary: run.output.summary ?? null,
            text: null,
            annotations_count: run.annotations.length,
            annotations_url: `${base}/repos/${repo}/check-runs/${run.id}/annotations`
          },
          name: run.name,
          app: { id: 15368, slug: 'github-actions', name: 'GitHub Actions' }
        })
      }
      case 'repos.createCommitStatus': {
        if (!['error', 'failure', 'pending', 'success'].includes(String(body.state)))
          return invalid(route, `state is not a member of ["error","failure","pending","success"]`)
        if (typeof body.description === 'string' && body.description.length > 140)
          return new Reply(422, {
            message: 'Validation Failed',
            errors: [
              {
                resource: 'Status',
                code: 'custom',
                field: 'description',
                message: 'description is too long (maximum is 140 characters)'
              }
            ],
            documentation_url: DOCS[route],
            status: '422'
          })
        const status = {
          id: nextId++,
          url: `${base}/repos/${repo}/statuses/${m[1]}`,
          state: body.state,
          description: body.description ?? null,
          target_url: body.target_url ?? null,
          context: body.context ?? 'default',
          created_at: now(),
          updated_at: now()
        }
        statuses.push({ ...status, sha: m[1] })
        return new Reply(201, status)
      }
      case 'issues.listComments': {
        const list = comments.get(`${repo}#${m[1]}`) ?? []
        const perPage = Math.min(100, Math.max(1, Number(req.query.per_page ?? 30) || 30))
        const page = Math.max(1, Number(req.query.page ?? 1) || 1)
        const last = Math.max(1, Math.ceil(list.length / perPage))
        const link = (p: number, rel: string): string =>
          `<${base}${req.path}?per_page=${perPage}&page=${p}>; rel="${rel}"`
        const rels: string[] = []
        if (page > 1) rels.push(link(page - 1, 'prev'))
        if (page < last) rels.push(link(page + 1, 'next'), link(last, 'last'))
        if (page > 1) rels.push(link(1, 'first'))
        return new Reply(
          200,
          list.slice((page - 1) * perPage, page * perPage),
          rels.length ? { link: rels.join(', ') } : {}
        )
      }
      case 'issues.createComment': {
        if (typeof body.body !== 'string' || !body.body)
          return invalid(route, '"body" wasn\'t supplied.')
        if (body.body.length > 65536)
          return new Reply(422, {
            message: 'Validation Failed',
            errors: [
              {
                resource: 'IssueComment',
                code: 'unprocessable',
                field: 'data',
                message: 'Body is too long (maximum is 65536 characters)'
              }
            ],
            documentation_url: DOCS[route],
            status: '422'
          })
        const key = `${repo}#${m[1]}`
        const c = makeComment(repo, Number(m[1]), body.body, 'github-actions[bot]')
        comments.set(key, [...(comments.get(key) ?? []), c])
        return new Reply(201, c)
      }
      case 'issues.updateComment': {
        const id = Number(m[1])
        const c = [...comments.values()].flat().find((x) => x.id === id)
        if (!c) return new Reply(404, githubError(404, 'Not Found', DOCS[route]))
        if (typeof body.body !== 'string' || body.body.length > 65536)
          return invalid(route, 'Body is too long (maximum is 65536 characters)')
        c.body = body.body
        c.updated_at = now()
        return new Reply(200, c)
      }
      case 'repos.createDeployment': {
        if (!body.ref) return invalid(route, '"ref" wasn\'t supplied.')
        const d = {
          id: nextId++,
          url: `${base}/repos/${repo}/deployments/${nextId - 1}`,
          sha: str(body.ref),
          ref: str(body.ref),
          task: body.task ?? 'deploy',
          payload: body.payload ?? {},
          environment: body.environment ?? 'production',
          description: body.description ?? null,
          transient_environment: body.transient_environment ?? false,
          production_environment: body.production_environment ?? body.environment === 'production',
          creator: { login: 'github-actions[bot]', type: 'Bot' },
          created_at: now(),
          updated_at: now(),
          statuses_url: `${base}/repos/${repo}/deployments/${nextId - 1}/statuses`,
          statuses: [] as unknown[]
        }
        deployments.push(d)
        // JSON drops the undefined key: GitHub's deployment object has no statuses list.
        return new Reply(201, { ...d, statuses: undefined })
      }
      case 'repos.createDeploymentStatus': {
        const d = deployments.find((x) => x.id === Number(m[1]))
        if (!d) return new Reply(404, githubError(404, 'Not Found', DOCS[route]))
        const states = [
          'error',
          'failure',
          'inactive',
          'in_progress',
          'queued',
          'pending',
          'success'
        ]
        if (!states.includes(String(body.state)))
          return invalid(route, `state is not a member of ${JSON.stringify(states)}`)
        const s = {
          id: nextId++,
          state: body.state,
          description: body.description ?? '',
          environment: d.environment,
          environment_url: body.environment_url ?? '',
          log_url: body.log_url ?? '',
          deployment_url: d.url,
          created_at: now()
        }
        d.statuses.push(s)
        return new Reply(201, s)
      }
    }
  }

  function makeComment(repo: string, issue: number, body: string, login: string): Comment {
    const id = nextId++
    return {
      id,
      body,
      user: { login, type: login.endsWith('[bot]') ? 'Bot' : 'User' },
      html_url: `https://github.com/${repo}/pull/${issue}#issuecomment-${id}`,
      created_at: now(),
      updated_at: now()
    }
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x')
      const raw = Buffer.concat(chunks).toString('utf8')
      let body: unknown
      try {
        body = raw ? (JSON.parse(raw) as unknown) : undefined
      } catch {
        return send(res, new Reply(400, { message: 'Problems parsing JSON', status: '400' }))
      }
      const method = req.method ?? 'GET'
      const hit = ROUTES.map(([verb, re, route]) => {
        const m = verb === method ? re.exec(url.pathname) : null
        return m ? { m, route } : undefined
      }).find(Boolean)
      const recorded: RecordedRequest = {
        route: hit?.route ?? 'unknown',
        method,
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: req.headers,
        body
      }
      requests.push(recorded)
      if (standin.token && req.headers.authorization !== `token ${standin.token}`)
        return send(
          res,
          new Reply(401, githubError(401, 'Bad credentials', 'https://docs.github.com/rest'))
        )
      if (!hit)
        return send(
          res,
          new Reply(404, githubError(404, 'Not Found', 'https://docs.github.com/rest'))
        )
      const o = overrides.get(hit.route)
      if (o && (o.times === undefined || o.times > 0)) {
        if (o.times !== undefined) o.times--
        const headers: Record<string, string> =
          o.status === 403 ? { 'x-accepted-github-permissions': PERMISSION[hit.route] } : {}
        return send(
          res,
          new Reply(
            o.status,
            o.body ?? githubError(o.status, DEFAULT_MESSAGE[o.status] ?? 'Error', DOCS[hit.route]),
            headers
          )
        )
      }
      send(res, handle(hit.route, hit.m, recorded))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  base = `http://127.0.0.1:${port}`

  const standin: GithubStandin = {
    url: base,
    token: opts.token,
    requests,
    checkRuns,
    comments,
    deployments,
    statuses,
    fail: (route, override = {}) => overrides.set(route, { status: 403, ...override }),
    seedComments: (repo, issue, bodies, login = 'someone') => {
      const key = `${repo}#${issue}`
      comments.set(key, [
        ...(comments.get(key) ?? []),
        ...bodies.map((b) => makeComment(repo, issue, b, login))
      ])
    },
    calls: (route) => requests.filter((r) => r.route === route),
    reset: () => {
      requests.length = 0
      checkRuns.length = 0
      deployments.length = 0
      statuses.length = 0
      comments.clear()
      overrides.clear()
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
  return standin
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v)
}

function send(res: http.ServerResponse, reply: Reply): void {
  res.writeHead(reply.status, {
    'content-type': 'application/json; charset=utf-8',
    'x-github-request-id': 'F00D:1234:5678:9ABC:DEF0',
    'x-github-media-type': 'github.v3; format=json',
    ...reply.headers
  })
  res.end(JSON.stringify(reply.body))
}
