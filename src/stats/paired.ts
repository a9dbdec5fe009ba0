/**
 * Paired statistics for the regression gate: is the candidate worse than the champion by more than
 * max_drop, or is the difference noise? Both models are scored on the same items, and hard items
 * are hard for both, so Var(Δ) = Var(A) + Var(B) − 2·Cov(A, B): pairing by item is where the power
 * comes from (notes/measurement.md §4).
 *
 * Δ is always candidate − champion, higher is better; `orient` flips a lower-is-better metric.
 */
import { availableParallelism } from 'node:os'
import { GateError } from '../errors.js'
import { type McNemarResult, mcnemar, normalCdf, normalQuantile } from './mcnemar.js'
import { studentTQuantile } from './student-t.js'
import { chunkJobs, type ChunkJob, resampleMeans, resampleMeansSync } from './resample.js'
import { Rng } from './rng.js'

// ---------------------------------------------------------------------------------------------
// Pairing by id

/** One model's per-item results, as an eval endpoint returns them (SPEC §4). */
export interface Samples {
  ids: ReadonlyArray<string | number>
  values: ArrayLike<number>
  /**
   * A cluster label per item (passage, template, conversation…) for the cluster bootstrap; an
   * item without one is its own cluster.
   */
  clusters?: ReadonlyArray<string | number | undefined>
}

export interface PairedSamples {
  /** Ids present on both sides, in the candidate's order. */
  ids: string[]
  candidate: Float64Array
  champion: Float64Array
  /** Dense cluster index (0 … clusterCount − 1) per paired item, when either side gave clusters. */
  clusters?: Int32Array
  clusterCount?: number
  paired: number
  candidateOnly: number
  championOnly: number
}

/**
 * Pairs two models' per-item results by id. Ids compare as strings (1 and "1" are the same item).
 * Throws a GateError on results that cannot be paired honestly: ids and values of different
 * lengths, a repeated id, a non-finite value, or an item whose two sides disagree on its cluster.
 */
export function pairByIds(candidate: Samples, champion: Samples): PairedSamples {
  const inOrder = pairInOrder(candidate, champion)
  if (inOrder) return inOrder
  const cand = indexById(candidate, 'candidate')
  const champ = indexById(champion, 'champion')
  const withClusters = candidate.clusters !== undefined || champion.clusters !== undefined
  const ids: string[] = []
  const candValues: number[] = []
  const champValues: number[] = []
  const clusterIndex = new Map<string, number>()
  const clusters: number[] = []
  for (const [id, i] of cand) {
    const j = champ.get(id)
    if (j === undefined) continue
    ids.push(id)
    candValues.push(candidate.values[i])
    champValues.push(champion.values[j])
    if (withClusters) {
      const label = clusterLabel(id, candidate.clusters?.[i], champion.clusters?.[j])
      let k = clusterIndex.get(label)
      if (k === undefined) clusterIndex.set(label, (k = clusterIndex.size))
      clusters.push(k)
    }
  }
  const paired = ids.length
  return {
    ids,
    candidate: Float64Array.from(candValues),
    champion: Float64Array.from(champValues),
    ...(withClusters
      ? { clusters: Int32Array.from(clusters), clusterCount: clusterIndex.size }
      : {}),
    paired,
    candidateOnly: cand.size - paired,
    championOnly: champ.size - paired
  }
}

/**
 * Worst-case imputation for items only one result holds (issue 21 point 2): the candidate's result
 * gets each item it lacks at `worst` (what its worst answer scores), the champion's each item it
 * lacks at `best`. Both count against the candidate, as a non-inferiority trial imputes missing
 * outcomes (failure in the new arm, success in the reference arm): a result that leaves out the
 * items it got wrong cannot look better for it, and a champion's gap cannot make a candidate
 * pass. Pairing the completed results leaves nothing unpaired. A missing item takes its cluster
 * label from the side that has it.
 */
export function completeWorstCase(
  candidate: Samples,
  champion: Samples,
  worst: number,
  best: number
): { candidate: Samples; champion: Samples } {
  const candIds = new Set(candidate.ids.map(String))
  const champIds = new Set(champion.ids.map(String))
  const extend = (s: Samples, from: Samples, have: Set<string>, value: number): Samples => {
    const ids = [...s.ids]
    const values = Array.from(s.values)
    const clusters =
      s.clusters || from.clusters ? [...(s.clusters ?? s.ids.map(() => undefined))] : undefined
    from.ids.forEach((id, i) => {
      if (have.has(String(id))) return
      ids.push(id)
      values.push(value)
      clusters?.push(from.clusters?.[i])
    })
    return { ids, values, ...(clusters ? { clusters } : {}) }
  }
  return {
    candidate: extend(candidate, champion, candIds, worst),
    champion: extend(champion, candidate, champIds, best)
  }
}

