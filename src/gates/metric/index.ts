import type { MetricGateConfig } from '../../settings/config.js'
import { DatasetSource } from './dataset/source.js'
import { EndpointSource } from './endpoint.js'
import { FileSource } from './file.js'
import { MlflowSource } from './mlflow.js'
import { PrometheusSource } from './prometheus.js'
import type { MetricSource } from './source.js'
import { WandbSource } from './wandb.js'

/** The source a metric gate reads from, by its `source` key (SPEC §4, §9–11). */
export function sourceFor(gate: MetricGateConfig): MetricSource {
  switch (gate.source) {
    case 'endpoint':
      return new EndpointSource(gate)
    case 'mlflow':
      return new MlflowSource(gate)
    case 'file':
      return new FileSource(gate)
    case 'wandb':
      return new WandbSource(gate)
    case 'dataset':
      return new DatasetSource(gate)
    case 'prometheus':
      return new PrometheusSource(gate)
  }
}
