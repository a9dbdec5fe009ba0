import path from 'node:path'
import { GateError } from '../../errors.js'
import { nearest } from '../../nearest.js'
import { MlflowRegistry } from '../../registry/mlflow.js'
import type { ModelVersion } from '../../registry/registry.js'
import type { MetricGateOf } from '../../settings/config.js'
import { clip } from '../../format.js'
import { finiteValue, requireUniqueIds } from './items.js'
import type { MetricResult } from './result.js'
import type { MetricSource, Side, SourceContext } from './source.js'

/**
 * `source: mlflow` (SPEC §9): what `mlflow.evaluate` / `mlflow.genai.evaluate` logged for the
 * version, read through the tracking server only. MLflow 3 links evaluation metrics to the logged
 * model behind a version (`model_version.model_id` → `logged-models/{id}`), each metric with the
 * dataset it was measured on; older versions have only the source run's metrics (`runs/get`).
 * Per-item samples come from the run's table artifact (mlflow.evaluate's eval_results_table.json,
 * written by MlflowClient.log_table as pandas "split" JSON: `{"columns": [...], "data": [[...]]}`).
 */
export class MlflowSource implements MetricSource {
  constructor(private readonly gate: MetricGateOf<'mlflow'>) {}

  async read(version: ModelVersion, side: Side, ctx: SourceContext): Promise<MetricResult> {
    const { gate } = this
    const registry = ctx.registry
    if (!(registry instanceof MlflowRegistry))
      throw new GateError(
        `gate '${gate.name}' reads source: mlflow, but the registry is ${registry.describe}`,
        'use source: mlflow with an MLflow registry, or source: wandb for W&B'
      )
    const who = `${side === 'champion' ? 'champion ' : ''}version ${version.version} of '${version.model}'`
    let reading = version.modelId ? await this.fromLoggedModel(registry, version, who) : undefined
    if (!reading) reading = await this.fromRun(registry, version, who)
    const result: MetricResult = {
      metrics: { [gate.metric]: reading.value },
      origin: reading.origin,
      dataset: reading.dataset,
      details: { mlflow: reading.from }
    }
    if (gate.table) {
      if (!reading.runId)
        throw new GateError(
          `${who} has no run to read the table '${gate.table.artifact}' from`,
          'register the version from the run that ran mlflow.evaluate, or drop table: from the gate'
        )
      const table = await readTable(
        registry,
        reading.runId,
        gate.table,
        version.model,
        ctx.http.options.maxResponseBytes
      )
      result.samples = { [gate.metric]: table.values }
      result.ids = table.ids
      result.n = table.values.length
      result.origin += `, table ${gate.table.artifact} (${table.values.length} rows)`
    }
    return result
  }

  /** The logged model's metric of this key (and dataset), or undefined to fall back to the run. */
  private async fromLoggedModel(
    registry: MlflowRegistry,
    version: ModelVersion,
    who: string
  ): Promise<Reading | undefined> {
    const { gate } = this
    const model = await registry.getLoggedModel(version.modelId as string, version.model)
    const all = model.data?.metrics ?? []
    const keyed = all.filter((m) => m.key === gate.metric)
    if (!keyed.length && !gate.dataset) return undefined
    const want = gate.dataset
    const matching = keyed.filter(
      (m) =>
        (!want?.name || m.dataset_name === want.name) &&
        (!want?.digest || m.dataset_digest === want.digest)
    )
    const datasets = [...new Set(keyed.map((m) => dsLabel(m.dataset_name, m.dataset_digest)))]
    if (!matching.length)
      throw new GateError(
        `logged model ${short(model.info.model_id)} of ${who} has no metric '${gate.metric}'` +
          (want ? ` on dataset ${dsLabel(want.name, want.digest)}` : '') +
          (datasets.length
            ? ` (it has it on: ${datasets.join(', ')})`
            : metricList(all.map((m) => m.key))),
        want
          ? 'set dataset: to one the evaluation used, or evaluate the version on that dataset'
          : "fix the gate's metric name, or log it with mlflow.evaluate(model_id=...)"
      )
    const onDatasets = new Set(matching.map((m) => dsLabel(m.dataset_name, m.dataset_digest)))
    if (onDatasets.size > 1)
      throw new GateError(
        `logged model ${short(model.info.model_id)} of ${who} has '${gate.metric}' on ${onDatasets.size} datasets ` +
          `(${[...onDatasets].join(', ')}), and the gate does not say which`,
        'set dataset: {name: ..., digest: ...} on the gate'
      )
    const latest = matching.reduce((a, b) =>
      (b.step ?? 0) > (a.step ?? 0) ||
      ((b.step ?? 0) === (a.step ?? 0) && (b.timestamp ?? 0) >= (a.timestamp ?? 0))
        ? b
        : a
    )
    const where = `logged model ${short(model.info.model_id)} of ${who}`
    const value = finiteValue(
      latest.value,
      where,
      `metric '${gate.metric}'`,
      'the evaluation logged no valid number; re-run it (NaN is never a pass)'
    )
    const dataset =
      latest.dataset_name || latest.dataset_digest
        ? { name: latest.dataset_name, digest: latest.dataset_digest }
        : undefined
    return {
      value,
      runId: latest.run_id || model.info.source_run_id || version.runId,
      dataset,
      from: {
        logged_model: model.info.model_id,
        run_id: latest.run_id ?? model.info.source_run_id
      },
      origin:
        `MLflow logged model ${short(model.info.model_id)}, metric ${gate.metric}` +
        (dataset ? `, dataset ${dsLabel(dataset.name, dataset.digest)}` : '')
    }
  }

