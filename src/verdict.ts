import { type GateResult, type Verdict, worstVerdict } from './gates/gate.js'
import type { Mode } from './settings/settings.js'

/** The worst enforced gate decides (error > fail > inconclusive > pass). */
export function overallVerdict(results: GateResult[]): Verdict {
  return worstVerdict(results.filter((r) => r.enforce).map((r) => r.verdict))
}

/**
 * Whether the step succeeds. `promote` needs a pass; a PR check (`evaluate`) also accepts an
 * inconclusive result when every inconclusive gate asked for `neutral`.
 */
export function stepSucceeds(mode: Mode, verdict: Verdict, results: GateResult[]): boolean {
  if (verdict === 'pass') return true
  if (mode === 'evaluate' && verdict === 'inconclusive')
    return results.filter((r) => r.enforce && r.verdict === 'inconclusive').every((r) => r.neutral)
  return false
}

/** The check-run conclusion for a verdict. */
export function conclusion(
  mode: Mode,
  verdict: Verdict,
  results: GateResult[]
): 'success' | 'failure' | 'neutral' {
  if (verdict === 'pass') return 'success'
  if (verdict === 'inconclusive' && stepSucceeds(mode, verdict, results)) return 'neutral'
  return 'failure'
}
