import http, { type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import {
  type Need,
  authenticate,
  createExperimentPermission,
  createModelPermission,
  createUser,
  deleteModelPermission,
  deleteUser,
  getModelPermission,
  getUser,
  permitted,
  updateModelPermission,
  updateUserAdmin
} from './auth.js'
import {
  BAD_HOST_TEXT,
  HTML,
  METHOD_NOT_ALLOWED_HTML,
  NOT_FOUND_HTML,
  UNAUTHENTICATED_TEXT,
  VERSION_TEXT
} from './constants.js'
import { MlflowError } from './errors.js'
import { Faults } from './faults.js'
import {
  type Ctx,
  type Method,
  type Reply,
  type Route,
  errorReply,
  ok,
  parseBodyForLog,
  queryRecord
} from './http.js'
import { getArtifact, listArtifacts } from './routes/artifacts.js'
import { createExperiment, getExperiment, getExperimentByName } from './routes/experiments.js'
import { getLoggedModel } from './routes/logged-models.js'
import {
  createVersion,
  deleteVersion,
  deleteVersionTag,
  downloadUri,
  getVersionHandler,
  searchVersions,
  setVersionTagHandler,
  transitionStage,
  updateVersion
} from './routes/model-versions.js'
import {
  createModel,
  deleteAliasHandler,
  deleteModel,
  deleteModelTag,
  getByAlias,
  getLatest,
  getModelHandler,
  renameModel,
  searchModels,
  setAliasHandler,
  setModelTag,
  updateModel
} from './routes/registered-models.js'
import {
  createRunHandler,
  getRunHandler,
  logBatch,
  logMetric,
  logParam,
  metricHistory,
  searchRuns,
  setRunTag,
  updateRun
} from './routes/runs.js'
import { Store } from './store.js'
import type {
  FailMatcher,
  FailResponse,
  MlflowStandin,
  MlflowStandinOptions,
  Permission,
  RecordedRequest,
  RequestHook,
  WebhookDeliveryRecord
} from './types.js'
import {
  createWebhook,
  deleteWebhook,
  getWebhook,
  listWebhooks,
  testWebhook,
  updateWebhook,
  webhookJson
} from './webhooks.js'

/** The HTTP server: records each request, lets hooks and faults answer, then routes it. */
export class Standin extends Store implements MlflowStandin {
  url = ''
  readonly requests: RecordedRequest[] = []
  readonly webhookDeliveries: WebhookDeliveryRecord[] = []
  /** Webhook deliveries under way, for settled(). */
  readonly pending = new Set<Promise<void>>()
  /** Outgoing webhook requests, destroyed on close. */
  readonly inflight = new Set<http.ClientRequest>()
  readonly allowedSchemes: string[]
  private readonly server: http.Server
  private readonly faults = new Faults()
  private readonly routes = new Map<string, Route>()
  private closed = false

  constructor(readonly opts: MlflowStandinOptions) {
    super(opts.artifactRoot ?? '/srv/mlflow/artifacts')
    this.allowedSchemes = opts.webhookAllowedSchemes ?? ['https']
    if (opts.auth === 'basic') {
      const users: Record<string, string> = { admin: 'password1234', ...opts.users }
      for (const [username, password] of Object.entries(users)) {
        this.addUser(username, password, username === 'admin' || !!opts.admins?.includes(username))
      }
    }
    this.buildRoutes()
    this.server = http.createServer((req, res) => {
      // A client that hangs up mid-request just loses its answer.
      this.handle(req, res).catch(() => res.destroy())
    })
  }

  listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject)
      this.server.listen(this.opts.port ?? 0, '127.0.0.1', () => {
        const { port } = this.server.address() as AddressInfo
        this.url = `http://127.0.0.1:${port}`
        resolve()
      })
    })
  }

  close(): Promise<void> {
    this.closed = true
    for (const req of this.inflight) req.destroy()
    return new Promise((resolve) => {
      this.server.close(() => resolve())
      this.server.closeAllConnections()
    })
  }

  async settled(): Promise<void> {
    while (this.pending.size) await Promise.allSettled([...this.pending])
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = []
    for await (const c of req) chunks.push(c as Buffer)
    const rawBody = Buffer.concat(chunks).toString('utf8')
    const url = new URL(req.url ?? '/', 'http://standin')
    const method = (req.method ?? 'GET').toUpperCase()
    const recorded: RecordedRequest = {
      method,
      path: url.pathname,
      query: queryRecord(url.searchParams),
      headers: req.headers,
      body: parseBodyForLog(rawBody),
      rawBody,
      at: Date.now()
    }
    this.requests.push(recorded)
    let reply: Reply
    try {
      reply =
        (await this.faults.intercept(recorded, req.url ?? '/', this)) ??
        (await this.dispatch(req, url, method, rawBody))
    } catch (e) {
      reply = errorReply(
        e instanceof MlflowError ? e : new MlflowError('INTERNAL_ERROR', String(e))
      )
    }
    if (res.destroyed || this.closed) return
    const headers: Record<string, string> = { ...reply.headers }
    if (reply.contentType) headers['Content-Type'] = reply.contentType
    headers['Content-Length'] = String(Buffer.byteLength(reply.body))
    res.writeHead(reply.status, headers)
    res.end(method === 'HEAD' ? undefined : reply.body)
  }

  async dispatch(req: IncomingMessage, url: URL, method: string, rawBody: string): Promise<Reply> {
    // The security middleware runs before anything else (capture 065).
    if (!this.hostAllowed(req.headers.host)) {
      return { status: 403, contentType: 'text/plain', body: BAD_HOST_TEXT }
    }
    const ctx: Ctx = {
      method: method === 'HEAD' ? 'GET' : method,
      path: url.pathname,
      queryString: url.search.replace(/^\?/, ''),
      query: url.searchParams,
      headers: req.headers,
      rawBody
    }
    if (ctx.path === '/health') return { status: 200, contentType: HTML, body: 'OK' }
    if (this.opts.auth === 'basic') {
      // Flask runs before_request (auth) before raising routing errors, so 401 beats 404/405.
      const user = authenticate(this, req.headers)
      if (!user) {
        return {
          status: 401,
          contentType: HTML,
          body: UNAUTHENTICATED_TEXT,
          headers: { 'WWW-Authenticate': 'Basic realm="mlflow"' }
        }
      }
      ctx.user = user
    }
    if (ctx.path === '/version') return { status: 200, contentType: HTML, body: VERSION_TEXT }
    // mlflow/server/__init__.py: @app.route(_add_static_prefix("/get-artifact")), GET only.
    if (ctx.path === '/get-artifact' && ctx.method === 'GET') return getArtifact(this, ctx)
    const match = this.route(ctx)
    if (!match) return { status: 404, contentType: HTML, body: NOT_FOUND_HTML }
    const handler = match.handlers[ctx.method as Method]
    if (!handler) {
      const allow = Object.keys(match.handlers)
      if (allow.includes('GET')) allow.push('HEAD')
      return {
        status: 405,
        contentType: HTML,
        body: METHOD_NOT_ALLOWED_HTML,
        headers: { Allow: [...allow, 'OPTIONS'].sort().join(', ') }
      }
    }
    const need = match.needs?.[ctx.method as Method]
    if (ctx.user && !ctx.user.isAdmin && need && !permitted(this, ctx, need)) {
      return { status: 403, contentType: HTML, body: 'Permission denied' }
    }
    return await handler(ctx)
  }

  hostAllowed(host: string | undefined): boolean {
    if (!host) return true
    const m = /^(\[[^\]]*\]|[^:]*)(?::(\d+))?$/.exec(host.toLowerCase())
    const hostname = m?.[1] ?? host
    const allowed = ['localhost', '127.0.0.1', '[::1]', ...(this.opts.allowedHosts ?? [])]
    return allowed.some((a) => {
      const entry = a.toLowerCase()
      return entry === '*' || entry === hostname || entry === host.toLowerCase()
    })
  }

  route(ctx: Ctx): Route | undefined {
    const m = /^\/(?:api|ajax-api)\/2\.0\/mlflow\/(.+)$/.exec(ctx.path)
    if (!m) return undefined
    const rest = m[1]
    // service.proto GetLoggedModel: GET /mlflow/logged-models/{model_id}.
    const logged = /^logged-models\/([^/]+)$/.exec(rest)
    if (logged) {
      ctx.id = decodeURIComponent(logged[1])
      return this.routes.get('logged-models/{id}')
    }
    const hook = /^webhooks\/([^/]+)(\/test)?$/.exec(rest)
    if (hook) {
      ctx.id = decodeURIComponent(hook[1])
      return this.routes.get(hook[2] ? 'webhooks/{id}/test' : 'webhooks/{id}')
    }
    return this.routes.get(rest)
  }

  add(path: string, handlers: Route['handlers'], needs?: Route['needs']): void {
    this.routes.set(path, { handlers, needs })
  }

  buildRoutes(): void {
    const model = (level: Permission): Need => ({ on: 'model', level })
    const experiment = (level: Permission): Need => ({ on: 'experiment', level })
    const run = (level: Permission): Need => ({ on: 'run', level })

    // -- tracking --
    this.add('experiments/create', { POST: (c) => createExperiment(this, c) })
    this.add('experiments/get', { GET: (c) => getExperiment(this, c) }, { GET: experiment('READ') })
    this.add('experiments/get-by-name', { GET: (c) => getExperimentByName(this, c) })
    this.add(
      'runs/create',
      { POST: (c) => createRunHandler(this, c) },
      { POST: experiment('EDIT') }
    )
    this.add('runs/get', { GET: (c) => getRunHandler(this, c) }, { GET: run('READ') })
    this.add('runs/update', { POST: (c) => updateRun(this, c) }, { POST: run('EDIT') })
    this.add('runs/log-metric', { POST: (c) => logMetric(this, c) }, { POST: run('EDIT') })
    this.add('runs/log-parameter', { POST: (c) => logParam(this, c) }, { POST: run('EDIT') })
    this.add('runs/set-tag', { POST: (c) => setRunTag(this, c) }, { POST: run('EDIT') })
    this.add('runs/log-batch', { POST: (c) => logBatch(this, c) }, { POST: run('EDIT') })
    this.add('runs/search', { POST: (c) => searchRuns(this, c) })
    this.add('metrics/get-history', { GET: (c) => metricHistory(this, c) }, { GET: run('READ') })
    this.add('artifacts/list', { GET: (c) => listArtifacts(this, c) }, { GET: run('READ') })
    this.add('logged-models/{id}', { GET: (c) => getLoggedModel(this, c) })

    // -- registry --
    this.add('registered-models/create', { POST: (c) => createModel(this, c) })
    this.add(
      'registered-models/get',
      { GET: (c) => getModelHandler(this, c) },
      { GET: model('READ') }
    )
    this.add('registered-models/search', { GET: (c) => searchModels(this, c) })
    this.add(
      'registered-models/rename',
      { POST: (c) => renameModel(this, c) },
      { POST: model('MANAGE') }
    )
    this.add(
      'registered-models/update',
      { PATCH: (c) => updateModel(this, c) },
      { PATCH: model('EDIT') }
    )
    this.add(
      'registered-models/delete',
      { DELETE: (c) => deleteModel(this, c) },
      { DELETE: model('MANAGE') }
    )
    this.add(
      'registered-models/get-latest-versions',
      { GET: (c) => getLatest(this, c), POST: (c) => getLatest(this, c) },
      { GET: model('READ'), POST: model('READ') }
    )
    this.add(
      'registered-models/set-tag',
      { POST: (c) => setModelTag(this, c) },
      { POST: model('EDIT') }
    )
    this.add(
      'registered-models/delete-tag',
      { DELETE: (c) => deleteModelTag(this, c) },
      { DELETE: model('EDIT') }
    )
    this.add(
      'registered-models/alias',
      {
        POST: (c) => setAliasHandler(this, c),
        DELETE: (c) => deleteAliasHandler(this, c),
        GET: (c) => getByAlias(this, c)
      },
      { POST: model('EDIT'), DELETE: model('MANAGE'), GET: model('READ') }
    )
    this.add(
      'model-versions/create',
      { POST: (c) => createVersion(this, c) },
      { POST: model('EDIT') }
    )
    this.add(
      'model-versions/get',
      { GET: (c) => getVersionHandler(this, c) },
      { GET: model('READ') }
    )
    this.add(
      'model-versions/update',
      { PATCH: (c) => updateVersion(this, c) },
      { PATCH: model('EDIT') }
    )
    this.add(
      'model-versions/delete',
      { DELETE: (c) => deleteVersion(this, c) },
      { DELETE: model('MANAGE') }
    )
    this.add(
      'model-versions/transition-stage',
      { POST: (c) => transitionStage(this, c) },
      { POST: model('EDIT') }
    )
    this.add('model-versions/search', { GET: (c) => searchVersions(this, c) })
    this.add(
      'model-versions/get-download-uri',
      { GET: (c) => downloadUri(this, c) },
      { GET: model('READ') }
    )
    this.add(
      'model-versions/set-tag',
      { POST: (c) => setVersionTagHandler(this, c) },
      { POST: model('EDIT') }
    )
    this.add(
      'model-versions/delete-tag',
      { DELETE: (c) => deleteVersionTag(this, c) },
      { DELETE: model('EDIT') }
    )

    // -- webhooks (admin-only under basic auth) --
    const admin: Need = { on: 'admin' }
    this.add(
      'webhooks',
      { POST: (c) => createWebhook(this, c), GET: (c) => listWebhooks(this, c) },
      { POST: admin, GET: admin }
    )
    this.add(
      'webhooks/{id}',
      {
        GET: (c) => ok({ webhook: webhookJson(getWebhook(this, c.id ?? '')) }),
        PATCH: (c) => updateWebhook(this, c),
        DELETE: (c) => deleteWebhook(this, c)
      },
      { GET: admin, PATCH: admin, DELETE: admin }
    )
    this.add('webhooks/{id}/test', { POST: (c) => testWebhook(this, c) }, { POST: admin })

    // -- basic-auth app only --
    if (this.opts.auth === 'basic') {
      this.add('users/create', { POST: (c) => createUser(this, c) }, { POST: admin })
      this.add('users/get', { GET: (c) => getUser(this, c) }, { GET: admin })
      this.add('users/update-admin', { PATCH: (c) => updateUserAdmin(this, c) }, { PATCH: admin })
      this.add('users/delete', { DELETE: (c) => deleteUser(this, c) }, { DELETE: admin })
      const manage: Need = { on: 'modelOrExperiment', level: 'MANAGE' }
      this.add(
        'registered-models/permissions/create',
        { POST: (c) => createModelPermission(this, c) },
        { POST: manage }
      )
      this.add(
        'registered-models/permissions/get',
        { GET: (c) => getModelPermission(this, c) },
        { GET: manage }
      )
      this.add(
        'registered-models/permissions/update',
        { PATCH: (c) => updateModelPermission(this, c) },
        { PATCH: manage }
      )
      this.add(
        'registered-models/permissions/delete',
        { DELETE: (c) => deleteModelPermission(this, c) },
        { DELETE: manage }
      )
      this.add(
        'experiments/permissions/create',
        { POST: (c) => createExperimentPermission(this, c) },
        { POST: manage }
      )
    }
  }

  failNext(matcher: FailMatcher, response: FailResponse): void {
    this.faults.failNext(matcher, response)
  }

  onRequest(hook: RequestHook): () => void {
    return this.faults.onRequest(hook)
  }
}
