/**
 * A seeded, reproducible pseudo-random generator, so that a bootstrap verdict can be recomputed
 * bit for bit by anyone holding the seed.
 *
 * Algorithm (all arithmetic on unsigned 32-bit words unless said otherwise):
 *
 * - Generator: xoshiro128** 1.1 (Blackman & Vigna, "Scrambled linear pseudorandom number
 *   generators", ACM TOMS 2021; reference code https://prng.di.unimi.it/xoshiro128starstar.c).
 *   State s[0..3]; each step outputs rotl(s[1]·5, 7)·9, then t = s[1] << 9, s[2] ^= s[0],
 *   s[3] ^= s[1], s[1] ^= s[2], s[0] ^= s[3], s[2] ^= t, s[3] = rotl(s[3], 11).
 * - Seeding: the seed (an integer 0 ≤ seed < 2^53) is the initial state of SplitMix64 (Vigna's
 *   recommended seeder; z += 0x9E3779B97F4A7C15, z = (z ^ z>>30)·0xBF58476D1CE4E5B9,
 *   z = (z ^ z>>27)·0x94D049BB133111EB, output z ^ z>>31, all mod 2^64). Its first output gives
 *   s[0] (low 32 bits) and s[1] (high 32 bits), its second s[2] (low) and s[3] (high).
 * - Streams: stream k is the seeded state advanced by k applications of the reference jump()
 *   (each is 2^64 steps), so streams never overlap.
 * - `int(n)`: Lemire's multiply-and-reject ("Fast random integer generation in an interval", ACM
 *   TOMACS 2019): x = next 32-bit output, m = x·n (exact, 64-bit), l = m mod 2^32; while
 *   l < (2^32 mod n) draw again; return floor(m / 2^32). Exactly uniform, no modulo bias.
 * - `next()`: 53 bits from two outputs a then b: ((a >>> 5)·2^26 + (b >>> 6)) / 2^53, in [0, 1).
 * - `normal()`: Box–Muller on two `next()` values u1, u2: sqrt(−2 ln(1 − u1))·cos(2π u2).
 */

const TWO32 = 4294967296
const INV_TWO32 = 1 / TWO32
const MASK64 = (1n << 64n) - 1n

// Hot paths avoid looking up the global `Math` object: inside a vm context (jest runs tests in
// one) every global lookup is an intercepted, unoptimisable access, about 100 times slower.
const { cos, log, sqrt } = Math
const TWO_PI = 2 * Math.PI

/** xoshiro128** jump polynomial from the reference code: 2^64 steps. */
const JUMP = [0x8764000b, 0xf542d2d3, 0x6fa035c3, 0x77f2db5b]

