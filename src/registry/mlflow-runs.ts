import { z } from 'zod'
import { GateError } from '../errors.js'
import { type HttpClient, parseJson } from '../http/client.js'
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
 * The run that produced an MLflow model version, read with `GET runs/get` (contracts/mlflow,
 * captures 010 and 064). runs/get already carries only the latest value of each metric, so no
 * metric history is fetched (and the get-history quirk of capture 012 cannot bite).
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

const ErrorSchema = z.object({ error_code: z.string(), message: z.string() })

/** The producing run of `version`, or null when the version was registered without one. */
export async function readMlflowRunFacts(
  http: HttpClient,
  baseUrl: string,
  authorization: string | undefined,
  version: ModelVersion,
  uiBase?: string
): Promise<RunFacts | null> {
  const runId = version.runId
  if (!runId) return null
  const base = baseUrl.replace(/\/+$/, '')
  const origin = new URL(base).origin
  const party = `MLflow tracking server at ${origin} (read run ${runId})`
  const url = new URL(`${base}/api/2.0/mlflow/runs/get`)
  url.searchParams.set('run_id', runId)
  const headers: Record<string, string> = { accept: 'application/json' }
  if (authorization) headers.authorization = authorization
  const res = await http.send({ method: 'GET', url: url.href, party, headers })

  if (res.status === 404)
    throw new GateError(
      `run ${runId} of version ${version.version} was not found (deleted or on another tracking server)`,
      `check that registry-uri is the tracking server that logged the run, or re-register the version from a live run`
    )
  if (res.status < 200 || res.status >= 300) {
    let detail = `HTTP ${res.status}`
    if (res.contentType.includes('json')) {
      // Only the server's error code and message, never the raw body.
      const err = ErrorSchema.safeParse(safeJson(res.text))
      if (err.success) detail = `${err.data.error_code}: ${err.data.message}`
    }
    throw new GateError(
      `${party} failed: ${detail}`,
      res.status === 401 || res.status === 403
        ? 'the credential needs READ permission on the experiment that holds the run'
        : 'check the tracking server; nothing was promoted'
    )
  }
  return mlflowRunFacts(parseJson(res, party), version, uiBase ?? base)
}

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

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}
