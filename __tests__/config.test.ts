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

  it('refuses a regression of a Prometheus gate, saying what to do instead', () => {
    const msg = problems(`gates:
  - {name: canary, type: metric, source: prometheus, url: "http://prom:9090", query: "up", metric: p99_ms, max: 500}
  - {name: no-regression, type: regression, of: canary, max_drop: 0.05}
`)
    expect(msg).toContain(
      "gates[1].of: 'canary' reads Prometheus, whose readings have no per-item results or n"
    )
    expect(msg).toContain('compare the canary with the champion in the query itself')
  })

  it('says a missing choice is missing, listing what it may be', () => {
    const msg = problems(`gates:
  - {name: answers, type: metric, source: file, path: evals/results.json, metric: pass_rate, min: 0.7}
`)
    expect(msg).toContain('gates[0].format: missing: one of promptfoo, lm-eval, jsonl is required')
    expect(msg).not.toMatch(/the value is not one of/)
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

/** The config as a user lays it out, one key a line: line numbers below are this text's. */
const BLOCK = `gates:
  - name: accuracy
    type: metric
    endpoint: "https://eval.example/v1"
    metric: accuracy
    min: 0.9
  - name: latency
    type: latency
    target: https://staging.example/
    rate: 50
    p99_ms: 500
`

function rejected(yaml: string): GateError {
  try {
    parseConfig(yaml, '.github/model-gate.yml')
  } catch (err) {
    if (err instanceof GateError) return err
    throw err
  }
  throw new Error('expected the config to be rejected')
}

describe('config errors, where they are', () => {
  it('gives each problem its file, line and column, and the line in the message', () => {
    const err = rejected(BLOCK.replace('min: 0.9', 'min: high'))
    expect(err.places).toEqual([
      {
        file: '.github/model-gate.yml',
        line: 6,
        column: 10,
        message: 'gates[0].min: expected a number, got "high"'
      }
    ])
    expect(err.message).toContain('  - line 6: gates[0].min: expected a number, got "high"')
  })

  it('quotes the bad value, escaped and clipped', () => {
    expect(rejected(BLOCK.replace('rate: 50', 'rate: "50"')).message).toContain(
      'gates[1].rate: expected a number, got "50"'
    )
    expect(rejected(BLOCK.replace('rate: 50', 'rate: [50]')).message).toContain(
      'gates[1].rate: expected a number, got a list'
    )
    const long = rejected(BLOCK.replace('min: 0.9', `min: "${'x'.repeat(60)}\\u0007"`)).message
    expect(long).toContain(`got "${'x'.repeat(40)}…"`)
    expect(rejected(BLOCK.replace('rate: 50', 'rate: 50\n    method: PSOT')).message).toContain(
      `gates[1].method: "PSOT" is not one of: GET, POST, PUT (did you mean 'POST'?)`
    )
    expect(rejected(BLOCK.replace('rate: 50', 'rate: 50\n    confidence: 0.3')).message).toContain(
      'gates[1].confidence: 0.3 is too small: it must be > 0.5'
    )
  })

  it('reports a misspelt key once, not the required key it hides', () => {
    const err = rejected(BLOCK.replace('metric: accuracy', 'metrc: accuracy'))
    expect(err.places.map((p) => p.message)).toEqual([
      "gates[0].metrc: unknown key (did you mean 'metric'?)"
    ])
    expect(err.places[0]).toMatchObject({ line: 5, column: 5 })
    expect(err.message).not.toMatch(/required|expected string/)
  })

  it('drops the threshold and p99 rules that a misspelt min or p99_ms breaks', () => {
    expect(rejected(BLOCK.replace('min: 0.9', 'mn: 0.9')).places.map((p) => p.message)).toEqual([
      "gates[0].mn: unknown key (did you mean 'min'?)"
    ])
    expect(rejected(BLOCK.replace('min: 0.9', 'mx: 0.9')).places.map((p) => p.message)).toEqual([
      "gates[0].mx: unknown key (did you mean 'max'?)"
    ])
    expect(
      rejected(BLOCK.replace('p99_ms: 500', 'p99ms: 500')).places.map((p) => p.message)
    ).toEqual(["gates[1].p99ms: unknown key (did you mean 'p99_ms'?)"])
  })

  it('blames a misspelt type or source alone, not the keys of the schema it fell back to', () => {
    expect(
      rejected(BLOCK.replace('type: latency', 'tpye: latency')).places.map((p) => p.message)
    ).toEqual(["gates[1].tpye: unknown key (did you mean 'type'?)"])
    const source = rejected(
      BLOCK.replace('endpoint: "https://eval.example/v1"', 'sorce: mlflow\n    run_id: abc')
    )
    expect(source.places.map((p) => p.message)).toEqual([
      "gates[0].sorce: unknown key (did you mean 'source'?)"
    ])
  })

  it('still reports a missing key that no misspelling explains', () => {
    const err = rejected(BLOCK.replace('    metric: accuracy\n', '    colour: blue\n'))
    const messages = err.places.map((p) => p.message)
    // The missing key is placed on the gate it belongs in (line 2), before the unknown one.
    expect(messages).toHaveLength(2)
    expect(messages[0]).toBe('gates[0].metric: missing: a string is required')
    expect(err.places[0].line).toBe(2)
    expect(messages[1]).toMatch(/^gates\[0\]\.colour: unknown key/)
  })

  it('lists problems in file order', () => {
    const err = rejected(
      BLOCK.replace('min: 0.9', 'min: high').replace('gates:', 'promte: {}\ngates:')
    )
    expect(err.places.map((p) => p.line)).toEqual([1, 7])
  })

  it('places YAML syntax errors, alias errors and a non-mapping file too', () => {
    expect(rejected('gates: [}\n').places[0]).toMatchObject({ line: 1 })
    expect(rejected('%YAML 1.1\n---\ngates: {<<: [1, 2]}\n').places[0]).toMatchObject({
      line: 3,
      column: 9
    })
    expect(rejected('- a\n').places[0]).toMatchObject({ line: 1, column: 1 })
  })
})
