/**
 * Cold start of the bundle: from process start to its first registry request, median of N runs.
 * Run: npx tsx bench/cold-start.ts [runs]   (NODE_BIN=/path/to/node to start the bundle with another Node)
 */
import { spawn } from 'node:child_process'
import { mkdtemp, writeFile } from 'node:fs/promises'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { statSync } from 'node:fs'
import { BUNDLE } from '../test-support/run-action.js'

const runs = Number(process.argv[2] ?? 15)
const nodeBin = process.env.NODE_BIN ?? process.execPath
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

const samples: number[] = []
for (let i = 0; i < runs; i++) {
  firstRequestAt = 0
  const started = performance.now()
  const child = spawn(nodeBin, [BUNDLE], {
    cwd: dir,
    env: {
      PATH: process.env.PATH,
      INPUT_MODEL: 'm',
      INPUT_VERSION: '1',
      INPUT_CONFIG: 'c.yml',
      GITHUB_WORKSPACE: dir,
      GITHUB_OUTPUT: path.join(dir, 'out'),
      GITHUB_STEP_SUMMARY: path.join(dir, 'sum'),
      MLFLOW_TRACKING_URI: url
    },
    stdio: 'ignore'
  })
  await new Promise((r) => child.on('close', r))
  if (firstRequestAt) samples.push(firstRequestAt - started)
}
server.close()
samples.sort((a, b) => a - b)
const median = samples[Math.floor(samples.length / 2)]
const size = statSync(BUNDLE).size
console.log(
  `${nodeBin === process.execPath ? `node ${process.version}` : nodeBin}: dist/index.js ${(size / 1024 / 1024).toFixed(2)} MB; ` +
    `process start → first registry request: median ${median.toFixed(0)} ms ` +
    `(min ${samples[0].toFixed(0)}, max ${samples[samples.length - 1].toFixed(0)}, n=${samples.length})`
)
