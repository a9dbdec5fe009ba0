/**
 * The regression gate's statistics under load and under simulation:
 *
 * 1. Speed: the paired bootstrap of the mean on 100,000 paired items × 10,000 resamples, plain
 *    and cluster (10,000 clusters of 10), median of 5 runs, wall and CPU time, peak RSS.
 * 2. Calibration: how often the non-inferiority verdict passes when the true Δ is exactly
 *    −max_drop (should be ≤ α/2 = 2.5% at 95% confidence), 0 (the power) and −3·max_drop (never),
 *    for 0/1 samples (Newcombe interval) and a continuous metric (paired bootstrap).
 *
 * Run: npx tsx bench/regression-bootstrap.ts [simulations=1000] [calibration resamples=10000]
 * It prints Markdown (bench/RESULTS-regression.md is its output). The calibration functions are
 * also used, at a smaller size, by __tests__/stats-calibration.test.ts.
 */
import os from 'node:os'
import { pathToFileURL } from 'node:url'
import {
  type NonInferiorityVerdict,
  nonInferiority,
  pairedBootstrap,
  pairedBootstrapSync,
  pairedDifferenceCI01
} from '../src/stats/paired.js'
import { Rng } from '../src/stats/rng.js'

export const MAX_DROP = 0.02

/**
 * Paired 0/1 evaluations: each item independently falls in one cell of the paired table, with
 * P(champion right) = `accuracy` and a share `discordant` of items on which the models disagree,
 * split so that the true Δ = P(candidate right) − P(champion right) is exactly `delta`. The two
 * models' outcomes are strongly correlated, as on a real eval set (hard items are hard for both).
 */
export interface BinaryScenario {
  n: number
  accuracy: number
  discordant: number
  delta: number
}

/** Paired continuous scores: a per-item difficulty shared by both models, plus per-model noise. */
export interface ContinuousScenario {
  n: number
  itemSd: number
  noiseSd: number
  delta: number
}

export interface Calibration {
  simulations: number
  pass: number
  fail: number
  inconclusive: number
  /** pass / simulations */
  passRate: number
}

export const BINARY_N = 2000
export const CONTINUOUS_N = 800

/** n = 2000 at accuracy 0.85 with 6% discordant items: MDE ≈ 0.0153 < max_drop, power ≈ 0.95. */
export function binaryScenario(delta: number): BinaryScenario {
  return { n: BINARY_N, accuracy: 0.85, discordant: 0.06, delta }
}

/** n = 800, sd of differences 0.1·√2: SE ≈ 0.005, MDE ≈ 0.014 < max_drop, power ≈ 0.98. */
export function continuousScenario(delta: number): ContinuousScenario {
  return { n: CONTINUOUS_N, itemSd: 0.15, noiseSd: 0.1, delta }
}

export function simulateBinary(
  s: BinaryScenario,
  rng: Rng
): { cand: Uint8Array; champ: Uint8Array } {
  const b = (s.discordant - s.delta) / 2 // champion right, candidate wrong
  const c = (s.discordant + s.delta) / 2 // candidate right, champion wrong
  const a = s.accuracy - b // both right
  if (b < 0 || c < 0 || a < 0 || a + b + c > 1) throw new RangeError('impossible scenario')
  const cand = new Uint8Array(s.n)
  const champ = new Uint8Array(s.n)
  for (let i = 0; i < s.n; i++) {
    const u = rng.next()
    if (u < a) cand[i] = champ[i] = 1
    else if (u < a + b) champ[i] = 1
    else if (u < a + b + c) cand[i] = 1
  }
  return { cand, champ }
}

export function simulateContinuous(
  s: ContinuousScenario,
  rng: Rng
): { cand: Float64Array; champ: Float64Array } {
  const cand = new Float64Array(s.n)
  const champ = new Float64Array(s.n)
  for (let i = 0; i < s.n; i++) {
    const difficulty = 0.7 + s.itemSd * rng.normal()
    champ[i] = difficulty + s.noiseSd * rng.normal()
    cand[i] = difficulty + s.delta + s.noiseSd * rng.normal()
  }
  return { cand, champ }
}

