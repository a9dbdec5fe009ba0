/**
 * Cold start of the bundle: from process start to its first registry request, median of N runs,
 * beside a bare `node -e 0` (process start to exit) with the same Node in the same run: the
 * runs alternate, so a busy moment of the machine weighs on both. Also the child's CPU time
 * up to the same point (user + system), which a loaded machine inflates far less than wall time:
 * a preload (`--require`, well under 1 ms, in both) records process.cpuUsage() when undici opens
 * the first connection, or at exit for the bare start.
 * A third arm, the floor: a bundle of only yaml and zod reading the same config
 * (bench/cold-start-floor.ts), start to exit: what any run pays before its first request.
 * Run: npx tsx bench/cold-start.ts [runs]   (NODE_BIN=/path/to/node to start the bundle with another Node)
 */
import { execFileSync, spawn } from 'node:child_process'
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { statSync } from 'node:fs'
import { BUNDLE as DIST_BUNDLE } from '../test-support/run-action.js'

const runs = Number(process.argv[2] ?? 15)
const nodeBin = process.env.NODE_BIN ?? process.execPath
// BUNDLE=/path/to/index.js compares another build (its chunk files beside it).
const BUNDLE = process.env.BUNDLE ?? DIST_BUNDLE
let firstRequestAt = 0
const server = http.createServer((req, res) => {
  if (!firstRequestAt) firstRequestAt = performance.now()
  // Answer "alias not found" and let the run end quickly.
  res.writeHead(404, { 'content-type': 'application/json' })
  res.end(
    '{"error_code":"RESOURCE_DOES_NOT_EXIST","message":"Registered Model with name=m not found"}'
  )
})
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
const dir = await mkdtemp(path.join(os.tmpdir(), 'cold-'))
await writeFile(
  path.join(dir, 'c.yml'),
  'gates: [{name: a, type: metric, endpoint: "http://127.0.0.1:1/x", metric: a, min: 0}]'
)
await writeFile(path.join(dir, 'out'), '')
await writeFile(path.join(dir, 'sum'), '')

// The preload: CPU time at undici's first connect (the first registry request), else at exit.
const cpuFile = path.join(dir, 'cpu')
const preload = path.join(dir, 'cpu-at-first-connect.cjs')
await writeFile(
  preload,
  `const fs = require('node:fs'), dc = require('node:diagnostics_channel')
let done = false
const note = () => { if (done) return; done = true
  const u = process.cpuUsage(); fs.writeFileSync(${JSON.stringify(cpuFile)}, String((u.user + u.system) / 1000)) }
dc.subscribe('undici:client:beforeConnect', note)
process.on('exit', note)
`
)

const env = {
  PATH: process.env.PATH,
  INPUT_MODEL: 'm',
  INPUT_VERSION: '1',
  INPUT_CONFIG: 'c.yml',
  GITHUB_WORKSPACE: dir,
  GITHUB_OUTPUT: path.join(dir, 'out'),
  GITHUB_STEP_SUMMARY: path.join(dir, 'sum'),
  MLFLOW_TRACKING_URI: url
}

/** Wall ms from spawn to the first request (bundle) or to exit (bare), and the child's CPU ms. */
async function once(args: string[], bundle: boolean): Promise<[number, number] | undefined> {
  firstRequestAt = 0
  await writeFile(cpuFile, '')
  const started = performance.now()
  const child = spawn(nodeBin, ['--require', preload, ...args], { cwd: dir, env, stdio: 'ignore' })
  await new Promise((r) => child.on('close', r))
  const ended = bundle ? firstRequestAt : performance.now()
  if (!ended) return undefined
  return [ended - started, Number(await readFile(cpuFile, 'utf8'))]
}

// The floor, bundled as dist/ is (ncc), into the run's own folder.
const floorDir = path.join(dir, 'floor')
execFileSync('npx', [
  'ncc',
  'build',
  'bench/cold-start-floor.ts',
  '-o',
  floorDir,
  '--no-cache',
  '-q'
])
const FLOOR = path.join(floorDir, 'index.js')

const bare: [number, number][] = []
const bundle: [number, number][] = []
const floor: [number, number][] = []
for (let i = 0; i < runs; i++) {
  const b = await once(['-e', '0'], false)
  if (b) bare.push(b)
  const f = await once([FLOOR], false)
  if (f) floor.push(f)
  const s = await once([BUNDLE], true)
  if (s) bundle.push(s)
}
server.close()

const median = (xs: number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]
}
const describe = (xs: [number, number][]): string => {
  const wall = xs.map((x) => x[0]).sort((a, b) => a - b)
  return (
    `median ${median(wall).toFixed(0)} ms (min ${wall[0].toFixed(0)}, max ${wall[wall.length - 1].toFixed(0)}), ` +
    `CPU ${median(xs.map((x) => x[1])).toFixed(0)} ms`
  )
}
const size = statSync(BUNDLE).size
const ratio = (i: 0 | 1, of = bundle): string =>
  (median(of.map((x) => x[i])) / median(bare.map((x) => x[i]))).toFixed(2)
console.log(
  `${nodeBin === process.execPath ? `node ${process.version}` : nodeBin}, n=${bundle.length}: dist/index.js ${(size / 1024 / 1024).toFixed(2)} MB\n` +
    `  bare \`node -e 0\`, start → exit:                  ${describe(bare)}\n` +
    `  floor (yaml + zod read the config), start → exit: ${describe(floor)}\n` +
    `  bundle, start → first registry request:        ${describe(bundle)}\n` +
    `  ratio floor / bare: wall ${ratio(0, floor)}×, CPU ${ratio(1, floor)}×\n` +
    `  ratio bundle / bare: wall ${ratio(0)}×, CPU ${ratio(1)}×  (load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')})`
)
