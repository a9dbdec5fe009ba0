import { existsSync } from 'node:fs'
import path from 'node:path'
import { ROOT } from './run-action.js'

/**
 * Test data the repository owns (test-support/fixtures, see its README for where each file came
 * from). Every test reads these copies and nothing outside the repository. Only the drift check
 * (fixtures-match-shared.test.ts) compares them with the reference folder they were copied from,
 * and only when MODEL_GATE_SHARED names it.
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
 * folder that MODEL_GATE_SHARED names. The drift check compares them.
 */
export const COPIED_FROM_SHARED: ReadonlyArray<{ fixture: string; shared: string }> = [
  { fixture: 'mlflow/captures', shared: 'contracts/mlflow/captures' },
  { fixture: 'wandb/schema-subset.graphql', shared: 'contracts/wandb/schema-subset.graphql' },
  { fixture: 'vectors/mcnemar.json', shared: 'vectors/mcnemar.json' },
  { fixture: 'vectors/quantile-ci.json', shared: 'vectors/quantile-ci.json' }
]

/**
 * The reference folder, only when asked for by name: never guessed from the clone's surroundings
 * (a folder called `shared` beside a user's clone may be anything). `npm run test:fixtures`
 * points it at `../shared` in a development checkout.
 */
export const SHARED: string | undefined = process.env.MODEL_GATE_SHARED
  ? path.resolve(process.env.MODEL_GATE_SHARED)
  : undefined
