import { randomBytes } from 'node:crypto'
import { invalid, modelNotFound, notFound, runNotFound, versionNotFound } from './errors.js'
import { canonicalStage, parseVersion } from './params.js'
import { toInt } from './python.js'
import type {
  Permission,
  SeedLoggedModel,
  SeedRun,
  SeedVersion,
  StandinExperiment,
  StandinMetric,
  StandinModelVersion,
  StandinRegisteredModel,
  StandinRun,
  StandinState,
  StandinUser
} from './types.js'

export const newRunId = (): string => randomBytes(16).toString('hex')

export const ADJECTIVES = ['bemused', 'calm', 'gentle', 'honest', 'lucky', 'quiet', 'sassy', 'wise']

export const ANIMALS = ['gull', 'fox', 'owl', 'whale', 'lynx', 'crab', 'moth', 'yak']

export const pick = (list: string[]): string => list[Math.floor(Math.random() * list.length)]

export const randomRunName = (): string =>
  `${pick(ADJECTIVES)}-${pick(ANIMALS)}-${Math.floor(Math.random() * 1000)}`

export function mapToTags(
  m: Map<string, string>
): Array<{ key: string; value: string }> | undefined {
  return m.size ? [...m].map(([key, value]) => ({ key, value })) : undefined
}

/** The in-memory store: entities, how they are created and found, and their JSON shapes. */
export class Store {
  readonly state: StandinState = {
    experiments: new Map(),
    runs: new Map(),
    models: new Map(),
    webhooks: new Map(),
    users: new Map(),
    loggedModels: new Map(),
    artifacts: new Map()
  }
  nextExperimentId = 1
  nextUserId = 1

  constructor(readonly artifactRoot: string) {
    const now = Date.now()
    this.state.experiments.set('0', {
      id: '0',
      name: 'Default',
      artifactLocation: `${this.artifactRoot}/0`,
      lifecycleStage: 'active',
      creationTime: now,
      lastUpdateTime: now,
      tags: new Map()
    })
  }

  seedModel(
    name: string,
    versions: SeedVersion[] = [],
    aliases: Record<string, string> = {}
  ): string[] {
    const now = Date.now()
    let model = this.state.models.get(name)
    if (!model) {
      model = this.newModel(name, '', [], now)
    }
    const created = versions.map((v) => {
      const run = v.run_id ? this.state.runs.get(v.run_id) : undefined
      const number = model.nextVersion
      const source =
        v.source ?? (run ? `${run.artifactUri}/model` : `s3://standin/${name}/${number}`)
      const mv = this.newVersion(model, {
        source,
        runId: v.run_id ?? '',
        description: v.description ?? '',
        tags: Object.entries(v.tags ?? {}),
        runLink: ''
      })
      if (v.model_id) mv.modelId = v.model_id
      return String(mv.version)
    })
    for (const [alias, version] of Object.entries(aliases)) this.setAlias(name, alias, version)
    return created
  }

  seedRun(seed: SeedRun = {}): string {
    const run = this.createRun({
      experimentId: seed.experimentId ?? '0',
      runName: seed.name,
      startTime: Date.now(),
      tags: Object.entries(seed.tags ?? {})
    })
    const now = Date.now()
    for (const [key, v] of Object.entries(seed.metrics ?? {})) {
      const values = Array.isArray(v) ? v : [v]
      values.forEach((value, step) => run.metrics.push({ key, value, timestamp: now, step }))
    }
    for (const [key, value] of Object.entries(seed.params ?? {})) run.params.set(key, value)
    run.status = 'FINISHED'
    run.endTime = now
    return run.id
  }

  seedLoggedModel(seed: SeedLoggedModel = {}): string {
    const now = Date.now()
    // mlflow/utils/mlflow_tags.py / entities/logged_model.py: ids are "m-" + a uuid4 hex.
    const id = `m-${randomBytes(16).toString('hex')}`
    this.state.loggedModels.set(id, {
      id,
      experimentId: seed.experimentId ?? '0',
      name: seed.name ?? 'model',
      sourceRunId: seed.sourceRunId ?? '',
      creationTime: now,
      metrics: (seed.metrics ?? []).map((m) => ({ ...m, timestamp: now }))
    })
    return id
  }

