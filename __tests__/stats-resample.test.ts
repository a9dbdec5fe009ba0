import { describe, expect, it } from '@jest/globals'
import { RESAMPLE_WASM_BASE64 } from '../src/stats/kernel/resample-wasm.js'
import {
  BOOTSTRAP_CHUNK,
  type ChunkJob,
  chunkJobs,
  kernelModule,
  resampleMeans,
  resampleMeansSync,
  resampleReference
} from '../src/stats/resample.js'
import { lemireIndex, Rng } from '../src/stats/rng.js'

/** Per-unit sums with distinct, awkward doubles, so any change in order or index shows. */
function unitSums(units: number, seed: number): Float64Array {
  const rng = new Rng(seed)
  return Float64Array.from({ length: units }, () => rng.normal() * 0.37 + 1e-3 * rng.next())
}

function sameBits(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false
  return true
}

function referenceRun(
  sums: Float64Array,
  sizes: Float64Array | null,
  jobs: ChunkJob[],
  resamples: number
): Float64Array {
  const out = new Float64Array(resamples)
  for (const job of jobs) resampleReference(sums, sizes, out, job)
  return out
}

describe('the WebAssembly resampling kernel', () => {
  it('loads on this Node and is the engine the bootstrap uses', () => {
    expect(kernelModule()).not.toBeNull()
    expect(RESAMPLE_WASM_BASE64.length).toBeGreaterThan(100)
    const run = resampleMeansSync(unitSums(10, 1), null, chunkJobs(1, 3), 3)
    expect(run.engine).toBe('wasm')
  })

  // Sizes cover: one unit; odd counts, so a resample ends on a low half and the next starts on
  // the high half left over; 99,999 units, where each chunk takes several kernel calls (about a
  // million draws each) and the stream must carry over between them, rejections included
  // (2^32 mod 99,999 / 2^32 ≈ 1.1e-5 per draw); and 1.5 million units, where Lemire rejects about
  // one draw in 9,000.
  // [label, units, resamples, [fewest, most] distinct resample values]
  const cases: Array<[string, number, number, [number, number]]> = [
    ['1 unit', 1, 7, [1, 1]],
    ['3 units', 3, 300, [6, 300]],
    ['7 units', 7, 251, [6, 251]],
    ['1,000 units', 1000, 520, [520, 520]],
    ['99,999 units', 99_999, 25, [25, 25]],
    ['1.5 million units', 1_500_000, 2, [2, 2]]
  ]
  for (const [label, units, resamples, distinct] of cases) {
    it(`gives bit for bit the reference's resample means: ${label}`, () => {
      const sums = unitSums(units, units)
      const jobs = chunkJobs(units + 11, resamples)
      const kernel = resampleMeansSync(sums, null, jobs, resamples)
      expect(kernel.engine).toBe('wasm')
      expect(sameBits(kernel.out, referenceRun(sums, null, jobs, resamples))).toBe(true)
      // Not a constant: one unit gives one value; 3 or 7 units repeat multisets (though summed
      // in another order a multiset may differ in its last bit); beyond that every resample of
      // continuous sums differs.
      expect(new Set(kernel.out).size).toBeGreaterThanOrEqual(distinct[0])
      expect(new Set(kernel.out).size).toBeLessThanOrEqual(distinct[1])
    })
  }

  it('carries a high half across kernel calls: 99,999 units take 10 resamples a call', () => {
    // The case above only tests the carry if a call ends with a high half pending, i.e. if the
    // words consumed by its 10 resamples are odd in number. Count them for that seed and chunk.
    const units = 99_999
    const words = new Rng(chunkJobs(units + 11, 25)[0].state)
    let consumed = 0
    const oddAt: number[] = []
    for (let r = 1; r <= 20; r++) {
      for (let taken = 0; taken < units; consumed++)
        if (lemireIndex(words.nextUint32(), units) >= 0) taken++
      if (r % 10 === 0 && consumed % 2 === 1) oddAt.push(r)
    }
    expect(oddAt.length).toBeGreaterThan(0)
  })

  it('starts a resample with a pending high half, taken or rejected by Lemire', () => {
    const module = kernelModule()
    if (module === null) throw new Error('no kernel')
    const units = 7
    const sums = unitSums(units, 5)
    const state = chunkJobs(3, 1)[0].state
    const run = (pending: number, high: number): number => {
      const instance = new WebAssembly.Instance(module, {})
      const heap = (instance.exports.memory as WebAssembly.Memory).buffer
      new Float64Array(heap, 64, units).set(sums)
      const block = new Int32Array(heap, 0, 12)
      block.set(state)
      block[8] = pending
      block[10] = high | 0
      const resample = instance.exports.resample as (...args: number[]) => void
      resample(units, 64, 0, 1024, 1, 0)
      return new Float64Array(heap, 1024, 1)[0]
    }
    // 2^32 mod 7 = 4: a high half of 0 has x·7 mod 2^32 = 0 < 4, so Lemire rejects it and the
    // resample is the stream's own first resample.
    const fresh = new Rng(state)
    let sum = 0
    for (let j = 0; j < units; j++) sum += sums[fresh.int(units)]
    expect(run(0, 0)).toBe(sum / units)
    expect(run(1, 0)).toBe(sum / units)
    // A high half of 2^31 is accepted as index ⌊2^31·7/2^32⌋ = 3, drawn first; the stream then
    // supplies the other six.
    const rest = new Rng(state)
    let withPending = sums[3]
    for (let j = 1; j < units; j++) withPending += sums[rest.int(units)]
    expect(run(1, 2 ** 31)).toBe(withPending / units)
    expect(withPending / units).not.toBe(sum / units)
  })

  it('divides by the drawn clusters’ sizes for a cluster bootstrap, bit for bit', () => {
    const units = 5_001
    const sums = unitSums(units, 3)
    const rng = new Rng(4)
    const sizes = Float64Array.from({ length: units }, () => 1 + rng.int(20))
    const jobs = chunkJobs(8, 600)
    const kernel = resampleMeansSync(sums, sizes, jobs, 600)
    expect(sameBits(kernel.out, referenceRun(sums, sizes, jobs, 600))).toBe(true)
    // And the division really is by Σ sizes: one resample recomputed by hand.
    const first = new Rng(jobs[0].state)
    let sum = 0
    let total = 0
    for (let j = 0; j < units; j++) {
      const i = first.int(units)
      sum += sums[i]
      total += sizes[i]
    }
    expect(kernel.out[0]).toBe(sum / total)
  })

  it('draws chunk k from stream k, 250 resamples each', () => {
    const jobs = chunkJobs(21, 2 * BOOTSTRAP_CHUNK + 3)
    expect(jobs.map((j) => [j.from, j.count])).toEqual([
      [0, 250],
      [250, 250],
      [500, 3]
    ])
    expect(Array.from(jobs[2].state)).toEqual(Array.from(new Rng(21, 2).state()))
  })

  it('gives the same numbers on worker threads', async () => {
    const units = 40_000
    const sums = unitSums(units, 9)
    const resamples = 2_600 // 1.04·10⁸ draws: above the threshold for threads
    const jobs = chunkJobs(12, resamples)
    const threaded = await resampleMeans(sums, null, jobs, resamples, 2)
    expect(threaded.threads).toBe(2)
    expect(threaded.engine).toBe('wasm')
    expect(sameBits(threaded.out, resampleMeansSync(sums, null, jobs, resamples).out)).toBe(true)
  })
})
