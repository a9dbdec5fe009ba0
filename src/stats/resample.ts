import { log } from '../log.js'
/**
 * How the bootstrap draws its resamples, and the engine that runs them: a WebAssembly kernel
 * (kernel/resample.wat), on worker threads when the job is large.
 *
 * The draws, precisely (this is what a receipt's seed reproduces):
 * - Resamples come in chunks of BOOTSTRAP_CHUNK = 250. Chunk k draws from stream k of the seed
 *   (the seeded xoshiro256** state jumped k times; rng.ts), resample after resample.
 * - A resample of `units` units makes `units` draws `Rng.int(units)` (Lemire's method on the
 *   stream's 32-bit words), with replacement. The words run on from one resample to the next:
 *   a high half left over when a resample is complete is the first word of the next one.
 * - For the mean, its value is Σ sums[i] over the drawn indices, added in the order drawn,
 *   divided by `units` (or by Σ sizes[i] over the same indices for a cluster bootstrap).
 *
 * Thread count never changes a number: chunks are independent, wherever they run.
 */
import { Worker } from 'node:worker_threads'
import { RESAMPLE_WASM_BASE64 } from './kernel/resample-wasm.js'
import { Rng } from './rng.js'

/** Resamples per chunk (one stream each); changing it changes every bootstrap result. */
export const BOOTSTRAP_CHUNK = 250

/** Below this many random draws (units × resamples) worker threads cost more than they save. */
export const PARALLEL_MIN_DRAWS = 100_000_000

/**
 * A conservative bound for the kernel's 32-bit memory (its byte offsets reach ~2^30 here, 16·units
 * plus a little, and overflow only near 2^28 units): beyond it the TypeScript reference runs.
 */
const KERNEL_MAX_UNITS = 1 << 26

/** One chunk of resamples: out[from … from + count) from its stream's state (`Rng.state()`). */
export interface ChunkJob {
  from: number
  count: number
  state: Int32Array
}

/** The chunks for `resamples` resamples from `seed`. */
export function chunkJobs(seed: number, resamples: number): ChunkJob[] {
  const rng = new Rng(seed)
  const jobs: ChunkJob[] = []
  for (let from = 0; from < resamples; from += BOOTSTRAP_CHUNK) {
    jobs.push({ from, count: Math.min(BOOTSTRAP_CHUNK, resamples - from), state: rng.state() })
    rng.jump()
  }
  return jobs
}

/**
 * The mean's resamples in plain TypeScript: the specification of the kernel (the tests hold the
 * two to identical results) and the engine where WebAssembly is missing.
 */
export function resampleReference(
  sums: Float64Array,
  sizes: Float64Array | null,
  out: Float64Array,
  job: ChunkJob
): void {
  const units = sums.length
  const rng = new Rng(job.state)
  for (let r = 0; r < job.count; r++) {
    let sum = 0
    let total = 0
    for (let j = 0; j < units; j++) {
      const i = rng.int(units)
      sum += sums[i]
      if (sizes !== null) total += sizes[i]
    }
    out[job.from + r] = sum / (sizes === null ? units : total)
  }
}

let compiled: WebAssembly.Module | null | undefined

/** The compiled kernel, or null where this runtime cannot run it. */
export function kernelModule(): WebAssembly.Module | null {
  if (compiled === undefined) {
    const bytes = Buffer.from(RESAMPLE_WASM_BASE64, 'base64')
    try {
      compiled = WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null
    } catch {
      compiled = null
    }
  }
  return compiled
}

/**
 * Runs chunks through the kernel: one instance, the per-unit sums (and sizes) copied into its
 * memory once, then per chunk its stream's state in and `resample` called on slices of about a
 * million draws (a long first call would run entirely in V8's baseline tier; short calls let the
 * optimised code take over after a few), the results out. Self-contained on purpose: its source
 * text is also what each worker thread runs.
 */
function runKernel(
  module: WebAssembly.Module,
  sums: Float64Array,
  sizes: Float64Array | null,
  out: Float64Array,
  jobs: Array<{ from: number; count: number; state: Int32Array }>
): void {
  const units = sums.length
  let most = 0
  for (const job of jobs) most = Math.max(most, job.count)
  const STATE = 0
  const SUMS = 64
  const SIZES = SUMS + 8 * units
  const OUT = SIZES + (sizes === null ? 0 : 8 * units)
  const instance = new WebAssembly.Instance(module, {})
  const memory = instance.exports.memory as WebAssembly.Memory
  const pages = Math.ceil((OUT + 8 * most) / 65536)
  const have = memory.buffer.byteLength / 65536
  if (pages > have) memory.grow(pages - have)
  const heap = memory.buffer
  new Float64Array(heap, SUMS, units).set(sums)
  if (sizes !== null) new Float64Array(heap, SIZES, units).set(sizes)
  // Words 0-7: the xoshiro256** state; 8: whether a high half is pending (then in words 10-11).
  const state = new Int32Array(heap, STATE, 12)
  const results = new Float64Array(heap, OUT, most)
  const resample = instance.exports.resample as (...args: number[]) => void
  const slice = Math.max(1, Math.floor(1_000_000 / units))
  for (const job of jobs) {
    state.fill(0)
    state.set(job.state)
    for (let r = 0; r < job.count; r += slice) {
      const n = Math.min(slice, job.count - r)
      resample(units, SUMS, sizes === null ? 0 : SIZES, OUT + 8 * r, n, STATE)
    }
    out.set(results.subarray(0, job.count), job.from)
  }
}

