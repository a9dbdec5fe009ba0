import { existsSync } from 'node:fs'
import path from 'node:path'
import { ROOT } from './run-action.js'

/**
 * The project's shared reference material (captures, schema, vectors) lives beside the repo in
 * `../shared`, in CI as on every developer machine. Tests that replay it fail, never skip, when it
 * is missing: a contract test that silently does nothing proves nothing.
 */
export const SHARED = process.env.MODEL_GATE_SHARED ?? path.resolve(ROOT, '..', 'shared')

export function sharedPath(...parts: string[]): string {
  const p = path.join(SHARED, ...parts)
  if (!existsSync(p))
    throw new Error(
      `${p} is missing: the tests need ../shared beside the repo (or MODEL_GATE_SHARED)`
    )
  return p
}
