import { describeError } from '../../errors.js'
import { fmt } from '../../format.js'
import type { MetricGateConfig } from '../../settings/config.js'
import { type Gate, type GateContext, type GateResult, resultFor } from '../gate.js'
import { judgeMeasurements } from './measurements.js'
import { metricValue } from './result.js'

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
    let details: Record<string, unknown> | undefined
    try {
      const result = await ctx.evaluations.get(config, ctx.candidate, ctx)
      // Repeated measurements (source: prometheus) are judged by their count, not one value.
      const measured = judgeMeasurements(config, result, base)
      if (measured) return measured
      value = metricValue(result, config.metric, `eval endpoint of gate '${config.name}'`)
      n = result.n ?? result.samples?.[config.metric]?.length
      details = result.details
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
        { ...base, value, n, details }
      )
    }
    return resultFor(config, 'pass', `${config.metric} ${fmt(value)} meets ${threshold}`, {
      ...base,
      value,
      n,
      details
    })
  }
}
