import type { HttpClient } from '../http/client.js'
import type { ModelVersion, Registry } from '../registry/registry.js'
import type { GateConfig, GateType } from '../settings/config.js'
import type { Settings } from '../settings/settings.js'
import type { Evaluations } from './evaluations.js'

/**
 * A gate measures one thing and gives it a phase, as Argo Rollouts' analysis does: the worst
 * enforced phase decides. Each result carries the value beside its limit, as k6 reports thresholds.
 */
export type Verdict = 'pass' | 'fail' | 'inconclusive' | 'error'

export const VERDICT_RANK: Record<Verdict, number> = { pass: 0, inconclusive: 1, fail: 2, error: 3 }

/** The worst of some verdicts (error > fail > inconclusive > pass); pass when there are none. */
export function worstVerdict(verdicts: Iterable<Verdict | undefined>): Verdict {
  let w: Verdict = 'pass'
  for (const v of verdicts) if (v && VERDICT_RANK[v] > VERDICT_RANK[w]) w = v
  return w
}

export interface GateResult {
  name: string
  type: GateType | 'policy'
  verdict: Verdict
  /** false: measured and reported, never decides. */
  enforce: boolean
  /** What was measured ("accuracy", "p99 latency (ms)", "Δ accuracy"). */
  measure?: string
  value?: number
  /** The limit as a user reads it: "≥ 0.9", "≤ 500 ms", "Δ > −0.01". */
  threshold?: string
  ci?: { low: number; high: number; level: number }
  n?: number
  /** Why this verdict, in one or two sentences. */
  message: string
  warnings: string[]
  /** Everything else worth keeping in the receipt (percentiles, method, seed, …). */
  details?: Record<string, unknown>
  /** An inconclusive result whose policy is `neutral`: fails `promote`, passes a PR check. */
  neutral?: boolean
  durationMs?: number
}

export interface GateContext {
  settings: Settings
  http: HttpClient
  registry: Registry
  candidate: ModelVersion
  /** The version holding the alias at the start; null on a first promotion. */
  champion: ModelVersion | null
  evaluations: Evaluations
  /** Aborted when the gate's timeout passes. */
  signal: AbortSignal
  /** Absolute time (ms) by which the gate must be done. */
  deadline: number
}

export interface Gate {
  readonly config: GateConfig
  /** Runs alone, so other traffic does not disturb its measurement (latency). */
  readonly exclusive: boolean
  run(ctx: GateContext): Promise<GateResult>
}

/** A result skeleton with the gate's identity filled in. */
export function resultFor(
  config: GateConfig,
  verdict: Verdict,
  message: string,
  extra: Partial<GateResult> = {}
): GateResult {
  return {
    name: config.name,
    type: config.type,
    verdict,
    enforce: config.enforce,
    message,
    warnings: [],
    ...extra
  }
}

/** Fill `{model}`, `{version}`, … for a version under evaluation. */
export function templateValues(ctx: GateContext, version: ModelVersion): Record<string, string> {
  return {
    model: version.model,
    version: version.version,
    model_uri: version.uri,
    alias: ctx.settings.alias,
    previous_version: ctx.champion?.version ?? ''
  }
}
