/**
 * Config robustness: a seeded fuzz of the config parser. Valid configs are mutated — wrong types,
 * odd nesting, unicode, huge numbers, anchors and aliases (a billion-laughs attempt among them),
 * deep nesting, duplicate keys, non-mapping roots, an empty file, binary garbage — and every case
 * must end in a config or in a clean GateError whose message names a path or a YAML position:
 * never another exception, never a stack trace, never a hang (each case is time-boxed).
 *
 * A failure prints the seed and case number; FUZZ_SEED=<seed> FUZZ_CASES=<n> reproduces it.
 */
import { describe, expect, it } from '@jest/globals'
import vm from 'node:vm'
import YAML from 'yaml'
import { GateError } from '../src/errors.js'
import { parseConfig } from '../src/settings/config.js'
import { Rng } from '../src/stats/rng.js'
import { useActionHarness } from '../test-support/action-harness.js'

const SEED = Number(process.env.FUZZ_SEED ?? 20240611)
const CASES = Number(process.env.FUZZ_CASES ?? 2000)
/** A case that takes longer is stopped and reported as a hang. */
const TIME_BOX_MS = 2000

/** Uniform [0, 1) from the project's seeded generator: the same cases on every machine. */
function rng(seed: number): () => number {
  const r = new Rng(seed)
  return () => r.next()
}

const BASE = `
registry: {type: mlflow, uri: https://mlflow.example.com}
promote: {alias: champion, previous_alias: rollback-target, require_newer: true}
gates:
  - name: accuracy
    type: metric
    endpoint: https://eval.example.com/v1/evaluate
    headers: {Authorization: "Bearer \${EVAL_TOKEN}"}
    request: {dataset: golden, options: {shots: 5, tags: [a, b]}}
    metric: accuracy
    min: 0.9
    timeout: 10m
    poll_interval: 2s
  - {name: safety, type: metric, endpoint: "https://eval.example.com/v1", metric: safety, max: 0.05, enforce: false}
  - name: latency
    type: latency
    target: https://staging.example.com/models/{model}/{version}/v1/chat/completions
    body: {messages: [{role: user, content: ping}], max_tokens: 16}
    requests: 1000
    rate: 50
    warmup: 50
    p99_ms: 500
    max_error_rate: 0.01
  - {name: no-regression, type: regression, of: accuracy, max_drop: 0.01, confidence: 0.95, on_inconclusive: neutral}
  - name: exact-match
    type: metric
    source: mlflow
    metric: exact_match/v1
    dataset: {name: golden, digest: 5f3a9c1e}
    table: {artifact: eval_results_table.json, id_column: id, prediction: outputs, target: ground_truth}
    min: 0.8
    decide_on: interval
    confidence: 0.9
  - name: answers
    type: metric
    source: file
    format: promptfoo
    path: evals/{version}/results.json
    provider: {candidate: candidate, champion: champion}
    id_var: qid
    metric: pass_rate
    min: 0.7
  - {name: hellaswag, type: metric, source: file, format: lm-eval, path: "lm/results_*.json", task: hellaswag, metric: "acc,none", min: 0.5}
  - {name: wandb-acc, type: metric, source: wandb, metric: eval.accuracy, min: 0.9, enforce: false}
  - name: lineage
    type: lineage
    require: [{key: params.base_model, equals_champion: true}, {key: metrics.loss, max: 2}]
build: {command: 'echo "{model_uri}"', timeout_minutes: 30, on_failure: restore}
report: {check_run: true, pr_comment: true, deployment: production}
allowed_hosts: ["*.example.com"]
http: {retries: 2, connect_timeout: 10s, response_timeout: 1m, max_response_mb: 10}
regression_correction: holm
`
const MINIMAL = `gates: [{name: a, type: metric, endpoint: "https://e.example/v1", metric: m, min: 1}]\n`

type Json = null | boolean | number | string | Json[] | { [k: string]: Json }

const BASE_TREE = YAML.parse(BASE) as Json
const MINIMAL_TREE = YAML.parse(MINIMAL) as Json

