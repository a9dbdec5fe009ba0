/**
 * `source: file`: promptfoo, lm-eval and JSONL results read from the workspace only, the same
 * result shape as every other source, and a regression between two promptfoo providers that
 * equals the hand computation.
 */
import { mkdir, mkdtemp, readFile, symlink, truncate, utimes, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { GateContext } from '../src/gates/gate.js'
import { FileSource } from '../src/gates/metric/file.js'
import { Evaluations } from '../src/gates/metric/evaluations.js'
import { MetricGate } from '../src/gates/metric/gate.js'
import { RegressionGate } from '../src/gates/regression.js'
import type { ModelVersion } from '../src/registry/registry.js'
import { modelVersion } from '../test-support/model-version.js'
import { MetricGateSchema, RegressionGateSchema } from '../src/settings/config.js'
import { fixturePath } from '../test-support/fixtures.js'
import {
  lmEvalResults,
  lmEvalSamples,
  promptfooResults,
  twoProviders
} from '../test-support/results-files.js'

const version = (v: string): ModelVersion => modelVersion(v)

let ws: string
const saved = process.env.GITHUB_WORKSPACE
beforeAll(async () => {
  ws = await mkdtemp(path.join(os.tmpdir(), 'mg-ws-'))
  process.env.GITHUB_WORKSPACE = ws
})
afterAll(() => {
  if (saved === undefined) delete process.env.GITHUB_WORKSPACE
  else process.env.GITHUB_WORKSPACE = saved
})

function ctx(champion: string | null = '1'): GateContext {
  return {
    settings: { alias: 'champion', registry: { type: 'mlflow' }, workspace: ws },
    candidate: version('2'),
    champion: champion ? version(champion) : null,
    evaluations: new Evaluations(),
    signal: new AbortController().signal,
    deadline: Date.now() + 60_000
  } as unknown as GateContext
}

const write = async (rel: string, content: string | object): Promise<void> => {
  await mkdir(path.dirname(path.join(ws, rel)), { recursive: true })
  await writeFile(
    path.join(ws, rel),
    typeof content === 'string' ? content : JSON.stringify(content)
  )
}

const fileGate = (extra: Record<string, unknown>) =>
  MetricGateSchema.parse({ name: 'accuracy', type: 'metric', source: 'file', min: 0.8, ...extra })

const read = (extra: Record<string, unknown>, side: 'candidate' | 'champion' = 'candidate') => {
  const gate = fileGate(extra)
  if (gate.source !== 'file') throw new Error('not a file gate')
  return new FileSource(gate).read(version(side === 'candidate' ? '2' : '1'), side, ctx())
}

describe('promptfoo results.json', () => {
  it('reads each side by provider label: pass rate, n, per-item samples and where it came from', async () => {
    await write('evals/results.json', twoProviders(60, 51, 48))
    const provider = { candidate: 'candidate', champion: 'champion' }
    const cand = await read({
      format: 'promptfoo',
      path: 'evals/results.json',
      provider,
      metric: 'pass_rate'
    })
    expect(cand.metrics.pass_rate).toBeCloseTo(51 / 60, 12)
    expect(cand.n).toBe(60)
    expect(cand.ids?.[0]).toBe('0')
    expect(cand.origin).toBe('promptfoo evals/results.json, provider candidate, 60 tests')
    const champ = await read(
      { format: 'promptfoo', path: 'evals/results.json', provider, metric: 'pass_rate' },
      'champion'
    )
    expect(champ.metrics.pass_rate).toBeCloseTo(48 / 60, 12)
    expect(champ.origin).toContain('provider champion')
  })

  it('reads the mean score, a namedScores key, and pairs by a test var with id_var', async () => {
    await write(
      'evals/scored.json',
      promptfooResults([
        {
          provider: 'c',
          testIdx: 0,
          success: true,
          score: 0.9,
          namedScores: { helpful: 0.5 },
          vars: { qid: 'a' }
        },
        {
          provider: 'c',
          testIdx: 1,
          success: false,
          score: 0.3,
          namedScores: { helpful: 1 },
          vars: { qid: 'b' }
        }
      ])
    )
    const score = await read({ format: 'promptfoo', path: 'evals/scored.json', metric: 'score' })
    expect(score.metrics.score).toBeCloseTo(0.6, 12)
    const named = await read({
      format: 'promptfoo',
      path: 'evals/scored.json',
      metric: 'helpful',
      id_var: 'qid'
    })
    expect(named.metrics.helpful).toBeCloseTo(0.75, 12)
    expect(named.ids).toEqual(['a', 'b'])
  })

  it('refuses a file with several providers when the gate does not say which side is which', async () => {
    await write('evals/two.json', twoProviders(4, 2, 2))
    await expect(
      read({ format: 'promptfoo', path: 'evals/two.json', metric: 'pass_rate' })
    ).rejects.toThrow(
      /has results of 2 providers \(candidate \(http:\/\/127\.0\.0\.1\/candidate\), champion .*\), and the gate does not say which is the candidate/
    )
    await expect(
      read({ format: 'promptfoo', path: 'evals/two.json', metric: 'pass_rate', provider: 'gpt-5' })
    ).rejects.toThrow(
      /has no results of provider 'gpt-5' \(the candidate\); providers in the file: candidate/
    )
  })

  it('is an error for a missing named score, a NaN or string score, and a duplicated test', async () => {
    await write(
      'evals/bad.json',
      promptfooResults([
        { provider: 'c', testIdx: 0, success: true, score: 'NaN', namedScores: {} },
        { provider: 'c', testIdx: 1, success: true, score: 'high' }
      ])
    )
    await expect(
      read({ format: 'promptfoo', path: 'evals/bad.json', metric: 'helpful' })
    ).rejects.toThrow(/test 0 has no named score 'helpful' \(it has: none\)/)
    await expect(
      read({ format: 'promptfoo', path: 'evals/bad.json', metric: 'score' })
    ).rejects.toThrow(/the score of test 0 is NaN, not a finite number/)
    await write(
      'evals/bad2.json',
      promptfooResults([
        { provider: 'c', testIdx: 0, success: true, score: 1 },
        { provider: 'c', testIdx: 1, success: true, score: 'high' }
      ])
    )
    await expect(
      read({ format: 'promptfoo', path: 'evals/bad2.json', metric: 'score' })
    ).rejects.toThrow(/the score of test 1 is a string, not a finite number/)
    await write(
      'evals/dup.json',
      promptfooResults([
        { provider: 'c', testIdx: 0, success: true },
        { provider: 'c', testIdx: 0, success: false }
      ])
    )
    await expect(
      read({ format: 'promptfoo', path: 'evals/dup.json', metric: 'pass_rate' })
    ).rejects.toThrow(/has the id '0' more than once \(item #2\)/)
  })

  it('pairs by test and prompt when a side ran several prompts, by promptId or else by the prompt label', async () => {
    const doc = promptfooResults(
      [0, 1].flatMap((testIdx) =>
        [0, 1].map((promptIdx) => ({ provider: 'c', testIdx, promptIdx, success: promptIdx === 1 }))
      )
    ) as { results: { results: Array<Record<string, unknown>> } }
    const rows = doc.results.results
    rows.forEach((r) => {
      const p = (r.promptIdx as number) % 2
      r.promptId = `${p ? 'b' : 'a'}7f3e9c1d2a4b5c6d7e8f9`
      r.prompt = { raw: 'Answer: q', label: `prompt ${p}` }
    })
    await write('evals/prompts.json', doc)
    const byId = await read({
      format: 'promptfoo',
      path: 'evals/prompts.json',
      metric: 'pass_rate'
    })
    expect(byId.ids).toEqual([
      '0:a7f3e9c1d2a4',
      '0:b7f3e9c1d2a4',
      '1:a7f3e9c1d2a4',
      '1:b7f3e9c1d2a4'
    ])
    expect(byId.metrics.pass_rate).toBe(0.5)
    for (const r of rows) delete r.promptId
    await write('evals/prompts-no-id.json', doc)
    const byLabel = await read({
      format: 'promptfoo',
      path: 'evals/prompts-no-id.json',
      metric: 'pass_rate'
    })
    expect(byLabel.ids).toEqual(['0:prompt 0', '0:prompt 1', '1:prompt 0', '1:prompt 1'])
  })

  it('names the format it expected and what it found', async () => {
    await write('evals/scores.jsonl', '{"id": 1, "accuracy": 1}\n{"id": 2, "accuracy": 0}\n')
    await expect(
      read({ format: 'promptfoo', path: 'evals/scores.jsonl', metric: 'pass_rate' })
    ).rejects.toThrow(
      /is not promptfoo output: expected the JSON that 'promptfoo eval -o scores.jsonl' writes \(an object with results.results\[\]\), found JSON Lines/
    )
    await write('evals/lm.json', lmEvalResults('hellaswag', { 'acc,none': 0.5 }, 10))
    await expect(
      read({ format: 'promptfoo', path: 'evals/lm.json', metric: 'pass_rate' })
    ).rejects.toThrow(/found lm-evaluation-harness results/)
    await write('evals/pf.json', twoProviders(2, 1, 1))
    await expect(
      read({ format: 'jsonl', path: 'evals/pf.json', metric: 'accuracy' })
    ).rejects.toThrow(/is not JSONL: expected one JSON object per line, found promptfoo results/)
  })

  it('says a results file that ends early does not parse, and may be truncated', async () => {
    const text = JSON.stringify(twoProviders(3, 2, 2), null, 2)
    await write('evals/cut.json', text.slice(0, Math.floor(text.length / 2)))
    await expect(
      read({ format: 'promptfoo', path: 'evals/cut.json', metric: 'pass_rate' })
    ).rejects.toThrow(
      /found JSON that does not parse: it ends before the document closes \(a truncated or half-written file\?\)/
    )
    // A broken byte in the middle is placed by line and column, without quoting the file.
    const broken = text.replace('"success": true', '"success": tru')
    await write('evals/broken.json', broken)
    // The parser stops right after "tru", where the "e" should be.
    const stop = broken.indexOf('"success": tru') + '"success": tru'.length
    const line = broken.slice(0, stop).split('\n').length
    const column = stop - broken.lastIndexOf('\n', stop - 1)
    await expect(
      read({ format: 'promptfoo', path: 'evals/broken.json', metric: 'pass_rate' })
    ).rejects.toThrow(`found JSON that does not parse: it breaks at line ${line}, column ${column}`)
  })

  it('refuses a results file with a row that is not an object, naming the row', async () => {
    const doc = twoProviders(3, 2, 2) as { results: { results: unknown[] } }
    doc.results.results[1] = null
    await write('evals/null-row.json', doc)
    await expect(
      read({ format: 'promptfoo', path: 'evals/null-row.json', metric: 'pass_rate' })
    ).rejects.toThrow(/is not promptfoo output: results\.results\[1\] is null, not a result object/)
  })
})

describe('files stay in the workspace', () => {
  it('refuses .., an absolute path elsewhere and a symlink out; fills {version} per side', async () => {
    await expect(
      read({ format: 'jsonl', path: '../etc/passwd', metric: 'accuracy' })
    ).rejects.toThrow(/contains '\.\.': files are read from the workspace only/)
    await expect(
      read({ format: 'jsonl', path: '/etc/passwd', metric: 'accuracy' })
    ).rejects.toThrow(/is outside the workspace/)
    const outside = await mkdtemp(path.join(os.tmpdir(), 'mg-out-'))
    await writeFile(path.join(outside, 'secret.jsonl'), '{"id": 1, "accuracy": 1}\n')
    await symlink(path.join(outside, 'secret.jsonl'), path.join(ws, 'link.jsonl'))
    await expect(read({ format: 'jsonl', path: 'link.jsonl', metric: 'accuracy' })).rejects.toThrow(
      /is a symlink that leads out of the workspace/
    )
    await write('per-version/2.jsonl', '{"id": "a", "accuracy": 1}\n{"id": "b", "accuracy": 0}\n')
    await write('per-version/1.jsonl', '{"id": "a", "accuracy": 1}\n{"id": "b", "accuracy": 1}\n')
    const c = await read({
      format: 'jsonl',
      path: 'per-version/{version}.jsonl',
      metric: 'accuracy'
    })
    const p = await read(
      { format: 'jsonl', path: 'per-version/{version}.jsonl', metric: 'accuracy' },
      'champion'
    )
    expect([c.metrics.accuracy, p.metrics.accuracy]).toEqual([0.5, 1])
    await expect(
      read({ format: 'jsonl', path: 'per-version/9.jsonl', metric: 'accuracy' })
    ).rejects.toThrow(/no file at 'per-version\/9\.jsonl' in the workspace/)
  })

  it('refuses a file over 256 MB before reading it', async () => {
    await write('huge.jsonl', '')
    await truncate(path.join(ws, 'huge.jsonl'), 256 * 1024 * 1024 + 1)
    await expect(read({ format: 'jsonl', path: 'huge.jsonl', metric: 'accuracy' })).rejects.toThrow(
      /'huge\.jsonl' is 256 MB, over the 256 MB a results file may have/
    )
  })
})

describe('jsonl and lm-eval', () => {
  it('jsonl: a missing metric, NaN, a string and a duplicate id are errors naming the line', async () => {
    await write('j/missing.jsonl', '{"id": 1, "accuracy": 1}\n{"id": 2, "acc": 0}\n')
    await expect(
      read({ format: 'jsonl', path: 'j/missing.jsonl', metric: 'accuracy' })
    ).rejects.toThrow(/line 2 has no "accuracy" \(it has: id, acc\)/)
    await write('j/nan.jsonl', '{"id": 1, "accuracy": "NaN"}\n')
    await expect(
      read({ format: 'jsonl', path: 'j/nan.jsonl', metric: 'accuracy' })
    ).rejects.toThrow(/"accuracy" on line 1 is NaN, not a finite number/)
    await write('j/dup.jsonl', '{"id": 1, "accuracy": 1}\n{"id": 1, "accuracy": 0}\n')
    await expect(
      read({ format: 'jsonl', path: 'j/dup.jsonl', metric: 'accuracy' })
    ).rejects.toThrow(/has the id '1' more than once/)
  })

  it('lm-eval: the task metric with n, per-document samples paired by doc_hash, the latest results file', async () => {
    await write(
      'lm/acme/results_2026-12-06T10-00-00.json',
      lmEvalResults('hellaswag', { 'acc,none': 0.1 }, 5)
    )
    await write(
      'lm/acme/results_2026-12-07T10-00-00.json',
      lmEvalResults('hellaswag', { 'acc,none': 0.6 }, 5)
    )
    await write(
      'lm/acme/samples_hellaswag_2026-12-07T10-00-00.jsonl',
      lmEvalSamples([1, 1, 0, 1, 0])
    )
    const r = await read({
      format: 'lm-eval',
      path: 'lm/acme/results_*.json',
      task: 'hellaswag',
      metric: 'acc,none'
    })
    expect(r.metrics['acc,none']).toBe(0.6)
    expect(r.n).toBe(5)
    expect(r.ids).toEqual(['h0000', 'h0001', 'h0002', 'h0003', 'h0004'])
    expect(r.samples?.['acc,none']).toEqual([1, 1, 0, 1, 0])
    expect(r.origin).toBe(
      'lm-eval lm/acme/results_2026-12-07T10-00-00.json, task hellaswag, metric acc,none, 5 documents'
    )
    await expect(
      read({ format: 'lm-eval', path: 'lm/acme/results_*.json', task: 'mmlu', metric: 'acc,none' })
    ).rejects.toThrow(/has no task 'mmlu' \(tasks: hellaswag\)/)
    await expect(
      read({ format: 'lm-eval', path: 'lm/acme/results_*.json', task: 'hellaswag', metric: 'f1' })
    ).rejects.toThrow(/task 'hellaswag' has no metric 'f1' \(it has: acc,none\)/)
  })

  it('lm-eval without samples: n from n-samples and a Wilson interval for acc', async () => {
    await write('lm2/results_x.json', lmEvalResults('arc_easy', { 'acc,none': 0.8 }, 400))
    const gate = fileGate({
      format: 'lm-eval',
      path: 'lm2/results_x.json',
      metric: 'acc,none',
      min: 0.7
    })
    const r = await new MetricGate(gate).run(ctx())
    expect(r.verdict).toBe('pass')
    expect(r.n).toBe(400)
    // Wilson 95% for 320/400, by hand: centre (0.8 + 1.96²/800)/(1 + 1.96²/400) = 0.79697,
    // half 1.96/(1.0096)·√(0.8·0.2/400 + 1.96²/640000) = 0.03896.
    expect(r.ci?.low).toBeCloseTo(0.758, 3)
    expect(r.ci?.high).toBeCloseTo(0.836, 3)
  })
})

describe('the file cache', () => {
  // A file rewritten with the same size and mtime looks unchanged to the cache: what a read then
  // returns shows whether the old copy was still held.
  const when = new Date('2026-01-01T00:00:00Z')
  const writeAt = async (rel: string, content: string): Promise<void> => {
    await write(rel, content)
    await utimes(path.join(ws, rel), when, when)
  }
  const accuracy = async (rel: string): Promise<number> =>
    Number((await read({ format: 'jsonl', path: rel, metric: 'accuracy' })).metrics.accuracy)

  it('serves a file read again from memory, but keeps only the last two files', async () => {
    await writeAt('cache/a.jsonl', '{"id": 1, "accuracy": 1}\n')
    expect(await accuracy('cache/a.jsonl')).toBe(1)
    await writeAt('cache/a.jsonl', '{"id": 1, "accuracy": 0}\n')
    expect(await accuracy('cache/a.jsonl')).toBe(1) // held: read once per run
    await write('cache/b.jsonl', '{"id": 1, "accuracy": 1}\n')
    await write('cache/c.jsonl', '{"id": 1, "accuracy": 1}\n')
    await accuracy('cache/b.jsonl')
    await accuracy('cache/c.jsonl')
    // Two newer files pushed a.jsonl out: it is read again, as it is now.
    expect(await accuracy('cache/a.jsonl')).toBe(0)
  })
})

describe('decide_on: interval', () => {
  it('passes when the interval clears the limit, fails when it misses, else inconclusive', async () => {
    const rows = (passes: number, n: number): string =>
      Array.from({ length: n }, (_, i) =>
        JSON.stringify({ id: i, accuracy: i < passes ? 1 : 0 })
      ).join('\n')
    await write('iv/clear.jsonl', rows(190, 200)) // 0.95, Wilson [0.910, 0.973]
    await write('iv/straddle.jsonl', rows(45, 50)) // 0.90, Wilson [0.786, 0.957]
    await write('iv/miss.jsonl', rows(140, 200)) // 0.70, Wilson [0.633, 0.759]
    const run = (file: string, decide: 'point' | 'interval') =>
      new MetricGate(
        fileGate({ format: 'jsonl', path: file, metric: 'accuracy', min: 0.85, decide_on: decide })
      ).run(ctx())
    expect((await run('iv/clear.jsonl', 'interval')).verdict).toBe('pass')
    const straddle = await run('iv/straddle.jsonl', 'interval')
    expect(straddle.verdict).toBe('inconclusive')
    expect(straddle.message).toMatch(
      /accuracy 0\.900, 95% CI \[0\.786, 0\.957\] \(n=50\) straddles the limit/
    )
    // The same data judged on the point value passes: decide_on changes only the rule, not the value.
    expect((await run('iv/straddle.jsonl', 'point')).verdict).toBe('pass')
    expect((await run('iv/miss.jsonl', 'interval')).verdict).toBe('fail')
  })

  it('puts a bootstrap interval beside a mean score, and names the source', async () => {
    const xs = Array.from({ length: 300 }, (_, i) => ((i * 37) % 100) / 100)
    await write(
      'iv/scores.jsonl',
      xs.map((v, i) => JSON.stringify({ id: i, quality: v })).join('\n')
    )
    const r = await new MetricGate(
      fileGate({ format: 'jsonl', path: 'iv/scores.jsonl', metric: 'quality', min: 0.4 })
    ).run(ctx())
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length
    expect(r.value).toBeCloseTo(mean, 12)
    expect(r.ci?.low).toBeLessThan(mean)
    expect(r.ci?.high).toBeGreaterThan(mean)
    // ±2 standard errors of the mean, roughly: the bootstrap is about the same width.
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1))
    expect((r.ci?.high ?? 0) - (r.ci?.low ?? 0)).toBeCloseTo(
      (2 * 1.96 * sd) / Math.sqrt(xs.length),
      2
    )
    expect(r.details?.origin).toBe('jsonl iv/scores.jsonl, 300 items')
  })
})

describe('regression between two promptfoo providers', () => {
  const of = fileGate({
    format: 'promptfoo',
    path: 'evals/reg.json',
    provider: { candidate: 'candidate', champion: 'champion' },
    metric: 'pass_rate'
  })
  const regression = RegressionGateSchema.parse({
    name: 'no-regression',
    type: 'regression',
    of: 'accuracy',
    max_drop: 0.02
  })

  it('equals the hand computation: Δ, the discordant pairs and the verdict', async () => {
    // 200 tests: the candidate passes 150, the champion 176; every candidate pass is a champion pass.
    await write('evals/reg.json', twoProviders(200, 150, 176))
    const r = await new RegressionGate(regression, of).run(ctx())
    // By hand: Δ = (150 − 176)/200 = −0.13; b (only the champion right) = 26, c (only the
    // candidate right) = 0.
    expect(r.value).toBeCloseTo(-0.13, 12)
    expect(r.details).toMatchObject({
      candidate: 0.75,
      champion: 0.88,
      paired: 200,
      table: { a: 150, b: 26, c: 0, d: 24 },
      origin: {
        candidate: 'promptfoo evals/reg.json, provider candidate, 200 tests',
        champion: 'promptfoo evals/reg.json, provider champion, 200 tests'
      }
    })
    // Newcombe's interval around −0.13 cannot reach −0.02 with 26 discordant pairs out of 200.
    expect(r.ci?.high).toBeLessThan(-0.02)
    expect(r.verdict).toBe('fail')
    expect(r.warnings.join(' ')).not.toMatch(/too small to detect/)
  })

  it('is an error when the two sides were not run on the same tests, naming both and the counts', async () => {
    const rows = twoProviders(10, 5, 5) as {
      results: { results: Array<{ provider: { label: string }; testIdx: number }> }
    }
    rows.results.results = rows.results.results.filter(
      (r) => !(r.provider.label === 'champion' && r.testIdx >= 8)
    )
    await write('evals/reg.json', rows)
    const r = await new RegressionGate(regression, of).run(ctx())
    expect(r.verdict).toBe('error')
    expect(r.message).toContain(
      "the candidate has 10 items and champion version 1 has 8; 2 only in the candidate's result, 0 only in the champion's"
    )
    expect(r.message).toContain(
      '(candidate: promptfoo evals/reg.json, provider candidate, 10 tests; champion:'
    )
  })
})

describe('a results.json that promptfoo itself wrote (test-support/fixtures/promptfoo)', () => {
  it('reads both providers, pairs them by the qid var, and finds the one test only the champion passed', async () => {
    const real = await readFile(fixturePath('promptfoo', 'results.json'), 'utf8')
    await write('evals/real.json', real)
    const provider = { candidate: 'candidate', champion: 'champion' }
    const spec = {
      format: 'promptfoo',
      path: 'evals/real.json',
      provider,
      metric: 'pass_rate',
      id_var: 'qid'
    }
    const cand = await read(spec)
    expect(cand.metrics.pass_rate).toBeCloseTo(4 / 6, 12)
    expect(cand.ids).toEqual(['q1', 'q2', 'q3', 'q4', 'q5', 'q6'])
    const named = await read({ ...spec, metric: 'correct' }, 'champion')
    expect(named.metrics.correct).toBeCloseTo(5 / 6, 12)
    const r = await new RegressionGate(
      RegressionGateSchema.parse({
        name: 'no-regression',
        type: 'regression',
        of: 'accuracy',
        max_drop: 0.05
      }),
      fileGate(spec)
    ).run(ctx())
    // By hand: Δ = 4/6 − 5/6; q3 is the one discordant pair (champion right, candidate wrong).
    expect(r.value).toBeCloseTo(-1 / 6, 12)
    expect(r.details).toMatchObject({ table: { a: 4, b: 1, c: 0, d: 1 } })
  })
})
