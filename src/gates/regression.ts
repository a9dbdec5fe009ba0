import { describeError, GateError } from '../errors.js'
import type { MetricGateConfig, RegressionGateConfig } from '../settings/config.js'
import { normalCdf, normalQuantile } from '../stats/mcnemar.js'
import {
  type Interval,
  MIN_PAIRED_FRACTION,
  minimumDetectableEffect,
  nonInferiority,
  orient,
  pairByIds,
  pairedBootstrap,
  pairedDifferenceCI01,
  type PairedSamples
} from '../stats/paired.js'
import { sameItems } from './metric/items.js'
import { type MetricResult, metricValue } from './metric/result.js'
import { type Gate, type GateContext, type GateResult, resultFor, type Verdict } from './gate.js'
import { fmt } from '../format.js'

/**
 * `regression`: the candidate may be worse than the champion by at most `max_drop`
 * (non-inferiority, SPEC §5). The champion is re-evaluated now through the named metric gate's
 * endpoint rather than trusting an old number. With per-item samples on both sides the items are
 * paired by id: McNemar and Newcombe's interval for 0/1 samples, a seeded paired (or cluster)
 * bootstrap otherwise. Without samples it falls back to point estimates and says so.
 */

/** Used when the config gives no seed; recorded in the receipt either way. */
export const DEFAULT_SEED = 20_261_126

interface Judged {
  /** Δ oriented so that a drop is negative, with its interval at `level`. */
  ci: Interval
  level: number
  method: string
  n: number
  mde: number
  /** One-sided p-value of "Δ ≤ −max_drop" (for Holm across several regression gates). */
  pNonInferiority: number
  details: Record<string, unknown>
}

export class RegressionGate implements Gate {
  readonly exclusive = false
  /** What the last run paired, kept so Holm's correction can re-judge at another level. */
  private lastPaired?: { paired: PairedSamples; binary: boolean; higherIsBetter: boolean }
  private lastResult?: GateResult

  constructor(
    readonly config: RegressionGateConfig,
    private readonly of: MetricGateConfig
  ) {}

  private get higherIsBetter(): boolean {
    const { of } = this
    return this.config.higher_is_better ?? !(of.max !== undefined && of.min === undefined)
  }

  async run(ctx: GateContext): Promise<GateResult> {
    const { config, of } = this
    const base = { measure: `Δ ${of.metric}`, threshold: `Δ > −${config.max_drop}` }
    this.lastPaired = undefined
    this.lastResult = undefined
    if (!ctx.champion)
      return resultFor(
        config,
        'pass',
        `no '${ctx.settings.alias}' yet: first promotion, nothing to regress against`,
        base
      )
    if (ctx.champion.version === ctx.candidate.version)
      return resultFor(config, 'pass', `the candidate is already the champion`, {
        ...base,
        value: 0
      })
    const party = `eval endpoint of gate '${of.name}'`
    const championParty = `${party} (champion version ${ctx.champion.version})`
    let candResult: MetricResult
    let champResult: MetricResult
    let cand: number
    let champ: number
    try {
      ;[candResult, champResult] = await Promise.all([
        ctx.evaluations.get(of, ctx.candidate, ctx),
        ctx.evaluations.get(of, ctx.champion, ctx)
      ])
      cand = metricValue(candResult, of.metric, party)
      champ = metricValue(champResult, of.metric, championParty)
      sameItems(candResult, champResult, ctx.champion.version)
    } catch (err) {
      return resultFor(config, 'error', describeError(err), base)
    }
    const common = {
      candidate: cand,
      champion: champ,
      champion_version: ctx.champion.version,
      higher_is_better: this.higherIsBetter,
      origin: { candidate: candResult.origin, champion: champResult.origin }
    }

    const candSamples = candResult.samples?.[of.metric]
    const champSamples = champResult.samples?.[of.metric]
    if (!candSamples || !champSamples || !candResult.ids || !champResult.ids) {
      const missing = !candSamples || !candResult.ids ? 'candidate' : 'champion'
      return this.pointEstimate(cand, champ, ctx.champion.version, base, {
        ...common,
        method: 'unpaired point estimate',
        why: `the ${missing}'s result has no per-item samples with ids`
      })
    }

    let paired: PairedSamples
    try {
      paired = pairByIds(
        { ids: candResult.ids, values: numbers(candSamples, party), clusters: candResult.clusters },
        {
          ids: champResult.ids,
          values: numbers(champSamples, championParty),
          clusters: champResult.clusters
        }
      )
    } catch (err) {
      return resultFor(config, 'error', describeError(err), base)
    }
    if (paired.fraction < MIN_PAIRED_FRACTION)
      return resultFor(
        config,
        'error',
        `only ${paired.paired} items pair up by id (${pct(paired.fraction)}; ${paired.candidateOnly} only ` +
          `in the candidate's result, ${paired.championOnly} only in the champion's): the two ` +
          `evaluations were not on the same set. Evaluate both versions on the same items`,
        { ...base, n: paired.paired }
      )
    const binary = !paired.clusters && isBinary(paired.candidate) && isBinary(paired.champion)
    this.lastPaired = { paired, binary, higherIsBetter: this.higherIsBetter }
    const judged = await this.judge(config.confidence)
    this.lastResult = this.toResult(judged, base, common, paired)
    return this.lastResult
  }

