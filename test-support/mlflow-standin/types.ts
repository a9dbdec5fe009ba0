/**
 * The stand-in's public types: options, recorded requests, seeds and the in-memory state.
 */
import type { IncomingHttpHeaders } from 'node:http'

export type Permission = 'READ' | 'EDIT' | 'MANAGE' | 'NO_PERMISSIONS'

export interface MlflowStandinOptions {
  /** 'basic' behaves like `mlflow server --app-name basic-auth` (default admin admin/password1234). */
  auth?: 'none' | 'basic'
  /** Extra basic-auth users, username → password (an entry for `admin` changes its password). */
  users?: Record<string, string>
  /** Usernames (from `users`) that are admins; `admin` always is. */
  admins?: string[]
  /** Host headers accepted besides localhost/127.0.0.1/[::1] (any port): `host`, `host:port`, `*`. */
  allowedHosts?: string[]
  /** Schemes a webhook URL may use; the real default is https only (capture 072). */
  webhookAllowedSchemes?: string[]
  /** POST events to ACTIVE webhooks like the real server does (default true). */
  deliverWebhooks?: boolean
  /** Default artifact root; the captures were rewritten to /srv/mlflow/artifacts. */
  artifactRoot?: string
  /** Port on 127.0.0.1; 0 (the default) picks a free one. Fixed only for local runs (.env). */
  port?: number
}

export interface RecordedRequest {
  method: string
  path: string
  /** Query parameters; a repeated key gives an array. */
  query: Record<string, string | string[]>
  headers: IncomingHttpHeaders
  /** Parsed JSON body, the raw text when it is not JSON, undefined when empty. */
  body: unknown
  rawBody: string
  at: number
}

export interface StandinResponse {
  status: number
  /** A string is sent as is; anything else as JSON. */
  body?: unknown
  contentType?: string
  headers?: Record<string, string>
}

export interface FailMatcher {
  method?: string
  /** Substring of the request URL (path and query). */
  pathIncludes?: string
}

export interface FailResponse {
  status: number
  body?: string
  contentType?: string
  /** How many matching requests fail (default 1). */
  times?: number
  headers?: Record<string, string>
}

/** Runs before the request is handled; return a response to answer instead, or await to delay. */
export type RequestHook = (
  req: RecordedRequest,
  standin: MlflowStandin
) => StandinResponse | void | Promise<StandinResponse | void>

export interface SeedVersion {
  source?: string
  run_id?: string
  /** MLflow 3: the logged model the version comes from (seedLoggedModel's id). */
  model_id?: string
  tags?: Record<string, string>
  description?: string
}

export interface SeedRun {
  experimentId?: string
  name?: string
  /** A list is logged as steps 0..n-1. */
  metrics?: Record<string, number | number[]>
  params?: Record<string, string>
  tags?: Record<string, string>
}

/** A metric linked to a logged model, as mlflow.evaluate logs it in MLflow 3 (service.proto Metric). */
export interface SeedModelMetric {
  key: string
  /** A string is sent as is: protobuf JSON writes NaN as "NaN". */
  value: number | string
  dataset_name?: string
  dataset_digest?: string
  run_id?: string
  step?: number
}

export interface SeedLoggedModel {
  experimentId?: string
  name?: string
  sourceRunId?: string
  metrics?: SeedModelMetric[]
}

export interface StandinLoggedModel {
  id: string
  experimentId: string
  name: string
  sourceRunId: string
  creationTime: number
  metrics: Array<SeedModelMetric & { timestamp: number }>
}

export interface StandinExperiment {
  id: string
  name: string
  artifactLocation: string
  lifecycleStage: string
  creationTime: number
  lastUpdateTime: number
  tags: Map<string, string>
}

export interface StandinMetric {
  key: string
  value: number
  timestamp: number
  step: number
}

export interface StandinRun {
  id: string
  experimentId: string
  name: string
  userId: string
  status: string
  startTime: number
  endTime?: number
  artifactUri: string
  lifecycleStage: string
  /** Full history, in logging order. */
  metrics: StandinMetric[]
  params: Map<string, string>
  tags: Map<string, string>
}

export interface StandinModelVersion {
  name: string
  version: number
  creationTimestamp: number
  lastUpdatedTimestamp: number
  currentStage: string
  description: string
  source: string
  runId: string
  runLink: string
  tags: Map<string, string>
  modelId?: string
}

export interface StandinRegisteredModel {
  name: string
  creationTimestamp: number
  lastUpdatedTimestamp: number
  description: string
  tags: Map<string, string>
  /** alias → version number */
  aliases: Map<string, number>
  versions: Map<number, StandinModelVersion>
  /** Version numbers are never reused, even after a delete. */
  nextVersion: number
}

export interface WebhookEvent {
  entity: string
  action: string
}

export interface StandinWebhook {
  id: string
  name: string
  description: string
  url: string
  events: WebhookEvent[]
  status: string
  secret: string
  creationTimestamp: number
  lastUpdatedTimestamp: number
}

export interface StandinUser {
  id: number
  username: string
  password: string
  isAdmin: boolean
  modelPermissions: Map<string, Permission>
  experimentPermissions: Map<string, Permission>
}

export interface StandinState {
  experiments: Map<string, StandinExperiment>
  runs: Map<string, StandinRun>
  models: Map<string, StandinRegisteredModel>
  webhooks: Map<string, StandinWebhook>
  users: Map<string, StandinUser>
  loggedModels: Map<string, StandinLoggedModel>
  /** run id → artifact path → file content. */
  artifacts: Map<string, Map<string, string>>
}

export interface WebhookDeliveryRecord {
  webhookId: string
  url: string
  /** "entity.action" in lower case, as in the payload. */
  event: string
  headers: Record<string, string>
  body: string
  status?: number
  responseBody?: string
  error?: string
}

export interface MlflowStandin {
  /** http://127.0.0.1:PORT */
  readonly url: string
  /** Every request received, in arrival order (also those answered by hooks or faults). */
  readonly requests: RecordedRequest[]
  /** The live in-memory store, for assertions and direct edits. */
  readonly state: StandinState
  readonly webhookDeliveries: WebhookDeliveryRecord[]
  close(): Promise<void>
  failNext(matcher: FailMatcher, response: FailResponse): void
  /** Returns a function that removes the hook. */
  onRequest(hook: RequestHook): () => void
  /** Creates the model if needed, adds versions in order; returns the new version numbers. */
  seedModel(name: string, versions?: SeedVersion[], aliases?: Record<string, string>): string[]
  /** Creates a finished run with metrics/params/tags; returns its run id. */
  seedRun(run?: SeedRun): string
  /** Creates an MLflow 3 logged model with dataset-linked metrics; returns its id (m-<32 hex>). */
  seedLoggedModel(model?: SeedLoggedModel): string
  /** Stores a file among a run's artifacts (what mlflow.log_table / log_artifact upload). */
  putArtifact(runId: string, path: string, content: string): void
  aliasOf(model: string, alias: string): string | undefined
  tagsOf(model: string, version: string): Record<string, string>
  setAlias(model: string, alias: string, version: string): void
  deleteAlias(model: string, alias: string): void
  setVersionTag(model: string, version: string, key: string, value: string): void
  /** Basic-auth mode: give `username` a permission on a registered model. */
  grant(username: string, model: string, permission: Permission): void
  /** Resolves when the webhook deliveries started so far have finished. */
  settled(): Promise<void>
}
