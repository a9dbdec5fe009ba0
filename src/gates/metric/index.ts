import type { MetricGateConfig } from '../../settings/config.js'
import type { MetricSource } from './source.js'

/**
 * The source a metric gate reads from, by its `source` key (SPEC §4, §9–11). Only the configured
 * sources are loaded: the dataset evaluator (with ajv) or the Prometheus reader cost a run that
 * reads a file nothing.
 */
export async function sourceFor(gate: MetricGateConfig): Promise<MetricSource> {
  switch (gate.source) {
    case 'endpoint':
      return new (await import('./endpoint.js')).EndpointSource(gate)
    case 'mlflow':
      return new (await import('./mlflow.js')).MlflowSource(gate)
    case 'file':
      return new (await import('./file.js')).FileSource(gate)
    case 'wandb':
      return new (await import('./wandb.js')).WandbSource(gate)
    case 'dataset':
      return new (await import('./dataset/source.js')).DatasetSource(gate)
    case 'prometheus':
      return new (await import('./prometheus.js')).PrometheusSource(gate)
  }
}