const ONE_PER_ID = `make the eval endpoint return one value (and one cluster, if any) per id, each id once`

/**
 * The common case, without an index per side: both sides list the same ids in the same order and
 * give no clusters (a results file's two providers, an evaluation table per version). The same
 * checks as indexById, in its order; undefined when the case does not apply.
 */
function pairInOrder(candidate: Samples, champion: Samples): PairedSamples | undefined {
  const n = candidate.ids.length
  if (candidate.clusters !== undefined || champion.clusters !== undefined) return undefined
  if (champion.ids.length !== n || candidate.values.length !== n || champion.values.length !== n)
    return undefined
  const ids = new Array<string>(n)
  for (let i = 0; i < n; i++) {
    const id = String(candidate.ids[i])
    if (id !== String(champion.ids[i])) return undefined
    ids[i] = id
  }
  // The same ids in one order: a repeat on one side is a repeat on the other, the candidate's first.
  const seen = new Set<string>()
  for (let i = 0; i < n; i++) {
    const before = seen.size
    seen.add(ids[i])
    if (seen.size === before)
      throw new GateError(`the candidate's results list id ${quote(ids[i])} twice`, ONE_PER_ID)
    if (!Number.isFinite(candidate.values[i]))
      throw new GateError(
        `the candidate's sample for id ${quote(ids[i])} is not a finite number`,
        ONE_PER_ID
      )
  }
  for (let i = 0; i < n; i++)
    if (!Number.isFinite(champion.values[i]))
      throw new GateError(
        `the champion's sample for id ${quote(ids[i])} is not a finite number`,
        ONE_PER_ID
      )
  return {
    ids,
    candidate: Float64Array.from(candidate.values),
    champion: Float64Array.from(champion.values),
    paired: n,
    candidateOnly: 0,
    championOnly: 0
  }
}

function indexById(s: Samples, side: string): Map<string, number> {
  const fix = ONE_PER_ID
  if (s.ids.length !== s.values.length)
    throw new GateError(
      `the ${side}'s results have ${s.ids.length} ids but ${s.values.length} samples`,
      fix
    )
  if (s.clusters !== undefined && s.clusters.length !== s.ids.length)
    throw new GateError(
      `the ${side}'s results have ${s.ids.length} ids but ${s.clusters.length} clusters`,
      fix
    )
  const index = new Map<string, number>()
  for (let i = 0; i < s.ids.length; i++) {
    const id = String(s.ids[i])
    if (!Number.isFinite(s.values[i]) && !index.has(id))
      throw new GateError(`the ${side}'s sample for id ${quote(id)} is not a finite number`, fix)
    // One hash per id (sides have 100,000): a repeated id leaves the size as it was.
    const before = index.size
    index.set(id, i)
    if (index.size === before)
      throw new GateError(`the ${side}'s results list id ${quote(id)} twice`, fix)
  }
  return index
}

function clusterLabel(
  id: string,
  a: string | number | undefined,
  b: string | number | undefined
): string {
  if (a !== undefined && b !== undefined && String(a) !== String(b))
    throw new GateError(
      `item ${quote(id)} is in cluster ${quote(String(a))} for the candidate but ` +
        `${quote(String(b))} for the champion`,
      'clusters describe the eval set, so both evaluations must label each item the same way'
    )
  // An item without a label on either side is its own cluster.
  return a !== undefined ? `c:${String(a)}` : b !== undefined ? `c:${String(b)}` : `i:${id}`
}

/** An id or label from a response, quoted and cut short: messages never carry response bodies. */
function quote(text: string): string {
  return `'${text.length > 40 ? `${text.slice(0, 40)}…` : text}'`
}

// ---------------------------------------------------------------------------------------------
// 0/1 samples: Newcombe's hybrid score interval for a paired difference of proportions

/** The paired 2×2 table. a: both right; b: champion only; c: candidate only; d: both wrong. */
interface PairedTable {
  a: number
  b: number
  c: number
  d: number
}

export interface Interval {
  estimate: number
  low: number
  high: number
}

interface PairedProportionResult extends Interval {
  method: 'newcombe-hybrid-score'
  confidence: number
  n: number
  table: PairedTable
  /** Accuracy of each model on the paired items. */
  candidate: number
  champion: number
  /** Share of items on which the two models disagree, (b + c)/n. */
  discordantRate: number
  mcnemar: McNemarResult
}