class Fuzzer {
  constructor(readonly r: () => number) {}
  int(n: number): number {
    return Math.floor(this.r() * n)
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]
  }
  chance(p: number): boolean {
    return this.r() < p
  }

  string(): string {
    return this.pick([
      () => '',
      () => 'x',
      () => 'metric',
      () => 'latncy',
      () => '30s',
      () => '-5m',
      () => '0s',
      () => '9999999h',
      () => 'https://evil.example.net/x',
      () => 'file:///etc/passwd',
      () => '${SECRET}',
      () => '{model}',
      () => 'ünïcödé 模型 🚀',
      () => '\u202eevil\u202c',
      () => 'line\nbreak\r\n::error::forged',
      () => 'nul\u0000byte',
      () => '\ufeffbom',
      () => 'a'.repeat(this.pick([65, 1025, 100_000])),
      () => String.fromCharCode(...Array.from({ length: 20 }, () => this.int(0xd800)))
    ])()
  }

  number(): number {
    return this.pick([
      0,
      -0,
      -1,
      1,
      0.5,
      1e308,
      -1e308,
      1e-320,
      2 ** 53 + 1,
      Number.MAX_SAFE_INTEGER,
      NaN,
      Infinity,
      -Infinity,
      1e10,
      604_801,
      this.r() * 1000
    ])
  }

  value(depth = 0): Json {
    const kinds = depth > 3 ? 4 : 7
    switch (this.int(kinds)) {
      case 0:
        return this.string()
      case 1:
        return this.number()
      case 2:
        return this.chance(0.5)
      case 3:
        return null
      case 4:
        return Array.from({ length: this.int(4) }, () => this.value(depth + 1))
      case 5:
        return Object.fromEntries(
          Array.from({ length: this.int(4) }, () => [this.key(), this.value(depth + 1)])
        )
      default:
        return this.nest(this.value(depth + 1), 1 + this.int(this.chance(0.1) ? 200 : 20))
    }
  }

  nest(v: Json, levels: number): Json {
    let out = v
    for (let i = 0; i < levels; i++) out = this.chance(0.5) ? [out] : { n: out }
    return out
  }

  key(sibling?: string): string {
    if (sibling && this.chance(0.4)) {
      // A near-miss of a real key: the "did you mean" path.
      const i = this.int(sibling.length)
      return this.pick([
        sibling.slice(0, i) + sibling.slice(i + 1),
        sibling.slice(0, i) + 'x' + sibling.slice(i),
        sibling.toUpperCase(),
        sibling.replace(/_/g, '-')
      ])
    }
    return this.pick([
      'extra',
      'gates',
      'type',
      'name',
      '__proto__',
      'constructor',
      'toString',
      '',
      '0',
      'ключ',
      'k'.repeat(2000),
      'a\nb',
      '<<'
    ])
  }
}

/** Every container in the tree, with the path to it. */
function containers(v: Json, path: Array<string | number> = []): Array<Array<string | number>> {
  if (v === null || typeof v !== 'object') return []
  const here = [path]
  const entries = Array.isArray(v) ? v.map((x, i) => [i, x] as const) : Object.entries(v)
  return here.concat(...entries.map(([k, x]) => containers(x, [...path, k])))
}

function at(v: Json, path: Array<string | number>): Json {
  return path.reduce<Json>((x, k) => (x as Record<string | number, Json>)[k], v)
}

/** One structural mutation of a parsed config; returns its description. */
function mutateTree(f: Fuzzer, root: Json): string {
  const paths = containers(root)
  const path = f.pick(paths)
  const node = at(root, path) as Record<string, Json> | Json[]
  const keys: Array<string | number> = Array.isArray(node)
    ? node.map((_, i) => i)
    : Object.keys(node)
  const where = path.join('.') || '(root)'
  const k: string | number | undefined = keys.length ? f.pick(keys) : undefined
  const set = (key: string | number, v: Json): void => {
    ;(node as Record<string | number, Json>)[key] = v
  }
  switch (f.int(7)) {
    case 0:
      if (k === undefined) break
      set(k, f.value())
      return `replace ${where}.${k}`
    case 1:
      if (k === undefined) break
      if (Array.isArray(node)) node.splice(Number(k), 1)
      else delete node[String(k)]
      return `delete ${where}.${k}`
    case 2: {
      const key = Array.isArray(node) ? node.length : f.key(k === undefined ? undefined : String(k))
      set(key, f.value())
      return `add ${where}.${key.toString().slice(0, 20)}`
    }
    case 3:
      if (k === undefined || Array.isArray(node)) break
      set(f.key(String(k)), node[String(k)])
      delete node[String(k)]
      return `rename ${where}.${k}`
    case 4:
      if (k === undefined) break
      set(k, f.nest((node as Record<string | number, Json>)[k], 1 + f.int(f.chance(0.2) ? 300 : 8)))
      return `nest ${where}.${k}`
    case 5:
      if (!Array.isArray(node) || !node.length) break
      node.push(structuredClone(node[f.int(node.length)]))
      return `duplicate an element of ${where}`
    case 6:
      if (k === undefined) break
      set(k, f.number())
      return `number at ${where}.${k}`
  }
  set(Array.isArray(node) ? node.length : 'zz_unknown', f.value())
  return `append to ${where}`
}

