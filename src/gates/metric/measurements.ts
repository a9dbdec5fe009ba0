import { exact, fmt } from '../../format.js'
import type { MetricGateConfig } from '../../settings/config.js'
import { type GateResult, resultFor, type Verdict } from '../gate.js'
import type { MetricResult } from './result.js'

/**
 * Repeated measurements, as Argo Rollouts' analysis takes them (count, interval, failureLimit,
 * inconclusiveLimit): a source that measures several times returns each measurement in
 * `details.measurements`, and the metric gate judges the gate by them rather than by one value.
 * The stopping rule and the verdict are the same function, so the source stops exactly when the
 * verdict can no longer change.
 */

export interface Measurement {
  /** 1-based, in the order taken. */
  index: number
  /** ISO time of the sample (the server's timestamp when it gave one). */
  at: string
  /** Absent when the measurement gave no finite number. */
  value?: number
  verdict: 'pass' | 'fail' | 'error'
  /** Why it failed or erred, as a user reads it. */
  reason?: string
  /** For an error: what to do about it. */
  fix?: string
}

interface MeasurementLimits {
  count: number
  failure_limit: number
  inconclusive_limit: number
}

/** What a measuring source puts in MetricResult.details. */
export interface MeasurementDetails extends MeasurementLimits {
  measurements: Measurement[]
  interval_ms: number
  [key: string]: unknown
}

interface Limits {
  min?: number
  max?: number
}

/** One value against min/max, worded as the single-value metric gate words it. */
export function judgeValue(
  value: number,
  limits: Limits
): { verdict: 'pass' | 'fail'; reason?: string } {
  const low = limits.min !== undefined && value < limits.min
  const high = limits.max !== undefined && value > limits.max
  if (!low && !high) return { verdict: 'pass' }
  const limit = low ? (limits.min as number) : (limits.max as number)
  return {
    verdict: 'fail',
    reason: `${fmt(value)} is ${low ? 'below the minimum' : 'above the maximum'} ${exact(limit)} by ${fmt(Math.abs(value - limit))}`
  }
}

/** The measured value closest to (or furthest past) a limit: what the gate reports as its value. */
export function worstValue(measurements: Measurement[], limits: Limits): number | undefined {
  let worst: number | undefined
  let worstMargin = Infinity
  for (const m of measurements) {
    if (m.value === undefined) continue
    const margin = Math.min(
      limits.min !== undefined ? m.value - limits.min : Infinity,
      limits.max !== undefined ? limits.max - m.value : Infinity
    )
    if (worst === undefined || margin < worstMargin) {
      worst = m.value
      worstMargin = margin
    }
  }
  return worst
}

/**
 * The phase once it is settled, else undefined (more measurements are needed). Argo's order:
 * more failures than failure_limit fail the gate; more errors than inconclusive_limit make it
 * inconclusive; all `count` taken within both limits pass. Fail closed: when no measurement gave
 * a number at all, nothing was measured, and that is an error, never a pass or a shrug.
 */
export function measurementPhase(
  measurements: Measurement[],
  limits: MeasurementLimits
): Exclude<Verdict, 'pass'> | 'pass' | undefined {
  const failed = measurements.filter((m) => m.verdict === 'fail').length
  const errors = measurements.filter((m) => m.verdict === 'error').length
  const measured = measurements.some((m) => m.value !== undefined)
  if (failed > limits.failure_limit) return 'fail'
  if (errors > limits.inconclusive_limit) return measured ? 'inconclusive' : 'error'
  if (measurements.length >= limits.count) return measured ? 'pass' : 'error'
  return undefined
}

/** A result from a measuring source, or undefined for a single-value result. */
function measurementDetails(result: MetricResult): MeasurementDetails | undefined {
  const d = result.details
  return d && Array.isArray(d.measurements) && typeof d.count === 'number'
    ? (d as MeasurementDetails)
    : undefined
}

const listed = (items: string[], max = 3): string =>
  items.slice(0, max).join('; ') + (items.length > max ? `; … and ${items.length - max} more` : '')

/**
 * The metric gate's verdict for a measuring source's result (undefined for any other result, which
 * the gate judges by its one value). The value shown is the worst measured one.
 */
export function judgeMeasurements(
  config: MetricGateConfig,
  result: MetricResult,
  base: { measure: string; threshold: string }
): GateResult | undefined {
  const d = measurementDetails(result)
  if (!d) return undefined
  const ms = d.measurements
  const phase = measurementPhase(ms, d) ?? 'error'
  const failed = ms.filter((m) => m.verdict === 'fail')
  const errors = ms.filter((m) => m.verdict === 'error')
  const measured = ms.filter((m) => m.value !== undefined)
  const value = worstValue(ms, config)
  const extra: Partial<GateResult> = {
    ...base,
    value,
    n: measured.length,
    details: {
      ...d,
      failed: failed.length,
      errors: errors.length,
      // The limits beside the measurements, so a report can draw them.
      min: config.min,
      max: config.max
    }
  }
  const of = `${ms.length} measurement${ms.length === 1 ? '' : 's'}`
  const stopped =
    ms.length < d.count
      ? ` (stopped after ${ms.length} of ${d.count}: the verdict was settled)`
      : ''
  const say = (m: Measurement): string => `#${m.index} at ${m.at.slice(11, 19)}: ${m.reason ?? ''}`
  switch (phase) {
    case 'fail':
      // One measurement reads as the single-value gate reads.
      if (d.count === 1)
        return resultFor(config, 'fail', `${config.metric} ${failed[0].reason}`, extra)
      return resultFor(
        config,
        'fail',
        `${failed.length} of ${of} failed, more than failure_limit ${d.failure_limit}: ` +
          `${config.metric} ${listed(failed.map(say))}${stopped}`,
        extra
      )
    case 'inconclusive':
      return resultFor(
        config,
        'inconclusive',
        `${errors.length} of ${of} gave no usable value, more than inconclusive_limit ` +
          `${d.inconclusive_limit}: ${listed(errors.map(say))}${stopped}`,
        extra
      )
    case 'error': {
      // The first error's fix is the one to act on; the others are usually the same.
      const first = errors[0]
      return resultFor(
        config,
        'error',
        errors.length === 0
          ? `no measurement was taken`
          : (errors.length === 1
              ? (first.reason ?? 'the measurement failed')
              : `no measurement gave a value: ${listed(errors.map(say))}`) +
              (first.fix ? `. ${first.fix.charAt(0).toUpperCase()}${first.fix.slice(1)}` : ''),
        extra
      )
    }
    default: {
      if (d.count === 1 && value !== undefined)
        return resultFor(
          config,
          'pass',
          `${config.metric} ${fmt(value)} meets ${base.threshold}`,
          extra
        )
      const notes = [
        failed.length
          ? `${failed.length} failed, within failure_limit ${d.failure_limit} (${listed(failed.map(say))})`
          : '',
        errors.length
          ? `${errors.length} gave no value, within inconclusive_limit ${d.inconclusive_limit} (${listed(errors.map(say))})`
          : ''
      ].filter(Boolean)
      return resultFor(
        config,
        'pass',
        `${config.metric} met ${base.threshold} in ${ms.length - failed.length - errors.length} of ${of}` +
          (value !== undefined ? ` (worst ${fmt(value)})` : '') +
          (notes.length ? `; ${notes.join('; ')}` : ''),
        extra
      )
    }
  }
}