/** Where the resamples of the mean were computed. */
interface ResampleRun {
  out: Float64Array
  threads: number
  engine: 'wasm' | 'typescript'
}

/**
 * All resamples of the mean for these per-unit sums (and sizes): on worker threads when the job
 * is large and `threads` > 1, else on the calling thread; the same numbers either way.
 */
export async function resampleMeans(
  sums: Float64Array,
  sizes: Float64Array | null,
  jobs: ChunkJob[],
  resamples: number,
  threads: number
): Promise<ResampleRun> {
  const module = kernelModule()
  const workers = Math.min(threads, jobs.length)
  if (
    module !== null &&
    sums.length <= KERNEL_MAX_UNITS &&
    workers > 1 &&
    sums.length * resamples >= PARALLEL_MIN_DRAWS
  ) {
    const out = await resampleInWorkers(module, sums, sizes, jobs, resamples, workers)
    if (out) return { out, threads: workers, engine: 'wasm' }
  }
  return resampleMeansSync(sums, sizes, jobs, resamples)
}

/** `resampleMeans` on the calling thread. */
export function resampleMeansSync(
  sums: Float64Array,
  sizes: Float64Array | null,
  jobs: ChunkJob[],
  resamples: number
): ResampleRun {
  const out = new Float64Array(resamples)
  const module = kernelModule()
  if (module !== null && sums.length <= KERNEL_MAX_UNITS) {
    try {
      runKernel(module, sums, sizes, out, jobs)
      return { out, threads: 1, engine: 'wasm' }
    } catch {
      // No memory for an instance (or the runtime refused one): the reference gives the same
      // numbers, only slower. Every chunk is recomputed, so nothing half-written survives.
    }
  }
  for (const job of jobs) resampleReference(sums, sizes, out, job)
  return { out, threads: 1, engine: 'typescript' }
}

/** The worker: the kernel on its share of the chunks, results into shared memory. */
const WORKER_SOURCE = `'use strict'
const { workerData } = require('node:worker_threads')
const runKernel = (${runKernel.toString()})
const { module, sums, sizes, out, jobs } = workerData
runKernel(module, sums, sizes, out, jobs)
`

/** Chunks dealt round-robin to workers; null if any worker failed (the caller then runs inline). */
async function resampleInWorkers(
  module: WebAssembly.Module,
  sumsIn: Float64Array,
  sizesIn: Float64Array | null,
  jobs: ChunkJob[],
  resamples: number,
  workers: number
): Promise<Float64Array | null> {
  const share = (a: Float64Array): Float64Array => {
    const copy = new Float64Array(new SharedArrayBuffer(a.byteLength))
    copy.set(a)
    return copy
  }
  const sums = share(sumsIn)
  const sizes = sizesIn && share(sizesIn)
  const out = new Float64Array(new SharedArrayBuffer(8 * resamples))
  const shares: ChunkJob[][] = Array.from({ length: workers }, () => [])
  jobs.forEach((job, k) => shares[k % workers].push(job))
  const done = await Promise.all(
    shares.map((mine) => runWorker({ module, sums, sizes, out, jobs: mine }))
  )
  return done.every(Boolean) ? out : null
}

function runWorker(workerData: unknown): Promise<boolean> {
  return new Promise((resolve) => {
    let worker: Worker
    try {
      worker = new Worker(WORKER_SOURCE, { eval: true, workerData })
    } catch (err) {
      // The caller recomputes inline with the same numbers; say so, so a slow run is explained.
      log.debug(`bootstrap worker could not start (${describe(err)}); resampling inline`)
      resolve(false)
      return
    }
    // The script ends when its work is done; exit code 0 means every result is in shared memory.
    worker.on('error', (err) =>
      log.debug(`bootstrap worker failed (${describe(err)}); resampling inline`)
    )
    worker.on('exit', (code) => {
      if (code !== 0) log.debug(`bootstrap worker exited with code ${code}; resampling inline`)
      resolve(code === 0)
    })
  })
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}
