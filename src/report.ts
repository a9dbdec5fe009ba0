import type { ErrorPlace } from './errors.js'
import type { GateResult, Verdict } from './gates/gate.js'
import type { LineageRecord } from './promotion/lineage.js'
import type { Mode } from './settings/settings.js'

/**
 * Everything one run decided, in one object: the receipt file, the job summary, the check run
 * and the PR comment are all renderings of it, so they cannot disagree.
 */
export interface RunReport {
  schema: 'model-gate/receipt/v1'
  mode: Mode
  registry: { type: 'mlflow' | 'wandb'; uri: string }
  model: string
  /** The candidate version (resolved from @alias when one was given). */
  version: string
  requestedVersion: string
  modelUri?: string
  alias: string
  previousAlias?: string
  verdict: Verdict
  promoted: boolean
  /** Step outcome: true when the workflow step succeeds. */
  succeeded: boolean
  /**
   * Who held the alias when the run read it: null when no version did, absent when the run
   * stopped before reading it (reports say "not read", never "none").
   */
  championBefore?: string | null
  /**
   * The version the candidate replaced. Usually championBefore; on a re-run that finds the
   * candidate already promoted, the version `previous_alias` holds.
   */
  replaced?: string
  /** What previous_alias held before the run, when it was read (null: not set). */
  previousBefore?: string | null
  /** Who holds the alias at the end; null and absent as for championBefore. */
  championAfter?: string | null
  candidate?: { version: string; uri: string; runId?: string; source?: string }
  /** Where the candidate came from: source run, base model, adapter, prompt template digest. */
  lineage?: LineageRecord
  gates: GateResult[]
  /** What happened to the registry, in order, for the audit trail. */
  actions: string[]
  /** The build step, when one ran. */
  build?: {
    ok: boolean
    exitCode: number | null
    timedOut: boolean
    durationMs: number
    outputs: Record<string, string>
  }
  /** True when a failed build put the aliases back. */
  restored?: boolean
  /** The error that ended the run, when there was one (user-facing text). */
  error?: string
  /** Where in the user's files that error is, when it is there (each config problem's line). */
  errorPlaces?: ErrorPlace[]
  notes: string[]
  run: { url?: string; commit?: string; repository?: string; event: string; trigger: string }
  startedAt: string
  finishedAt?: string
}

/** The report before anything is known: an `error` until the run decides otherwise. */
export function newReport(): RunReport {
  return {
    schema: 'model-gate/receipt/v1',
    mode: 'promote',
    registry: { type: 'mlflow', uri: '' },
    model: '',
    version: '',
    requestedVersion: '',
    alias: 'champion',
    verdict: 'error',
    promoted: false,
    succeeded: false,
    gates: [],
    actions: [],
    notes: [],
    run: { event: '', trigger: '' },
    startedAt: new Date().toISOString()
  }
}
