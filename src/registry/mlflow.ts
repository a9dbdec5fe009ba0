import { z } from 'zod'
import { GateError } from '../errors.js'
import { type HttpClient, type HttpResponse, type Method } from '../http/client.js'
import { nearest } from '../nearest.js'
import { MlflowMetricSchema, mlflowRunFacts } from './mlflow-runs.js'
import type { ModelVersion, Registry, RunFacts, RunReader } from './registry.js'

/**
 * MLflow Model Registry over its REST API (contracts/mlflow). Facts that shape this client:
 * versions are strings; POST needs Content-Type: application/json; DELETE takes a JSON body;
 * an unknown alias (and an unknown model on alias GET) is 400, not 404; search results carry no
 * aliases; error bodies may be HTML or plain text (auth, 404/405, Host check).
 */

const ModelVersionSchema = z.object({
  name: z.string(),
  version: z.string(),
  creation_timestamp: z.number().optional(),
  source: z.string().optional(),
  run_id: z.string().optional(),
  tags: z.array(z.object({ key: z.string(), value: z.string() })).optional(),
  aliases: z.array(z.string()).optional(),
  /** MLflow 3: the logged model the version was registered from (model_registry.proto ModelVersion). */
  model_id: z.string().optional()
})
type MlflowModelVersion = z.infer<typeof ModelVersionSchema>

const ErrorSchema = z.object({ error_code: z.string(), message: z.string() })

/**
 * `GET logged-models/{model_id}` (MLflow 3, service.proto GetLoggedModel): `{model: {info, data}}`;
 * each metric of `data.metrics` is a `Metric` with the dataset it was measured on.
 */
const LoggedModelSchema = z.object({
  model: z.object({
    info: z.object({
      model_id: z.string(),
      name: z.string().optional(),
      experiment_id: z.string().optional(),
      source_run_id: z.string().optional()
    }),
    data: z
      .object({
        metrics: z.array(MlflowMetricSchema).optional()
      })
      .optional()
  })
})
type LoggedModel = z.infer<typeof LoggedModelSchema>['model']

/** `GET artifacts/list` (service.proto ListArtifacts): files of one directory of a run. */
const ArtifactListSchema = z.object({
  root_uri: z.string().optional(),
  files: z
    .array(
      z.object({
        path: z.string(),
        is_dir: z.boolean().optional(),
        file_size: z.number().optional()
      })
    )
    .optional(),
  next_page_token: z.string().optional()
})
interface ArtifactFile {
  path: string
  isDir: boolean
  size?: number
}

interface MlflowAuth {
  /** Header value, or undefined for an open server. */
  authorization?: string
  /** Which environment variables the credential came from, for error messages. */
  source: string
  username?: string
}

/** Credentials as MLflow's own client reads them: basic first, then a bearer token. */
export function mlflowAuth(env: NodeJS.ProcessEnv): MlflowAuth {
  const user = env.MLFLOW_TRACKING_USERNAME
  const pass = env.MLFLOW_TRACKING_PASSWORD
  if (user && pass)
    return {
      authorization: `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`,
      source: 'MLFLOW_TRACKING_USERNAME / MLFLOW_TRACKING_PASSWORD',
      username: user
    }
  if (env.MLFLOW_TRACKING_TOKEN)
    return { authorization: `Bearer ${env.MLFLOW_TRACKING_TOKEN}`, source: 'MLFLOW_TRACKING_TOKEN' }
  if (env.DATABRICKS_TOKEN)
    return { authorization: `Bearer ${env.DATABRICKS_TOKEN}`, source: 'DATABRICKS_TOKEN' }
  return { source: 'none' }
}

export class MlflowRegistry implements Registry, RunReader {
  readonly kind = 'mlflow' as const
  readonly describe: string

  constructor(
    private readonly http: HttpClient,
    private readonly baseUrl: string,
    private readonly auth: MlflowAuth
  ) {
    this.describe = `MLflow registry at ${new URL(baseUrl).origin}`
  }

  modelUri(model: string, version: string): string {
    return `models:/${model}/${version}`
  }

  async getVersion(model: string, version: string): Promise<ModelVersion> {
    if (!/^\d+$/.test(version))
      throw new GateError(
        `MLflow version '${version}' of model '${model}' is not a version number`,
        "give a number such as 12, or '@<alias>' for the version an alias points at"
      )
    const res = await this.call(
      'GET',
      'model-versions/get',
      { name: model, version },
      'read the candidate version'
    )
    if (this.isMissing(res)) throw await this.notFound(model, version)
    const body = this.ok(res, 'read the candidate version', model)
    return this.toVersion(this.parseVersion(body))
  }

