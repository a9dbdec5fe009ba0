import * as core from '@actions/core'

/**
 * Cancellation. A cancelled workflow gets SIGINT/SIGTERM, then SIGKILL a few seconds later.
 * Outside a registry write nothing is half-done, so the run stops at once. Inside one
 * (a `critical` section: the alias moves, a restore) the section finishes first, so the registry
 * is never left between two writes that belong together; the run then stops before anything new.
 */

let depth = 0
let requested: NodeJS.Signals | undefined
const onCancel: Array<() => void> = []

export function installSignalHandlers(): void {
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.on(sig, () => {
      if (requested) return
      requested = sig
      for (const fn of onCancel) fn()
      if (depth === 0 && onCancel.length === 0) {
        core.error(
          `model-gate was cancelled (${sig}) before any registry write; nothing was changed`
        )
        process.exit(1)
      }
      core.warning(
        `model-gate received ${sig}; finishing the registry write in progress before stopping`
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
  }
}

/** While `fn` runs, a cancellation calls `stop` (e.g. to end the build) instead of exiting. */
export async function whileCancellable<T>(stop: () => void, fn: () => Promise<T>): Promise<T> {
  onCancel.push(stop)
  try {
    if (requested) stop()
    return await fn()
  } finally {
    onCancel.splice(onCancel.indexOf(stop), 1)
  }
}
