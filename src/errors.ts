/** One problem at one spot of a file: a GitHub annotation's file=, line= and col=. */
export interface ErrorPlace {
  /** As the repository names it (relative to the workspace), or as given when outside it. */
  file: string
  line: number
  column?: number
  message: string
}

/**
 * A failure the user can act on: what went wrong and how to fix it. Anything thrown that is not a
 * GateError is a bug in model-gate and is reported as such, without a stack trace in the summary.
 */
export class GateError extends Error {
  readonly fix: string | undefined
  /** Where in the user's files the error is (a config problem's line), for annotations. */
  readonly places: ErrorPlace[]
  constructor(message: string, fix?: string, options?: { cause?: unknown; places?: ErrorPlace[] }) {
    super(message, options)
    this.name = 'GateError'
    this.fix = fix
    this.places = options?.places ?? []
  }

  /**
   * The form shown to users: cause, then fix. A cause that lists problems (one per line) gets
   * the fix on a line of its own, not glued to the last problem.
   */
  get userMessage(): string {
    if (!this.fix) return this.message
    const cause = this.message.replace(/\.+$/, '')
    const fix = `${this.fix.charAt(0).toUpperCase()}${this.fix.slice(1)}`
    return cause.includes('\n') ? `${cause}\n${fix}` : `${cause}. ${fix}`
  }
}

/** The user-facing text of anything caught, never a stack trace. */
export function describeError(err: unknown): string {
  if (err instanceof GateError) return err.userMessage
  if (err instanceof Error) return `internal error in model-gate: ${err.message}`
  return `internal error in model-gate: ${String(err)}`
}
