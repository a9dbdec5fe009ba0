import { z } from 'zod'
import { GateError } from '../errors.js'
import type { ModelVersion, RunFacts } from './registry.js'

/**
 * service.proto `Metric`, as runs/get and logged-models/get both send it. Protobuf JSON writes NaN
 * and ±Infinity as strings; they are kept so a gate can say what it saw. MLflow 3 adds the data set
 * the value was measured on.
 */
export const MlflowMetricSchema = z.object({
  key: z.string(),
  value: z.union([z.number(), z.string()]).optional(),
  timestamp: z.number().optional(),
  step: z.number().optional(),
  dataset_name: z.string().optional(),
  dataset_digest: z.string().optional(),
  run_id: z.string().optional()
})

/**
 * The run that produced an MLflow model version, as `GET runs/get` answers (contracts/mlflow,
 * capture 010; MlflowRegistry.getRunFacts asks). runs/get already carries only the latest value of
 * each metric, so no metric history is fetched (and the get-history quirk of capture 012 cannot bite).
 */

const KeyValue = z.object({ key: z.string(), value: z.string().default('') })

const RunSchema = z.object({
  run: z.object({
    info: z.object({
      run_id: z.string().optional(),
      run_uuid: z.string().optional(),
      experiment_id: z.string().optional(),
      status: z.string().optional(),
      lifecycle_stage: z.string().optional()
    }),
    data: z
      .object({
        // Protobuf JSON writes NaN and ±Infinity as strings; keep them so a gate can say what it saw.
        metrics: z
          .array(
            // A run's metrics always carry their value.
            MlflowMetricSchema.extend({ value: z.union([z.number(), z.string()]) })
          )
          .optional(),
        params: z.array(KeyValue).optional(),
        tags: z.array(KeyValue).optional()
      })
      .optional()
  })
})

/** A runs/get body as RunFacts; `uiBase` is where the MLflow UI is served (the tracking URI). */
export function mlflowRunFacts(body: unknown, version: ModelVersion, uiBase: string): RunFacts {
  const parsed = RunSchema.safeParse(body)
  if (!parsed.success)
    throw new GateError(
      `the MLflow run ${version.runId ?? ''} of version ${version.version} came back in an unexpected shape`,
      'check that registry-uri points at an MLflow tracking server (2.x or 3.x)'
    )
  const { info, data } = parsed.data.run
  const id = info.run_id || info.run_uuid || version.runId || ''
  const latest = new Map<string, { value: number; step: number; timestamp: number }>()
  for (const m of data?.metrics ?? []) {
    const entry = { value: Number(m.value), step: m.step ?? 0, timestamp: m.timestamp ?? 0 }
    const seen = latest.get(m.key)
    // MLflow's own notion of "latest": highest step, then latest timestamp.
    if (
      !seen ||
      entry.step > seen.step ||
      (entry.step === seen.step && entry.timestamp >= seen.timestamp)
    )
      latest.set(m.key, entry)
  }
  const ui = uiBase.replace(/\/+$/, '')
  return {
    id,
    url: info.experiment_id
      ? `${ui}/#/experiments/${encodeURIComponent(info.experiment_id)}/runs/${encodeURIComponent(id)}`
      : undefined,
    status: info.status,
    deleted: info.lifecycle_stage === 'deleted',
    params: Object.fromEntries((data?.params ?? []).map((p) => [p.key, p.value])),
    metrics: Object.fromEntries([...latest].map(([k, v]) => [k, v.value])),
    tags: Object.fromEntries((data?.tags ?? []).map((t) => [t.key, t.value]))
  }
}
