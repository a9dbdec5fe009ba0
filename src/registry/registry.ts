/**
 * What model-gate needs from a model registry. MLflow and W&B implement it; everything above this
 * seam (gates, promotion, reports) speaks only these terms.
 */

export interface ModelVersion {
  /** Registered model name (MLflow) or collection path (W&B), as the registry spells it. */
  model: string
  /** The registry's version label: "12" on MLflow, "v12" on W&B. */
  version: string
  /** URI a serving or build tool understands: models:/name/12, wandb-artifact://... */
  uri: string
  source?: string
  runId?: string
  /** Version tags (MLflow) or artifact metadata flattened to strings (W&B). */
  tags: Record<string, string>
  /** Aliases this version holds in this model/collection. */
  aliases: string[]
  createdAt?: number
  /** MLflow 3: the logged model behind the version, whose metrics carry their dataset. */
  modelId?: string
}

export interface Registry {
  readonly kind: 'mlflow' | 'wandb'
  /** Human name for messages: "MLflow registry at https://…". */
  readonly describe: string

  /** The version, or a GateError naming the model/version and the nearest existing ones. */
  getVersion(model: string, version: string): Promise<ModelVersion>

  /** The version `alias` points at, or null when the alias is not set (a first promotion). */
  resolveAlias(model: string, alias: string): Promise<ModelVersion | null>

  /** Point `alias` at `version` in one call (the server moves it off the old holder). */
  setAlias(model: string, alias: string, version: string): Promise<void>

  /** Remove `alias`; removing an alias that is not set succeeds. */
  deleteAlias(model: string, alias: string): Promise<void>

  /** Set (upsert) tags on a version without touching others. */
  setTags(model: string, version: string, tags: Record<string, string>): Promise<void>

  /** Negative when a is older than b. */
  compareVersions(a: string, b: string): number
}

/** The training run that produced a version: what lineage gates and receipts read. */
export interface RunFacts {
  id: string
  /** Link a person can open (MLflow run page, W&B run URL), when known. */
  url?: string
  status?: string
  /** MLflow lifecycle_stage 'deleted', W&B run state, …: a deleted run is an error for lineage. */
  deleted: boolean
  params: Record<string, string>
  /** Final (latest) value per metric key. */
  metrics: Record<string, number>
  tags: Record<string, string>
  /** The run's summary as the registry holds it (W&B), nested and unfiltered: for metric sources. */
  summary?: Record<string, unknown>
}

/** Optional capability: registries that can read the producing run implement it. */
export interface RunReader {
  getRunFacts(version: ModelVersion): Promise<RunFacts | null>
}

export function canReadRuns(r: Registry): r is Registry & RunReader {
  return typeof (r as Partial<RunReader>).getRunFacts === 'function'
}
