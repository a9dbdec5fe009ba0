import { log } from '../log.js'

/**
 * Cancellation. A cancelled workflow gets SIGINT/SIGTERM, then SIGKILL a few seconds later.
 * Before any registry write nothing is half-done, so the run stops at once. Inside one (a
 * `critical` section: the alias moves, the receipt tags, a restore) the section finishes first, so
 * the registry is never left between two writes that belong together. Once the registry has
 * changed, the run starts no build, records what it did (receipt tags, receipt, outputs, reports)
 * and ends as a failure, never as a success.
 */

let depth = 0
/** A registry write has happened: from then on a cancellation lets the run record what it did. */
let wrote = false
let requested: NodeJS.Signals | undefined
const onCancel: Array<() => void> = []

/** `exitCode`: how a run stopped before any write ends (the action 1, the CLI 130). */
export function installSignalHandlers(exitCode = 1): void {
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.on(sig, () => {
      if (requested) return
      requested = sig
      for (const fn of onCancel) fn()
      if (depth === 0 && onCancel.length === 0 && !wrote) {
        log.error(
          `model-gate was cancelled (${sig}) before any registry write; nothing was changed`
        )
        process.exit(exitCode)
      }
      log.warning(
        depth > 0
          ? `model-gate received ${sig}; finishing the registry write in progress before stopping`
          : onCancel.length > 0
            ? `model-gate received ${sig}; stopping the build, then doing what on_failure says`
            : `model-gate received ${sig} after changing the registry; no build will start, and ` +
              'the run records what it did (receipt, outputs, reports) before stopping'
      )
    })
  }
}

export function cancelRequested(): NodeJS.Signals | undefined {
  return requested
}

/** Run `fn` with cancellation deferred until it returns. */
export async function critical<T>(fn: () => Promise<T>): Promise<T> {
  depth++
  try {
    return await fn()
  } finally {
    depth--
    wrote = true
  }
}

/**
 * While `fn` runs, a cancellation calls `stop` (e.g. to end the build) instead of exiting; a
 * cancellation that came before calls it at once, so `fn` must remember it (an AbortSignal does).
 */
export async function whileCancellable<T>(stop: () => void, fn: () => Promise<T>): Promise<T> {
  onCancel.push(stop)
  try {
    if (requested) stop()
    return await fn()
  } finally {
    onCancel.splice(onCancel.indexOf(stop), 1)
  }
}
