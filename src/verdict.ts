import {
  type GateResult,
  type InconclusivePolicy,
  type Verdict,
  worstVerdict
} from './gates/gate.js'
import type { Mode } from './settings/settings.js'

/** The worst enforced gate decides (error > fail > inconclusive > pass). */
export function overallVerdict(results: GateResult[]): Verdict {
  return worstVerdict(results.filter((r) => r.enforce).map((r) => r.verdict))
}

/**
 * What an inconclusive gate's `on_inconclusive` policy lets through (SPEC §5). The policy never
 * rewrites a verdict: it is read here, for the step and the check conclusion only. A gate without
 * a policy (latency, metric) is held to `fail`.
 */
function inconclusivePolicies(results: GateResult[]): InconclusivePolicy[] {
  return results
    .filter((r) => r.enforce && r.verdict === 'inconclusive')
    .map((r) => r.policy ?? 'fail')
}

/**
 * Whether the step succeeds, which in `promote` mode is also whether the alias may move. A pass
 * succeeds. An inconclusive verdict succeeds when every enforced inconclusive gate's policy lets
 * it: `pass` in any mode, `neutral` only in a PR check (`evaluate`). fail and error never do.
 */
export function stepSucceeds(mode: Mode, verdict: Verdict, results: GateResult[]): boolean {
  if (verdict === 'pass') return true
  if (verdict !== 'inconclusive') return false
  return inconclusivePolicies(results).every(
    (p) => p === 'pass' || (p === 'neutral' && mode === 'evaluate')
  )
}

/** The check-run conclusion: neutral when a `neutral` policy is what let an inconclusive through. */
export function conclusion(
  mode: Mode,
  verdict: Verdict,
  results: GateResult[]
): 'success' | 'failure' | 'neutral' {
  if (verdict === 'pass') return 'success'
  if (!stepSucceeds(mode, verdict, results)) return 'failure'
  return inconclusivePolicies(results).includes('neutral') ? 'neutral' : 'success'
}

/**
 * A note for a report's verdict cell: which policy an inconclusive gate carries when it is not
 * the default (` (neutral)`, ` (on_inconclusive: pass)`), so a reader sees why the step went on.
 */
export function policyNote(g: GateResult): string {
  if (g.verdict !== 'inconclusive' || !g.policy || g.policy === 'fail') return ''
  return g.policy === 'neutral' ? ' (neutral)' : ` (on_inconclusive: ${g.policy})`
}
