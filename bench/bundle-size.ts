/**
 * Where the action bundle's bytes go: builds src/index.ts with ncc (as script/package does, into a
 * temporary folder) and prints, for the entry file every run parses and for the chunks loaded
 * on demand, the source bytes each package contributes (ncc's webpack stats, before ncc's own
 * wrapping, so the sums are a little under the file sizes).
 * Run: npx tsx bench/bundle-size.ts [entry, default src/index.ts]
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'

interface StatsModule {
  name: string
  size: number
  chunks?: (string | number)[]
  modules?: StatsModule[]
}
interface Stats {
  modules: StatsModule[]
  chunks: { id: string | number; initial?: boolean; entry?: boolean; files: string[] }[]
}

const entry = process.argv[2] ?? 'src/index.ts'
const out = mkdtempSync(path.join(os.tmpdir(), 'bundle-size-'))
execFileSync(
  'npx',
  ['ncc', 'build', entry, '-o', out, '--no-cache', '--stats-out', path.join(out, 'stats.json')],
  { stdio: 'ignore' }
)
const stats = JSON.parse(readFileSync(path.join(out, 'stats.json'), 'utf8')) as Stats

/** "undici", "@actions/github", or "src" for our own code. */
function owner(name: string): string {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(name)
  return m ? m[1] : name.startsWith('./src/') ? 'src' : name
}

/** Bytes by package; with `files`, our own code by file (what a chunk holds). */
function byPackage(keep: (m: StatsModule) => boolean, files = false): [string, number][] {
  const sizes = new Map<string, number>()
  for (const m of stats.modules.filter(keep))
    for (const inner of m.modules ?? [m]) {
      const key = files && owner(inner.name) === 'src' ? inner.name.slice(2) : owner(inner.name)
      sizes.set(key, (sizes.get(key) ?? 0) + inner.size)
    }
  return [...sizes].sort((a, b) => b[1] - a[1])
}

const entryChunk = stats.chunks.find((c) => c.entry || c.initial)
const inEntry = (m: StatsModule): boolean => (m.chunks ?? []).includes(entryChunk?.id ?? -1)
const kb = (n: number): string => `${(n / 1024).toFixed(0).padStart(6)} KB`

console.log(
  `${entry}: ${path.join(out, 'index.js')} is ${kb(statSync(path.join(out, 'index.js')).size)}`
)
console.log('\nentry file, parsed by every run (source bytes by package):')
for (const [name, size] of byPackage(inEntry)) if (size >= 1024) console.log(`${kb(size)}  ${name}`)
console.log('\nchunks, loaded only when a run needs them:')
for (const c of stats.chunks.filter((x) => x !== entryChunk)) {
  const file = c.files.find((f) => f.endsWith('.js')) ?? ''
  const mods = stats.modules.filter((m) => (m.chunks ?? []).includes(c.id))
  const top = byPackage((m) => mods.includes(m), true)
    .slice(0, 3)
    .map(([n, s]) => `${n} ${(s / 1024).toFixed(0)}`)
  const size = readdirSync(out).includes(file) ? statSync(path.join(out, file)).size : 0
  console.log(`${kb(size)}  ${file.padEnd(14)} ${top.join(', ')}`)
}
