/** Numbers as reports show them: four significant digits, exponent form when very small or large. */
export function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x)
  const a = Math.abs(x)
  if (a !== 0 && (a < 1e-3 || a >= 1e6)) return x.toExponential(3)
  return String(Number(x.toPrecision(4)))
}
