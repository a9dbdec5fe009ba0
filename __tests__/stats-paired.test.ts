import { describe, expect, it } from '@jest/globals'
import { GateError } from '../src/errors.js'
import {
  bonferroniConfidence,
  completeWorstCase,
  differenceSd,
  holm,
  holmConfidenceLevels,
  minimumDetectableEffect,
  newcombePairedCI,
  newcombeUnpairedCI,
  nonInferiority,
  orient,
  pairByIds,
  pairedBootstrap,
  pairedBootstrapSync,
  pairedDifferenceCI01,
  pairedTable,
  type Statistic,
  weightedMean
} from '../src/stats/paired.js'
import { studentTCdf, studentTQuantile } from '../src/stats/student-t.js'
import { BOOTSTRAP_CHUNK, PARALLEL_MIN_DRAWS } from '../src/stats/resample.js'
import { lemireIndex, Rng, seedState } from '../src/stats/rng.js'

describe('Rng: xoshiro256** seeded by SplitMix64', () => {
  // Expected values printed by C code written from the reference algorithms
  // (prng.di.unimi.it/xoshiro256starstar.c and splitmix64.c; gcc -O2), seeded and read as 32-bit
  // words (low half first) as rng.ts documents.
  it('matches the reference implementation', () => {
    expect(Array.from(seedState(0), (w) => w >>> 0)).toEqual([
      2065550767, 3793791033, 2713282036, 1853398634, 2148091215, 113532184, 1917616620, 4169906344
    ])
    const zero = new Rng(0)
    expect(Array.from({ length: 5 }, () => zero.nextUint32())).toEqual([
      3413504692, 2582404918, 1230390570, 3211665272, 1228138208
    ])
    const r42 = new Rng(42)
    expect(Array.from({ length: 5 }, () => r42.nextUint32())).toEqual([
      204392214, 360188718, 1829845630, 1627707782, 971282849
    ])
    const max = new Rng(Number.MAX_SAFE_INTEGER)
    expect(max.nextUint32()).toBe(515629121)
    // The published first outputs for the state {1, 2, 3, 4}, as 64-bit words.
    const raw = new Rng([1, 0, 2, 0, 3, 0, 4, 0])
    const words = Array.from({ length: 4 }, () => {
      const low = raw.nextUint32()
      return (BigInt(raw.nextUint32()) << 32n) | BigInt(low)
    })
    expect(words).toEqual([11520n, 0n, 1509978240n, 1215971899390074240n])
  })

  it('derives stream k by k reference jumps', () => {
    const s1 = new Rng(42, 1)
    expect([s1.nextUint32(), s1.nextUint32(), s1.nextUint32()]).toEqual([
      1019170634, 1342729976, 323475203
    ])
    const s2 = new Rng(42, 2)
    expect([s2.nextUint32(), s2.nextUint32(), s2.nextUint32()]).toEqual([
      3881062017, 2255970878, 977058169
    ])
  })

  it('int(n) follows Lemire, rejections included', () => {
    const a = new Rng(7)
    expect(Array.from({ length: 5 }, () => a.int(100000))).toEqual([
      30849, 70057, 30969, 27875, 58270
    ])
    // 2^32 mod 3e9 is large, so this rejects often, and uses the wide multiplication.
    const b = new Rng(7)
    expect(Array.from({ length: 5 }, () => b.int(3000000000))).toEqual([
      925481978, 2101729446, 929085162, 1748129651, 357442304
    ])
    const c = new Rng(7)
    expect(Array.from({ length: 5 }, () => c.int(5000000))).toEqual([
      1542469, 3502882, 1548475, 1393756, 2913549
    ])
    expect(() => a.int(0)).toThrow(RangeError)
    expect(() => a.int(2.5)).toThrow(RangeError)
  })

  it('hands over its state only between 64-bit outputs', () => {
    const r = new Rng(5)
    r.nextUint32()
    expect(() => r.state()).toThrow(/pending/)
    expect(() => r.jump()).toThrow(/pending/)
    r.nextUint32()
    const copy = new Rng(r.state())
    expect([copy.nextUint32(), copy.nextUint32()]).toEqual([r.nextUint32(), r.nextUint32()])
  })

  it('next() has 53 bits in [0, 1); normal() is standard normal', () => {
    const r = new Rng(1)
    expect([r.next(), r.next(), r.next()]).toEqual([
      0.061631252638413181, 0.27817231059399705, 0.031894986138535253
    ])
    const g = new Rng(3)
    let sum = 0
    let sumSq = 0
    for (let i = 0; i < 100000; i++) {
      const z = g.normal()
      sum += z
      sumSq += z * z
    }
    expect(Math.abs(sum / 100000)).toBeLessThan(0.02)
    expect(Math.abs(sumSq / 100000 - 1)).toBeLessThan(0.02)
  })

  it('refuses seeds it cannot reproduce', () => {
    expect(() => new Rng(-1)).toThrow(RangeError)
    expect(() => new Rng(1.5)).toThrow(RangeError)
    expect(() => new Rng(2 ** 53)).toThrow(RangeError)
    expect(() => new Rng([0, 0, 0, 0, 0, 0, 0, 0])).toThrow(RangeError)
    expect(() => new Rng([1, 2, 3, 4])).toThrow(RangeError)
  })
})

