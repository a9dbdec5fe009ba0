import { describe, expect, it } from '@jest/globals'
import type { MetricResult as EvalResult } from '../src/gates/metric/result.js'
import type { Evaluations } from '../src/gates/metric/evaluations.js'
import type { GateContext, GateResult } from '../src/gates/gate.js'
import { resultFor } from '../src/gates/gate.js'
import { applyHolm, DEFAULT_SEED, RegressionGate } from '../src/gates/regression.js'
import type { ModelVersion } from '../src/registry/registry.js'
import { MetricGateSchema, RegressionGateSchema } from '../src/settings/config.js'

const version = (v: string): ModelVersion => ({
  model: 'm',
  version: v,
  uri: `models:/m/${v}`,
  tags: {},
  aliases: []
})
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

  it('is inconclusive on a small set and applies on_inconclusive', async () => {
    const [cand, champ] = binary(200, 180, 181)
    const failing = await gate().run(ctx({ '2': cand, '1': champ }))
    expect(failing.verdict).toBe('fail')
    expect(failing.message).toContain('on_inconclusive: fail')
    expect(failing.warnings.join(' ')).toMatch(/too small to detect a regression of 0.01/)
    const neutral = await gate({ on_inconclusive: 'neutral' }).run(ctx({ '2': cand, '1': champ }))
    expect(neutral).toMatchObject({ verdict: 'inconclusive', neutral: true })
    const lenient = await gate({ on_inconclusive: 'pass' }).run(ctx({ '2': cand, '1': champ }))
    expect(lenient.verdict).toBe('pass')
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
      method: 'paired bootstrap',
      seed: DEFAULT_SEED,
      resamples: 2000,
      generator: expect.stringContaining('xoshiro256**'),
      engine: 'wasm'
    })
    const other = await gate({ resamples: 2000, seed: 7 }).run(ctx(results))
    expect(other.ci).not.toEqual(a.ci)
  })

  it('is an error when fewer than 90% of items pair up', async () => {
    const [cand, champ] = binary(100, 90, 90)
    const shifted = { ...champ, ids: (champ.ids ?? []).map((id, i) => (i < 20 ? `other${i}` : id)) }
    const r = await gate().run(ctx({ '2': cand, '1': shifted }))
    expect(r.verdict).toBe('error')
    expect(r.message).toContain('the two evaluations were not on the same set')
  })

  it('falls back to point estimates without samples, and says so', async () => {
    const r = await gate().run(
      ctx({ '2': { metrics: { accuracy: 0.9 } }, '1': { metrics: { accuracy: 0.905 } } })
    )
    expect(r.verdict).toBe('pass')
    expect(r.message).toContain('unpaired point estimate')
    expect(r.warnings[0]).toContain('no per-item samples')
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