/** Counts the paired 2×2 table; every sample must be exactly 0 or 1. */
export function pairedTable(cand01: ArrayLike<number>, champ01: ArrayLike<number>): PairedTable {
  if (cand01.length !== champ01.length)
    throw new RangeError(`paired samples differ in length: ${cand01.length} vs ${champ01.length}`)
  const t = { a: 0, b: 0, c: 0, d: 0 }
  for (let i = 0; i < cand01.length; i++) {
    const x = cand01[i]
    const y = champ01[i]
    if ((x !== 0 && x !== 1) || (y !== 0 && y !== 1))
      throw new GateError(
        `a 0/1 metric has a sample that is not 0 or 1 (item ${i}: ${x} vs ${y})`,
        'score each item 1 (right) or 0 (wrong), or treat the metric as continuous'
      )
    if (x === 1) {
      if (y === 1) t.a++
      else t.c++
    } else if (y === 1) t.b++
    else t.d++
  }
  return t
}

/** Wilson's score interval for x successes in n (Wilson 1927; Newcombe 1998a, method 3). */
function wilson(x: number, n: number, z: number): [number, number] {
  const z2 = z * z
  const centre = 2 * x + z2
  const spread = z * Math.sqrt(z2 + 4 * x * (1 - x / n))
  return [(centre - spread) / (2 * (n + z2)), (centre + spread) / (2 * (n + z2))]
}

/**
 * Newcombe's hybrid score ("square-and-add") interval for the difference of paired proportions,
 * candidate − champion: Newcombe, "Improved confidence intervals for the difference between
 * binomial proportions based on paired data", Stat Med 1998;17:2635–2650, method 10, in the form
 * of Fagerland, Lydersen & Laake, "Statistical Analysis of Contingency Tables" (2017), §8.5:
 *
 *   L = Δ − √((p₁ − l₁)² − 2φ(p₁ − l₁)(u₂ − p₂) + (u₂ − p₂)²)
 *   U = Δ + √((p₂ − l₂)² − 2φ(p₂ − l₂)(u₁ − p₁) + (u₁ − p₁)²)
 *
 * with (lᵢ, uᵢ) the Wilson intervals of each model's accuracy pᵢ and φ the correlation of the two
 * outcomes, its numerator ad − bc replaced by ad − bc − n/2 when above n/2, by 0 in [0, n/2], and
 * kept when negative; φ = 0 when a margin is empty. Unlike Wald, it stays sensible with few
 * discordant pairs and at accuracies near 0 or 1, and it never leaves [−1, 1].
 */
export function newcombePairedCI(table: PairedTable, confidence = 0.95): Interval {
  const { a, b, c, d } = table
  const n = a + b + c + d
  if (n === 0) throw new RangeError('a confidence interval needs at least one paired item')
  const z = zFor(confidence)
  const x1 = a + c // candidate right
  const x2 = a + b // champion right
  const p1 = x1 / n
  const p2 = x2 / n
  const [l1, u1] = wilson(x1, n, z)
  const [l2, u2] = wilson(x2, n, z)
  const margins = (a + c) * (b + d) * (a + b) * (c + d)
  let phi = 0
  if (margins > 0) {
    const cross = a * d - b * c
    phi = (cross > n / 2 ? cross - n / 2 : cross < 0 ? cross : 0) / Math.sqrt(margins)
  }
  const estimate = p1 - p2
  const down = Math.sqrt(
    Math.max(0, (p1 - l1) ** 2 - 2 * phi * (p1 - l1) * (u2 - p2) + (u2 - p2) ** 2)
  )
  const up = Math.sqrt(
    Math.max(0, (p2 - l2) ** 2 - 2 * phi * (p2 - l2) * (u1 - p1) + (u1 - p1) ** 2)
  )
  return { estimate, low: Math.max(-1, estimate - down), high: Math.min(1, estimate + up) }
}

/**
 * Newcombe's hybrid score interval for the difference of two independent proportions p₁ − p₂
 * (Newcombe, "Interval estimation for the difference between independent proportions", Stat Med
 * 1998;17:873–890, method 10): with (lᵢ, uᵢ) the Wilson intervals of pᵢ over nᵢ items,
 *
 *   L = Δ − √((p₁ − l₁)² + (u₂ − p₂)²),   U = Δ + √((u₁ − p₁)² + (p₂ − l₂)²).
 *
 * The regression gate's fallback when a result gives only its metric and n. Two evaluations of the
 * same items are positively correlated, so treating them as independent widens the interval: it
 * errs towards inconclusive, never towards a pass. For a mean of per-item scores in [0, 1] (not
 * only 0/1) the binomial variance p(1 − p)/n is the largest a mean p can have, so it still holds.
 */
