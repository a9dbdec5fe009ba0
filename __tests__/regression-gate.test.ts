import { describe, expect, it } from '@jest/globals'
import type { MetricResult as EvalResult } from '../src/gates/metric/result.js'
import type { Evaluations } from '../src/gates/metric/evaluations.js'
import type { GateContext, GateResult } from '../src/gates/gate.js'
import { resultFor } from '../src/gates/gate.js'
import { applyHolm, DEFAULT_SEED, MIN_CLUSTERS, RegressionGate } from '../src/gates/regression.js'
import type { ModelVersion } from '../src/registry/registry.js'
import { modelVersion } from '../test-support/model-version.js'
import { MetricGateSchema, RegressionGateSchema } from '../src/settings/config.js'
import { conclusion, overallVerdict, stepSucceeds } from '../src/verdict.js'

const version = (v: string): ModelVersion => modelVersion(v, 'm')
const accuracy = MetricGateSchema.parse({
  name: 'accuracy',
  type: 'metric',
  endpoint: 'http://x',
  metric: 'accuracy',
  min: 0.5
})
const latencyLike = MetricGateSchema.parse({
  name: 'loss',
  type: 'metric',
  endpoint: 'http://x',
  metric: 'loss',
  max: 1
})

function ctx(results: Record<string, EvalResult>, champion: string | null = '1'): GateContext {
  const evaluations = {
    get: (_g: unknown, v: ModelVersion) => Promise.resolve(results[v.version])
  } as unknown as Evaluations
  return {
    settings: { alias: 'champion' },
    candidate: version('2'),
    champion: champion ? version(champion) : null,
    evaluations
  } as unknown as GateContext
}

/** n items; the candidate gets `candRight` right, the champion `champRight`, overlapping as much as possible. */
function binary(
  n: number,
  candRight: number,
  champRight: number,
  metric = 'accuracy'
): [EvalResult, EvalResult] {
  const ids = Array.from({ length: n }, (_, i) => `q${i}`)
  const cand = ids.map((_, i) => (i < candRight ? 1 : 0))
  const champ = ids.map((_, i) => (i < champRight ? 1 : 0))
  const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / n
  return [
    { metrics: { [metric]: mean(cand) }, samples: { [metric]: cand }, ids },
    { metrics: { [metric]: mean(champ) }, samples: { [metric]: champ }, ids }
  ]
}

const gate = (extra: Record<string, unknown> = {}, of = accuracy): RegressionGate =>
  new RegressionGate(
    RegressionGateSchema.parse({
      name: 'no-regression',
      type: 'regression',
      of: of.name,
      max_drop: 0.01,
      ...extra
    }),
    of
  )