  /**
   * Re-judge the last paired data at another confidence level (Holm's correction across several
   * regression gates). Returns undefined when the last run had no paired data to re-judge.
   */
  async rejudge(level: number, capAtInconclusive: boolean): Promise<GateResult | undefined> {
    if (!this.lastPaired || !this.lastResult) return undefined
    const judged = await this.judge(level)
    const base = { measure: this.lastResult.measure, threshold: this.lastResult.threshold }
    const result = this.toResult(
      judged,
      base,
      this.lastResult.details ?? {},
      this.lastPaired.paired
    )
    result.details = { ...result.details, correction: 'holm', corrected_confidence: level }
    result.message += ` (Holm-corrected confidence ${fmt(level * 100)}%)`
    if (capAtInconclusive && result.verdict === 'pass') {
      result.verdict = this.policy('inconclusive').verdict
      result.neutral = this.policy('inconclusive').neutral
      result.message += '; an earlier gate in Holm order did not pass, so this one cannot'
    }
    return result
  }

  private async judge(level: number): Promise<Judged> {
    const { paired, binary, higherIsBetter } = this.lastPaired as NonNullable<
      typeof this.lastPaired
    >
    const { config } = this
    let raw: Interval
    let n: number
    let mde: number
    let method: string
    let details: Record<string, unknown>
    if (binary) {
      const r = pairedDifferenceCI01(paired.candidate, paired.champion, level)
      raw = r
      n = r.n
      method = 'paired 0/1: Newcombe hybrid score interval, McNemar test'
      mde = minimumDetectableEffect({ n, discordant: r.table.b + r.table.c, confidence: level })
      details = {
        table: r.table,
        discordant_rate: r.discordantRate,
        mcnemar: { b: r.mcnemar.b, c: r.mcnemar.c, p: r.mcnemar.p, method: r.mcnemar.method }
      }
    } else {
      const seed = config.seed ?? DEFAULT_SEED
      const r = await pairedBootstrap(paired.candidate, paired.champion, {
        resamples: config.resamples,
        seed,
        confidence: level,
        clusters: paired.clusters
      })
      raw = r
      n = r.n
      method = r.method === 'cluster-bootstrap' ? 'cluster bootstrap' : 'paired bootstrap'
      mde = minimumDetectableEffect({ se: r.se, confidence: level })
      // Enough to recompute the interval: the seed and the draws' algorithm (src/stats/resample.ts).
      details = {
        seed,
        resamples: r.resamples,
        se: r.se,
        units: r.units,
        generator: 'xoshiro256** (SplitMix64 seeding, 250 resamples per stream)',
        engine: r.engine
      }
    }
    const ci = orient(raw, higherIsBetter)
    // Normal approximation from the interval's width, only to order gates for Holm.
    const z = normalQuantile(1 - (1 - level) / 2)
    const se = (ci.high - ci.low) / (2 * z) || Number.EPSILON
    const pNonInferiority = 1 - normalCdf((ci.estimate + config.max_drop) / se)
    return { ci, level, method, n, mde, pNonInferiority, details }
  }

