/** Levenshtein distance, for "did you mean" hints on misspelt names. */
function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]
    prev[0] = i
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1))
      diag = up
    }
  }
  return prev[b.length]
}

/** The candidates closest to `name`, best first; only those plausibly meant (distance ≤ ~40%). */
export function nearest(name: string, candidates: Iterable<string>, max = 3): string[] {
  const norm = (s: string): string => s.toLowerCase().replace(/[-_\s]/g, '')
  const scored = [...new Set(candidates)]
    .map((c) => ({ c, d: Math.min(editDistance(name, c), editDistance(norm(name), norm(c))) }))
    .filter(
      ({ c, d }) =>
        d <= Math.max(2, Math.ceil(Math.max(name.length, c.length) * 0.4)) ||
        // `minimum` for `min`, `p99` for `p99_ms`: one is the start of the other.
        (Math.min(name.length, c.length) >= 3 && (name.startsWith(c) || c.startsWith(name)))
    )
    .sort((x, y) => x.d - y.d || x.c.localeCompare(y.c))
  return scored.slice(0, max).map(({ c }) => c)
}