describe('regression gate', () => {
  it('passes a paired 0/1 comparison whose interval stays above −max_drop', async () => {
    const [cand, champ] = binary(5000, 4600, 4550)
    const r = await gate().run(ctx({ '2': cand, '1': champ }))
    expect(r.verdict).toBe('pass')
    expect(r.value).toBeCloseTo(0.01, 10)
    expect(r.ci?.low).toBeGreaterThan(-0.01)
    expect(r.n).toBe(5000)
    expect(r.details).toMatchObject({
      method: expect.stringContaining('McNemar') as unknown,
      paired: 5000
    })
  })

  it('fails a paired comparison whose interval lies wholly below −max_drop', async () => {
    const [cand, champ] = binary(5000, 4400, 4600)
    const r = await gate().run(ctx({ '2': cand, '1': champ }))
    expect(r.verdict).toBe('fail')
    expect(r.ci?.high).toBeLessThan(-0.01)
    expect(r.message).toContain('a real regression')
  })

  it('keeps an inconclusive verdict whatever on_inconclusive says, and carries the policy', async () => {
    const [cand, champ] = binary(200, 180, 181)
    const failing = await gate().run(ctx({ '2': cand, '1': champ }))
    expect(failing).toMatchObject({ verdict: 'inconclusive', policy: 'fail' })
    expect(failing.message).toContain('on_inconclusive: fail fails the step')
    expect(failing.warnings.join(' ')).toMatch(/too small to detect a regression of 0.01/)
    expect(stepSucceeds('promote', 'inconclusive', [failing])).toBe(false)
    expect(conclusion('evaluate', 'inconclusive', [failing])).toBe('failure')
    const neutral = await gate({ on_inconclusive: 'neutral' }).run(ctx({ '2': cand, '1': champ }))
    expect(neutral).toMatchObject({ verdict: 'inconclusive', policy: 'neutral' })
    expect(stepSucceeds('promote', 'inconclusive', [neutral])).toBe(false)
    expect(conclusion('evaluate', 'inconclusive', [neutral])).toBe('neutral')
    const lenient = await gate({ on_inconclusive: 'pass' }).run(ctx({ '2': cand, '1': champ }))
    expect(lenient).toMatchObject({ verdict: 'inconclusive', policy: 'pass' })
    expect(stepSucceeds('promote', 'inconclusive', [lenient])).toBe(true)
  })

  it('60 items, equal models, default policy: inconclusive (not fail), the items needed, the step fails', async () => {
    const [cand, champ] = binary(60, 50, 50)
    const r = await gate().run(ctx({ '2': cand, '1': champ }))
    expect(r.verdict).toBe('inconclusive')
    expect(r.message).toMatch(
      /inconclusive: 60 items detect a drop of [\d.]+ at most; about [\d,]+ are needed/
    )
    const needed = r.details?.samples_needed as number
    expect(needed).toBeGreaterThan(60)
    expect(stepSucceeds('promote', overallVerdict([r]), [r])).toBe(false)
  })

  it('says how many items would detect max_drop on every verdict, never "too small" beside a fail', async () => {
    // 300 items, 10 points worse: a regression the small set did detect.
    const [cand, champ] = binary(300, 240, 270)
    const r = await gate().run(ctx({ '2': cand, '1': champ }))
    expect(r.verdict).toBe('fail')
    expect(r.details?.minimum_detectable_effect).toBeGreaterThan(0.01)
    expect(r.warnings.join(' ')).not.toMatch(/too small/)
    expect(r.message).toMatch(/about [\d,]+ items would detect 0.01/)
    const big = binary(5000, 4600, 4550)
    const pass = await gate().run(ctx({ '2': big[0], '1': big[1] }))
    expect(pass.verdict).toBe('pass')
    expect(pass.details?.samples_needed).toEqual(expect.any(Number))
  })

  it('uses a seeded bootstrap for continuous samples, reproducibly, with the seed in the details', async () => {
    const ids = Array.from({ length: 400 }, (_, i) => `q${i}`)
    const champS = ids.map((_, i) => 0.5 + 0.4 * Math.sin(i))
    const candS = champS.map((x, i) => x + 0.02 + 0.01 * Math.cos(3 * i))
    const results = {
      '2': { metrics: { accuracy: 0.6 }, samples: { accuracy: candS }, ids },
      '1': { metrics: { accuracy: 0.58 }, samples: { accuracy: champS }, ids }
    }
    const a = await gate({ resamples: 2000 }).run(ctx(results))
    const b = await gate({ resamples: 2000 }).run(ctx(results))
    expect(a.verdict).toBe('pass')
    expect(a.ci).toEqual(b.ci)
    expect(a.details).toMatchObject({
      method: 'paired bootstrap (BCa ∪ t)',
      seed: DEFAULT_SEED,
      resamples: 2000,
      generator: expect.stringContaining('xoshiro256**'),
      engine: 'wasm'
    })
    const other = await gate({ resamples: 2000, seed: 7 }).run(ctx(results))
    expect(other.ci).not.toEqual(a.ci)
  })

  it('pairs only the items both sides answered: an item error on one side is not a missing item', async () => {
    // 1,000 items, both right on the first 900; the candidate could not score q0 (right for the
    // champion), the champion could not score q999 (wrong for both).
    const [full, champFull] = binary(1000, 900, 900)
    const drop = (r: EvalResult, id: string): EvalResult => {
      const keep = (r.ids ?? []).map((x) => x !== id)
      const values = (r.samples?.accuracy ?? []).filter((_, i) => keep[i]) as number[]
      return {
        metrics: { accuracy: values.reduce((a, b) => a + b, 0) / values.length },
        ids: (r.ids ?? []).filter((_, i) => keep[i]),
        samples: { accuracy: values },
        n: values.length,
        unanswered: [id]
      }
    }
    const r = await gate().run(ctx({ '2': drop(full, 'q0'), '1': drop(champFull, 'q999') }))
    expect(r.verdict).not.toBe('error')
    expect(r.n).toBe(998)
    expect(r.value).toBe(0)
    // Without the record of item errors the same two results are different item sets.
    const plain = (x: EvalResult): EvalResult => ({ ...x, unanswered: undefined })
    const refused = await gate().run(
      ctx({ '2': plain(drop(full, 'q0')), '1': plain(drop(champFull, 'q999')) })
    )
    expect(refused.verdict).toBe('error')
  })

  it('is an error naming both sides and the counts when the id sets differ (max_missing 0)', async () => {
    const [cand, champ] = binary(100, 90, 90)
    const fewer = {
      ...cand,
      ids: cand.ids?.slice(0, 99),
      samples: { accuracy: cand.samples?.accuracy.slice(0, 99) ?? [] }
    }
    const r = await gate().run(ctx({ '2': fewer, '1': champ }))
    expect(r.verdict).toBe('error')
    expect(r.message).toContain('the candidate has 99 items and champion version 1 has 100')
    expect(r.message).toContain("1 only in the champion's")
    expect(r.message).toContain('the two evaluations were not on the same set')
    // Above a non-zero max_missing the gate's own message names the setting.
    const over = await gate({ max_missing: 1 }).run(
      ctx({
        '2': fewer,
        '1': { ...champ, ids: champ.ids?.map((id, i) => (i === 0 ? 'other' : id)) }
      })
    )
    expect(over.verdict).toBe('error')
    expect(over.message).toContain('max_missing: 1 allows at most 1')
  })

  it('counts items a candidate left out as its misses, up to max_missing', async () => {
    // True Δ −0.03: the candidate leaves out 30 of the items it got wrong. Paired on the
    // intersection it would look 0.015 better than the champion.
    const n = 2000
    const ids = Array.from({ length: n }, (_, i) => `q${i}`)
    const champS = ids.map((_, i) => (i < 1800 ? 1 : 0))
    const candS = ids.map((_, i) => (i < 1740 ? 1 : 0))
    const keep = ids.map((_, i) => i < 1740 || i >= 1770)
    const cand: EvalResult = {
      metrics: { accuracy: 0.87 },
      ids: ids.filter((_, i) => keep[i]),
      samples: { accuracy: candS.filter((_, i) => keep[i]) }
    }
    const champ: EvalResult = { metrics: { accuracy: 0.9 }, ids, samples: { accuracy: champS } }
    const r = await gate({ max_missing: 30 }).run(ctx({ '2': cand, '1': champ }))
    expect(r.value).toBeCloseTo(-0.03, 10)
    expect(r.n).toBe(n)
    expect(r.verdict).toBe('fail')
    expect(r.warnings.join(' ')).toContain('30 items were in only one result')
    const strict = await gate({ max_missing: 29 }).run(ctx({ '2': cand, '1': champ }))
    expect(strict.verdict).toBe('error')
  })

  it('imputes missing items on a large scored set without overflowing the stack', async () => {
    // 150,000 scores a side (not 0/1): the worst observed score is what a missing item counts
    // as. Spreading 300,000 values into Math.min overflowed the call stack and ended in error.
    const n = 150_000
    const ids = Array.from({ length: n }, (_, i) => `q${i}`)
    const scores = ids.map((_, i) => 0.5 + ((i * 7919) % 1000) / 2000) // 0.5 … 0.9995
    const champ: EvalResult = { metrics: { accuracy: 0.75 }, ids, samples: { accuracy: scores } }
    const cand: EvalResult = {
      metrics: { accuracy: 0.75 },
      ids: ids.slice(1),
      samples: { accuracy: scores.slice(1) }
    }
    const r = await gate({ max_missing: 1, resamples: 200 }).run(ctx({ '2': cand, '1': champ }))
    expect(r.verdict).not.toBe('error')
    expect(r.n).toBe(n)
    // The one missing item counts as the lowest score seen (0.5) against the champion's 0.5.
    expect(r.value).toBeCloseTo((0.5 - scores[0]) / n, 12)
  })

  it('without samples: Newcombe unpaired interval with n; inconclusive (never pass) without n', async () => {
    const noN = await gate().run(
      ctx({ '2': { metrics: { accuracy: 0.95 } }, '1': { metrics: { accuracy: 0.9 } } })
    )
    expect(noN.verdict).toBe('inconclusive')
    expect(noN.message).toMatch(/results? gives? no n/)
    expect(noN.warnings[0]).toContain('no per-item samples')
    const small = await gate().run(
      ctx({
        '2': { metrics: { accuracy: 0.9 }, n: 500 },
        '1': { metrics: { accuracy: 0.905 }, n: 500 }
      })
    )
    // Before: "Δ −0.005 is within the allowed drop" and a pass, whatever n.
    expect(small.verdict).toBe('inconclusive')
    expect(small.details?.samples_needed).toBeGreaterThan(500)
    const large = await gate().run(
      ctx({
        '2': { metrics: { accuracy: 0.9 }, n: 100_000 },
        '1': { metrics: { accuracy: 0.905 }, n: 100_000 }
      })
    )
    expect(large.verdict).toBe('pass')
    expect(large.ci?.low).toBeGreaterThan(-0.01)
    expect(large.details?.method).toContain('Newcombe')
    const scores = await gate().run(
      ctx({ '2': { metrics: { accuracy: 7 }, n: 500 }, '1': { metrics: { accuracy: 6 }, n: 500 } })
    )
    expect(scores.verdict).toBe('inconclusive')
    expect(scores.message).toContain('outside [0, 1]')
  })

  it('clustered 0/1 samples: hull of cluster BCa and cluster-robust t; never a pass below MIN_CLUSTERS', async () => {
    const n = 4000
    const ids = Array.from({ length: n }, (_, i) => `q${i}`)
    const champS = ids.map((_, i) => (i % 10 < 8 ? 1 : 0))
    const candS = champS.slice()
    const withClusters = (g: number): Record<string, EvalResult> => {
      const clusters = ids.map((_, i) => `c${i % g}`)
      return {
        '2': { metrics: { accuracy: 0.8 }, ids, samples: { accuracy: candS }, clusters },
        '1': { metrics: { accuracy: 0.8 }, ids, samples: { accuracy: champS }, clusters }
      }
    }
    // Identical models, so every interval is [0, 0]: only the cluster count can hold a pass back.
    const many = await gate().run(ctx(withClusters(MIN_CLUSTERS)))
    expect(many.verdict).toBe('pass')
    expect(many.details).toMatchObject({ clusters: MIN_CLUSTERS })
    const few = await gate().run(ctx(withClusters(MIN_CLUSTERS - 1)))
    expect(few.verdict).toBe('inconclusive')
    expect(few.message).toContain(`only ${MIN_CLUSTERS - 1} clusters`)
  })

  it('reads a drop the right way round when lower is better', async () => {
    const [cand, champ] = binary(5000, 4600, 4400, 'loss') // candidate has 4% more loss
    const r = await gate({}, latencyLike).run(ctx({ '2': cand, '1': champ }))
    expect(r.verdict).toBe('fail')
    expect(r.value).toBeCloseTo(-0.04, 10)
  })

  it('passes a first promotion and says there is nothing to regress against', async () => {
    const r = await gate().run(ctx({}, null))
    expect(r.verdict).toBe('pass')
    expect(r.message).toContain('first promotion')
  })

  it('Holm: judges the smallest p at 1 − α/m and the next at 1 − α/(m − 1)', async () => {
    const strong = binary(5000, 4700, 4550)
    const borderline = binary(3000, 2760, 2760)
    const g1 = gate()
    const g2 = new RegressionGate(
      RegressionGateSchema.parse({
        name: 'r2',
        type: 'regression',
        of: 'accuracy',
        max_drop: 0.01
      }),
      accuracy
    )
    const results = new Map<RegressionGate, GateResult>()
    results.set(g1, await g1.run(ctx({ '2': strong[0], '1': strong[1] })))
    results.set(g2, await g2.run(ctx({ '2': borderline[0], '1': borderline[1] })))
    const before = results.get(g2)?.ci
    await applyHolm([g1, g2], results)
    expect(results.get(g1)?.ci?.level).toBeCloseTo(0.975, 10)
    expect(results.get(g2)?.ci?.level).toBeCloseTo(0.95, 10)
    expect(results.get(g1)?.details).toMatchObject({ correction: 'holm' })
    expect(results.get(g2)?.ci).toEqual(before)
  })

  it('Holm leaves a gate recorded as an error an error, though its run finished later', async () => {
    // runGates records a timed-out gate as an error while its run goes on; when that run ends, the
    // gate holds paired data and a p-value, but its verdict must stay the recorded error.
    const strong = binary(5000, 4700, 4550)
    const g1 = gate()
    const g2 = gate()
    const g3 = gate()
    const results = new Map<RegressionGate, GateResult>()
    results.set(g1, await g1.run(ctx({ '2': strong[0], '1': strong[1] })))
    results.set(g2, await g2.run(ctx({ '2': strong[0], '1': strong[1] })))
    await g3.run(ctx({ '2': strong[0], '1': strong[1] }))
    const timedOut = resultFor(g3.config, 'error', 'gate did not finish within 1 s')
    results.set(g3, timedOut)
    await applyHolm([g1, g2, g3], results)
    expect(results.get(g3)).toBe(timedOut)
    // Two judged gates, not three: the smaller p at 1 − α/2.
    expect(results.get(g1)?.ci?.level).toBeCloseTo(0.975, 10)
    expect(results.get(g1)?.verdict).toBe('pass')
  })
})
