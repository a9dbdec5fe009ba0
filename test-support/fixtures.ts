import { existsSync } from 'node:fs'
import path from 'node:path'
import { ROOT } from './run-action.js'

/**
 * Test data the repository owns (test-support/fixtures, see its README for where each file came
 * from). A clone with nothing beside it runs every test against these copies; only the drift check
 * (fixtures-match-shared.test.ts) looks at the project's reference folder, and only when it exists.
 */
export const FIXTURES = path.join(ROOT, 'test-support', 'fixtures')

export function fixturePath(...parts: string[]): string {
  const p = path.join(FIXTURES, ...parts)
  // A missing fixture is a broken checkout, not a reason to skip: fail loudly with the path.
  if (!existsSync(p)) throw new Error(`${p} is missing from test-support/fixtures`)
  return p
}

/**
 * Each copied fixture folder or file and where it was copied from, relative to the reference
 * folder (`../shared` beside the repo, or MODEL_GATE_SHARED). The drift check compares them.
 */
export const COPIED_FROM_SHARED: ReadonlyArray<{ fixture: string; shared: string }> = [
  { fixture: 'mlflow/captures', shared: 'contracts/mlflow/captures' },
  { fixture: 'wandb/schema-subset.graphql', shared: 'contracts/wandb/schema-subset.graphql' },
  { fixture: 'vectors/mcnemar.json', shared: 'vectors/mcnemar.json' },
  { fixture: 'vectors/quantile-ci.json', shared: 'vectors/quantile-ci.json' }
]

export const SHARED = process.env.MODEL_GATE_SHARED || path.resolve(ROOT, '..', 'shared')