  async resolveAlias(model: string, alias: string): Promise<ModelVersion | null> {
    const res = await this.call(
      'GET',
      'registered-models/alias',
      { name: model, alias },
      `read alias '${alias}'`
    )
    if (res.status === 400 && /alias .* not found/i.test(this.errorOf(res)?.message ?? '')) {
      // The server answers the same 400 for an unknown model; tell them apart.
      await this.requireModel(model)
      return null
    }
    if (this.isMissing(res)) await this.requireModel(model)
    const body = this.ok(res, `read alias '${alias}'`, model)
    return this.toVersion(this.parseVersion(body))
  }

  async setAlias(model: string, alias: string, version: string): Promise<void> {
    const res = await this.call(
      'POST',
      'registered-models/alias',
      { name: model, alias, version: String(version) },
      `move alias '${alias}'`
    )
    if (this.isMissing(res)) throw await this.notFound(model, version)
    this.ok(res, `move alias '${alias}' to version ${version}`, model, 'EDIT')
  }

  async deleteAlias(model: string, alias: string): Promise<void> {
    const res = await this.call(
      'DELETE',
      'registered-models/alias',
      { name: model, alias },
      `delete alias '${alias}'`
    )
    if (this.isMissing(res)) await this.requireModel(model)
    this.ok(res, `delete alias '${alias}'`, model, 'MANAGE')
  }

  async setTags(model: string, version: string, tags: Record<string, string>): Promise<void> {
    for (const [key, value] of Object.entries(tags)) {
      const res = await this.call(
        'POST',
        'model-versions/set-tag',
        { name: model, version, key, value },
        `tag version ${version}`
      )
      this.ok(res, `set tag '${key}' on version ${version}`, model, 'EDIT')
    }
  }

  compareVersions(a: string, b: string): number {
    return Number(a) - Number(b)
  }

  /** MLflow 3's logged model behind a version (`model_version.model_id`), with its metrics. */
  async getLoggedModel(modelId: string, model: string): Promise<LoggedModel> {
    const what = `read logged model ${modelId}`
    const res = await this.call('GET', `logged-models/${encodeURIComponent(modelId)}`, {}, what)
    if (this.isMissing(res))
      throw new GateError(
        `logged model ${modelId} behind a version of '${model}' was not found in ${this.describe}`,
        'check that registry-uri is the tracking server the model was logged to (MLflow 3)'
      )
    const parsed = LoggedModelSchema.safeParse(this.ok(res, what, model))
    if (!parsed.success)
      throw new GateError(
        `${this.describe} returned logged model ${modelId} in an unexpected shape`,
        'check that the server runs MLflow 3.0 or later'
      )
    return parsed.data.model
  }

  /** The files of one artifact directory of a run (one page is enough for a table's directory). */
  async listArtifacts(runId: string, dir: string, model: string): Promise<ArtifactFile[]> {
    const what = `list the artifacts of run ${runId}`
    const params: Record<string, string> = { run_id: runId }
    if (dir) params.path = dir
    const res = await this.call('GET', 'artifacts/list', params, what)
    if (this.isMissing(res))
      throw new GateError(
        `run ${runId} was not found in ${this.describe}`,
        'check that registry-uri is the tracking server that logged the run'
      )
    const parsed = ArtifactListSchema.safeParse(this.ok(res, what, model))
    if (!parsed.success)
      throw new GateError(
        `${this.describe} listed the artifacts of run ${runId} in an unexpected shape`
      )
    return (parsed.data.files ?? []).map((f) => ({
      path: f.path,
      isDir: !!f.is_dir,
      size: f.file_size
    }))
  }

  /**
   * One artifact file of a run, through the tracking server (`GET /get-artifact`, handlers.py
   * get_artifact_handler): it proxies mlflow-artifacts: roots and reads other stores itself.
   */
  async getArtifactText(runId: string, artifactPath: string, model: string): Promise<string> {
    const what = `download artifact '${artifactPath}' of run ${runId}`
    const res = await this.call('GET', '/get-artifact', { run_id: runId, path: artifactPath }, what)
    if (res.status >= 200 && res.status < 300) return res.text
    this.ok(res, what, model)
    return res.text
  }

