import { describeError, GateError } from '../../errors.js'
import { exact, fmt, fmtInterval } from '../../format.js'
import type { MetricGateConfig } from '../../settings/config.js'
import { type Gate, type GateContext, type GateResult, resultFor } from '../gate.js'
import { judgeMeasurements, judgeValue } from './measurements.js'
import { valueInterval, type ValueInterval } from './interval.js'
import { type MetricResult, metricValue } from './result.js'
import { sourceParty } from './source.js'

/**
 * `metric`: the candidate's value against `min` and/or `max`. Every value with n or per-item
 * samples gets its confidence interval beside it. `decide_on: point` (the default) judges the
 * value; `decide_on: interval` judges the interval as the latency gate judges p99: pass when it
 * clears the limit, fail when it misses it entirely, inconclusive when it straddles it.
 */
export class MetricGate implements Gate {
  readonly exclusive = false
  constructor(readonly config: MetricGateConfig) {}

  async run(ctx: GateContext): Promise<GateResult> {
    const { config } = this
    const threshold = [
      config.min !== undefined ? `≥ ${exact(config.min)}` : '',
      config.max !== undefined ? `≤ ${exact(config.max)}` : ''
    ]
      .filter(Boolean)
      .join(' and ')
    const base = { measure: config.metric, threshold }
    let value: number
    let n: number | undefined
    let result: MetricResult
    let interval: ValueInterval | undefined
    try {
      result = await ctx.evaluations.get(config, ctx.candidate, ctx)
      // Repeated measurements (source: prometheus) are judged by their count, not one value.
      const measured = judgeMeasurements(config, result, base)
      if (measured) return measured
      value = metricValue(result, config.metric, sourceParty(config))
      n = result.n ?? result.samples?.[config.metric]?.length
      interval = await valueInterval(result, config.metric, value, config.confidence)
      if (config.decide_on === 'interval' && !interval)
        throw new GateError(
          `decide_on: interval needs per-item samples or n, and ${result.origin ?? 'the source'} gave only a value`,
          'make the source return per-item samples (an MLflow table:, a promptfoo or JSONL file), or use decide_on: point'
        )
    } catch (err) {
      return resultFor(config, 'error', describeError(err), base)
    }
    const extra = {
      ...base,
      value,
      n: interval?.n ?? n,
      ci: interval ? { low: interval.low, high: interval.high, level: interval.level } : undefined,
      details: {
        // The source's own facts (failing items, dataset sha256, …) for the reports and receipt.
        ...result.details,
        origin: result.origin,
        dataset: result.dataset,
        decide_on: config.decide_on,
        interval_method: interval?.method
      }
    }
    if (config.decide_on === 'interval')
      return this.onInterval(value, interval as ValueInterval, extra)
    const judged = judgeValue(value, config)
    if (judged.verdict === 'fail')
      return resultFor(config, 'fail', `${config.metric} ${judged.reason}`, extra)
    // With an interval beside it in the reports, the value is shown at the interval's precision.
    const limits = [config.min, config.max].filter((l) => l !== undefined)
    const shown = interval
      ? fmtInterval(value, interval.low, interval.high, ...limits).value
      : fmt(value)
    return resultFor(config, 'pass', `${config.metric} ${shown} meets ${threshold}`, extra)
  }

  private onInterval(value: number, ci: ValueInterval, extra: Partial<GateResult>): GateResult {
    const { config } = this
    const { min, max, metric } = config
    const limits = [min, max].filter((l) => l !== undefined)
    const shown = fmtInterval(value, ci.low, ci.high, ...limits)
    const range = `${shown.value}, ${fmt(ci.level * 100)}% CI [${shown.low}, ${shown.high}] (n=${ci.n})`
    const misses = (min !== undefined && ci.high < min) || (max !== undefined && ci.low > max)
    if (misses)
      return resultFor(
        config,
        'fail',
        `${metric} ${range}: the whole interval is ${min !== undefined && ci.high < min ? `below the minimum ${exact(min)}` : `above the maximum ${exact(max as number)}`}`,
        extra
      )
    const clears = (min === undefined || ci.low >= min) && (max === undefined || ci.high <= max)
    if (clears)
      return resultFor(
        config,
        'pass',
        `${metric} ${range}: the whole interval meets ${extra.threshold ?? ''}`,
        extra
      )
    return resultFor(
      config,
      'inconclusive',
      `${metric} ${range} straddles the limit: the data cannot tell whether it meets ${extra.threshold ?? ''}; ` +
        'evaluate on more items to decide',
      extra
    )
  }
}