export function newcombeUnpairedCI(
  p1: number,
  n1: number,
  p2: number,
  n2: number,
  confidence = 0.95
): Interval {
  for (const [p, n] of [
    [p1, n1],
    [p2, n2]
  ]) {
    if (!(p >= 0 && p <= 1)) throw new RangeError(`a proportion must be in [0, 1], got ${p}`)
    if (!(n >= 1)) throw new RangeError(`a proportion needs n ≥ 1, got ${n}`)
  }
  const z = zFor(confidence)
  const [l1, u1] = wilson(p1 * n1, n1, z)
  const [l2, u2] = wilson(p2 * n2, n2, z)
  const estimate = p1 - p2
  return {
    estimate,
    low: Math.max(-1, estimate - Math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)),
    high: Math.min(1, estimate + Math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2))
  }
}

/** Δ = accuracy(candidate) − accuracy(champion) on paired 0/1 samples, its interval, and McNemar. */
export function pairedDifferenceCI01(
  cand01: ArrayLike<number>,
  champ01: ArrayLike<number>,
  confidence = 0.95
): PairedProportionResult {
  const table = pairedTable(cand01, champ01)
  const n = cand01.length
  return {
    ...newcombePairedCI(table, confidence),
    method: 'newcombe-hybrid-score',
    confidence,
    n,
    table,
    candidate: (table.a + table.c) / n,
    champion: (table.a + table.b) / n,
    discordantRate: (table.b + table.c) / n,
    mcnemar: mcnemar(table.b, table.c)
  }
}

// ---------------------------------------------------------------------------------------------
// Paired bootstrap (any metric) and cluster bootstrap

/**
 * A statistic of per-item values under resampling weights (how many times each item was drawn).
 * Δ* = statistic(candidate, w) − statistic(champion, w) on the same weights.
 */
export type Statistic = (values: Float64Array, weights: Float64Array) => number

/** Σ wᵢxᵢ / Σ wᵢ, the default statistic; the bootstrap recognises it and takes a fast path. */
export function weightedMean(values: Float64Array, weights: Float64Array): number {
  let sum = 0
  let total = 0
  for (let i = 0; i < values.length; i++) {
    sum += weights[i] * values[i]
    total += weights[i]
  }
  return sum / total
}

interface BootstrapOptions {
  /** Default 10,000. */
  resamples?: number
  /** Default 0; any integer 0 … 2^53 − 1. Same seed, same data → the same interval, bit for bit. */
  seed?: number
  /** Default 0.95 (two-sided). */
  confidence?: number
  /** Default `weightedMean`. */
  statistic?: Statistic
  /** A cluster label per item: resample whole clusters (cluster bootstrap) instead of items. */
  clusters?: ArrayLike<string | number>
  /** Worker threads for `pairedBootstrap`; default os.availableParallelism(). 1 keeps it inline. */
  threads?: number
  /**
   * Which interval `low`/`high` are (default `percentile`): `bca`, the bias-corrected and
   * accelerated percentiles; `robust`, the hull of BCa and the (cluster-robust) t-interval with
   * units − 1 degrees of freedom, for the mean only (the regression gate's choice).
   */
  interval?: 'percentile' | 'bca' | 'robust'
}

interface BootstrapInterval {
  low: number
  high: number
}

interface BootstrapResult extends Interval {
  method: 'paired-bootstrap' | 'cluster-bootstrap'
  confidence: number
  /** Standard deviation of the resampled Δ*: the bootstrap standard error of Δ. */
  se: number
  resamples: number
  seed: number
  /** Paired items. */
  n: number
  /** What was resampled: n items, or the number of clusters. */
  units: number
  /** Threads that drew the resamples (1: the calling thread). Never changes the numbers. */
  threads: number
  /** What computed them: the WebAssembly kernel or the TypeScript reference. Same numbers. */
  engine: 'wasm' | 'typescript'
  /** Which interval `low`/`high` are (`BootstrapOptions.interval`). */
  interval: 'percentile' | 'bca' | 'robust'
  percentile: BootstrapInterval
  /**
   * BCa, with its bias correction z₀ and acceleration a (0 with fewer than 2 units); only when
   * asked for (`bca`, `robust`): the jackknife of an arbitrary statistic costs units × n.
   */
  bca?: BootstrapInterval & { z0: number; acceleration: number }
  /** The t-interval with units − 1 degrees of freedom and its standard error; mean only. */
  t?: BootstrapInterval & { se: number; df: number }
}

