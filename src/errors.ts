/**
 * A failure the user can act on: what went wrong and how to fix it. Anything thrown that is not a
 * GateError is a bug in model-gate and is reported as such, without a stack trace in the summary.
 */
export class GateError extends Error {
  readonly fix: string | undefined
  constructor(message: string, fix?: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'GateError'
    this.fix = fix
  }

  /** The one-line form shown to users: cause, then fix. */
  get userMessage(): string {
    if (!this.fix) return this.message
    const cause = this.message.replace(/\.+$/, '')
    return `${cause}. ${this.fix.charAt(0).toUpperCase()}${this.fix.slice(1)}`
  }
}

/** The user-facing text of anything caught, never a stack trace. */
export function describeError(err: unknown): string {
  if (err instanceof GateError) return err.userMessage
  if (err instanceof Error) return `internal error in model-gate: ${err.message}`
  return `internal error in model-gate: ${String(err)}`
}
