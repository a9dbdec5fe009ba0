import { describeError } from '../errors.js'
import type { MetricGateConfig, RegressionGateConfig } from '../settings/config.js'
import { metricValue } from './eval-protocol.js'
import { type Gate, type GateContext, type GateResult, resultFor } from './gate.js'
import { fmt } from './metric.js'

/**
 * `regression`: the candidate may not be worse than the champion by more than `max_drop`
 * (non-inferiority). The champion is re-evaluated now, through the named metric gate's endpoint,
 * rather than trusting an old stored number.
 */
export class RegressionGate implements Gate {
  readonly exclusive = false
  constructor(
    readonly config: RegressionGateConfig,
    private readonly of: MetricGateConfig
  ) {}

  async run(ctx: GateContext): Promise<GateResult> {
    const { config, of } = this
    const higherIsBetter =
      config.higher_is_better ?? !(of.max !== undefined && of.min === undefined)
    const base = {
      measure: `Δ ${of.metric}`,
      threshold: `Δ > −${config.max_drop}`
    }
    if (!ctx.champion)
      return resultFor(
        config,
        'pass',
        `no '${ctx.settings.alias}' yet: first promotion, nothing to regress against`,
        base
      )
    if (ctx.champion.version === ctx.candidate.version)
      return resultFor(config, 'pass', `the candidate is already the champion`, {
        ...base,
        value: 0
      })
    const party = `eval endpoint of gate '${of.name}'`
    let cand: number
    let champ: number
    try {
      const [c, b] = await Promise.all([
        ctx.evaluations.get(of, ctx.candidate, ctx),
        ctx.evaluations.get(of, ctx.champion, ctx)
      ])
      cand = metricValue(c, of.metric, party)
      champ = metricValue(b, of.metric, `${party} (champion v${ctx.champion.version})`)
    } catch (err) {
      return resultFor(config, 'error', describeError(err), base)
    }
    const delta = (higherIsBetter ? 1 : -1) * (cand - champ)
    const details = {
      method: 'unpaired point estimate',
      candidate: cand,
      champion: champ,
      champion_version: ctx.champion.version,
      higher_is_better: higherIsBetter
    }
    const warnings = [
      'unpaired point estimate: no per-item samples, so noise cannot be told from a regression'
    ]
    const verb = delta >= -config.max_drop ? 'pass' : 'fail'
    return resultFor(
      config,
      verb,
      `${of.metric} ${fmt(cand)} vs champion v${ctx.champion.version} ${fmt(champ)}: Δ ${fmt(delta)} ` +
        (verb === 'pass'
          ? `is within the allowed drop ${config.max_drop}`
          : `exceeds the allowed drop ${config.max_drop}`) +
        ' (unpaired point estimate)',
      { ...base, value: delta, details, warnings }
    )
  }
}