  private async fromRun(
    registry: MlflowRegistry,
    version: ModelVersion,
    who: string
  ): Promise<Reading> {
    const { gate } = this
    if (gate.dataset)
      throw new GateError(
        `gate '${gate.name}' picks metrics by dataset, but ${who} has no logged model (MLflow 3) whose metrics name their dataset`,
        'register the version from a logged model (mlflow.<flavor>.log_model in MLflow 3), or drop dataset: from the gate'
      )
    if (!version.runId)
      throw new GateError(
        `${who} has neither a logged model nor a run (it was registered from ${version.source ?? 'a path'}), so MLflow holds no metrics for it`,
        'register the version from the run that ran mlflow.evaluate, or use another source'
      )
    const facts = await registry.getRunFacts(version)
    if (!facts)
      throw new GateError(
        `${who} has no run`,
        'register the version from the run that ran mlflow.evaluate'
      )
    if (!(gate.metric in facts.metrics))
      throw new GateError(
        `run ${short(facts.id)} of ${who} has no metric '${gate.metric}'${metricList(Object.keys(facts.metrics))}`,
        hint(gate.metric, Object.keys(facts.metrics)) ??
          "fix the gate's metric name, or log it in the run (mlflow.evaluate logs e.g. accuracy_score, exact_match/v1)"
      )
    const value = finiteValue(
      facts.metrics[gate.metric],
      `run ${short(facts.id)} of ${who}`,
      `metric '${gate.metric}'`,
      'the run logged no valid number; re-run the evaluation (NaN is never a pass)'
    )
    return {
      value,
      runId: facts.id,
      from: { run_id: facts.id, run_url: facts.url },
      origin: `MLflow run ${short(facts.id)}, metric ${gate.metric}`
    }
  }
}

interface Reading {
  value: number
  runId?: string
  dataset?: { name?: string; digest?: string }
  from: Record<string, unknown>
  origin: string
}

type TableConfig = NonNullable<MetricGateOf<'mlflow'>['table']>

/** The table artifact of a run as per-item values: one per row, keyed by the id column. */
async function readTable(
  registry: MlflowRegistry,
  runId: string,
  table: TableConfig,
  model: string,
  maxBytes: number
): Promise<{ ids: Array<string | number>; values: number[] }> {
  const artifact = table.artifact.replace(/^\/+/, '')
  const dir = path.posix.dirname(artifact) === '.' ? '' : path.posix.dirname(artifact)
  const files = await registry.listArtifacts(runId, dir, model)
  const entry = files.find((f) => f.path === artifact && !f.isDir)
  if (!entry) {
    const json = files.filter((f) => !f.isDir && f.path.endsWith('.json')).map((f) => f.path)
    throw new GateError(
      `run ${short(runId)} has no artifact '${artifact}'` +
        (json.length ? ` (JSON artifacts there: ${json.slice(0, 8).join(', ')})` : ' (none there)'),
      'point table.artifact at the table mlflow.evaluate logged (eval_results_table.json), or drop table:'
    )
  }
  if (entry.size !== undefined && entry.size > maxBytes)
    throw new GateError(
      `artifact '${artifact}' of run ${short(runId)} is ${size(entry.size)}, ` +
        `over the ${size(maxBytes)} a response may have`,
      'raise http.max_response_mb in the config, or log a smaller table'
    )
  const text = await registry.getArtifactText(runId, artifact, model)
  return parseSplitTable(text, `artifact '${artifact}' of run ${short(runId)}`, table)
}

/**
 * pandas `DataFrame.to_json(orient="split")` as log_table writes it: `columns` and `data` (rows),
 * and `index` which is ignored. A cell may be a number, a string, a bool or null.
 */
