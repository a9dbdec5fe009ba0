import type { GateConfig } from '../settings/config.js'
import { type Gate, type GateResult, resultFor } from './gate.js'

/** A configured gate kind this build cannot run: an error, never a silent pass. */
export class UnavailableGate implements Gate {
  readonly exclusive = false
  constructor(readonly config: GateConfig) {}
  run(): Promise<GateResult> {
    return Promise.resolve(
      resultFor(
        this.config,
        'error',
        `gate type '${this.config.type}' is not available in this version of model-gate`
      )
    )
  }
}