describe('pairByIds', () => {
  it('pairs by id in the candidate order and counts the unpaired', () => {
    const p = pairByIds(
      { ids: ['q1', 'q2', 'q3', 'q4'], values: [1, 0, 1, 1] },
      { ids: ['q4', 'q2', 'q9', 'q1', 'q8'], values: [0, 1, 1, 1, 0] }
    )
    expect(p.ids).toEqual(['q1', 'q2', 'q4'])
    expect(Array.from(p.candidate)).toEqual([1, 0, 1])
    expect(Array.from(p.champion)).toEqual([1, 1, 0])
    expect(p.paired).toBe(3)
    expect(p.candidateOnly).toBe(1)
    expect(p.championOnly).toBe(2)
    expect(p.clusters).toBeUndefined()
  })

  it('treats numeric and string ids alike', () => {
    const p = pairByIds({ ids: [1, 2], values: [0.5, 0.25] }, { ids: ['2', '1'], values: [1, 2] })
    expect(p.ids).toEqual(['1', '2'])
    expect(Array.from(p.champion)).toEqual([2, 1])
  })

  it('numbers clusters densely, from either side, an unlabelled item being its own', () => {
    const p = pairByIds(
      { ids: ['a', 'b', 'c', 'd'], values: [1, 1, 1, 1], clusters: ['p1', 'p2', 'p1', 'p2'] },
      { ids: ['a', 'b', 'c', 'd'], values: [1, 1, 1, 1] }
    )
    expect(Array.from(p.clusters ?? [])).toEqual([0, 1, 0, 1])
    expect(p.clusterCount).toBe(2)
    const q = pairByIds(
      { ids: ['a', 'b'], values: [1, 1] },
      { ids: ['a', 'b'], values: [1, 1], clusters: [7, 7] }
    )
    expect(Array.from(q.clusters ?? [])).toEqual([0, 0])
  })

  it('refuses results it cannot pair honestly', () => {
    const ok = { ids: ['a', 'b'], values: [1, 0] }
    expect(() => pairByIds({ ids: ['a', 'a'], values: [1, 0] }, ok)).toThrow(/id 'a' twice/)
    expect(() => pairByIds(ok, { ids: ['a'], values: [1, 0] })).toThrow(GateError)
    expect(() => pairByIds({ ids: ['a', 'b'], values: [1, Number.NaN] }, ok)).toThrow(/finite/)
    expect(() =>
      pairByIds({ ...ok, clusters: ['x', 'y'] }, { ...ok, clusters: ['x', 'z'] })
    ).toThrow(/cluster/)
    expect(() => pairByIds({ ...ok, clusters: ['x'] }, ok)).toThrow(GateError)
  })

  it('pairs two sides in the same order (the fast case) as it pairs them shuffled, with the same refusals', () => {
    const ids = ['a', 2, 'c', 'd']
    const cand = { ids, values: [1, 0, 0.5, 1] }
    const champ = { ids: ids.map(String), values: [0, 0, 1, 1] }
    const fast = pairByIds(cand, champ)
    const order = [2, 0, 3, 1]
    const slow = pairByIds(cand, {
      ids: order.map((i) => champ.ids[i]),
      values: order.map((i) => champ.values[i])
    })
    expect(fast).toEqual(slow)
    expect(fast).toMatchObject({
      ids: ['a', '2', 'c', 'd'],
      paired: 4,
      candidateOnly: 0,
      championOnly: 0
    })
    const twice = { ids: ['a', 'b', 'a'], values: [1, 1, 1] }
    expect(() => pairByIds(twice, twice)).toThrow(/the candidate's results list id 'a' twice/)
    const nan = { ids: ['a', 'b'], values: [1, Number.NaN] }
    expect(() => pairByIds(nan, { ids: ['a', 'b'], values: [1, 1] })).toThrow(
      /the candidate's sample for id 'b' is not a finite number/
    )
    expect(() => pairByIds({ ids: ['a', 'b'], values: [1, 1] }, nan)).toThrow(
      /the champion's sample for id 'b' is not a finite number/
    )
  })

  it('completes both results worst-case for the candidate, so nothing is left unpaired', () => {
    const cand = { ids: ['a', 'b'], values: [1, 1], clusters: ['x', 'x'] }
    const champ = { ids: ['a', 'c'], values: [1, 0], clusters: ['x', 'y'] }
    const done = completeWorstCase(cand, champ, 0, 1)
    const p = pairByIds(done.candidate, done.champion)
    expect([p.paired, p.candidateOnly, p.championOnly]).toEqual([3, 0, 0])
    // 'b' (the champion lacks it) is a hit for the champion; 'c' (the candidate lacks it) a miss
    // for the candidate, in the cluster the side that has it gives.
    expect(p.ids).toEqual(['a', 'b', 'c'])
    expect(Array.from(p.candidate)).toEqual([1, 1, 0])
    expect(Array.from(p.champion)).toEqual([1, 1, 0])
    expect(Array.from(p.clusters ?? [])).toEqual([0, 0, 1])
  })
})

describe('Newcombe hybrid score interval for two independent proportions', () => {
  it("reproduces Newcombe's (1998) worked examples, method 10", () => {
    // Stat Med 1998;17:873–890, table II: 56/70 − 48/80 and 9/10 − 3/10.
    const a = newcombeUnpairedCI(56 / 70, 70, 48 / 80, 80)
    expect(a.low).toBeCloseTo(0.0524, 4)
    expect(a.high).toBeCloseTo(0.3339, 4)
    const b = newcombeUnpairedCI(9 / 10, 10, 3 / 10, 10)
    expect(b.low).toBeCloseTo(0.1705, 4)
    expect(b.high).toBeCloseTo(0.809, 4)
  })

  it('is wider than the paired interval of the same accuracies, and refuses non-proportions', () => {
    const paired = newcombePairedCI({ a: 880, b: 20, c: 10, d: 90 })
    const unpaired = newcombeUnpairedCI(0.89, 1000, 0.9, 1000)
    expect(unpaired.low).toBeLessThan(paired.low)
    expect(unpaired.high).toBeGreaterThan(paired.high)
    expect(() => newcombeUnpairedCI(7, 500, 0.5, 500)).toThrow(RangeError)
    expect(() => newcombeUnpairedCI(0.5, 0, 0.5, 500)).toThrow(RangeError)
  })
})

describe('Newcombe hybrid score interval for paired proportions', () => {
  it('reproduces the textbook example', () => {
    // Fagerland, Lydersen & Laake, "Statistical Analysis of Contingency Tables" (2017), ch. 8:
    // complete response before/after consolidation therapy (Cavo et al. 2012), n11 = 59, n12 = 6,
    // n21 = 16, n22 = 80. "Newcombe square-and-add: estimate = -0.0621 (95% CI -0.1186 to
    // -0.0046)" (Newcombe 1998, method 10). Rows are the candidate here: c = n12, b = n21.
    const ci = newcombePairedCI({ a: 59, b: 16, c: 6, d: 80 }, 0.95)
    expect(ci.estimate).toBeCloseTo(-0.0621, 4)
    expect(ci.low).toBeCloseTo(-0.1186, 4)
    expect(ci.high).toBeCloseTo(-0.0046, 4)
  })

  it('mirrors when the two models swap', () => {
    const ci = newcombePairedCI({ a: 59, b: 16, c: 6, d: 80 })
    const swapped = newcombePairedCI({ a: 59, b: 6, c: 16, d: 80 })
    expect(swapped.estimate).toBeCloseTo(-ci.estimate, 15)
    expect(swapped.low).toBeCloseTo(-ci.high, 15)
    expect(swapped.high).toBeCloseTo(-ci.low, 15)
  })

  it('is not degenerate with no discordant pairs, where Wald collapses to a point', () => {
    const ci = newcombePairedCI({ a: 18, b: 0, c: 0, d: 2 })
    expect(ci.estimate).toBe(0)
    expect(ci.low).toBeLessThan(-0.05)
    expect(ci.high).toBeGreaterThan(0.05)
  })

  it('stays within [−1, 1] at the extremes', () => {
    const ci = newcombePairedCI({ a: 0, b: 10, c: 0, d: 0 })
    expect(ci.estimate).toBe(-1)
    expect(ci.low).toBeGreaterThanOrEqual(-1)
    expect(ci.high).toBeLessThan(-0.5)
  })

  it('widens with confidence and refuses an empty table', () => {
    const t = { a: 800, b: 40, c: 30, d: 130 }
    const narrow = newcombePairedCI(t, 0.9)
    const wide = newcombePairedCI(t, 0.99)
    expect(wide.low).toBeLessThan(narrow.low)
    expect(wide.high).toBeGreaterThan(narrow.high)
    expect(() => newcombePairedCI({ a: 0, b: 0, c: 0, d: 0 })).toThrow(RangeError)
    expect(() => newcombePairedCI(t, 1)).toThrow(RangeError)
  })

  it('pairedDifferenceCI01 counts the table and adds McNemar', () => {
    const cand = [1, 1, 0, 1, 0, 1, 1, 0]
    const champ = [1, 0, 1, 1, 0, 0, 1, 1]
    expect(pairedTable(cand, champ)).toEqual({ a: 3, b: 2, c: 2, d: 1 })
    const r = pairedDifferenceCI01(cand, champ, 0.95)
    expect(r).toMatchObject({
      method: 'newcombe-hybrid-score',
      n: 8,
      estimate: 0,
      confidence: 0.95
    })
    expect(r.candidate).toBe(5 / 8)
    expect(r.champion).toBe(5 / 8)
    expect(r.discordantRate).toBe(0.5)
    expect(r.mcnemar).toMatchObject({ b: 2, c: 2, exactP: 1, method: 'exact' })
    expect(() => pairedDifferenceCI01([1, 0.5], [1, 1])).toThrow(GateError)
    expect(() => pairedDifferenceCI01([1], [1, 1])).toThrow(RangeError)
  })
})

/** Paired scores with a shared per-item difficulty and, optionally, a per-cluster shift of Δ. */
function simulate(n: number, seed: number, clusterSize = 1, clusterSd = 0) {
  const rng = new Rng(seed)
  const cand = new Float64Array(n)
  const champ = new Float64Array(n)
  const clusters = new Int32Array(n)
  let shift = 0
  for (let i = 0; i < n; i++) {
    if (i % clusterSize === 0) shift = clusterSd * rng.normal()
    clusters[i] = Math.floor(i / clusterSize)
    const difficulty = 0.7 + 0.15 * rng.normal()
    champ[i] = difficulty + 0.05 * rng.normal()
    cand[i] = difficulty + shift + 0.05 * rng.normal()
  }
  return { cand, champ, clusters }
}

describe('pairedBootstrap', () => {
  const { cand, champ } = simulate(2000, 11)

  it('is reproducible: same seed, same interval; another seed, another interval', () => {
    const a = pairedBootstrapSync(cand, champ, { seed: 1, resamples: 2000 })
    const b = pairedBootstrapSync(cand, champ, { seed: 1, resamples: 2000 })
    const c = pairedBootstrapSync(cand, champ, { seed: 2, resamples: 2000 })
    expect(b).toEqual(a)
    expect(c.low).not.toBe(a.low)
    expect(c.high).not.toBe(a.high)
    expect(c.estimate).toBe(a.estimate)
    expect(a).toMatchObject({ method: 'paired-bootstrap', n: 2000, units: 2000, resamples: 2000 })
    expect(a.low).toBeLessThan(a.estimate)
    expect(a.high).toBeGreaterThan(a.estimate)
  })

  it('recomputes by hand from the documented algorithm', () => {
    // One resample: n draws of Rng(seed).int(n), the mean of the drawn differences.
    const d = [0.3, -0.1, 0.2, 0, 0.5, -0.4, 0.1]
    const zero = new Array<number>(d.length).fill(0)
    const first = new Rng(9)
    let sum = 0
    for (let j = 0; j < d.length; j++) sum += d[first.int(d.length)]
    const one = pairedBootstrapSync(d, zero, { seed: 9, resamples: 1 })
    expect(one.low).toBeCloseTo(sum / d.length, 15)
    expect(one.high).toBe(one.low)

    // Resample k·BOOTSTRAP_CHUNK starts stream k (k jumps). A statistic sees each resample's
    // weights: the candidate's call for resample r is call 2r.
    const seen: Float64Array[] = []
    const spy: Statistic = (v, w) => {
      seen.push(Float64Array.from(w))
      return weightedMean(v, w)
    }
    pairedBootstrapSync(d, zero, { seed: 9, resamples: BOOTSTRAP_CHUNK + 1, statistic: spy })
    const counts = (rng: Rng): number[] => {
      const c = new Array<number>(d.length).fill(0)
      for (let j = 0; j < d.length; j++) c[rng.int(d.length)]++
      return c
    }
    const stream0 = new Rng(9)
    expect(Array.from(seen[0])).toEqual(counts(stream0))
    // Resample 1 continues the same stream where resample 0 stopped.
    expect(Array.from(seen[2])).toEqual(counts(stream0))
    expect(Array.from(seen[2 * BOOTSTRAP_CHUNK])).toEqual(counts(new Rng(9, 1)))
  })

  it('its fast path draws exactly what Rng.int draws, rejections included', () => {
    // With 100,000 units Lemire rejects a draw with probability (2^32 mod 100000)/2^32 ≈ 1.6e-5,
    // so ten one-resample bootstraps of 100,000 draws each meet a few rejections.
    const n = 100_000
    const x = Float64Array.from({ length: n }, (_, i) => ((i * 7919) % 1000) / 1000)
    const zero = new Float64Array(n)
    const sameMean: Statistic = (v, w) => weightedMean(v, w) // not the default: the generic path
    let rejected = 0
    for (let seed = 0; seed < 10; seed++) {
      const fast = pairedBootstrapSync(x, zero, { seed, resamples: 1 })
      const generic = pairedBootstrapSync(x, zero, { seed, resamples: 1, statistic: sameMean })
      expect(Math.abs(fast.low - generic.low)).toBeLessThan(1e-12)
      // Count the words Lemire rejected on the way to n draws.
      const raw = new Rng(seed)
      for (let taken = 0; taken < n;) {
        if (lemireIndex(raw.nextUint32(), n) >= 0) taken++
        else rejected++
      }
    }
    expect(rejected).toBeGreaterThan(0)
    expect(rejected).toBeLessThan(1000)
  })

  it('gives the same numbers in worker threads as inline', async () => {
    const n = 20_000
    const resamples = Math.ceil(PARALLEL_MIN_DRAWS / n)
    const big = simulate(n, 12)
    const threaded = await pairedBootstrap(big.cand, big.champ, { seed: 3, resamples, threads: 2 })
    const inline = pairedBootstrapSync(big.cand, big.champ, { seed: 3, resamples })
    expect(threaded.threads).toBe(2)
    expect({ ...threaded, threads: 1 }).toEqual(inline)
  })

  it('takes any statistic, e.g. a weighted median', () => {
    const median = (v: Float64Array, w: Float64Array): number => {
      const order = Array.from(v.keys()).sort((i, j) => v[i] - v[j])
      let total = 0
      for (const x of w) total += x
      let seen = 0
      for (const i of order) if ((seen += w[i]) >= total / 2) return v[i]
      return NaN
    }
    const small = simulate(200, 13)
    const r = pairedBootstrapSync(small.cand, small.champ, {
      seed: 4,
      resamples: 300,
      statistic: median
    })
    const ones = new Float64Array(200).fill(1)
    expect(r.estimate).toBe(median(small.cand, ones) - median(small.champ, ones))
    expect(r.low).toBeLessThanOrEqual(r.high)
    expect(
      pairedBootstrapSync(small.cand, small.champ, { seed: 4, resamples: 300, statistic: median })
    ).toEqual(r)
  })

  it('is exact when every difference is the same', () => {
    const r = pairedBootstrapSync([3, 4, 5], [2, 3, 4], { resamples: 50 })
    expect([r.estimate, r.low, r.high, r.se]).toEqual([1, 1, 1, 0])
  })

  it('refuses bad input', () => {
    expect(() => pairedBootstrapSync([1, 2], [1], {})).toThrow(RangeError)
    expect(() => pairedBootstrapSync([], [], {})).toThrow(RangeError)
    expect(() => pairedBootstrapSync([1, Number.NaN], [1, 2], {})).toThrow(RangeError)
    expect(() => pairedBootstrapSync([1], [1], { resamples: 0 })).toThrow(RangeError)
    expect(() => pairedBootstrapSync([1], [1], { confidence: 1 })).toThrow(RangeError)
    expect(() => pairedBootstrapSync([1], [1], { seed: -3 })).toThrow(RangeError)
    expect(() => pairedBootstrapSync([1, 2], [1, 2], { clusters: [1] })).toThrow(RangeError)
  })
})

describe('cluster bootstrap', () => {
  it('is wider than the naive bootstrap on clustered data', () => {
    // 100 passages × 20 questions, the candidate's gain varying by passage (sd 0.1): the items of
    // a passage are not independent, and only the cluster bootstrap sees it.
    const { cand, champ, clusters } = simulate(2000, 21, 20, 0.1)
    const naive = pairedBootstrapSync(cand, champ, { seed: 1, resamples: 2000 })
    const cluster = pairedBootstrapSync(cand, champ, { seed: 1, resamples: 2000, clusters })
    expect(cluster).toMatchObject({ method: 'cluster-bootstrap', units: 100, n: 2000 })
    expect(cluster.estimate).toBeCloseTo(naive.estimate, 14)
    expect(cluster.high - cluster.low).toBeGreaterThan(2 * (naive.high - naive.low))
  })

  it('with one item per cluster is the item bootstrap', () => {
    const { cand, champ } = simulate(500, 22)
    const labels = Array.from({ length: 500 }, (_, i) => `item-${i}`)
    const plain = pairedBootstrapSync(cand, champ, { seed: 8, resamples: 500 })
    const singletons = pairedBootstrapSync(cand, champ, {
      seed: 8,
      resamples: 500,
      clusters: labels
    })
    expect({ ...singletons, method: 'paired-bootstrap' }).toEqual(plain)
  })
})

describe('non-inferiority verdict', () => {
  it('passes above −max_drop, fails below, and is inconclusive across or on it', () => {
    expect(nonInferiority({ low: -0.019, high: 0.01 }, 0.02)).toBe('pass')
    expect(nonInferiority({ low: -0.05, high: -0.021 }, 0.02)).toBe('fail')
    expect(nonInferiority({ low: -0.03, high: 0.01 }, 0.02)).toBe('inconclusive')
    expect(nonInferiority({ low: -0.02, high: 0.01 }, 0.02)).toBe('inconclusive')
    expect(nonInferiority({ low: -0.05, high: -0.02 }, 0.02)).toBe('inconclusive')
    expect(nonInferiority({ low: 0, high: 0 }, 0)).toBe('inconclusive')
    expect(() => nonInferiority({ low: 0, high: 1 }, -1)).toThrow(RangeError)
  })

  it('orient flips a lower-is-better metric', () => {
    const latency = { estimate: 5, low: 2, high: 9, extra: 'kept' }
    expect(orient(latency, true)).toBe(latency)
    expect(orient(latency, false)).toEqual({ estimate: -5, low: -9, high: -2, extra: 'kept' })
    // A loss that rose by 2–9 against max_drop 1 is a regression.
    expect(nonInferiority(orient(latency, false), 1)).toBe('fail')
  })
})

describe('minimum detectable effect', () => {
  const z = 1.959963984540054 + 0.8416212335729143

  it('for 0/1 samples, from the discordant rate', () => {
    // notes/measurement.md §4: n = 1000 with 5 % discordant items gives a 95 % half-width of
    // ±1.39 pp, i.e. SE = √0.05/√1000; the MDE adds z for 80 % power.
    expect(minimumDetectableEffect({ n: 1000, discordant: 50 })).toBeCloseTo(
      (z * Math.sqrt(50)) / 1000,
      12
    )
    expect(1.959963984540054 * Math.sqrt(0.05 / 1000)).toBeCloseTo(0.0139, 4)
    // No disagreement at all still leaves one discordant pair's worth of doubt.
    expect(minimumDetectableEffect({ n: 100, discordant: 0 })).toBeCloseTo(z / 100, 12)
  })

  it('for other metrics, from the sd of the differences, or from a standard error', () => {
    expect(minimumDetectableEffect({ n: 400, sd: 0.1 })).toBeCloseTo(z * 0.005, 12)
    expect(minimumDetectableEffect({ se: 0.01, confidence: 0.9, power: 0.9 })).toBeCloseTo(
      (1.6448536269514722 + 1.2815515655446004) * 0.01,
      12
    )
    expect(differenceSd([1, 2, 3], [0, 0, 0])).toBe(1)
    expect(() => minimumDetectableEffect({ n: 0, sd: 1 })).toThrow(RangeError)
    expect(() => minimumDetectableEffect({ se: 1, power: 1 })).toThrow(RangeError)
  })
})

describe('Holm–Bonferroni', () => {
  // The worked example of the Wikipedia article "Holm–Bonferroni method": p = 0.01, 0.04, 0.03,
  // 0.005 at α = 0.05 rejects H1 and H4 only. Adjusted: 4·0.005, 3·0.01, max(2·0.03, ·), 0.04 → 0.06.
  it('adjusts p-values step-down, in input order', () => {
    const adjusted = holm([0.01, 0.04, 0.03, 0.005])
    const expected = [0.03, 0.06, 0.06, 0.02]
    adjusted.forEach((p, i) => expect(p).toBeCloseTo(expected[i], 15))
    expect(adjusted.map((p) => p <= 0.05)).toEqual([true, false, false, true])
    expect(holm([0.5, 0.9])).toEqual([1, 1])
    expect(holm([])).toEqual([])
    expect(() => holm([0.1, Number.NaN])).toThrow(RangeError)
  })

  it('gives each gate the confidence level of its Holm rank', () => {
    const levels = holmConfidenceLevels([0.01, 0.04, 0.03, 0.005], 0.95)
    const expected = [1 - 0.05 / 3, 0.95, 1 - 0.05 / 2, 1 - 0.05 / 4]
    levels.forEach((c, i) => expect(c).toBeCloseTo(expected[i], 15))
    expect(bonferroniConfidence(0.95, 4)).toBeCloseTo(0.9875, 15)
    expect(() => bonferroniConfidence(0.95, 0)).toThrow(RangeError)
  })
})

describe('BCa and the t-interval of the bootstrap', () => {
  // Rare, large losses: the mean difference is skewed to the left.
  const d = Array.from({ length: 50 }, (_, i) => (i % 10 === 0 ? -1 : 0.05))
  const zero = d.map(() => 0)

  it('moves the lower end down where the percentile interval sits too high', () => {
    const r = pairedBootstrapSync(d, zero, { seed: 1, resamples: 4000, interval: 'bca' })
    const bca = r.bca as NonNullable<typeof r.bca>
    expect(bca.acceleration).toBeLessThan(0)
    expect(r.low).toBe(bca.low)
    expect(bca.low).toBeLessThan(r.percentile.low - 0.02)
  })

  it('robust is the hull of BCa and t with units − 1 degrees of freedom', () => {
    const r = pairedBootstrapSync(d, zero, { seed: 1, resamples: 4000, interval: 'robust' })
    const t = r.t as NonNullable<typeof r.t>
    // sd/√n with the paired differences: 0.045 here; t(49) at 97.5 %: 2.0096.
    expect(t.se).toBeCloseTo(differenceSd(d, zero) / Math.sqrt(d.length), 12)
    expect(t.df).toBe(49)
    expect(t.high - r.estimate).toBeCloseTo(2.009575 * t.se, 5)
    const bca = r.bca as NonNullable<typeof r.bca>
    expect(r.low).toBe(Math.min(bca.low, t.low))
    expect(r.high).toBe(Math.max(bca.high, t.high))
    // The default stays the percentile interval the vectors and the speed benchmark use.
    expect(pairedBootstrapSync(d, zero, { seed: 1, resamples: 4000 }).low).toBe(r.percentile.low)
  })

  it('the cluster t-interval uses G − 1 degrees of freedom and cluster sums', () => {
    const clusters = d.map((_, i) => Math.floor(i / 10))
    const r = pairedBootstrapSync(d, zero, {
      seed: 1,
      resamples: 1000,
      clusters,
      interval: 'robust'
    })
    expect(r.t?.df).toBe(4)
    // Each cluster holds one loss and nine gains, so the cluster sums are equal: se 0.
    expect(r.t?.se).toBeCloseTo(0, 12)
  })
})

describe("Student's t", () => {
  it('matches scipy.stats.t', () => {
    expect(studentTQuantile(0.975, 1)).toBeCloseTo(12.706205, 5)
    expect(studentTQuantile(0.975, 10)).toBeCloseTo(2.228139, 5)
    expect(studentTQuantile(0.975, 19)).toBeCloseTo(2.093024, 5)
    expect(studentTQuantile(0.005, 3)).toBeCloseTo(-5.840909, 5)
    expect(studentTCdf(2, 5)).toBeCloseTo(0.94903, 6)
  })
})
