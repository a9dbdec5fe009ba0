/**
 * The fixtures in test-support/fixtures are copies of the project's reference material. When
 * MODEL_GATE_SHARED names that folder (`npm run test:fixtures` in a development checkout), the
 * copies must still match it byte for byte, so a capture re-recorded or a vector corrected there
 * cannot be silently missed here. Otherwise this check does not run: it says so and is reported
 * as skipped; every other test reads the repo's copies and nothing outside the repository.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { COPIED_FROM_SHARED, FIXTURES, SHARED } from '../test-support/fixtures.js'

// Asked for but missing is a mistake to report, not a reason to skip.
if (SHARED !== undefined && !existsSync(SHARED))
  throw new Error(`MODEL_GATE_SHARED is ${SHARED}, which does not exist`)
const shared = SHARED
if (shared === undefined)
  console.info(
    'fixtures-match-shared: skipped (set MODEL_GATE_SHARED, or run npm run test:fixtures, to check the copies)'
  )

/** Every file under `dir` (or `dir` itself when it is a file), as paths relative to it, sorted. */
function filesUnder(dir: string): string[] {
  if (!statSync(dir).isDirectory()) return ['']
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => statSync(path.join(dir, f)).isFile())
    .sort()
}

// Known before anything runs, so the whole check is reported as skipped, not as passed.
const describeWhenShared = shared !== undefined ? describe : describe.skip

describeWhenShared('test-support/fixtures are still copies of shared/', () => {
  it.each(COPIED_FROM_SHARED.map((c) => [c.fixture, c.shared] as const))(
    '%s matches shared/%s',
    (fixture, from) => {
      const copy = path.join(FIXTURES, fixture)
      const original = path.join(shared ?? '', from)
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
  it('is all the tests read: no test or support file reaches beside the repository', () => {
    // Code, not comments: a path built to ../shared (or any sibling) would break a lone clone.
    const beside = /(['"`])\.\.\/(?:\.\.\/)*shared\b|['"`]\.\.['"`]\s*,\s*['"`]shared['"`]/
    const reaching = ['__tests__', 'test-support'].flatMap((dir) =>
      readdirSync(path.join(FIXTURES, '..', '..', dir), { recursive: true, encoding: 'utf8' })
        .filter((f) => /\.(ts|js|mjs)$/.test(f))
        .flatMap((f) =>
          readFileSync(path.join(FIXTURES, '..', '..', dir, f), 'utf8')
            .split('\n')
            .filter((line) => !/^\s*(\*|\/\/)/.test(line) && beside.test(line))
            .map((line) => `${dir}/${f}: ${line.trim()}`)
        )
    )
    expect(reaching).toEqual([])
  })

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