const PALETTE = [
  ':',
  ': ',
  '-',
  '- ',
  '[',
  ']',
  '{',
  '}',
  ',',
  '&a ',
  '*a',
  '!!binary ',
  '!!set ',
  '!!str ',
  '!foo ',
  '\t',
  '#',
  '"',
  "'",
  '|',
  '>',
  '%',
  '@',
  '`',
  '?',
  '\u0000',
  '\ufeff',
  '\u2028',
  '🚀',
  '\r',
  '\n',
  '  ',
  '<<: ',
  '---\n',
  '...\n'
]

/** One textual mutation of YAML text. */
function mutateText(f: Fuzzer, text: string): [string, string] {
  const lines = text.split('\n')
  const i = f.int(lines.length)
  const pos = f.int(text.length + 1)
  switch (f.int(9)) {
    case 0:
      lines.splice(i, 0, lines[i])
      return [lines.join('\n'), `duplicate line ${i + 1} (duplicate key)`]
    case 1:
      lines.splice(i, 1)
      return [lines.join('\n'), `delete line ${i + 1}`]
    case 2:
      return [text.slice(0, pos) + f.pick(PALETTE) + text.slice(pos), `insert at ${pos}`]
    case 3:
      return [text.slice(0, pos), `truncate at ${pos}`]
    case 4:
      lines[i] = (f.chance(0.5) ? '  ' : '') + lines[i].replace(/^ {1,2}/, '')
      return [lines.join('\n'), `reindent line ${i + 1}`]
    case 5:
      return [`%YAML 1.1\n---\n${text}`, 'directive']
    case 6:
      return [`${text}\n---\ngates: []\n`, 'second document']
    case 7:
      return [
        text
          .replace(/(\n\s*)(\w+):/, '$1$2: &anchor')
          .replace(/(min|max): [^,}\n]+/, '$1: *anchor'),
        'anchor/alias'
      ]
    default:
      return [text.slice(0, pos) + text.slice(pos + 1 + f.int(20)), `cut at ${pos}`]
  }
}

function billionLaughs(f: Fuzzer): string {
  const fan = 2 + f.int(9)
  const depth = 3 + f.int(8)
  const lines = [`l0: &l0 [${Array(fan).fill('"lol"').join(', ')}]`]
  for (let d = 1; d <= depth; d++)
    lines.push(
      `l${d}: &l${d} [${Array(fan)
        .fill(`*l${d - 1}`)
        .join(', ')}]`
    )
  lines.push(
    f.chance(0.5)
      ? `gates: *l${depth}`
      : `gates: [{name: a, type: metric, endpoint: "https://e.example/v1", metric: m, min: 1, request: {x: *l${depth}}}]`
  )
  return lines.join('\n')
}

/** A whole replacement file: roots that are not mappings, garbage, pathological nesting. */
function wholeFile(f: Fuzzer): [string, string] {
  return f.pick<() => [string, string]>([
    () => ['', 'empty file'],
    () => ['\n\n   \n', 'whitespace only'],
    () => ['# only a comment\n', 'comment only'],
    () => ['just a string', 'scalar root'],
    () => ['42', 'number root'],
    () => ['~', 'null root'],
    () => ['- gates\n- more\n', 'list root'],
    () => ['!!binary aGVsbG8gd29ybGQ=', 'binary root'],
    () => ['!!set {a, b}', 'set root'],
    () => ['? [complex, key]\n: value\ngates: []\n', 'complex key'],
    () => [
      Buffer.from(Array.from({ length: 1 + f.int(4000) }, () => f.int(256))).toString(
        f.chance(0.5) ? 'latin1' : 'utf8'
      ),
      'binary garbage'
    ],
    () => [billionLaughs(f), 'billion laughs'],
    () => {
      const n = f.pick([100, 1000, 5000, 50_000])
      return [`gates: ${'['.repeat(n)}${']'.repeat(n)}`, `flow nesting ${n}`]
    },
    () => {
      const n = f.pick([100, 1000, 3000])
      return [`gates: ${'{a: '.repeat(n)}1${'}'.repeat(n)}`, `map nesting ${n}`]
    },
    () => {
      const n = f.pick([50, 200, 1000])
      const lines = ['gates:']
      for (let d = 0; d < n; d++) lines.push(`${' '.repeat(2 * d + 2)}- `)
      return [lines.join('\n'), `block nesting ${n}`]
    },
    () => [`${MINIMAL}gates: []\n`, 'duplicate top-level key'],
    () => [MINIMAL.replace('min: 1', 'min: 1, min: 2'), 'duplicate key in a flow mapping'],
    () => [
      'gates: [{name: a, type: metric, endpoint: "https://e.example/v1", metric: m, min: 1, request: &r {self: *r}}]',
      'alias cycle'
    ],
    () => [
      'gates: [{name: a, type: metric, endpoint: "https://e.example/v1", metric: m, min: 1e999}]',
      'huge number literal'
    ],
    () => [`gates: [${Array(3000).fill('{name: a}').join(', ')}]`, '3000 bad gates']
  ])()
}

