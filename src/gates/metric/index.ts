import { GateError } from '../../errors.js'
import type { MetricGateConfig } from '../../settings/config.js'
import { EndpointSource } from './endpoint.js'
import { FileSource } from './file.js'
import { MlflowSource } from './mlflow.js'
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
    default:
      // Refused before any registry write: a config naming a source this build cannot read.
      throw new GateError(
        `gate '${gate.name}': source '${gate.source}' is not available in this build`,
        'use source: endpoint, or a release of model-gate that reads this source'
      )
  }
}
