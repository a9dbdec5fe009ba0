/**
 * Numbers as people read them in the job summary, the PR comment, the check run, annotations and
 * the terminal. Every negative number carries U+2212 (−), the sign the thresholds already use:
 * a hyphen beside it (`-0.0205` next to `Δ > −0.01`) reads as two different things. Machine
 * outputs (step outputs, receipt JSON, registry tags) never go through here: they keep the
 * plain number.
 */

/** U+2212 MINUS SIGN. */
export const MINUS = '\u2212'

/** A hyphen-minus (also the exponent's) as the minus sign; a rounded zero loses its sign. */
function typographic(s: string): string {
  return /^-0(\.0*)?$/.test(s) ? s.slice(1) : s.replace(/-/g, MINUS)
}

/** A measured number: four significant digits, exponent form when very small or large. */
export function fmt(x: number): string {
  if (!Number.isFinite(x)) return typographic(String(x))
  const a = Math.abs(x)
  if (a !== 0 && (a < 1e-3 || a >= 1e6)) return typographic(x.toExponential(3))
  return typographic(String(Number(x.toPrecision(4))))
}

/**
 * A measured number shown beside the limit it is compared with: fmt, or every digit when fmt
 * would round it onto the limit ("100 ms is above 100 ms").
 */
export function near(x: number, limit: number): string {
  return fmt(x) === fmt(limit) ? exact(x) : fmt(x)
}

/** A number the user wrote (a limit from the config): every digit kept, the sign typeset. */
export function exact(x: number): string {
  return typographic(String(x))
}

/** Beyond this many decimals a fixed-point number is unreadable; fmt's exponent form takes over. */
const MAX_DECIMALS = 12

/**
 * How many decimals an interval [low, high] supports: enough to show its half-width with two
 * significant digits (0.0067 → 4), none when the half-width is 10 or more. Undefined when the
 * interval has no width to go by (a point, or a non-finite end).
 */
export function intervalDecimals(low: number, high: number): number | undefined {
  const half = (high - low) / 2
  if (!Number.isFinite(half) || half <= 0) return undefined
  const decimals = 1 - Math.floor(Math.log10(half))
  return decimals > MAX_DECIMALS ? undefined : decimals
}

/**
 * x rounded half away from zero to `decimals` places (a negative count rounds to tens, hundreds,
 * …). The shift goes through the decimal text, not a multiplication, so 0.9155 rounds to 0.916
 * as a reader expects, not to 0.915 as its binary value (0.91549999…) would.
 */
export function fixed(x: number, decimals: number): string {
  const text = String(Math.abs(x))
  const shifted = Math.round(
    text.includes('e') ? Math.abs(x) * 10 ** decimals : Number(`${text}e${decimals}`)
  )
  const rounded =
    Math.sign(x) * (decimals >= 0 ? shifted / 10 ** decimals : shifted * 10 ** -decimals)
  return typographic(rounded.toFixed(Math.max(0, decimals)))
}

/**
 * A value and its confidence interval at one precision, the interval's: `0.0085 [0.0019,
 * 0.0153]`, not `0.0085 [0.001943, 0.01529]`. Digits past what the interval can tell are noise,
 * and a value shown finer than its interval claims a precision it does not have. Without a usable
 * width each number falls back to fmt. `limits` are what the message compares the interval
 * with: a number that differs from one is never rounded onto it ("upper bound 0.90 is below 0.9").
 */
export function fmtInterval(
  value: number,
  low: number,
  high: number,
  ...limits: number[]
): { value: string; low: string; high: string } {
  let decimals = intervalDecimals(low, high)
  if (decimals === undefined || !Number.isFinite(value))
    return { value: fmt(value), low: fmt(low), high: fmt(high) }
  const blurs = (d: number): boolean =>
    limits.some((l) => [value, low, high].some((x) => x !== l && fixed(x, d) === fixed(l, d)))
  while (decimals < MAX_DECIMALS && blurs(decimals)) decimals++
  return { value: fixed(value, decimals), low: fixed(low, decimals), high: fixed(high, decimals) }
}

/** A short, single-line fragment of someone else's text (a server's error, an id), for messages. */
export function clip(s: string, max = 200): string {
  const one = s.replace(/\s+/g, ' ').trim()
  return one.length > max ? `${one.slice(0, max)}…` : one
}

/** A share as a percentage: 0.0123 → "1.23%". */
export function pct(x: number): string {
  return `${fmt(x * 100)}%`
}

/**
 * A gate's value and the ends of its CI as the reports show them: all at the precision the CI
 * supports, or the value alone by fmt. '—' for a value that was not measured.
 */
export function shownValue(
  value: number | undefined,
  ci: { low: number; high: number } | null | undefined
): { value: string; low?: string; high?: string } {
  if (!ci) return { value: value !== undefined ? fmt(value) : '—' }
  if (value === undefined) return { value: '—', low: fmt(ci.low), high: fmt(ci.high) }
  return fmtInterval(value, ci.low, ci.high)
}