interface Outcome {
  kind: 'ok' | 'gate-error' | 'other-error' | 'timeout'
  message: string
  ms: number
}

/** Parse in a vm context with a timeout, so even a synchronous hang is stopped and reported. */
const context = vm.createContext({ run: (): unknown => undefined })
function parseTimeBoxed(text: string): Outcome {
  const started = performance.now()
  let kind: Outcome['kind'] = 'ok'
  let message = ''
  context.run = (): unknown => parseConfig(text, '.github/model-gate.yml')
  try {
    vm.runInContext('run()', context, { timeout: TIME_BOX_MS })
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') kind = 'timeout'
    else if (err instanceof GateError) kind = 'gate-error'
    else kind = 'other-error'
    message =
      err instanceof GateError
        ? err.userMessage
        : err instanceof Error
          ? `${err.name}: ${err.message}\n${err.stack ?? ''}`
          : String(err)
  }
  return { kind, message, ms: performance.now() - started }
}

/** What every user-facing config error must look like. */
function problemsWith(message: string): string[] {
  const out: string[] = []
  const namesPlace =
    /at line \d+, column \d+/.test(message) ||
    /\(top level\)/.test(message) ||
    /\n {2}- (\(top level\)|"|[A-Za-z0-9_\-[]).*?: /.test(message)
  if (!namesPlace) out.push('names neither a path nor a YAML position')
  if (/\n\s+at .+:\d+:\d+|node_modules|\.ts:\d+|\bat Object\./.test(message))
    out.push('stack trace')
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  if (/[\u0000-\u0009\u000b-\u001f\u007f\u2028\u2029\u202a-\u202e]/.test(message))
    out.push('raw control or bidi characters')
  if (message.length > 8000) out.push(`${message.length} characters long`)
  if (message.split('\n').length > 25) out.push(`${message.split('\n').length} lines`)
  return out
}

function generate(f: Fuzzer, n: number): { text: string; how: string } {
  const choice = f.int(10)
  if (choice === 0) {
    const [text, how] = wholeFile(f)
    return { text, how }
  }
  let text: string
  const how: string[] = []
  if (choice <= 6) {
    // Structural: parse, mutate 1–4 times, write back out.
    const tree = structuredClone(n % 2 ? BASE_TREE : MINIMAL_TREE)
    for (let m = 1 + f.int(4); m > 0; m--) how.push(mutateTree(f, tree))
    // Deep structures are written as flow YAML by hand where the yaml writer would overflow.
    text = YAML.stringify(tree, { aliasDuplicateObjects: false, lineWidth: 0 })
  } else text = n % 2 ? BASE : MINIMAL
  if (choice >= 5)
    for (let m = 1 + f.int(3); m > 0; m--) {
      const [next, what] = mutateText(f, text)
      text = next
      how.push(what)
    }
  return { text, how: how.join('; ') }
}

describe('config fuzz (in process)', () => {
  it(`${CASES} seeded mutations: a config or a clean GateError, never anything else`, () => {
    expect(parseConfig(BASE, 'base.yml').gates).toHaveLength(9)
    const f = new Fuzzer(rng(SEED))
    const tally = { ok: 0, 'gate-error': 0, 'other-error': 0, timeout: 0 }
    const failures: string[] = []
    let slowest = 0
    for (let n = 0; n < CASES; n++) {
      const { text, how } = generate(f, n)
      const o = parseTimeBoxed(text)
      tally[o.kind]++
      slowest = Math.max(slowest, o.ms)
      const bad =
        o.kind === 'gate-error'
          ? problemsWith(o.message)
          : o.kind === 'ok'
            ? []
            : [o.kind === 'timeout' ? `no answer within ${TIME_BOX_MS} ms` : 'not a GateError']
      // A valid config must also survive what the run does with it: serialising request bodies.
      if (o.kind === 'ok') {
        try {
          JSON.stringify(parseConfig(text, 'x.yml'))
        } catch (err) {
          bad.push(`accepted but not serialisable: ${String(err)}`)
        }
      }
      if (bad.length)
        failures.push(
          `case ${n} (seed ${SEED}; ${how}): ${bad.join(', ')}\n    ${o.message.slice(0, 600).replace(/\n/g, '\n    ')}`
        )
    }
    console.log(
      `config fuzz: ${CASES} cases (seed ${SEED}): ${tally.ok} valid, ${tally['gate-error']} clean errors, ` +
        `${tally['other-error']} other errors, ${tally.timeout} hangs; slowest ${Math.round(slowest)} ms`
    )
    expect(failures.slice(0, 10)).toEqual([])
    // The fuzz reaches both sides: some mutations stay valid, most do not.
    expect(tally.ok).toBeGreaterThan(CASES * 0.02)
    expect(tally['gate-error']).toBeGreaterThan(CASES * 0.5)
  }, 120_000)
})

/** What the fuzz found, pinned: each was accepted or reported badly before. */
describe('config fuzz findings', () => {
  const message = (text: string): string => {
    try {
      parseConfig(text, 'x.yml')
    } catch (err) {
      expect(err).toBeInstanceOf(GateError)
      return (err as GateError).message
    }
    throw new Error('expected the config to be rejected')
  }

  it('rejects an alias cycle, which no request body can hold, naming its path', () => {
    expect(message(MINIMAL.replace('min: 1', 'min: 1, request: &r {a: [*r]}'))).toContain(
      'gates[0].request.a[0]: refers back to itself through a YAML alias'
    )
  })

  it.each([
    ['1e10', 'a duration may be at most 7 days'],
    ['"200h"', 'a duration may be at most 7 days'],
    ['1e999', 'expected a duration'],
    ['"0s"', 'a duration must be longer than 0']
  ])('bounds a timeout of %s (a timer past 24.8 days fires at once)', (value, text) => {
    expect(message(MINIMAL.replace('min: 1', `min: 1, timeout: ${value}`))).toContain(
      `gates[0].timeout: ${text}`
    )
  })

  it('escapes a key that would forge a log line or a workflow command', () => {
    const msg = message(`"x\\n::error::forged\\u202e": 1\n${MINIMAL}`)
    expect(msg).toContain('"x\\u000a::error::forged\\u202e": unknown key')
    expect(msg.split('\n').some((l) => l.startsWith('::'))).toBe(false)
  })

  it('says what the top level is when it is not a mapping, binary data included', () => {
    expect(message('!!binary aGVsbG8=')).toContain(
      "(top level) must be a YAML mapping with a 'gates' list, but the file holds binary data"
    )
    expect(message('')).toContain('but the file is empty')
  })

  it('names the path of a bad key of the mlflow, file and wandb sources', () => {
    const bad = (gate: string): string => {
      let caught: unknown
      try {
        parseConfig(`gates: [${gate}]\n`, 'x.yml')
      } catch (e) {
        caught = e
      }
      if (!(caught instanceof GateError)) throw new Error(`not refused cleanly: ${gate}`)
      return caught.message
    }
    expect(
      bad('{name: a, type: metric, source: mlflow, metric: m, min: 1, table: {id_column: id}}')
    ).toMatch(/gates\[0\]\.table.*a table needs column:/s)
    expect(
      bad('{name: a, type: metric, source: file, format: csv, path: x, metric: m, min: 1}')
    ).toMatch(/gates\[0\]\.format/)
    expect(
      bad(
        '{name: a, type: metric, source: file, format: promptfoo, path: x, metric: m, min: 1, provider: {candidate: a}}'
      )
    ).toMatch(/gates\[0\]\.provider/)
    expect(bad('{name: a, type: metric, source: wandb, metric: m, min: 1, path: x}')).toMatch(
      /path/
    )
    expect(
      bad('{name: a, type: metric, source: mlflow, metric: m, min: 1, decide_on: ci}')
    ).toMatch(/gates\[0\]\.decide_on/)
  })

  it('lists at most 20 problems', () => {
    const msg = message(`gates: [${Array(100).fill('{name: a}').join(', ')}]`)
    expect(msg.split('\n  - ')).toHaveLength(22)
    expect(msg).toMatch(/… and \d+ more$/)
  })

  it('names the spot of a YAML error in words, quoting none of the file', () => {
    expect(message('gates:\n\t- a: 1\n')).toBe(
      'config x.yml is not valid YAML at line 2, column 1: Tabs are not allowed as indentation (TAB_AS_INDENT)'
    )
    expect(message('%YAML 1.1\n---\ngates: {<<: [1, 2]}\n')).toMatch(
      /could not be read at line 3, column 9: Merge sources must be maps/
    )
  })
})

describe('config fuzz (through the bundle)', () => {
  const h = useActionHarness({ registry: 'mlflow', registryPer: 'file' })

  const f = new Fuzzer(rng(SEED))
  it.each([
    ['billion laughs', billionLaughs(f)],
    ['deep flow nesting', `gates: ${'['.repeat(50_000)}${']'.repeat(50_000)}`],
    [
      'an alias cycle in a request body',
      MINIMAL.replace('min: 1', 'min: 1, request: &r {self: *r}')
    ],
    [
      'binary garbage',
      Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7919) % 256)).toString('latin1')
    ],
    ['duplicate keys', `${MINIMAL}gates: []\n`],
    ['a list at the top level', '- gates\n'],
    ['an empty file', ''],
    ['a forged workflow command in a key', `"x\\n::error::forged": 1\n${MINIMAL}`]
  ])('%s: a config error naming the place, exit 1, nothing sent', async (_name, config) => {
    const before = h.mlflow.requests.length
    const run = await h.run({ model: 'chatbot', version: '3' }, { config, timeoutMs: 20_000 })
    expect(run.code).toBe(1)
    expect(run.outputs.verdict).toBe('error')
    expect(h.mlflow.requests.length).toBe(before)
    // Workflow-command data, decoded as the runner decodes it.
    const decode = (data: string): string =>
      data.replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%25/g, '%')
    const lines = run.stdout.split('\n')
    // One annotation per problem, on its line of the file when the parser knows it.
    const annotations = lines.filter((l) =>
      /^::error title=model-gate error(,file=[^,:]+,line=\d+(,col=\d+)?)?::/.test(l)
    )
    expect(annotations.length).toBeGreaterThan(0)
    for (const a of annotations)
      expect(run.summary).toContain(decode(a.replace(/^::error[^:]*::/, '')).split('\n')[0])
    // The step's failure holds the whole error: every problem with its place.
    const failed = lines.find((l) => l.startsWith('::error::model-gate: ')) ?? ''
    const message = decode(failed.replace(/^::error::model-gate: /, ''))
    // The fix that follows the cause ("Fix the config; …") is ours, not the user's text.
    expect(
      problemsWith(message.replace(/\. [A-Z][^.]*;? [^\n]*$/, '').replace(/\n[A-Z][^\n]*$/, ''))
    ).toEqual([])
    expect(run.stdout + run.stderr).not.toMatch(/\n\s+at .+:\d+:\d+|internal error/)
    // No line of output is a workflow command the config smuggled in.
    expect(run.stdout).not.toMatch(/^::error::forged/m)
  })

  it('refuses to promote when every gate has enforce: false, before any registry call', async () => {
    const before = h.mlflow.requests.length
    const run = await h.run(
      { model: 'chatbot', version: '3' },
      { config: MINIMAL.replace('min: 1', 'min: 1, enforce: false'), timeoutMs: 20_000 }
    )
    expect(run.code).toBe(1)
    expect(run.outputs.verdict).toBe('error')
    expect(h.mlflow.requests.length).toBe(before)
    expect(run.summary).toContain('every gate has enforce: false')
  })

  it('refuses previous_alias equal to the alias before any registry call', async () => {
    const before = h.mlflow.requests.length
    const run = await h.run(
      { model: 'chatbot', version: '3' },
      {
        config: `promote: {alias: champion, previous_alias: champion}\n${MINIMAL}`,
        timeoutMs: 20_000
      }
    )
    expect(run.code).toBe(1)
    expect(run.outputs.verdict).toBe('error')
    expect(h.mlflow.requests.length).toBe(before)
    expect(run.summary).toContain("promote.previous_alias is 'champion', the same alias")
  })
})