  putArtifact(runId: string, path: string, content: string): void {
    if (!this.state.runs.has(runId)) throw new Error(`no run ${runId}`)
    let files = this.state.artifacts.get(runId)
    if (!files) this.state.artifacts.set(runId, (files = new Map<string, string>()))
    files.set(path, content)
  }

  aliasOf(model: string, alias: string): string | undefined {
    const v = this.state.models.get(model)?.aliases.get(alias)
    return v === undefined ? undefined : String(v)
  }

  tagsOf(model: string, version: string): Record<string, string> {
    const mv = this.state.models.get(model)?.versions.get(toInt(version))
    return Object.fromEntries(mv?.tags ?? [])
  }

  setAlias(model: string, alias: string, version: string): void {
    const m = this.requireModel(model)
    if (!m.versions.has(toInt(version))) throw new Error(`no version ${version} of ${model}`)
    m.aliases.set(alias, toInt(version))
  }

  deleteAlias(model: string, alias: string): void {
    this.requireModel(model).aliases.delete(alias)
  }

  setVersionTag(model: string, version: string, key: string, value: string): void {
    const mv = this.requireModel(model).versions.get(toInt(version))
    if (!mv) throw new Error(`no version ${version} of ${model}`)
    mv.tags.set(key, value)
  }

  grant(username: string, model: string, permission: Permission): void {
    const user = this.state.users.get(username)
    if (!user) throw new Error(`no user ${username}`)
    user.modelPermissions.set(model, permission)
  }

  requireModel(name: string): StandinRegisteredModel {
    const m = this.state.models.get(name)
    if (!m) throw new Error(`no registered model ${name}`)
    return m
  }

  addUser(username: string, password: string, isAdmin: boolean): StandinUser {
    const user: StandinUser = {
      id: this.nextUserId++,
      username,
      password,
      isAdmin,
      modelPermissions: new Map(),
      experimentPermissions: new Map()
    }
    this.state.users.set(username, user)
    return user
  }

  newModel(name: string, description: string, tags: Array<[string, string]>, now: number) {
    const model: StandinRegisteredModel = {
      name,
      creationTimestamp: now,
      lastUpdatedTimestamp: now,
      description,
      tags: new Map(tags),
      aliases: new Map(),
      versions: new Map(),
      nextVersion: 1
    }
    this.state.models.set(name, model)
    return model
  }

  newVersion(
    model: StandinRegisteredModel,
    v: {
      source: string
      runId: string
      description: string
      tags: Array<[string, string]>
      runLink: string
    }
  ): StandinModelVersion {
    const now = Date.now()
    const mv: StandinModelVersion = {
      name: model.name,
      version: model.nextVersion++,
      creationTimestamp: now,
      lastUpdatedTimestamp: now,
      currentStage: 'None',
      description: v.description,
      source: v.source,
      runId: v.runId,
      runLink: v.runLink,
      tags: new Map(v.tags)
    }
    model.versions.set(mv.version, mv)
    // A new version is the only registry write that touches the model's timestamp (027, 071).
    model.lastUpdatedTimestamp = now
    return mv
  }

  createRun(r: {
    experimentId: string
    runName?: string
    startTime: number
    tags: Array<[string, string]>
    userId?: string
  }): StandinRun {
    const exp = this.state.experiments.get(r.experimentId)
    if (!exp) throw notFound(`No Experiment with id=${r.experimentId} exists`)
    const tags = new Map(r.tags)
    const tagName = tags.get('mlflow.runName')
    if (r.runName && tagName && r.runName !== tagName) {
      throw invalid(
        `Both 'run_name' argument and 'mlflow.runName' tag are specified, but with different values (run_name='${r.runName}', mlflow.runName='${tagName}').`
      )
    }
    const name = r.runName || tagName || randomRunName()
    if (!tagName) tags.set('mlflow.runName', name)
    const id = newRunId()
    const run: StandinRun = {
      id,
      experimentId: exp.id,
      name,
      userId: r.userId ?? '',
      status: 'RUNNING',
      startTime: r.startTime,
      artifactUri: `${exp.artifactLocation}/${id}/artifacts`,
      lifecycleStage: 'active',
      metrics: [],
      params: new Map(),
      tags
    }
    this.state.runs.set(id, run)
    return run
  }

  getModel(name: string): StandinRegisteredModel {
    const m = this.state.models.get(name)
    if (!m) throw modelNotFound(name)
    return m
  }