  /**
   * The producing run (`GET runs/get`, captures 010 and 064): params, latest metrics and tags, for
   * lineage gates and receipts; null when the version was registered without a run.
   */
  async getRunFacts(version: ModelVersion): Promise<RunFacts | null> {
    const runId = version.runId
    if (!runId) return null
    const what = `read run ${runId}`
    const res = await this.call('GET', 'runs/get', { run_id: runId }, what)
    if (this.isMissing(res))
      throw new GateError(
        `run ${runId} of version ${version.version} was not found (deleted or on another tracking server)`,
        'check that registry-uri is the tracking server that logged the run, or re-register the version from a live run'
      )
    const body = this.ok(res, what, version.model, 'READ', 'experiment')
    return mlflowRunFacts(body, version, this.baseUrl)
  }

  private async call(
    method: Method,
    path: string,
    params: Record<string, string>,
    what: string
  ): Promise<HttpResponse> {
    // A leading slash names a route at the server root (/get-artifact), not under the REST API.
    const url = new URL(
      path.startsWith('/') ? `${this.baseUrl}${path}` : `${this.baseUrl}/api/2.0/mlflow/${path}`
    )
    const headers: Record<string, string> = { accept: 'application/json' }
    if (this.auth.authorization) headers.authorization = this.auth.authorization
    if (method === 'GET') for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v)
    return this.http.send({
      method,
      url: url.href,
      party: `${this.describe} (${what})`,
      headers,
      json: method === 'GET' ? undefined : params,
      // Every write model-gate makes (alias set, tag set, alias delete) is an upsert or idempotent.
      idempotent: true
    })
  }

  /** MLflow's own "does not exist" (JSON); a bare 404 page means a wrong URL, not a missing model. */
  private isMissing(res: HttpResponse): boolean {
    return res.status === 404 && this.errorOf(res)?.error_code === 'RESOURCE_DOES_NOT_EXIST'
  }

  private errorOf(res: HttpResponse): { error_code: string; message: string } | undefined {
    if (!res.contentType.includes('json')) return undefined
    try {
      const parsed = ErrorSchema.safeParse(JSON.parse(res.text))
      return parsed.success ? parsed.data : undefined
    } catch {
      return undefined
    }
  }

  /** The JSON body of a 2xx answer, or the GateError a user can act on. */
  private ok(
    res: HttpResponse,
    what: string,
    model: string,
    needs: 'READ' | 'EDIT' | 'MANAGE' = 'READ',
    // Runs are guarded by their experiment's permissions, versions by the registered model's.
    grantedOn: 'model' | 'experiment' = 'model'
  ): unknown {
    if (res.status >= 200 && res.status < 300) {
      try {
        return JSON.parse(res.text) as unknown
      } catch {
        throw new GateError(
          `${this.describe} answered ${what} with a body that is not JSON`,
          'check that registry-uri points at the MLflow tracking server itself (not its UI behind a proxy)'
        )
      }
    }
    const err = this.errorOf(res)
    const detail = err ? `${err.error_code}: ${err.message}` : `HTTP ${res.status}`
    if (res.status === 401) {
      const fix =
        this.auth.source === 'none'
          ? 'the server requires authentication: set MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD (or MLFLOW_TRACKING_TOKEN) from secrets'
          : this.auth.authorization?.startsWith('Bearer') &&
              /basic/i.test(res.headers['www-authenticate'] ?? '')
            ? `the server accepts only basic auth: set MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD instead of ${this.auth.source}`
            : `check ${this.auth.source}: the server did not accept them`
      throw new GateError(
        `${this.describe} rejected the credentials (HTTP 401) when trying to ${what}`,
        fix
      )
    }
    if (res.status === 403) {
      if (/host header/i.test(res.text))
        throw new GateError(
          `${this.describe} refused the request's Host header (DNS-rebinding protection)`,
          `start the server with --allowed-hosts including ${new URL(this.baseUrl).host}`
        )
      const who = this.auth.username
        ? `user '${this.auth.username}'`
        : `the credential in ${this.auth.source}`
      if (grantedOn === 'experiment')
        throw new GateError(
          `${this.describe} denied permission to ${what}: ${detail}`,
          `${who} needs ${needs} permission on the experiment that holds the run`
        )
      throw new GateError(
        `${this.describe} denied permission to ${what} on model '${model}': ${who} lacks ${needs} permission`,
        `grant ${needs} on the registered model (POST /api/2.0/mlflow/registered-models/permissions/create ` +
          `{"name": "${model}", "username": "${this.auth.username ?? '<user>'}", "permission": "${needs}"}), ` +
          `or use a credential that has it`
      )
    }
    if (!err && (res.status === 404 || res.status === 405))
      throw new GateError(
        `${this.describe} answered HTTP ${res.status} with a page that is not an MLflow API response when trying to ${what}`,
        'check that registry-uri points at the MLflow tracking server root (no /#/ UI path, no extra prefix) and that it runs MLflow 2.3 or later'
      )
    if (res.status === 400 && err?.message.includes('reserved'))
      throw new GateError(
        `${this.describe} refused to ${what}: ${err.message}`,
        "choose another alias: 'latest' and vN are reserved by MLflow"
      )
    if (res.status === 400 && err?.message.startsWith('Invalid alias name'))
      throw new GateError(
        `${this.describe} refused to ${what}: ${err.message}`,
        'alias names may use letters, digits, _ and -'
      )
    throw new GateError(
      `${this.describe} failed to ${what}: ${detail}`,
      res.status >= 500
        ? 'the registry kept failing; try again later, nothing was promoted'
        : 'check the model, version and alias names'
    )
  }

  private parseVersion(body: unknown): MlflowModelVersion {
    const parsed = z.object({ model_version: ModelVersionSchema }).safeParse(body)
    if (!parsed.success)
      throw new GateError(
        `${this.describe} returned a model version in an unexpected shape`,
        'check that the server is MLflow 2.9 or later (aliases need 2.3+)'
      )
    return parsed.data.model_version
  }

  private toVersion(mv: MlflowModelVersion): ModelVersion {
    return {
      model: mv.name,
      version: mv.version,
      uri: this.modelUri(mv.name, mv.version),
      source: mv.source || undefined,
      runId: mv.run_id || undefined,
      tags: Object.fromEntries((mv.tags ?? []).map((t) => [t.key, t.value])),
      aliases: mv.aliases ?? [],
      createdAt: mv.creation_timestamp,
      modelId: mv.model_id || undefined
    }
  }

  private async requireModel(model: string): Promise<void> {
    const res = await this.call('GET', 'registered-models/get', { name: model }, 'read the model')
    if (this.isMissing(res)) throw await this.unknownModel(model)
    this.ok(res, 'read the model', model)
  }

  private async notFound(model: string, version: string): Promise<GateError> {
    const res = await this.call('GET', 'registered-models/get', { name: model }, 'read the model')
    if (this.isMissing(res)) return this.unknownModel(model)
    this.ok(res, 'read the model', model)
    const versions = await this.listVersions(model)
    const listed = versions.length
      ? `versions that exist: ${versions.slice(-10).join(', ')}${versions.length > 10 ? ` (and ${versions.length - 10} older)` : ''}`
      : 'the model has no versions yet'
    return new GateError(
      `model '${model}' has no version ${version} in ${this.describe}`,
      `${listed}; check the 'version' input`
    )
  }

  private async unknownModel(model: string): Promise<GateError> {
    const names = await this.listModels().catch(() => [] as string[])
    const hint = nearest(model, names)
    return new GateError(
      `model '${model}' was not found in ${this.describe}`,
      hint.length
        ? `did you mean ${hint.map((h) => `'${h}'`).join(' or ')}?`
        : "check the 'model' input (registered model names are case-sensitive)"
    )
  }

  /** Version numbers ascending (search results omit aliases, which is fine here). */
  private async listVersions(model: string): Promise<string[]> {
    const out: string[] = []
    let token: string | undefined
    for (let page = 0; page < 10; page++) {
      const params: Record<string, string> = {
        filter: `name='${model.replace(/'/g, "\\'")}'`,
        max_results: '1000'
      }
      if (token) params.page_token = token
      const res = await this.call('GET', 'model-versions/search', params, 'list versions')
      const body = z
        .object({
          model_versions: z.array(ModelVersionSchema).optional(),
          next_page_token: z.string().optional()
        })
        .safeParse(this.ok(res, 'list versions', model))
      if (!body.success) break
      out.push(...(body.data.model_versions ?? []).map((v) => v.version))
      token = body.data.next_page_token
      if (!token) break
    }
    return out.sort((a, b) => Number(a) - Number(b))
  }

  private async listModels(): Promise<string[]> {
    const out: string[] = []
    let token: string | undefined
    for (let page = 0; page < 5; page++) {
      const params: Record<string, string> = { max_results: '1000' }
      if (token) params.page_token = token
      const res = await this.call('GET', 'registered-models/search', params, 'list models')
      if (res.status !== 200) break
      const body = z
        .object({
          registered_models: z.array(z.object({ name: z.string() })).optional(),
          next_page_token: z.string().optional()
        })
        .safeParse(JSON.parse(res.text))
      if (!body.success) break
      out.push(...(body.data.registered_models ?? []).map((m) => m.name))
      token = body.data.next_page_token
      if (!token) break
    }
    return out
  }
}
