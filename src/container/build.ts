import { spawn } from 'node:child_process'
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { setTimeout as delay } from 'node:timers/promises'
import { GateError } from '../errors.js'
import { log } from '../log.js'

/**
 * The build step (SPEC §6 step 7): `build.command` runs in bash, its output streamed to the log.
 * Template fields become environment references (`{model_uri}` → `${MODEL_URI}`) rather than
 * pasted text, so a registry value can never be parsed as shell syntax.
 *
 * The build runs in a process group of its own (spawned detached), whose id is the shell's pid and
 * so known the moment it is spawned: a timeout or a cancellation stops the shell and everything
 * it started, whatever the timing. A stop asked for before the build started means it never does.
 */

/** How long a stopped build gets between SIGTERM and SIGKILL. GitHub's runner sends SIGKILL
 * about 10 s after a cancel's first signal; the restore that follows the stop must fit in that. */
const STOP_GRACE_MS = 5_000

interface BuildValues {
  model: string
  version: string
  modelUri: string
  previousVersion: string
  alias: string
}

interface BuildResult {
  ok: boolean
  /** False when a stop came before the build started: no command ran. */
  started: boolean
  exitCode: number | null
  timedOut: boolean
  /** The build was stopped because the run was cancelled while it ran. */
  cancelled: boolean
  durationMs: number
  /** key=value lines the command wrote to $MODEL_GATE_OUTPUT (e.g. image=registry/llm:12). */
  outputs: Record<string, string>
}

const PLACEHOLDER_ENV: Record<string, string> = {
  model: 'MODEL_NAME',
  version: 'MODEL_VERSION',
  model_uri: 'MODEL_URI',
  previous_version: 'PREVIOUS_VERSION',
  alias: 'MODEL_ALIAS'
}

function commandWithEnvRefs(command: string): string {
  return command.replace(/\{([a-z_]+)\}/g, (whole, key: string) =>
    PLACEHOLDER_ENV[key] ? `\${${PLACEHOLDER_ENV[key]}}` : whole
  )
}

export async function runBuild(
  command: string,
  values: BuildValues,
  timeoutMs: number,
  workdir: string,
  tmpdir: string,
  /** Aborted when the run is cancelled: the build is stopped, or never started. */
  cancel?: AbortSignal,
  graceMs = STOP_GRACE_MS
): Promise<BuildResult> {
  const started = Date.now()
  await mkdir(tmpdir, { recursive: true })
  const outputFile = path.join(tmpdir, `build-output-${process.pid}.txt`)
  await writeFile(outputFile, '')
  if (cancel?.aborted) {
    await rm(outputFile, { force: true })
    return {
      ok: false,
      started: false,
      exitCode: null,
      timedOut: false,
      cancelled: true,
      durationMs: 0,
      outputs: {}
    }
  }
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    MODEL_NAME: values.model,
    MODEL_VERSION: values.version,
    MODEL_URI: values.modelUri,
    PREVIOUS_VERSION: values.previousVersion,
    MODEL_ALIAS: values.alias,
    MODEL_GATE_OUTPUT: outputFile
  }
  const script = commandWithEnvRefs(command)
  log.startGroup(`build: ${command}`)
  let timedOut = false
  let cancelled = false
  let exit: { code: number | null; signal: NodeJS.Signals | null }
  try {
    // stdio inherited: the build writes straight to the step log, and no pipe a leftover
    // background process holds open can keep the step waiting.
    const child = spawn('bash', ['-c', script], {
      env,
      cwd: workdir,
      detached: true,
      // The CLI sends it to stderr, so its stdout stays the report.
      stdio: ['ignore', log.buildStdout(), 'inherit']
    })
    const exited = new Promise<typeof exit>((resolve, reject) => {
      child.once('error', reject)
      child.once('exit', (code, signal) => resolve({ code, signal }))
    })
    const group = child.pid === undefined ? undefined : new ProcessGroup(child.pid, graceMs)
    const timer = setTimeout(() => {
      timedOut = true
      log.warning('the build command ran past build.timeout_minutes; stopping it')
      group?.stop()
    }, timeoutMs)
    const onCancel = (): void => {
      cancelled = true
      group?.stop()
    }
    cancel?.addEventListener('abort', onCancel, { once: true })
    try {
      exit = await exited
      // A stopped build is over only when its whole group is: nothing it started may keep
      // running (pushing an image, say) after a restore.
      await group?.stopped()
    } finally {
      clearTimeout(timer)
      cancel?.removeEventListener('abort', onCancel)
    }
  } catch (err) {
    throw new GateError(
      `the build command could not be started: ${err instanceof Error ? err.message : String(err)}`,
      'check build.command, that bash is on the runner, and that the workspace exists'
    )
  } finally {
    log.endGroup()
  }
  const outputs = parseKeyValues(await readFile(outputFile, 'utf8').catch(() => ''))
  await rm(outputFile, { force: true })
  return {
    ok: exit.code === 0 && !timedOut && !cancelled,
    started: true,
    exitCode: exit.code,
    timedOut,
    cancelled,
    durationMs: Date.now() - started,
    outputs
  }
}

/**
 * The build's process group (its id is the shell's pid). `stop` sends SIGTERM to every member,
 * then SIGKILL to whatever is left after the grace period.
 */
class ProcessGroup {
  private stopping: Promise<void> | undefined

  constructor(
    private readonly pgid: number,
    private readonly graceMs: number
  ) {}

  stop(): void {
    this.stopping ??= this.terminate()
  }

  /** Resolves once a stop (if any) has ended the whole group. */
  async stopped(): Promise<void> {
    await this.stopping
  }

  private async terminate(): Promise<void> {
    this.signal('SIGTERM')
    const deadline = Date.now() + this.graceMs
    // No event says "the group is empty": ask the kernel (signal 0) until it is, or time is up.
    while (this.alive() && Date.now() < deadline) await delay(50)
    if (this.alive()) {
      log.warning(`the build did not stop within ${this.graceMs / 1000} s of SIGTERM; killing it`)
      this.signal('SIGKILL')
    }
  }

  private signal(sig: NodeJS.Signals): void {
    try {
      process.kill(-this.pgid, sig)
    } catch {
      // ESRCH: nothing left in the group
    }
  }

  private alive(): boolean {
    try {
      process.kill(-this.pgid, 0)
      return true
    } catch (err) {
      // EPERM: a member we may not signal is still there.
      return (err as NodeJS.ErrnoException).code === 'EPERM'
    }
  }
}

function parseKeyValues(text: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const line of text.split(/\r?\n/)) {
    const i = line.indexOf('=')
    if (i > 0) out[line.slice(0, i).trim()] = line.slice(i + 1).trim()
  }
  return out
}