  /** _get_sql_model_version: the version check comes first, then existence (047, 048, 050). */
  getVersion(name: string, version: string): StandinModelVersion {
    const n = parseVersion(version)
    const mv = this.state.models.get(name)?.versions.get(n)
    if (!mv) throw versionNotFound(name, version)
    return mv
  }

  getRun(id: string): StandinRun {
    const run = this.state.runs.get(id)
    if (!run) throw runNotFound(id)
    return run
  }

  versionJson(mv: StandinModelVersion, opts: { aliases: boolean }): Record<string, unknown> {
    const aliases = opts.aliases
      ? [...(this.state.models.get(mv.name)?.aliases ?? [])]
          .filter(([, v]) => v === mv.version)
          .map(([a]) => a)
          .sort()
      : []
    return {
      name: mv.name,
      version: String(mv.version),
      creation_timestamp: mv.creationTimestamp,
      last_updated_timestamp: mv.lastUpdatedTimestamp,
      current_stage: mv.currentStage,
      description: mv.description,
      source: mv.source,
      run_id: mv.runId,
      status: 'READY',
      tags: mapToTags(mv.tags),
      run_link: mv.runLink,
      aliases: aliases.length ? aliases : undefined,
      // model_registry.proto ModelVersion.model_id (MLflow 3), unset for versions without one.
      model_id: mv.modelId || undefined
    }
  }

  modelJson(m: StandinRegisteredModel): Record<string, unknown> {
    // latest_versions carry tags but never aliases (027, 040).
    const latest = this.latestVersions(m).map((mv) => this.versionJson(mv, { aliases: false }))
    const aliases = [...m.aliases]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([alias, version]) => ({ alias, version: String(version) }))
    return {
      name: m.name,
      creation_timestamp: m.creationTimestamp,
      last_updated_timestamp: m.lastUpdatedTimestamp,
      description: m.description || undefined,
      latest_versions: latest.length ? latest : undefined,
      tags: mapToTags(m.tags),
      aliases: aliases.length ? aliases : undefined
    }
  }

  latestVersions(m: StandinRegisteredModel, stages: string[] = []): StandinModelVersion[] {
    const latest = new Map<string, StandinModelVersion>()
    for (const mv of [...m.versions.values()].sort((a, b) => a.version - b.version)) {
      latest.set(mv.currentStage, mv)
    }
    const wanted = new Set(stages.map(canonicalStage))
    return [...latest.values()].filter((mv) => !wanted.size || wanted.has(mv.currentStage))
  }

  runJson(run: StandinRun, withOutputs: boolean): Record<string, unknown> {
    const latest = new Map<string, StandinMetric>()
    for (const m of run.metrics) {
      const cur = latest.get(m.key)
      const newer =
        !cur ||
        m.step > cur.step ||
        (m.step === cur.step && m.timestamp > cur.timestamp) ||
        (m.step === cur.step && m.timestamp === cur.timestamp && m.value > cur.value)
      if (newer) latest.set(m.key, m)
    }
    const metrics = [...latest.values()].map(({ key, value, timestamp, step }) => ({
      key,
      value,
      timestamp,
      step
    }))
    const params = [...run.params].map(([key, value]) => ({ key, value }))
    return {
      info: this.runInfoJson(run),
      data: {
        metrics: metrics.length ? metrics : undefined,
        params: params.length ? params : undefined,
        tags: mapToTags(run.tags)
      },
      inputs: {},
      // runs/create answers without outputs; runs/get carries an empty one (004 vs 010).
      outputs: withOutputs ? {} : undefined
    }
  }

  runInfoJson(run: StandinRun): Record<string, unknown> {
    return {
      run_uuid: run.id,
      experiment_id: run.experimentId,
      run_name: run.name,
      user_id: run.userId,
      status: run.status,
      start_time: run.startTime,
      end_time: run.endTime,
      artifact_uri: run.artifactUri,
      lifecycle_stage: run.lifecycleStage,
      run_id: run.id
    }
  }

  experimentJson(e: StandinExperiment): Record<string, unknown> {
    return {
      experiment_id: e.id,
      name: e.name,
      artifact_location: e.artifactLocation,
      lifecycle_stage: e.lifecycleStage,
      last_update_time: e.lastUpdateTime,
      creation_time: e.creationTime,
      tags: mapToTags(e.tags)
    }
  }
}
