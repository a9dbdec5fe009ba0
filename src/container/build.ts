import * as core from '@actions/core'
import * as exec from '@actions/exec'
import { existsSync } from 'node:fs'
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { GateError } from '../errors.js'

/**
 * The build step (SPEC §6 step 7): `build.command` runs in bash through @actions/exec, its output
 * streamed to the log. Template fields become environment references (`{model_uri}` → `${MODEL_URI}`)
 * rather than pasted text, so a registry value can never be parsed as shell syntax.
 */

export interface BuildValues {
  model: string
  version: string
  modelUri: string
  previousVersion: string
  alias: string
}

export interface BuildResult {
  ok: boolean
  exitCode: number | null
  timedOut: boolean
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

export function commandWithEnvRefs(command: string): string {
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
  /** Receives a function that stops the build (for cancellation). */
  onStart: (stop: () => void) => void = () => undefined
): Promise<BuildResult> {
  await mkdir(tmpdir, { recursive: true })
  const outputFile = path.join(tmpdir, `build-output-${process.pid}.txt`)
  const pidFile = path.join(tmpdir, `build-pid-${process.pid}.txt`)
  await writeFile(outputFile, '')
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    MODEL_NAME: values.model,
    MODEL_VERSION: values.version,
    MODEL_URI: values.modelUri,
    PREVIOUS_VERSION: values.previousVersion,
    MODEL_ALIAS: values.alias,
    MODEL_GATE_OUTPUT: outputFile,
    MODEL_GATE_BUILD_COMMAND: commandWithEnvRefs(command),
    MODEL_GATE_BUILD_PIDFILE: pidFile
  }
  // The inner shell records its pid (its own process group under setsid), so a timeout can stop
  // the build and everything it started.
  const wrapper = 'echo $$ > "$MODEL_GATE_BUILD_PIDFILE"; exec bash -c "$MODEL_GATE_BUILD_COMMAND"'
  const useSetsid = existsSync('/usr/bin/setsid') || existsSync('/bin/setsid')
  const started = Date.now()
  let timedOut = false
  const timer = setTimeout(() => {
    timedOut = true
    core.warning('the build command ran past build.timeout_minutes; stopping it')
    void stopBuild(pidFile, useSetsid)
  }, timeoutMs)
  onStart(() => void stopBuild(pidFile, useSetsid))
  core.startGroup(`build: ${command}`)
  let exitCode: number
  try {
    exitCode = await exec.exec(
      useSetsid ? 'setsid' : 'bash',
      useSetsid ? ['bash', '-c', wrapper] : ['-c', wrapper],
      {
        env,
        cwd: workdir,
        ignoreReturnCode: true
      }
    )
  } catch (err) {
    throw new GateError(
      `the build command could not be started: ${err instanceof Error ? err.message : String(err)}`,
      'check build.command and that bash is on the runner'
    )
  } finally {
    clearTimeout(timer)
    core.endGroup()
  }
  const outputs = parseKeyValues(await readFile(outputFile, 'utf8').catch(() => ''))
  await rm(outputFile, { force: true })
  await rm(pidFile, { force: true })
  return {
    ok: exitCode === 0 && !timedOut,
    exitCode,
    timedOut,
    durationMs: Date.now() - started,
    outputs
  }
}

async function stopBuild(pidFile: string, group: boolean): Promise<void> {
  const pid = Number((await readFile(pidFile, 'utf8').catch(() => '')).trim())
  if (!pid) return
  const signal = (sig: NodeJS.Signals): void => {
    try {
      process.kill(group ? -pid : pid, sig)
    } catch {
      // already gone
    }
  }
  signal('SIGTERM')
  setTimeout(() => signal('SIGKILL'), 10_000).unref()
}

export function parseKeyValues(text: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const line of text.split(/\r?\n/)) {
    const i = line.indexOf('=')
    if (i > 0) out[line.slice(0, i).trim()] = line.slice(i + 1).trim()
  }
  return out
}