/**
 * The percentile bootstrap of Δ = statistic(candidate) − statistic(champion) (Efron & Tibshirani,
 * "An Introduction to the Bootstrap", 1993, §13.3), resampling paired items — or, with `clusters`,
 * whole clusters (Davison & Hinkley 1997, §3.8) — with replacement. Each resample draws as many
 * units as there are, using `Rng.int(units)` on its chunk's stream (resample.ts says exactly how);
 * the interval's ends are the (1 − confidence)/2 and (1 + confidence)/2 quantiles of the Δ*
 * (Hyndman & Fan type 7, R's default).
 *
 * For the mean the draws only need per-unit sums of the differences (and per-cluster item counts),
 * so nothing is allocated per resample; a WebAssembly kernel draws them, in worker threads when
 * the job is large.
 */
export async function pairedBootstrap(
  cand: ArrayLike<number>,
  champ: ArrayLike<number>,
  options: BootstrapOptions = {}
): Promise<BootstrapResult> {
  const plan = planBootstrap(cand, champ, options)
  if (!plan.fast) return finish(plan, resampleStatistic(plan), 1, 'typescript')
  const threads = Math.max(1, Math.floor(options.threads ?? availableParallelism()))
  const run = await resampleMeans(plan.sums, plan.sizes, plan.jobs, plan.resamples, threads)
  return finish(plan, run.out, run.threads, run.engine)
}

/** `pairedBootstrap` on the calling thread: the same numbers, for small inputs and simulations. */
export function pairedBootstrapSync(
  cand: ArrayLike<number>,
  champ: ArrayLike<number>,
  options: BootstrapOptions = {}
): BootstrapResult {
  const plan = planBootstrap(cand, champ, options)
  if (!plan.fast) return finish(plan, resampleStatistic(plan), 1, 'typescript')
  const run = resampleMeansSync(plan.sums, plan.sizes, plan.jobs, plan.resamples)
  return finish(plan, run.out, 1, run.engine)
}

interface BootstrapPlan {
  cand: Float64Array
  champ: Float64Array
  n: number
  /** Unit (cluster, or the item itself) of each item; null when items are the units. */
  unitOf: Int32Array | null
  units: number
  /** Per unit: the sum of candidate − champion over its items. */
  sums: Float64Array
  /** Per unit: its number of items; null when every unit is one item. */
  sizes: Float64Array | null
  statistic: Statistic
  fast: boolean
  resamples: number
  seed: number
  confidence: number
  /** The chunks of BOOTSTRAP_CHUNK resamples, each with its stream's state (resample.ts). */
  jobs: ChunkJob[]
  interval: NonNullable<BootstrapOptions['interval']>
}

function planBootstrap(
  candIn: ArrayLike<number>,
  champIn: ArrayLike<number>,
  options: BootstrapOptions
): BootstrapPlan {
  const {
    resamples = 10_000,
    seed = 0,
    confidence = 0.95,
    statistic = weightedMean,
    interval = 'percentile'
  } = options
  if (candIn.length !== champIn.length)
    throw new RangeError(`paired samples differ in length: ${candIn.length} vs ${champIn.length}`)
  const n = candIn.length
  if (n === 0) throw new RangeError('the bootstrap needs at least one paired item')
  if (!Number.isSafeInteger(resamples) || resamples < 1)
    throw new RangeError(`resamples must be a positive integer, got ${resamples}`)
  zFor(confidence)
  const cand = Float64Array.from(candIn)
  const champ = Float64Array.from(champIn)
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(cand[i]) || !Number.isFinite(champ[i]))
      throw new RangeError(`paired sample ${i} is not a finite number`)
  }

  let unitOf: Int32Array | null = null
  let units = n
  if (options.clusters !== undefined) {
    if (options.clusters.length !== n)
      throw new RangeError(`${options.clusters.length} cluster labels for ${n} paired items`)
    unitOf = new Int32Array(n)
    const index = new Map<string | number, number>()
    for (let i = 0; i < n; i++) {
      const label = options.clusters[i]
      let k = index.get(label)
      if (k === undefined) index.set(label, (k = index.size))
      unitOf[i] = k
    }
    units = index.size
  }
  const sums = new Float64Array(units)
  const sizes = unitOf ? new Float64Array(units) : null
  for (let i = 0; i < n; i++) {
    const u = unitOf ? unitOf[i] : i
    sums[u] += cand[i] - champ[i]
    if (sizes) sizes[u]++
  }

  const fast = statistic === weightedMean
  if (interval === 'robust' && !fast)
    throw new RangeError('the robust interval (BCa ∪ t) is defined for the mean only')
  return {
    interval,
    cand,
    champ,
    n,
    unitOf,
    units,
    sums,
    sizes,
    statistic,
    fast,
    resamples,
    seed,
    confidence,
    jobs: chunkJobs(seed, resamples)
  }
}

