/**
 * The fixtures in test-support/fixtures are copies of the project's reference material. When that
 * folder is beside the repo (a development checkout), the copies must still match it byte for byte,
 * so a capture re-recorded or a vector corrected there cannot be silently missed here. In a clone
 * with nothing beside it this check cannot run: it says so and is reported as skipped; every other
 * test reads the repo's copies and does not depend on it.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { COPIED_FROM_SHARED, FIXTURES, SHARED } from '../test-support/fixtures.js'

const sharedPresent = existsSync(SHARED)
if (!sharedPresent)
  console.info(
    `fixtures-match-shared: skipped, ${SHARED} does not exist (set MODEL_GATE_SHARED to check the copies)`
  )

/** Every file under `dir` (or `dir` itself when it is a file), as paths relative to it, sorted. */
function filesUnder(dir: string): string[] {
  if (!statSync(dir).isDirectory()) return ['']
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => statSync(path.join(dir, f)).isFile())
    .sort()
}

// Known before anything runs, so the whole check is reported as skipped, not as passed.
const describeWhenShared = sharedPresent ? describe : describe.skip

describeWhenShared('test-support/fixtures are still copies of shared/', () => {
  it.each(COPIED_FROM_SHARED.map((c) => [c.fixture, c.shared] as const))(
    '%s matches shared/%s',
    (fixture, shared) => {
      const copy = path.join(FIXTURES, fixture)
      const original = path.join(SHARED, shared)
      const files = filesUnder(original)
      expect(filesUnder(copy)).toEqual(files)
      const differing = files.filter(
        (f) => !readFileSync(path.join(copy, f)).equals(readFileSync(path.join(original, f)))
      )
      expect(differing).toEqual([])
    }
  )
})

describe('test-support/fixtures', () => {
  it('every fixture is listed with its origin in the README (by itself or by its folder)', () => {
    const readme = readFileSync(path.join(FIXTURES, 'README.md'), 'utf8')
    const listed = (name: string): boolean => readme.includes('`' + name + '`')
    const unlisted = readdirSync(FIXTURES, { withFileTypes: true }).flatMap((e) => {
      if (!e.isDirectory()) return e.name === 'README.md' || listed(e.name) ? [] : [e.name]
      if (listed(`${e.name}/`)) return []
      return readdirSync(path.join(FIXTURES, e.name))
        .map((f) => `${e.name}/${f}`)
        .filter((f) => !listed(f) && !listed(`${f}/`))
    })
    expect(unlisted).toEqual([])
  })
})
