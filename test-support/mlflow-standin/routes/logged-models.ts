/**
 * Tracking handlers: MLflow 3 logged models.
 */
import { notFound } from '../errors.js'
import { type Ctx, type Reply, ok } from '../http.js'
import type { Standin } from '../server.js'

/**
 * handlers.py _get_logged_model: `{model: {info, data}}` (service.proto LoggedModel); each
 * metric a `Metric` with dataset_name, dataset_digest, model_id and run_id. Unknown ids are
 * RESOURCE_DOES_NOT_EXIST (404).
 */
export function getLoggedModel(s: Standin, c: Ctx): Reply {
  const m = s.state.loggedModels.get(c.id ?? '')
  if (!m) throw notFound(`Logged model with ID '${c.id ?? ''}' not found.`)
  const exp = s.state.experiments.get(m.experimentId)
  return ok({
    model: {
      info: {
        model_id: m.id,
        experiment_id: m.experimentId,
        name: m.name,
        creation_timestamp_ms: m.creationTime,
        last_updated_timestamp_ms: m.creationTime,
        artifact_uri: `${exp?.artifactLocation ?? s.artifactRoot}/models/${m.id}/artifacts`,
        status: 'LOGGED_MODEL_READY',
        source_run_id: m.sourceRunId || undefined
      },
      data: {
        metrics: m.metrics.length
          ? m.metrics.map((x) => ({
              key: x.key,
              value: x.value,
              timestamp: x.timestamp,
              step: x.step ?? 0,
              dataset_name: x.dataset_name,
              dataset_digest: x.dataset_digest,
              model_id: m.id,
              run_id: x.run_id ?? (m.sourceRunId || undefined)
            }))
          : undefined
      }
    }
  })
}
