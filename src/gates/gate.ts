import type { GateConfig, GateType } from '../settings/config.js'
import type { Evaluations } from './metric/evaluations.js'
import type { SourceContext } from './metric/source.js'

/**
 * A gate measures one thing and gives it a phase, as Argo Rollouts' analysis does: the worst
 * enforced phase decides. Each result carries the value beside its limit, as k6 reports thresholds.
 */
export type Verdict = 'pass' | 'fail' | 'inconclusive' | 'error'

/** `fail`: the step fails; `neutral`: fails `promote`, a neutral PR check; `pass`: lets it through. */
export type InconclusivePolicy = 'fail' | 'neutral' | 'pass'

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
  /**
   * `on_inconclusive` (regression gates): what an inconclusive verdict does to the step and the
   * check conclusion (src/verdict.ts). It never changes `verdict`; absent means `fail`.
   */
  policy?: InconclusivePolicy
  durationMs?: number
}

/** What a gate runs with: what a metric source reads with, plus the shared readings. */
export interface GateContext extends SourceContext {
  evaluations: Evaluations
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