function tally(verdicts: NonInferiorityVerdict[]): Calibration {
  const count = (v: NonInferiorityVerdict): number => verdicts.filter((x) => x === v).length
  const pass = count('pass')
  return {
    simulations: verdicts.length,
    pass,
    fail: count('fail'),
    inconclusive: count('inconclusive'),
    passRate: pass / verdicts.length
  }
}

/** `simulations` 0/1 evaluations, each judged by the Newcombe interval at 95%. */
export function calibrateBinary(s: BinaryScenario, simulations: number, seed: number): Calibration {
  const rng = new Rng(seed)
  const verdicts: NonInferiorityVerdict[] = []
  for (let k = 0; k < simulations; k++) {
    const { cand, champ } = simulateBinary(s, rng)
    verdicts.push(nonInferiority(pairedDifferenceCI01(cand, champ, 0.95), MAX_DROP))
  }
  return tally(verdicts)
}

/** `simulations` continuous evaluations, each judged by a 95% paired bootstrap (seed = k). */
export function calibrateContinuous(
  s: ContinuousScenario,
  simulations: number,
  seed: number,
  resamples: number
): Calibration {
  const rng = new Rng(seed)
  const verdicts: NonInferiorityVerdict[] = []
  for (let k = 0; k < simulations; k++) {
    const { cand, champ } = simulateContinuous(s, rng)
    const ci = pairedBootstrapSync(cand, champ, { seed: k, resamples, confidence: 0.95 })
    verdicts.push(nonInferiority(ci, MAX_DROP))
  }
  return tally(verdicts)
}

const NOMINAL = '≈ 2.5% (α/2); the test allows ≤ 7.5%'
const POWER = '≥ 80% (power)'

