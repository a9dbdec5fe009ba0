/**
 * A seeded, reproducible pseudo-random generator, so that a bootstrap verdict can be recomputed
 * bit for bit by anyone holding the seed.
 *
 * Algorithm (arithmetic mod 2^64 on the state, mod 2^32 on words):
 *
 * - Generator: xoshiro256** 1.0 (Blackman & Vigna, "Scrambled linear pseudorandom number
 *   generators", ACM TOMS 2021; reference code https://prng.di.unimi.it/xoshiro256starstar.c).
 *   State s[0..3] of 64 bits; each step outputs rotl(s[1]·5, 7)·9, then t = s[1] << 17,
 *   s[2] ^= s[0], s[3] ^= s[1], s[1] ^= s[2], s[0] ^= s[3], s[2] ^= t, s[3] = rotl(s[3], 45).
 * - Words: the generator is read as a stream of 32-bit words, each 64-bit output giving its low
 *   32 bits first, then its high 32 bits (as NumPy's `next32` does).
 * - Seeding: the seed (an integer 0 ≤ seed < 2^53) is the initial state of SplitMix64 (Vigna's
 *   recommended seeder; z += 0x9E3779B97F4A7C15, z = (z ^ z>>30)·0xBF58476D1CE4E5B9,
 *   z = (z ^ z>>27)·0x94D049BB133111EB, output z ^ z>>31), whose first four outputs are s[0..3].
 * - Streams: stream k is the seeded state advanced by k applications of the reference jump()
 *   (each is 2^128 steps), so streams never overlap.
 * - `int(n)`: Lemire's multiply-and-reject ("Fast random integer generation in an interval", ACM
 *   TOMACS 2019): x = next word, m = x·n (exact, 64-bit), l = m mod 2^32; while l < (2^32 mod n)
 *   draw again; return floor(m / 2^32). Exactly uniform, no modulo bias.
 * - `next()`: 53 bits from two words a then b: ((a >>> 5)·2^26 + (b >>> 6)) / 2^53, in [0, 1).
 * - `normal()`: Box–Muller on two `next()` values u1, u2: sqrt(−2 ln(1 − u1))·cos(2π u2).
 *
 * The bootstrap's hot loop runs the same generator in WebAssembly (kernel/resample.wat); here
 * each 64-bit word is kept as two signed 32-bit halves, which JavaScript computes exactly.
 */

const TWO32 = 4294967296
const INV_TWO32 = 1 / TWO32
const MASK64 = (1n << 64n) - 1n

// Hot paths avoid looking up the global `Math` object: inside a vm context (jest runs tests in
// one) every global lookup is an intercepted, unoptimisable access, about 100 times slower.
const { cos, log, sqrt } = Math
const TWO_PI = 2 * Math.PI

/** xoshiro256** jump polynomial from the reference code (2^128 steps), as 32-bit halves lo, hi. */
const JUMP = [
  0x3cfd0aba, 0x180ec6d3, 0xf0c9392c, 0xd5a61266, 0xe03fc9aa, 0xa9582618, 0x29b1661c, 0x39abdc45
]

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

/**
 * The xoshiro256** state for a seed and stream, as eight signed 32-bit words: s[0] low, s[0]
 * high, s[1] low, … (the little-endian layout of four 64-bit words, as the kernel reads them).
 */
export function seedState(seed: number, stream = 0): Int32Array {
  if (!Number.isSafeInteger(seed) || seed < 0)
    throw new RangeError(`seed must be an integer from 0 to 2^53−1, got ${seed}`)
  if (!Number.isSafeInteger(stream) || stream < 0)
    throw new RangeError(`stream must be a non-negative integer, got ${stream}`)
  const s = new Int32Array(8)
  splitMix64(BigInt(seed), 4).forEach((w, i) => {
    s[2 * i] = Number(w & 0xffffffffn)
    s[2 * i + 1] = Number(w >> 32n)
  })
  // The all-zero state is the one fixed point; SplitMix64 cannot produce it in four outputs.
  const rng = new Rng(s)
  for (let k = 0; k < stream; k++) rng.jump()
  return rng.state()
}

/**
 * One step of Lemire's method for a 32-bit output x and 1 ≤ n ≤ 2^32: the index ⌊x·n / 2^32⌋,
 * or −1 when the step rejects x (x·n mod 2^32 < 2^32 mod n) and another output must be drawn.
 */
export function lemireIndex(x: number, n: number): number {
  // hi = floor(x·n / 2^32), lo = x·n mod 2^32, exactly; `>>> 0` floors non-negative quotients
  // below 2^32. Below 2^21 the double product is exact; above, x is split into 16-bit halves so
  // that no partial product passes 2^53.
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
  // 2^32 mod n is below n, so the modulo is needed only when lo < n.
  return lo >= n || lo >= TWO32 % n ? hi : -1
}

