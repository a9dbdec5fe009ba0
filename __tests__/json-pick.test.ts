/**
 * pickJson reads a few fields of a large JSON document: it must accept exactly what JSON.parse
 * accepts (a truncated or corrupt results file is refused, never half-read) and give the same
 * values for the fields it picks.
 */
import { describe, expect, it } from '@jest/globals'
import { JsonSyntaxError, type PickSpec, pickJson } from '../src/json/pick.js'

const bytes = (s: string): Buffer => Buffer.from(s, 'utf8')
const accepts = (s: string): boolean => {
  try {
    pickJson(bytes(s), {})
    return true
  } catch (e) {
    if (!(e instanceof JsonSyntaxError)) throw e
    return false
  }
}
const parses = (s: string): boolean => {
  try {
    JSON.parse(s)
    return true
  } catch {
    return false
  }
}

const valid = [
  '{}',
  '[]',
  ' \n\t{"a": [1, -2.5e+3, 0, -0, 1E-2, true, false, null, "x\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9"]}\r\n',
  '"plain"',
  '12',
  '{"nested": {"deep": [[[{"x": {}}]]], "ünï": "çødé ✓ 😀"}, "e": "\\ud83d\\ude00"}',
  '[{"a":1},{"a":2,"a":3}]'
]
const invalid = [
  '',
  ' ',
  '{',
  '{"a": 1',
  '{"a": 1,}',
  '[1, 2,]',
  '[1 2]',
  '{"a" 1}',
  '{a: 1}',
  "{'a': 1}",
  '01',
  '1.',
  '.5',
  '+1',
  '-',
  '1e',
  '[tru]',
  '[nul]',
  'NaN',
  '{"a": NaN}',
  '"unterminated',
  '"bad \\x escape"',
  '"bad \\u12 escape"',
  '"raw \n newline"',
  '"raw \t tab"',
  '{} {}',
  '{}x',
  '\ufeff{}',
  '[1]]',
  '{"a": [}'
]

describe('pickJson', () => {
  it('accepts what JSON.parse accepts and gives the same value when it keeps it whole', () => {
    for (const s of valid) {
      expect(accepts(s)).toBe(true)
      expect(pickJson(bytes(s), true)).toEqual(JSON.parse(s))
    }
  })

  it('refuses what JSON.parse refuses, naming the byte', () => {
    for (const s of invalid) {
      expect([s, parses(s)]).toEqual([s, false])
      expect([s, accepts(s)]).toEqual([s, false])
    }
    expect(() => pickJson(bytes('{"a": [1, 2'), {})).toThrow(/expected ',' or '\]' at byte 11/)
  })

  it('agrees with JSON.parse on every one-byte corruption of a document', () => {
    const doc =
      '{"results": {"results": [{"provider": {"id": "p", "label": "c"}, "success": true, ' +
      '"score": 0.5, "vars": {"q": "a\\"b"}, "n": [1, -2e3, null, false]}]}}'
    const replacements = [
      '',
      ' ',
      '"',
      '{',
      '}',
      '[',
      ']',
      ',',
      ':',
      '0',
      '-',
      '.',
      'e',
      '\\',
      'x',
      '\n'
    ]
    for (let i = 0; i < doc.length; i++)
      for (const r of replacements) {
        const s = doc.slice(0, i) + r + doc.slice(i + 1)
        expect([s, accepts(s)]).toEqual([s, parses(s)])
      }
  })

  it('keeps only the keys asked for, whole or picked further, the last of a repeated key winning', () => {
    const doc = JSON.stringify({
      evalId: 'e',
      results: {
        version: 3,
        results: [
          {
            provider: { id: 'a', label: 'A', config: { big: [1, 2] } },
            success: true,
            testIdx: 0,
            vars: { q: 'é' }
          },
          { provider: 'b', success: false, testIdx: 1, gradingResult: { pass: false } }
        ]
      }
    })
    const spec: PickSpec = {
      results: { results: [{ provider: { id: true, label: true }, success: true, vars: true }] }
    }
    expect(pickJson(bytes(doc), spec)).toEqual({
      results: {
        results: [
          { provider: { id: 'a', label: 'A' }, success: true, vars: { q: 'é' } },
          { provider: 'b', success: false }
        ]
      }
    })
    expect(pickJson(bytes('{"a": 1, "b": 2, "a": 3}'), { a: true })).toEqual({ a: 3 })
    // An escaped key is the key JSON.parse reads.
    expect(pickJson(bytes('{"\\u0061": 7}'), { a: true })).toEqual({ a: 7 })
  })

  it('gives a container of another kind than the spec expects back empty, and a scalar as it is', () => {
    expect(pickJson(bytes('{"results": {"x": [1]}}'), { results: [true] })).toEqual({ results: {} })
    expect(pickJson(bytes('[{"results": 1}]'), { results: true })).toEqual([])
    expect(pickJson(bytes('{"results": "none"}'), { results: { a: true } })).toEqual({
      results: 'none'
    })
  })

  it('reads repeated short strings and numbers as JSON.parse does', () => {
    const rows = Array.from({ length: 50 }, (_, i) => ({
      id: i % 2 ? 'candidate' : 'champion',
      n: [i, -i, i / 7, 1e21 * i, 2 ** 60 + i]
    }))
    const s = JSON.stringify(rows)
    expect(pickJson(bytes(s), [{ id: true, n: [true] }])).toEqual(JSON.parse(s))
  })

  it("'shared' gives one frozen value for every occurrence of the same text", () => {
    const rows = pickJson(
      bytes(
        '[{"p": {"id": "a", "n": [1]}}, {"p": {"id": "b"}}, {"p": {"id": "a", "n": [1]}}, {"p": "s"}]'
      ),
      [{ p: 'shared' }]
    ) as Array<{ p: unknown }>
    expect(rows.map((r) => r.p)).toEqual([
      { id: 'a', n: [1] },
      { id: 'b' },
      { id: 'a', n: [1] },
      's'
    ])
    expect(rows[0].p).toBe(rows[2].p)
    expect(rows[0].p).not.toBe(rows[1].p)
    expect(Object.isFrozen(rows[0].p)).toBe(true)
    expect(Object.isFrozen((rows[0].p as { n: number[] }).n)).toBe(true)
  })

  it('steps over nesting deeper than the call stack allows', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000)
    expect(pickJson(bytes(`{"a": ${deep}, "b": 1}`), { b: true })).toEqual({ b: 1 })
  })

  it("reads a 'shared' value nested deeper than the call stack allows, frozen all the way", () => {
    const depth = 200_000
    const deep = '['.repeat(depth) + ']'.repeat(depth)
    const rows = pickJson(bytes(`[{"p": ${deep}}]`), [{ p: 'shared' }]) as Array<{ p: unknown }>
    let v = rows[0].p
    let levels = 0
    while (Array.isArray(v)) {
      expect(Object.isFrozen(v)).toBe(true)
      v = v[0]
      levels++
    }
    expect(levels).toBe(depth)
  })
})
