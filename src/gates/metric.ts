import { describeError } from '../errors.js'
import type { MetricGateConfig } from '../settings/config.js'
import { metricValue } from './eval-protocol.js'
import { type Gate, type GateContext, type GateResult, resultFor } from './gate.js'

/** `metric`: the candidate's value against `min` and/or `max`. */
export class MetricGate implements Gate {
  readonly exclusive = false
  constructor(readonly config: MetricGateConfig) {}

  async run(ctx: GateContext): Promise<GateResult> {
    const { config } = this
    const threshold = [
      config.min !== undefined ? `≥ ${config.min}` : '',
      config.max !== undefined ? `≤ ${config.max}` : ''
    ]
      .filter(Boolean)
      .join(' and ')
    const base = { measure: config.metric, threshold }
    let value: number
    let n: number | undefined
    try {
      const result = await ctx.evaluations.get(config, ctx.candidate, ctx)
      value = metricValue(result, config.metric, `eval endpoint of gate '${config.name}'`)
      n = result.n ?? result.samples?.[config.metric]?.length
    } catch (err) {
      return resultFor(config, 'error', describeError(err), base)
    }
    const low = config.min !== undefined && value < config.min
    const high = config.max !== undefined && value > config.max
    if (low || high) {
      const limit = low ? (config.min as number) : (config.max as number)
      const by = Math.abs(value - limit)
      return resultFor(
        config,
        'fail',
        `${config.metric} ${fmt(value)} is ${low ? 'below the minimum' : 'above the maximum'} ${fmt(limit)} by ${fmt(by)}`,
        { ...base, value, n }
      )
    }
    return resultFor(config, 'pass', `${config.metric} ${fmt(value)} meets ${threshold}`, {
      ...base,
      value,
      n
    })
  }
}

export function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x)
  const a = Math.abs(x)
  if (a !== 0 && (a < 1e-3 || a >= 1e6)) return x.toExponential(3)
  return String(Number(x.toPrecision(4)))
}