export class Rng {
  // s[i] as (low, high) signed 32-bit halves.
  private a0: number
  private a1: number
  private b0: number
  private b1: number
  private c0: number
  private c1: number
  private d0: number
  private d1: number
  /** The high half of the last 64-bit output, while it has not been read. */
  private pending = -1

  /** From a seed (see the module comment), or from raw state words as `state()` returns them. */
  constructor(seed: number | ArrayLike<number>, stream = 0) {
    const s = typeof seed === 'number' ? seedState(seed, stream) : seed
    if (s.length !== 8) throw new RangeError('an xoshiro256** state has 8 32-bit words')
    this.a0 = s[0] | 0
    this.a1 = s[1] | 0
    this.b0 = s[2] | 0
    this.b1 = s[3] | 0
    this.c0 = s[4] | 0
    this.c1 = s[5] | 0
    this.d0 = s[6] | 0
    this.d1 = s[7] | 0
    let any = 0
    for (let i = 0; i < 8; i++) any |= s[i]
    if (any === 0) throw new RangeError('all-zero state')
  }

  /** The next 32-bit word, as an unsigned integer. */
  nextUint32(): number {
    if (this.pending >= 0) {
      const high = this.pending
      this.pending = -1
      return high
    }
    // result = rotl(s1·5, 7)·9, with ·5 and ·9 as shift-and-add carried across the halves (no
    // Math.imul: see the note above).
    const b0 = this.b0
    const b1 = this.b1
    let lo = (b0 << 2) >>> 0
    let sum = lo + (b0 >>> 0)
    let v0 = sum >>> 0
    let v1 = ((b1 << 2) | (b0 >>> 30)) + b1 + (sum >= TWO32 ? 1 : 0)
    const w0 = (v0 << 7) | (v1 >>> 25)
    const w1 = (v1 << 7) | (v0 >>> 25)
    lo = (w0 << 3) >>> 0
    sum = lo + (w0 >>> 0)
    v0 = sum >>> 0
    v1 = (((w1 << 3) | (w0 >>> 29)) + w1 + (sum >= TWO32 ? 1 : 0)) >>> 0
    // t = s1 << 17; then the xors; s3 = rotl(s3, 45) = rotl(swap halves, 13).
    const t0 = b0 << 17
    const t1 = (b1 << 17) | (b0 >>> 15)
    this.c0 ^= this.a0
    this.c1 ^= this.a1
    this.d0 ^= b0
    this.d1 ^= b1
    this.b0 = b0 ^ this.c0
    this.b1 = b1 ^ this.c1
    this.a0 ^= this.d0
    this.a1 ^= this.d1
    this.c0 ^= t0
    this.c1 ^= t1
    const d0 = this.d0
    const d1 = this.d1
    this.d0 = (d1 << 13) | (d0 >>> 19)
    this.d1 = (d0 << 13) | (d1 >>> 19)
    this.pending = v1
    return v0
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
      const i = lemireIndex(this.nextUint32(), n)
      if (i >= 0) return i
    }
  }

  /** A standard normal variate (Box–Muller; one of the pair is discarded for simplicity). */
  normal(): number {
    const u1 = this.next()
    const u2 = this.next()
    return sqrt(-2 * log(1 - u1)) * cos(TWO_PI * u2)
  }

  /** Advance 2^128 steps (the reference jump()); only between 64-bit outputs. */
  jump(): void {
    this.assertWhole('jump()')
    const t = new Int32Array(8)
    for (const word of JUMP) {
      for (let b = 0; b < 32; b++) {
        if ((word >>> b) & 1) {
          t[0] ^= this.a0
          t[1] ^= this.a1
          t[2] ^= this.b0
          t[3] ^= this.b1
          t[4] ^= this.c0
          t[5] ^= this.c1
          t[6] ^= this.d0
          t[7] ^= this.d1
        }
        this.nextUint32()
        this.pending = -1
      }
    }
    ;[this.a0, this.a1, this.b0, this.b1, this.c0, this.c1, this.d0, this.d1] = t
  }

  /**
   * The state words (see `seedState`), to hand to a copy of the generator elsewhere; only between
   * 64-bit outputs, since a half-read output is not part of them.
   */
  state(): Int32Array {
    this.assertWhole('state()')
    return Int32Array.of(this.a0, this.a1, this.b0, this.b1, this.c0, this.c1, this.d0, this.d1)
  }

  private assertWhole(what: string): void {
    if (this.pending >= 0)
      throw new Error(`${what} needs an even number of words read; the high half is pending`)
  }
}
