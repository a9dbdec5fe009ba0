import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * Runs the bundled dist/index.js exactly as the GitHub runner does: inputs as INPUT_* variables
 * (hyphens kept, upper-cased), GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files, an event file.
 */

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
export const BUNDLE = path.join(ROOT, 'dist', 'index.js')

export interface ActionRun {
  code: number | null
  stdout: string
  stderr: string
  outputs: Record<string, string>
  summary: string
  receipt: Record<string, unknown> | undefined
  dir: string
}

export interface ActionOptions {
  inputs: Record<string, string>
  /** Extra environment (credentials, GITHUB_* overrides). */
  env?: Record<string, string>
  /** Gate config YAML, written to .github/model-gate.yml in a fresh workspace. */
  config?: string
  /** Files an earlier step of the job wrote into the workspace: relative path → content. */
  files?: Record<string, string>
  event?: { name: string; payload: Record<string, unknown> }
  /** Kill the child after this long (default 60 s). */
  timeoutMs?: number
  /** Receives the child process, for crash-safety tests that signal it mid-run. */
  onSpawn?: (child: ChildProcess) => void
}

export async function runAction(opts: ActionOptions): Promise<ActionRun> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'model-gate-run-'))
  const outputFile = path.join(dir, 'output.txt')
  const summaryFile = path.join(dir, 'summary.md')
  const eventFile = path.join(dir, 'event.json')
  await writeFile(outputFile, '')
  await writeFile(summaryFile, '')
  await writeFile(eventFile, JSON.stringify(opts.event?.payload ?? {}))
  if (opts.config !== undefined) {
    await import('node:fs/promises').then((fs) =>
      fs.mkdir(path.join(dir, '.github'), { recursive: true })
    )
    await writeFile(path.join(dir, '.github', 'model-gate.yml'), opts.config)
  }
  for (const [rel, content] of Object.entries(opts.files ?? {})) {
    const file = path.join(dir, rel)
    await import('node:fs/promises').then((fs) => fs.mkdir(path.dirname(file), { recursive: true }))
    await writeFile(file, content)
  }
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? dir,
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: dir,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_EVENT_PATH: eventFile,
    GITHUB_EVENT_NAME: opts.event?.name ?? 'workflow_dispatch',
    GITHUB_REPOSITORY: 'acme/models',
    GITHUB_RUN_ID: '4242',
    GITHUB_SHA: 'abc123def4567890abc123def4567890abc12345',
    GITHUB_SERVER_URL: 'https://github.com',
    RUNNER_TEMP: dir,
    ...opts.env
  }
  for (const [k, v] of Object.entries(opts.inputs)) env[`INPUT_${k.toUpperCase()}`] = v
  const child = spawn(process.execPath, [BUNDLE], {
    env,
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe']
  })
  opts.onSpawn?.(child)
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
  const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000)
  const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)))
  clearTimeout(timer)
  const outputs = parseOutputs(await readFile(outputFile, 'utf8'))
  let receipt: Record<string, unknown> | undefined
  if (outputs.receipt) {
    try {
      receipt = JSON.parse(await readFile(outputs.receipt, 'utf8')) as Record<string, unknown>
    } catch {
      receipt = undefined
    }
  }
  return {
    code,
    stdout,
    stderr,
    outputs,
    summary: await readFile(summaryFile, 'utf8'),
    receipt,
    dir
  }
}

/** GITHUB_OUTPUT's heredoc format: name<<DELIM\nvalue\nDELIM */
export function parseOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<=]+)<<(.+)$/.exec(lines[i])
    if (m) {
      const value: string[] = []
      for (i++; i < lines.length && lines[i] !== m[2]; i++) value.push(lines[i])
      out[m[1]] = value.join('\n')
    } else if (lines[i].includes('=')) {
      const j = lines[i].indexOf('=')
      out[lines[i].slice(0, j)] = lines[i].slice(j + 1)
    }
  }
  return out
}