async function main(): Promise<void> {
  const simulations = Number(process.argv[2] ?? 1000)
  const calibrationResamples = Number(process.argv[3] ?? 10_000)
  const mb = (kb: number): string => (kb / 1024).toFixed(0)
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
  const load = (): string =>
    os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')

  console.log(`# Regression-gate statistics — ${new Date().toISOString()}\n`)
  console.log(
    `Machine: nproc ${os.availableParallelism()} (${os.cpus()[0]?.model ?? '?'}), node ${process.version}, ` +
      `load average at start ${load()}.\n`
  )
  console.log(
    `Command: \`npx tsx bench/regression-bootstrap.ts ${simulations} ${calibrationResamples}\`\n`
  )

  // 1. Speed and memory.
  const n = 100_000
  const resamples = 10_000
  const { cand, champ } = simulateContinuous(
    { n, itemSd: 0.15, noiseSd: 0.1, delta: -0.001 },
    new Rng(1)
  )
  const clusters = Int32Array.from({ length: n }, (_, i) => Math.floor(i / 10))
  const rssBefore = process.resourceUsage().maxRSS
  console.log(
    `## Bootstrap: ${n.toLocaleString('en')} paired items × ${resamples.toLocaleString('en')} resamples\n`
  )
  console.log('Peak RSS before the runs (data generated): ' + `${mb(rssBefore)} MB.\n`)
  console.log(
    '| variant | threads | wall median of 5 (s) | min–max (s) | CPU median (s) | 95% CI of Δ |'
  )
  console.log('|---|---|---|---|---|---|')
  for (const variant of ['plain', 'cluster'] as const) {
    for (const threads of [os.availableParallelism(), 1]) {
      const walls: number[] = []
      const cpus: number[] = []
      let ci = ''
      let used = 0
      for (let run = 0; run < 5; run++) {
        const cpu = process.cpuUsage()
        const t = performance.now()
        const r = await pairedBootstrap(cand, champ, {
          seed: 7,
          resamples,
          threads,
          ...(variant === 'cluster' ? { clusters } : {})
        })
        walls.push((performance.now() - t) / 1000)
        const used2 = process.cpuUsage(cpu)
        cpus.push((used2.user + used2.system) / 1e6)
        ci = `[${r.low.toFixed(5)}, ${r.high.toFixed(5)}] (${r.units.toLocaleString('en')} units)`
        used = r.threads
      }
      console.log(
        `| ${variant} | ${used} | ${median(walls).toFixed(2)} | ${Math.min(...walls).toFixed(2)}–${Math.max(...walls).toFixed(2)} | ${median(cpus).toFixed(2)} | ${ci} |`
      )
    }
  }
  const rssAfter = process.resourceUsage().maxRSS
  console.log(
    `\nPeak RSS (process.resourceUsage().maxRSS, whole process incl. workers): ${mb(rssAfter)} MB ` +
      `(+${mb(rssAfter - rssBefore)} MB over the runs). Load average after: ${load()}.\n`
  )

  // 2. Calibration.
  const se = (p: number): string => Math.sqrt((p * (1 - p)) / simulations).toFixed(3)
  const row = (label: string, c: Calibration, expect: string): string =>
    `| ${label} | ${c.pass} | ${c.inconclusive} | ${c.fail} | ${(100 * c.passRate).toFixed(1)}% ± ${se(c.passRate)} | ${expect} |`
  console.log(
    `## Calibration: max_drop ${MAX_DROP}, 95% confidence, ${simulations} simulations each\n`
  )
  console.log(
    `0/1 samples: n = ${BINARY_N}, champion accuracy 0.85, 6% discordant items, Newcombe interval.\n`
  )
  console.log('| true Δ | pass | inconclusive | fail | pass rate ± MC s.e. | should be |')
  console.log('|---|---|---|---|---|---|')
  let t = performance.now()
  console.log(
    row('−max_drop', calibrateBinary(binaryScenario(-MAX_DROP), simulations, 101), NOMINAL)
  )
  console.log(row('0', calibrateBinary(binaryScenario(0), simulations, 102), POWER))
  console.log(
    row('−3·max_drop', calibrateBinary(binaryScenario(-3 * MAX_DROP), simulations, 103), '0')
  )
  // The Newcombe interval is cheap: 20 times the simulations pins its error rate down.
  const many = calibrateBinary(binaryScenario(-MAX_DROP), 20 * simulations, 104)
  const manySe = Math.sqrt((many.passRate * (1 - many.passRate)) / many.simulations)
  console.log(
    `| −max_drop, ${many.simulations} simulations | ${many.pass} | ${many.inconclusive} | ${many.fail} | ` +
      `${(100 * many.passRate).toFixed(2)}% ± ${manySe.toFixed(4)} | ${NOMINAL} |`
  )
  console.log(`\n(${((performance.now() - t) / 1000).toFixed(1)} s)\n`)

  console.log(
    `Continuous metric: n = ${CONTINUOUS_N}, item sd 0.15, noise sd 0.1 per model, ` +
      `paired bootstrap with ${calibrationResamples} resamples.\n`
  )
  console.log('| true Δ | pass | inconclusive | fail | pass rate ± MC s.e. | should be |')
  console.log('|---|---|---|---|---|---|')
  t = performance.now()
  const cont = (delta: number, seed: number): Calibration =>
    calibrateContinuous(continuousScenario(delta), simulations, seed, calibrationResamples)
  console.log(row('−max_drop', cont(-MAX_DROP, 201), NOMINAL))
  console.log(row('0', cont(0, 202), POWER))
  console.log(row('−3·max_drop', cont(-3 * MAX_DROP, 203), '0'))
  console.log(`\n(${((performance.now() - t) / 1000).toFixed(1)} s)`)
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main()