function parseSplitTable(
  text: string,
  where: string,
  table: TableConfig
): { ids: Array<string | number>; values: number[] } {
  let doc: unknown
  try {
    doc = JSON.parse(text) as unknown
  } catch {
    // pandas writes NaN as null, but a hand-made file may carry a bare NaN.
    throw new GateError(
      `${where} is not JSON${/\bNaN\b/.test(text) ? ' (it holds a bare NaN)' : ''}`,
      'log the table with mlflow.log_table (pandas "split" JSON)'
    )
  }
  const o = doc as { columns?: unknown; data?: unknown }
  if (!o || !Array.isArray(o.columns) || !Array.isArray(o.data))
    throw new GateError(
      `${where} is not a table: expected pandas "split" JSON ({"columns": [...], "data": [[...]]}) as mlflow.log_table writes it`,
      'point table.artifact at a table logged with mlflow.log_table or mlflow.evaluate'
    )
  const columns = o.columns.map(String)
  const col = (name: string, role: string): number => {
    const i = columns.indexOf(name)
    if (i < 0)
      throw new GateError(
        `${where} has no ${role} column '${name}' (columns: ${clip(columns.join(', '), 200)})`,
        `set table.${role === 'id' ? 'id_column' : role} to one of its columns` +
          (role === 'id' ? ' (add an id column to the evaluation data so items can be paired)' : '')
      )
    return i
  }
  const idIdx = col(table.id_column, 'id')
  const scoreIdx = table.column !== undefined ? col(table.column, 'column') : -1
  const predIdx =
    table.column === undefined && table.prediction ? col(table.prediction, 'prediction') : -1
  const targetIdx = table.column === undefined && table.target ? col(table.target, 'target') : -1
  if (scoreIdx < 0 && (predIdx < 0 || targetIdx < 0))
    throw new GateError(
      `gate table: needs column:, or prediction: and target:`,
      'name the score column, or the prediction and target columns'
    )
  const rows = o.data as unknown[]
  const n = rows.length
  if (!n) throw new GateError(`${where} has no rows`, 'log the evaluation table with its rows')
  const ids = new Array<string | number>(n)
  const values = new Array<number>(n)
  const fix = 'every row needs an id and a numeric score (pandas writes a missing value as null)'
  for (let r = 0; r < n; r++) {
    const row = rows[r]
    if (!Array.isArray(row))
      throw new GateError(`${where}: row ${r + 1} is not a list of cells`, fix)
    const id = row[idIdx] as unknown
    if (typeof id !== 'string' && typeof id !== 'number')
      throw new GateError(`${where}: row ${r + 1} has no id in '${table.id_column}'`, fix)
    ids[r] = id
    if (scoreIdx < 0) values[r] = sameCell(row[predIdx], row[targetIdx])
    else {
      const cell = row[scoreIdx] as unknown
      // The row's description is built only for a cell that is not a plain number.
      values[r] =
        typeof cell === 'number' && Number.isFinite(cell)
          ? cell
          : finiteValue(
              cell,
              where,
              `'${table.column}' of row ${r + 1} (id ${clip(String(id), 60)})`,
              fix
            )
    }
  }
  requireUniqueIds(
    ids,
    where,
    `each row needs its own '${table.id_column}'; de-duplicate the evaluation data`
  )
  return { ids, values }
}

function sameCell(a: unknown, b: unknown): number {
  if (typeof a === 'string' && typeof b === 'string') return a.trim() === b.trim() ? 1 : 0
  // A number target against a numeric string prediction ("1" vs 1) is still a match.
  const scalar = (v: unknown): string | undefined =>
    typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string' ? String(v) : undefined
  return a === b || (scalar(a) !== undefined && scalar(a) === scalar(b)) ? 1 : 0
}

function size(bytes: number): string {
  return bytes >= 100 * 1024
    ? `${(bytes / 1024 / 1024).toFixed(1)} MB`
    : `${Math.ceil(bytes / 1024)} KB`
}

function short(id: string): string {
  return id.length > 10 ? `${id.slice(0, 8)}…` : id
}

function dsLabel(name?: string, digest?: string): string {
  return `${name ?? '(unnamed)'}@${digest ? short(digest) : '?'}`
}

function metricList(keys: string[]): string {
  return keys.length
    ? ` (it has: ${keys.slice(0, 12).join(', ')}${keys.length > 12 ? ', …' : ''})`
    : ' (it has no metrics)'
}

function hint(name: string, keys: string[]): string | undefined {
  const near = nearest(name, keys)
  return near.length ? `did you mean ${near.map((k) => `'${k}'`).join(' or ')}?` : undefined
}
