import { GateError } from '../../../errors.js'
import type { PickSpec } from '../../../json/pick.js'
import { describeFound, type LoadedFile } from '../file.js'
import { clip } from '../../../format.js'
import { finiteValue, itemsResult, requireUniqueIds } from '../items.js'
import type { MetricResult } from '../result.js'
import type { Side } from '../source.js'

/**
 * promptfoo's `promptfoo eval -o results.json` (output format version 3 and later):
 * `{evalId, results: {version, timestamp, prompts, results: EvaluateResult[], stats}, config}`,
 * each EvaluateResult carrying `provider: {id, label}`, `success`, `score`, `testIdx`,
 * `promptIdx`, `namedScores`, `vars` and `testCase` (promptfoo src/types/index.ts,
 * EvaluateSummaryV3 and EvaluateResult). One run may evaluate the candidate and the champion side
 * by side as two providers; each side's rows are picked by provider label or id. Items pair by test
 * index (or a test var, `id_var`) and, when a side ran several prompts, the prompt's promptId.
 *
 * Only the fields read below are picked out of the file (`pickJson`), and rows are checked by hand
 * rather than through a schema: a 100,000-row, 60 MB file must read in well under a second
 * (bench/sources.ts), which building every object of every row with JSON.parse does not allow.
 */

interface PromptfooOptions {
  /** pass_rate (share of rows with success), score (mean score), or a namedScores key. */
  metric: string
  provider: string | undefined
  side: Side
  /** Pair by this test var instead of test index and prompt index. */
  idVar: string | undefined
}

interface Row {
  provider?: unknown
  success?: unknown
  score?: unknown
  testIdx?: unknown
  promptIdx?: unknown
  namedScores?: unknown
  vars?: unknown
  testCase?: { vars?: unknown } | undefined
  promptId?: unknown
  prompt?: { label?: unknown; raw?: unknown }
}

/**
 * What is picked of each row: what the gate's metric reads, and what names and pairs the row.
 * namedScores and vars (which may hold whole documents) only when the gate reads them; the prompt
 * (its text and promptIdx) only for the rare file whose rows have no promptId.
 */
function rowSpec(metric: string, vars: boolean, prompt: boolean): PickSpec {
  const reads = metric === 'pass_rate' ? 'success' : metric === 'score' ? 'score' : 'namedScores'
  const key = `${reads}:${+vars}${+prompt}`
  let spec = rowSpecs.get(key)
  if (!spec) {
    const row: Record<string, PickSpec> = {
      // The same few providers on every row: built once each.
      provider: 'shared',
      testIdx: true,
      promptId: true,
      [reads]: true
    }
    if (vars) Object.assign(row, { vars: true, testCase: { vars: true } })
    if (prompt) Object.assign(row, { promptIdx: true, prompt: { label: true, raw: true } })
    spec = { results: { results: [row] } }
    rowSpecs.set(key, spec)
  }
  return spec
}
const rowSpecs = new Map<string, PickSpec>()

function pickRows(content: LoadedFile, opts: PromptfooOptions, prompt: boolean): unknown {
  const spec = rowSpec(opts.metric, opts.idVar !== undefined, prompt)
  const doc = content.pick(spec) as { results?: { results?: unknown } } | undefined
  return doc?.results?.results
}