/** Any statistic: the same draws as the mean's, as item weights, then both sides evaluated. */
function resampleStatistic(plan: BootstrapPlan): Float64Array {
  const { cand, champ, n, unitOf, units, statistic, resamples } = plan
  const out = new Float64Array(resamples)
  const weights = new Float64Array(n)
  const drawn = unitOf ? new Float64Array(units) : weights
  for (const job of plan.jobs) {
    const rng = new Rng(job.state)
    for (let r = job.from; r < job.from + job.count; r++) {
      drawn.fill(0)
      for (let j = 0; j < units; j++) drawn[rng.int(units)]++
      if (unitOf) for (let i = 0; i < n; i++) weights[i] = drawn[unitOf[i]]
      out[r] = statistic(cand, weights) - statistic(champ, weights)
    }
  }
  return out
}

function finish(
  plan: BootstrapPlan,
  out: Float64Array,
  threads: number,
  engine: BootstrapResult['engine']
): BootstrapResult {
  const { n, statistic, cand, champ, confidence, resamples } = plan
  let estimate: number
  if (plan.fast) {
    let sum = 0
    for (const s of plan.sums) sum += s
    estimate = sum / n
  } else {
    const ones = new Float64Array(n).fill(1)
    estimate = statistic(cand, ones) - statistic(champ, ones)
  }
  let mean = 0
  for (const x of out) mean += x
  mean /= resamples
  let ss = 0
  for (const x of out) ss += (x - mean) ** 2
  out.sort()
  const alpha = 1 - confidence
  const percentile = { low: quantile(out, alpha / 2), high: quantile(out, 1 - alpha / 2) }
  const bca = plan.interval === 'percentile' ? undefined : bcaInterval(plan, out, estimate)
  const t = plan.fast ? tInterval(plan, estimate) : undefined
  const chosen = !bca
    ? percentile
    : plan.interval === 'bca' || !t
      ? bca
      : { low: Math.min(bca.low, t.low), high: Math.max(bca.high, t.high) }
  return {
    method: plan.unitOf ? 'cluster-bootstrap' : 'paired-bootstrap',
    estimate,
    low: chosen.low,
    high: chosen.high,
    interval: plan.interval,
    percentile,
    ...(bca ? { bca } : {}),
    ...(t ? { t } : {}),
    confidence,
    se: resamples > 1 ? Math.sqrt(ss / (resamples - 1)) : 0,
    resamples,
    seed: plan.seed,
    n,
    units: plan.units,
    threads,
    engine
  }
}

/**
 * BCa (Efron, JASA 1987;82:171–185; Efron & Tibshirani 1993, §14.3): the percentiles moved by the
 * bias correction z₀ = Φ⁻¹(share of Δ* below Δ̂, ties counted half) and the acceleration a, from
 * the jackknife over units (leave one item, or one cluster, out):
 *
 *   a = Σ (θ̄ − θ₍ᵤ₎)³ / (6 · (Σ (θ̄ − θ₍ᵤ₎)²)^1.5),   αᵢ = Φ(z₀ + (z₀ + z_αᵢ) / (1 − a(z₀ + z_αᵢ))).
 *
 * The percentile interval assumes the Δ* are distributed around Δ̂ as Δ̂ is around Δ; with rare,
 * large losses they are skewed, and the lower end sits too high (issue 21 point 3: 7.7 % false
 * passes at n = 100). a corrects for that skew to second order.
 */
function bcaInterval(
  plan: BootstrapPlan,
  sorted: Float64Array,
  estimate: number
): BootstrapInterval & { z0: number; acceleration: number } {
  const B = sorted.length
  let below = 0
  let ties = 0
  for (const x of sorted) {
    if (x < estimate) below++
    else if (x === estimate) ties++
  }
  const share = Math.min(1 - 0.5 / B, Math.max(0.5 / B, (below + ties / 2) / B))
  const z0 = normalQuantile(share)
  const jack = jackknife(plan)
  let acceleration = 0
  if (jack.length > 1) {
    let mean = 0
    for (const x of jack) mean += x
    mean /= jack.length
    let s2 = 0
    let s3 = 0
    for (const x of jack) {
      s2 += (mean - x) ** 2
      s3 += (mean - x) ** 3
    }
    acceleration = s2 > 0 ? s3 / (6 * s2 ** 1.5) : 0
  }
  const alpha = 1 - plan.confidence
  const at = (tail: number): number => {
    const z = normalQuantile(tail)
    const p = normalCdf(z0 + (z0 + z) / (1 - acceleration * (z0 + z)))
    return quantile(sorted, Math.min(1, Math.max(0, p)))
  }
  return { low: at(alpha / 2), high: at(1 - alpha / 2), z0, acceleration }
}

