import { type ChildProcess, spawn } from 'node:child_process'
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { ROOT } from './run-action.js'

/**
 * Runs the bundled CLI (dist/cli.js, the package's `bin`) as another CI system would: flags, the
 * environment, and no GITHUB_* variable at all, in a fresh directory holding the config.
 */

export const CLI_BUNDLE = path.join(ROOT, 'dist', 'cli.js')

export interface CliRun {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
  /** The receipt file (written to `receipt.json` in `dir` unless the args say otherwise). */
  receipt: Record<string, unknown> | undefined
  dir: string
}

export interface CliOptions {
  args: string[]
  env?: Record<string, string>
  /** Written to .github/model-gate.yml in the fresh directory (the default --config). */
  config?: string
  timeoutMs?: number
  onSpawn?: (child: ChildProcess) => void
}

export async function runCli(opts: CliOptions): Promise<CliRun> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'model-gate-cli-'))
  if (opts.config !== undefined) {
    await mkdir(path.join(dir, '.github'), { recursive: true })
    await writeFile(path.join(dir, '.github', 'model-gate.yml'), opts.config)
  }
  const receiptFile = path.join(dir, 'receipt.json')
  const args = opts.args.includes('--receipt')
    ? opts.args
    : [...opts.args, '--receipt', receiptFile]
  const child = spawn(process.execPath, [CLI_BUNDLE, ...args], {
    // Only what a CI job would have: no GITHUB_*, no RUNNER_*.
    env: { PATH: process.env.PATH ?? '', HOME: dir, ...opts.env },
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe']
  })
  opts.onSpawn?.(child)
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
  const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000)
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
    child.on('close', (c, s) => resolve([c, s]))
  )
  clearTimeout(timer)
  let receipt: Record<string, unknown> | undefined
  try {
    receipt = JSON.parse(await readFile(receiptFile, 'utf8')) as Record<string, unknown>
  } catch {
    receipt = undefined
  }
  return { code, signal, stdout, stderr, receipt, dir }
}
