import { GateError } from '../../errors.js'
import { nearest } from '../../nearest.js'
import { canReadRuns, type ModelVersion } from '../../registry/registry.js'
import type { MetricGateOf } from '../../settings/config.js'
import { finiteValue } from './items.js'
import type { MetricResult } from './result.js'
import type { MetricSource, Side, SourceContext } from './source.js'

/**
 * `source: wandb` (SPEC §9): a key of the summary metrics of the run that logged the version
 * (`run.summary["eval/accuracy"]`, or a dot path into a nested summary: `eval.accuracy`). The W&B
 * registry already reads that run (GateRunSummary); this only picks the value out of it.
 */
export class WandbSource implements MetricSource {
  constructor(private readonly gate: MetricGateOf<'wandb'>) {}

  async read(version: ModelVersion, side: Side, ctx: SourceContext): Promise<MetricResult> {
    const { gate } = this
    const label = side === 'champion' ? `champion ${version.version}` : version.version
    if (ctx.registry.kind !== 'wandb' || !canReadRuns(ctx.registry))
      throw new GateError(
        `gate '${gate.name}' reads source: wandb, but the registry is ${ctx.registry.describe}`,
        'use source: wandb with registry type wandb, or source: mlflow for an MLflow registry'
      )
    const facts = await ctx.registry.getRunFacts(version)
    if (!facts)
      throw new GateError(
        `${version.model}:${label} was not logged by a run, so it has no run summary to read '${gate.metric}' from`,
        'log the artifact from the evaluation run (run.log_artifact / run.link_model), or use another source'
      )
    const summary = facts.summary ?? {}
    const where = `the summary of W&B run ${facts.id} (${version.model}:${label})`
    const raw = lookup(summary, gate.metric)
    if (raw === undefined) {
      const keys = Object.keys(facts.metrics)
      const hint = nearest(gate.metric, keys)
      throw new GateError(
        `${where} has no '${gate.metric}'` +
          (keys.length
            ? ` (it has: ${keys.slice(0, 12).join(', ')}${keys.length > 12 ? ', …' : ''})`
            : ''),
        hint.length
          ? `did you mean ${hint.map((h) => `'${h}'`).join(' or ')}?`
          : "log it with run.summary[...] (or wandb.log) in the evaluation run, or fix the gate's metric"
      )
    }
    if (raw && typeof raw === 'object' && '_type' in raw)
      throw new GateError(
        `${where}: '${gate.metric}' is a ${String(raw._type)}, not a number`,
        'point the gate at a numeric summary key'
      )
    const value = finiteValue(
      raw,
      where,
      `'${gate.metric}'`,
      'log a finite number for it (NaN is never a pass)'
    )
    return {
      metrics: { [gate.metric]: value },
      origin: `W&B run ${facts.id}, summary ${gate.metric}`,
      details: facts.url ? { run_url: facts.url } : undefined
    }
  }
}

/** A summary key as written ("eval/accuracy", "eval.accuracy"), else a dot path into nested dicts. */
function lookup(summary: Record<string, unknown>, key: string): unknown {
  if (key in summary) return summary[key]
  const parts = key.split('.')
  // Try the longest key prefix first: W&B keys may themselves contain dots.
  for (let i = parts.length - 1; i >= 1; i--) {
    const head = parts.slice(0, i).join('.')
    const v = summary[head]
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const found = lookup(v as Record<string, unknown>, parts.slice(i).join('.'))
      if (found !== undefined) return found
    }
  }
  return undefined
}