/** The statistic with each unit left out in turn; empty with fewer than 2 units. */
function jackknife(plan: BootstrapPlan): Float64Array {
  const { units, n, unitOf, sums, sizes } = plan
  if (units < 2) return new Float64Array(0)
  const out = new Float64Array(units)
  if (plan.fast) {
    let total = 0
    for (const x of sums) total += x
    for (let u = 0; u < units; u++) out[u] = (total - sums[u]) / (n - (sizes ? sizes[u] : 1))
    return out
  }
  const weights = new Float64Array(n)
  for (let u = 0; u < units; u++) {
    for (let i = 0; i < n; i++) weights[i] = (unitOf ? unitOf[i] : i) === u ? 0 : 1
    out[u] = plan.statistic(plan.cand, weights) - plan.statistic(plan.champ, weights)
  }
  return out
}

/**
 * The t-interval for the mean difference with the cluster-robust (CR1) standard error and
 * units − 1 degrees of freedom: se² = G/(G − 1) · Σ_g (S_g − Δ̂·n_g)² / N². With one item per
 * unit this is the paired t-interval, sd/√n. Undefined (absent) with fewer than 2 units.
 */
function tInterval(
  plan: BootstrapPlan,
  estimate: number
): (BootstrapInterval & { se: number; df: number }) | undefined {
  const { units, n, sums, sizes } = plan
  if (units < 2) return undefined
  let ss = 0
  for (let u = 0; u < units; u++) ss += (sums[u] - estimate * (sizes ? sizes[u] : 1)) ** 2
  const se = Math.sqrt((units / (units - 1)) * ss) / n
  const df = units - 1
  const half = studentTQuantile(1 - (1 - plan.confidence) / 2, df) * se
  return { low: estimate - half, high: estimate + half, se, df }
}

/** Hyndman & Fan type 7 quantile of sorted data: linear between order statistics. */
function quantile(sorted: Float64Array, p: number): number {
  const h = (sorted.length - 1) * p
  const lo = Math.floor(h)
  const hi = Math.min(lo + 1, sorted.length - 1)
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo])
}

// ---------------------------------------------------------------------------------------------
// The verdict

export type NonInferiorityVerdict = 'pass' | 'fail' | 'inconclusive'

/**
 * Non-inferiority with margin maxDrop (SPEC §5): pass if the whole interval of Δ lies above
 * −maxDrop, fail if it lies wholly below, inconclusive when it straddles (or touches) the margin.
 */
export function nonInferiority(
  ci: { low: number; high: number },
  maxDrop: number
): NonInferiorityVerdict {
  if (!(maxDrop >= 0) || !Number.isFinite(maxDrop))
    throw new RangeError(`max_drop must be a finite number ≥ 0, got ${maxDrop}`)
  if (ci.low > -maxDrop) return 'pass'
  if (ci.high < -maxDrop) return 'fail'
  return 'inconclusive'
}

/**
 * Turns Δ = candidate − champion into "improvement" for the metric's direction: unchanged when
 * higher is better, negated (and the interval's ends swapped) when lower is better, so that
 * `nonInferiority` can always read a drop as negative.
 */
export function orient<T extends Interval>(ci: T, higherIsBetter: boolean): T {
  if (higherIsBetter) return ci
  return { ...ci, estimate: -ci.estimate, low: -ci.high, high: -ci.low }
}

// ---------------------------------------------------------------------------------------------
// Minimum detectable effect

type MdeInput = { confidence?: number; power?: number } & (
  { n: number; discordant: number } | { n: number; sd: number } | { se: number }
)