export function readPromptfoo(
  content: LoadedFile,
  file: string,
  opts: PromptfooOptions
): MetricResult {
  const where = `promptfoo ${file}`
  let rows = pickRows(content, opts, false)
  // A row that is not an object (null, a number) is no result promptfoo writes: refuse the file.
  const odd = Array.isArray(rows)
    ? rows.findIndex((r) => typeof r !== 'object' || r === null || Array.isArray(r))
    : -1
  if (odd >= 0)
    throw new GateError(
      `${file} is not promptfoo output: results.results[${odd}] is ` +
        `${kindOfValue((rows as unknown[])[odd])}, not a result object`,
      "point the gate at promptfoo's -o JSON output, unedited"
    )
  if (
    Array.isArray(rows) &&
    (rows as Row[]).some((r) => typeof r.promptId !== 'string' || !r.promptId)
  )
    rows = pickRows(content, opts, true)
  if (!Array.isArray(rows))
    throw new GateError(
      `${file} is not promptfoo output: expected the JSON that 'promptfoo eval -o ${file.split('/').pop()}' ` +
        `writes (an object with results.results[]), found ${describeFound(content)}`,
      "point the gate at promptfoo's -o JSON output, or set format: to what the file is"
    )
  // One pass over every row (both sides' rows are in the file): the providers for messages, and
  // the rows of `want` when the gate names it.
  const providers = new Map<string, string>()
  const lastId = new Map<string, string>()
  let want = opts.provider
  let chosen: Row[] = []
  for (const r of rows as Row[]) {
    const { id, label } = providerOf(r)
    const key = label || id
    // As promptfoo's rows name them: "label (id)", the last id seen under a label.
    if (lastId.get(key) !== id) {
      lastId.set(key, id)
      providers.set(key, label && id && label !== id ? `${label} (${id})` : key)
    }
    if (want !== undefined && (label === want || id === want)) chosen.push(r)
  }
  if (want === undefined) {
    if (providers.size !== 1)
      throw new GateError(
        `${where} has results of ${providers.size} providers (${[...providers.values()].join(', ')}), ` +
          `and the gate does not say which is the ${opts.side}`,
        'set provider: {candidate: <label>, champion: <label>} on the gate (a label or id from the promptfoo config)'
      )
    want = [...providers.keys()][0]
    // One provider: every row is its.
    chosen = rows as Row[]
  }
  if (!chosen.length)
    throw new GateError(
      `${where} has no results of provider '${want}' (the ${opts.side}); providers in the file: ` +
        `${[...providers.values()].join(', ') || 'none'}`,
      "set the gate's provider to a label or id that promptfoo used for this side"
    )
  const n = chosen.length
  // promptIdx numbers prompt × provider columns, so it differs between the two providers of one
  // run; the prompt itself (promptId, a hash of the template) is what both sides share.
  const promptKeys = new Set<string>()
  for (const r of chosen) promptKeys.add(promptKey(r))
  const ids = new Array<string>(n)
  const values = new Array<number>(n)
  const fix = 'fix the promptfoo config or the gate: every row of this provider needs the value'
  for (let i = 0; i < n; i++) {
    const r = chosen[i]
    ids[i] = itemId(r, opts.idVar, where, i, promptKeys.size > 1)
    // A row's name ("test 12") is built only for a message: there are 100,000 rows.
    if (opts.metric === 'pass_rate') {
      if (typeof r.success !== 'boolean')
        throw new GateError(
          `${where}, provider ${want}: test ${String(r.testIdx)} has no boolean 'success'`,
          fix
        )
      values[i] = r.success ? 1 : 0
    } else if (opts.metric === 'score') {
      values[i] =
        typeof r.score === 'number' && Number.isFinite(r.score)
          ? r.score
          : finiteValue(
              r.score,
              `${where}, provider ${want}`,
              `the score of test ${String(r.testIdx)}`,
              fix
            )
    } else {
      const item = `test ${String(r.testIdx)}`
      const named = (r.namedScores ?? {}) as Record<string, unknown>
      if (!(opts.metric in named))
        throw new GateError(
          `${where}, provider ${want}: ${item} has no named score '${opts.metric}' ` +
            `(it has: ${Object.keys(named).join(', ') || 'none'})`,
          "use pass_rate, score, or a key promptfoo's assertions put in namedScores (metric: on an assertion)"
        )
      values[i] = finiteValue(
        named[opts.metric],
        `${where}, provider ${want}`,
        `named score '${opts.metric}' of ${item}`,
        fix
      )
    }
  }
  requireUniqueIds(
    ids,
    `${where}, provider ${want}`,
    opts.idVar
      ? `give every test a distinct '${opts.idVar}' var, or drop id_var to pair by test and prompt index`
      : 'each test must appear once per provider and prompt; run promptfoo without --repeat'
  )
  return {
    ...itemsResult(
      opts.metric,
      { ids, values },
      {
        origin: `promptfoo ${file}, provider ${want}, ${n} tests`
      }
    ),
    shares: opts.metric === 'pass_rate' ? ['pass_rate'] : undefined
  }
}

function providerOf(r: Row): { id: string; label: string } {
  const p = r.provider
  if (typeof p === 'string') return { id: p, label: '' }
  const o = (p ?? {}) as { id?: unknown; label?: unknown }
  return {
    id: typeof o.id === 'string' ? o.id : '',
    label: typeof o.label === 'string' ? o.label : ''
  }
}

function promptKey(r: Row): string {
  if (typeof r.promptId === 'string' && r.promptId) return shortPromptId(r.promptId)
  const label = r.prompt?.label ?? r.prompt?.raw
  return typeof label === 'string' ? label : String(r.promptIdx)
}

/** The first 12 characters of a promptId; the same few on every row, so the last is kept. */
let lastPromptId = ''
let lastShort = ''
function shortPromptId(id: string): string {
  if (id !== lastPromptId) {
    lastPromptId = id
    lastShort = id.slice(0, 12)
  }
  return lastShort
}

/** The test (its index, or its `id_var` var), plus the prompt when a side ran several. */
function itemId(
  r: Row,
  idVar: string | undefined,
  where: string,
  i: number,
  several: boolean
): string {
  let test: string
  if (!idVar) {
    if (typeof r.testIdx !== 'number')
      throw new GateError(
        `${where}: result #${i + 1} has no testIdx`,
        'use the JSON that promptfoo eval -o writes (version 3 or later), or pair by a test var with id_var'
      )
    test = String(r.testIdx)
  } else {
    const vars = (r.vars ?? r.testCase?.vars ?? {}) as Record<string, unknown>
    const v = vars[idVar]
    if (typeof v !== 'string' && typeof v !== 'number')
      throw new GateError(
        `${where}: test ${String(r.testIdx)} has no var '${idVar}' to pair by` +
          (Object.keys(vars).length
            ? ` (its vars: ${clip(Object.keys(vars).join(', '), 60)})`
            : ''),
        `give every test a '${idVar}' var, or drop id_var to pair by test index`
      )
    test = String(v)
  }
  return several ? `${test}:${promptKey(r)}` : test
}

/** What kind of JSON value a row is, for a message that never quotes the file's content. */
function kindOfValue(v: unknown): string {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'a list'
  return `a ${typeof v}`
}
