import type { Verdict } from './gates/gate.js'

/**
 * Live progress of the gates, for a terminal's status line (the CLI). The action passes none:
 * its log already says what runs, and a GitHub log has no line to redraw.
 */
export interface Progress {
  gateStarted(name: string): void
  /** `done` of `total` units (requests, items) measured so far by a long gate. */
  advanced(name: string, done: number, total: number, unit: string): void
  gateFinished(name: string, verdict: Verdict, durationMs: number): void
}
