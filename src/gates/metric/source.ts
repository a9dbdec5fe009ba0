import type { HttpClient } from '../../http/client.js'
import type { Progress } from '../../progress.js'
import type { ModelVersion, Registry } from '../../registry/registry.js'
import type { MetricGateConfig } from '../../settings/config.js'
import type { Settings } from '../../settings/settings.js'
import type { MetricResult } from './result.js'

/** What a source may use to read one version's value: the run, never GitHub. */
export interface SourceContext {
  settings: Settings
  http: HttpClient
  registry: Registry
  candidate: ModelVersion
  /** The version holding the alias at the start; null on a first promotion. */
  champion: ModelVersion | null
  /** Aborted when the gate's timeout passes or the run is cancelled. */
  signal: AbortSignal
  /** Absolute time (ms) by which the gate must be done. */
  deadline: number
  /** Where a long gate says how far it is (the CLI's status line); absent in the action. */
  progress?: Progress
}

/** Which side of a comparison a reading is for: templates and provider labels differ per side. */
export type Side = 'candidate' | 'champion'

/**
 * Where a metric gate's number comes from (SPEC §4, §9–11), as Argo Rollouts' metric providers:
 * one implementation per `source`, each returning the same MetricResult.
 */
export interface MetricSource {
  read(version: ModelVersion, side: Side, ctx: SourceContext): Promise<MetricResult>
}

/** What each source is called in messages, by the gate's `source` key. */
const SOURCE_NAMES: Record<MetricGateConfig['source'], string> = {
  endpoint: 'eval endpoint',
  mlflow: 'MLflow source',
  file: 'results file',
  wandb: 'W&B run summary',
  dataset: 'serving endpoint',
  prometheus: 'Prometheus'
}

/** How errors name a gate's source: "eval endpoint of gate 'accuracy'". */
export function sourceParty(gate: Pick<MetricGateConfig, 'source' | 'name'>): string {
  return `${SOURCE_NAMES[gate.source]} of gate '${gate.name}'`
}

/** How errors name the source while it reads `version`: a champion reading says so. */
export function readingParty(
  gate: Pick<MetricGateConfig, 'source' | 'name'>,
  side: Side,
  version: ModelVersion
): string {
  const party = sourceParty(gate)
  return side === 'champion' ? `${party} (champion v${version.version})` : party
}