  private toResult(
    j: Judged,
    base: { measure?: string; threshold?: string },
    common: Record<string, unknown>,
    paired: PairedSamples
  ): GateResult {
    const { config, of } = this
    const raw = nonInferiority(j.ci, config.max_drop)
    const { verdict, neutral, note } = this.policy(raw)
    const warnings: string[] = []
    // A regression that was detected was evidently not too small to detect.
    if (raw !== 'fail' && j.mde > config.max_drop)
      warnings.push(
        `this eval set is too small to detect a regression of ${config.max_drop}: the minimum ` +
          `detectable effect at n=${j.n} is ${fmt(j.mde)} (80% power)`
      )
    if (paired.candidateOnly + paired.championOnly > 0)
      warnings.push(
        `${paired.candidateOnly + paired.championOnly} items were in only one result and were dropped ` +
          `(${paired.candidateOnly} candidate-only, ${paired.championOnly} champion-only)`
      )
    const interval = `[${fmt(j.ci.low)}, ${fmt(j.ci.high)}]`
    const reading =
      raw === 'pass'
        ? `its lower bound is above −${config.max_drop}`
        : raw === 'fail'
          ? `its upper bound is below −${config.max_drop}: a real regression`
          : `it straddles −${config.max_drop}: the data cannot tell`
    return resultFor(
      config,
      verdict,
      `Δ ${of.metric} ${fmt(j.ci.estimate)}, ${pct(j.level)} CI ${interval} (${j.method}, n=${j.n}): ${reading}${note}`,
      {
        ...base,
        value: j.ci.estimate,
        ci: { low: j.ci.low, high: j.ci.high, level: j.level },
        n: j.n,
        neutral,
        warnings,
        details: {
          ...common,
          method: j.method,
          paired: paired.paired,
          candidate_only: paired.candidateOnly,
          champion_only: paired.championOnly,
          minimum_detectable_effect: j.mde,
          p_noninferiority: j.pNonInferiority,
          ...j.details
        }
      }
    )
  }

  /** `on_inconclusive` decides what an undecided interval means for this gate. */
  private policy(raw: Verdict): { verdict: Verdict; neutral?: boolean; note: string } {
    if (raw !== 'inconclusive') return { verdict: raw, note: '' }
    switch (this.config.on_inconclusive) {
      case 'pass':
        return { verdict: 'pass', note: '; on_inconclusive: pass lets it through' }
      case 'neutral':
        return { verdict: 'inconclusive', neutral: true, note: '; on_inconclusive: neutral' }
      default:
        return { verdict: 'fail', note: '; on_inconclusive: fail refuses it' }
    }
  }

  private pointEstimate(
    cand: number,
    champ: number,
    championVersion: string,
    base: { measure: string; threshold: string },
    details: Record<string, unknown>
  ): GateResult {
    const { config, of } = this
    const delta = (this.higherIsBetter ? 1 : -1) * (cand - champ)
    const verdict = delta >= -config.max_drop ? 'pass' : 'fail'
    return resultFor(
      config,
      verdict,
      `${of.metric} ${fmt(cand)} vs champion version ${championVersion} ${fmt(champ)}: Δ ${fmt(delta)} ` +
        (verdict === 'pass'
          ? `is within the allowed drop ${config.max_drop}`
          : `exceeds the allowed drop ${config.max_drop}`) +
        ' (unpaired point estimate)',
      {
        ...base,
        value: delta,
        details,
        warnings: [
          `unpaired point estimate (${String(details.why)}): noise cannot be told from a regression; ` +
            'return per-item samples with ids to get a paired test'
        ]
      }
    )
  }
}

/**
 * Holm–Bonferroni across several regression gates (`regression_correction: holm`): walk them from
 * the smallest non-inferiority p-value up, judge the k-th of m at 1 − α/(m − k + 1), and stop
 * passing at the first that does not pass.
 */
export async function applyHolm(
  gates: RegressionGate[],
  results: Map<RegressionGate, GateResult>
): Promise<void> {
  // The p-value comes from each gate's recorded result, not from state kept on the gate: a gate
  // that timed out is recorded as an error (its run may finish later and set that state), and
  // must stay an error rather than be re-judged into a pass.
  const pOf = (g: RegressionGate): number | undefined => {
    const r = results.get(g)
    const p = r?.details?.p_noninferiority
    return r && r.verdict !== 'error' && typeof p === 'number' ? p : undefined
  }
  const judged = gates.filter((g) => pOf(g) !== undefined)
  if (judged.length < 2) return
  const m = judged.length
  const order = [...judged].sort((a, b) => (pOf(a) ?? 1) - (pOf(b) ?? 1))
  let blocked = false
  for (let k = 0; k < m; k++) {
    const gate = order[k]
    const alpha = 1 - gate.config.confidence
    const result = await gate.rejudge(1 - alpha / (m - k), blocked)
    if (!result) continue
    results.set(gate, result)
    if (result.verdict !== 'pass') blocked = true
  }
}

function numbers(values: unknown[], party: string): number[] {
  return values.map((v, i) => {
    if (typeof v !== 'number' || !Number.isFinite(v))
      throw new GateError(
        `${party} returned a per-item sample #${i} that is not a finite number`,
        'samples must be JSON numbers (0/1 for correctness)'
      )
    return v
  })
}

function isBinary(xs: Float64Array): boolean {
  for (const x of xs) if (x !== 0 && x !== 1) return false
  return true
}

function pct(x: number): string {
  return `${fmt(x * 100)}%`
}