/** SplitMix64 outputs, as BigInt (seeding only, so speed does not matter). */
function splitMix64(seed: bigint, count: number): bigint[] {
  let z = seed
  const out: bigint[] = []
  for (let i = 0; i < count; i++) {
    z = (z + 0x9e3779b97f4a7c15n) & MASK64
    let r = z
    r = ((r ^ (r >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64
    r = ((r ^ (r >> 27n)) * 0x94d049bb133111ebn) & MASK64
    out.push(r ^ (r >> 31n))
  }
  return out
}

/** The xoshiro128** state words (as signed int32, the way the generator keeps them) for a seed. */
export function seedState(seed: number, stream = 0): Int32Array {
  if (!Number.isSafeInteger(seed) || seed < 0)
    throw new RangeError(`seed must be an integer from 0 to 2^53−1, got ${seed}`)
  if (!Number.isSafeInteger(stream) || stream < 0)
    throw new RangeError(`stream must be a non-negative integer, got ${stream}`)
  const [w0, w1] = splitMix64(BigInt(seed), 2)
  const s = Int32Array.of(
    Number(w0 & 0xffffffffn),
    Number(w0 >> 32n),
    Number(w1 & 0xffffffffn),
    Number(w1 >> 32n)
  )
  // The all-zero state is the one fixed point; SplitMix64 cannot produce it in two outputs.
  const rng = new Rng(s)
  for (let k = 0; k < stream; k++) rng.jump()
  return rng.state()
}

export class Rng {
  private s0: number
  private s1: number
  private s2: number
  private s3: number

  /** From a seed (see the module comment), or from raw state words as `state()` returns them. */
  constructor(seed: number | ArrayLike<number>, stream = 0) {
    const s = typeof seed === 'number' ? seedState(seed, stream) : seed
    if (s.length !== 4) throw new RangeError('an xoshiro128** state has 4 words')
    this.s0 = s[0] | 0
    this.s1 = s[1] | 0
    this.s2 = s[2] | 0
    this.s3 = s[3] | 0
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) throw new RangeError('all-zero state')
  }

  /** The next 32-bit output, as an unsigned integer. */
  nextUint32(): number {
    const s1 = this.s1
    // ·5 and ·9 as shift-and-add, exact mod 2^32 (no Math.imul: see the note above).
    const v = ((s1 << 2) + s1) | 0
    const w = (v << 7) | (v >>> 25)
    const result = ((w << 3) + w) >>> 0
    const t = s1 << 9
    this.s2 ^= this.s0
    this.s3 ^= this.s1
    this.s1 ^= this.s2
    this.s0 ^= this.s3
    this.s2 ^= t
    this.s3 = (this.s3 << 11) | (this.s3 >>> 21)
    return result
  }

  /** A uniform double in [0, 1) with 53 random bits. */
  next(): number {
    const a = this.nextUint32() >>> 5
    const b = this.nextUint32() >>> 6
    return (a * 67108864 + b) / 9007199254740992
  }

  /** A uniform integer in [0, n), 1 ≤ n ≤ 2^32, without bias (Lemire 2019). */
  int(n: number): number {
    if (!(n >= 1 && n <= TWO32 && n % 1 === 0))
      throw new RangeError(`int(n) needs an integer 1 ≤ n ≤ 2^32, got ${n}`)
    for (;;) {
      const x = this.nextUint32()
      // hi = floor(x·n / 2^32), lo = x·n mod 2^32, exactly; `>>> 0` floors non-negative
      // quotients below 2^32. Below 2^21 the double product is exact; above, x is split into
      // 16-bit halves so that no partial product passes 2^53.
      let hi: number
      let lo: number
      if (n < 2097152) {
        const m = x * n
        hi = (m * INV_TWO32) >>> 0
        lo = m - hi * TWO32
      } else {
        const a = (x >>> 16) * n
        const aHigh = (a / 65536) >>> 0
        const low = (a - aHigh * 65536) * 65536 + (x & 0xffff) * n
        const carry = (low * INV_TWO32) >>> 0
        hi = aHigh + carry
        lo = low - carry * TWO32
      }
      // Lemire: reject when lo < 2^32 mod n, which is below n, so the modulo is rarely needed.
      if (lo >= n || lo >= TWO32 % n) return hi
    }
  }

  /** A standard normal variate (Box–Muller; one of the pair is discarded for simplicity). */
  normal(): number {
    const u1 = this.next()
    const u2 = this.next()
    return sqrt(-2 * log(1 - u1)) * cos(TWO_PI * u2)
  }

  /** Advance 2^64 steps (the reference jump()). */
  jump(): void {
    let t0 = 0
    let t1 = 0
    let t2 = 0
    let t3 = 0
    for (const word of JUMP) {
      for (let b = 0; b < 32; b++) {
        if ((word >>> b) & 1) {
          t0 ^= this.s0
          t1 ^= this.s1
          t2 ^= this.s2
          t3 ^= this.s3
        }
        this.nextUint32()
      }
    }
    this.s0 = t0
    this.s1 = t1
    this.s2 = t2
    this.s3 = t3
  }

  /** The current state words (signed int32), to hand to a copy of the generator elsewhere. */
  state(): Int32Array {
    return Int32Array.of(this.s0, this.s1, this.s2, this.s3)
  }
}