/**
 * The smallest true drop the gate would detect with the given power (default 80%) at this n:
 *
 *   MDE = (z₁₋α/₂ + z_power) · SE,  α = 1 − confidence,
 *
 * with z₁₋α/₂ because the verdict reads one end of a two-sided interval (a one-sided test at α/2).
 * SE is, for 0/1 samples, √(p_d / n) with p_d = (b + c)/n the discordant rate (the variance of a
 * paired difference near Δ = 0; Connor, Biometrics 1987;43:207–211, dropping the −Δ² term, which
 * errs on the large side), p_d counted as at least 1/n so that an eval with no disagreement does
 * not claim to detect everything; for other metrics sd(differences)/√n; or a standard error given
 * directly (e.g. the bootstrap's `se`, which also accounts for clustering).
 */
export function minimumDetectableEffect(input: MdeInput): number {
  const { confidence = 0.95, power = 0.8 } = input
  if (!(power > 0 && power < 1)) throw new RangeError(`power must be in (0, 1), got ${power}`)
  let se: number
  if ('se' in input) se = input.se
  else {
    if (!(input.n >= 1)) throw new RangeError(`the MDE needs n ≥ 1, got ${input.n}`)
    se =
      'discordant' in input
        ? Math.sqrt(Math.max(input.discordant, 1)) / input.n
        : input.sd / Math.sqrt(input.n)
  }
  if (!(se >= 0)) throw new RangeError(`a standard error must be ≥ 0, got ${se}`)
  return (zFor(confidence) + normalQuantile(power)) * se
}

/** Sample standard deviation (n − 1) of the per-item differences candidate − champion. */
export function differenceSd(cand: ArrayLike<number>, champ: ArrayLike<number>): number {
  const n = cand.length
  if (n !== champ.length) throw new RangeError('paired samples differ in length')
  if (n < 2) return 0
  let mean = 0
  for (let i = 0; i < n; i++) mean += cand[i] - champ[i]
  mean /= n
  let ss = 0
  for (let i = 0; i < n; i++) ss += (cand[i] - champ[i] - mean) ** 2
  return Math.sqrt(ss / (n - 1))
}

// ---------------------------------------------------------------------------------------------
// Several regression gates at once: Holm–Bonferroni

/**
 * Holm's step-down adjusted p-values (Holm, Scand J Statist 1979;6:65–70), in the input order:
 * with p₍₁₎ ≤ … ≤ p₍ₘ₎, adj₍ᵢ₎ = max over j ≤ i of min(1, (m − j + 1)·p₍ⱼ₎).
 */
export function holm(pValues: readonly number[]): number[] {
  const m = pValues.length
  const order = rankOrder(pValues)
  const adjusted = new Array<number>(m)
  let running = 0
  order.forEach((index, rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * pValues[index]))
    adjusted[index] = running
  })
  return adjusted
}

/**
 * Per-gate confidence levels for Holm applied to intervals: the gate with the k-th smallest
 * p-value (k = 1 … m) reads a two-sided interval at 1 − α/(m − k + 1), α = 1 − confidence — the
 * Holm-adjusted level of its rank. The first gate is held to Bonferroni's 1 − α/m, the last to the
 * unadjusted level. Holm is a step-down procedure: walk the gates in rank order and stop at the
 * first that does not pass; the ones after it cannot pass (report them inconclusive at best).
 * The p-values should be those of the non-inferiority hypotheses (Δ ≤ −max_drop) being tested.
 * For simultaneous coverage of all the intervals, use `bonferroniConfidence` instead.
 */
export function holmConfidenceLevels(pValues: readonly number[], confidence = 0.95): number[] {
  zFor(confidence)
  const m = pValues.length
  const levels = new Array<number>(m)
  rankOrder(pValues).forEach((index, rank) => {
    levels[index] = 1 - (1 - confidence) / (m - rank)
  })
  return levels
}

/** 1 − α/m: m intervals at this level hold simultaneously with probability ≥ confidence. */
export function bonferroniConfidence(confidence: number, m: number): number {
  zFor(confidence)
  if (!Number.isInteger(m) || m < 1) throw new RangeError(`m must be a positive integer, got ${m}`)
  return 1 - (1 - confidence) / m
}

/** Indices sorted by ascending p (ties keep input order); NaN is refused. */
function rankOrder(pValues: readonly number[]): number[] {
  for (const p of pValues)
    if (!(p >= 0 && p <= 1)) throw new RangeError(`a p-value must be in [0, 1], got ${p}`)
  return pValues.map((_, i) => i).sort((i, j) => pValues[i] - pValues[j] || i - j)
}

/** z₁₋α/₂ for a two-sided level, validating it. */
function zFor(confidence: number): number {
  if (!(confidence > 0 && confidence < 1))
    throw new RangeError(`confidence must be in (0, 1), got ${confidence}`)
  return normalQuantile(1 - (1 - confidence) / 2)
}
