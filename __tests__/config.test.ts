import { describe, expect, it } from '@jest/globals'
import { GateError } from '../src/errors.js'
import { parseConfig } from '../src/settings/config.js'

const GOOD = `
promote: {alias: champion, previous_alias: rollback-target}
gates:
  - {name: accuracy, type: metric, endpoint: "https://eval.example/v1", metric: accuracy, min: 0.9}
  - {name: no-regression, type: regression, of: accuracy, max_drop: 0.01}
  - name: latency
    type: latency
    target: https://staging.example/{model}/{version}
    rate: 50
    p99_ms: 500
`

function problems(yaml: string): string {
  try {
    parseConfig(yaml, 'model-gate.yml')
  } catch (err) {
    expect(err).toBeInstanceOf(GateError)
    return (err as GateError).message
  }
  throw new Error('expected the config to be rejected')
}

describe('config file', () => {
  it('accepts the SPEC example shape and fills defaults', () => {
    const cfg = parseConfig(GOOD, 'model-gate.yml')
    expect(cfg.gates.map((g) => g.type)).toEqual(['metric', 'regression', 'latency'])
    expect(cfg.promote.require_newer).toBe(true)
    const reg = cfg.gates[1]
    expect(reg.type === 'regression' && reg.confidence).toBe(0.95)
    expect(cfg.gates.every((g) => g.enforce)).toBe(true)
  })

  it('names the path of a wrong type', () => {
    expect(problems(GOOD.replace('min: 0.9', 'min: "high"'))).toContain('gates[0].min')
  })

  it('suggests the nearest key for a misspelt one', () => {
    const msg = problems(GOOD.replace('p99_ms: 500', 'p99ms: 500'))
    expect(msg).toContain("gates[2].p99ms: unknown key (did you mean 'p99_ms'?)")
  })

  it('suggests the nearest top-level and nested key', () => {
    expect(problems(GOOD.replace('promote:', 'promte:'))).toContain(
      "promte: unknown key (did you mean 'promote'?)"
    )
    expect(problems(GOOD.replace('previous_alias', 'previus_alias'))).toContain(
      "promote.previus_alias: unknown key (did you mean 'previous_alias'?)"
    )
  })

  it('names an unknown gate type and the nearest one', () => {
    expect(problems(GOOD.replace('type: latency', 'type: latncy'))).toContain(
      `gates[2].type: unknown gate type "latncy" (did you mean 'latency'?)`
    )
  })

  it('requires a threshold on a metric gate', () => {
    expect(problems(GOOD.replace(', min: 0.9', ''))).toContain(
      'gates[0].min: a metric gate needs a threshold'
    )
  })

  it('requires a regression gate to name a metric gate', () => {
    expect(problems(GOOD.replace('of: accuracy', 'of: acuracy'))).toContain(
      "gates[1].of: 'acuracy' is not the name of a metric gate (did you mean 'accuracy'?)"
    )
  })

  it('rejects duplicate gate names', () => {
    expect(problems(GOOD.replace('name: latency', 'name: accuracy'))).toContain(
      "duplicate gate name 'accuracy'"
    )
  })

  it('reports YAML syntax errors with a line', () => {
    expect(problems('gates: [}\n')).toMatch(/not valid YAML at line 1/)
  })

  it('rejects a config that is not a mapping', () => {
    expect(problems('- a\n- b\n')).toContain("must be a YAML mapping with a 'gates' list")
  })

  it('says that nothing reached the registry', () => {
    const err = (() => {
      try {
        parseConfig('gates: []', 'x.yml')
      } catch (e) {
        return e as GateError
      }
    })()
    expect(err?.userMessage).toContain('nothing was sent to the registry')
  })
})
