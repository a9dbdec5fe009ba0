import { describeError } from '../errors.js'
import { useLogger } from '../log.js'
import { type FrontEnd, run } from '../main.js'
import { cancelRequested } from '../promotion/shutdown.js'
import type { RunReport } from '../report.js'
import { paint, renderTerminalReport, TerminalLog, wantsColour } from '../reports/terminal.js'
import { redact, redactDeep } from '../secrets.js'
import { buildSettings, type RunInfo, type RunPlace } from '../settings/settings.js'
import { helpText, parseFlags } from './args.js'

/**
 * `model-gate` on a laptop or in another CI system (SPEC §12): flags instead of action inputs,
 * the terminal instead of GitHub. The same core run decides; it never needs a GITHUB_* variable
 * and never calls GitHub. Returns the exit code.
 */

const EXIT = { allowed: 0, refused: 1, error: 2, interrupted: 130 } as const

export async function runCli(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const out = guardStdout()
  let options: ReturnType<typeof parseFlags>
  try {
    options = parseFlags(argv)
  } catch (err) {
    process.stderr.write(`model-gate: ${describeError(err)}\n`)
    return EXIT.error
  }
  if (options.help) {
    await out(helpText())
    return EXIT.allowed
  }
  const colour = wantsColour(process.stdout, options.noColor, env)
  const terminal = new TerminalLog(
    process.stderr,
    paint(wantsColour(process.stderr, options.noColor, env)),
    { debug: Boolean(env.MODEL_GATE_DEBUG) }
  )
  useLogger(terminal)
  const { inputs } = options
  const front: FrontEnd = {
    cancelExitCode: EXIT.interrupted,
    progress: terminal,
    async settings(report) {
      report.model = inputs.model
      report.requestedVersion = inputs.version
      return buildSettings(inputs, env, cliPlace(env))
    },
    async publish(report, settings, failure) {
      terminal.close()
      if (options.json) await out(`${JSON.stringify(redactDeep(report), null, 2)}\n`)
      else await out(renderTerminalReport(report, settings?.receiptPath, failure, paint(colour)))
      // An error always gets its line on stderr; a refusal is already the table's story, and
      // gets a line there only when stdout carries JSON.
      if (failure !== undefined && report.verdict === 'error')
        terminal.error(`model-gate: ${redact(failure)}`)
      else if (failure !== undefined && options.json)
        terminal.info(`model-gate: ${redact(failure)}`)
    }
  }
  return exitCode(await run(front))
}

function exitCode(report: RunReport): number {
  if (cancelRequested()) return EXIT.interrupted
  if (report.succeeded) return EXIT.allowed
  return report.verdict === 'error' || report.error ? EXIT.error : EXIT.refused
}

/** Outside GitHub: no event, the current directory, and what GitLab CI or Jenkins say of the run. */
function cliPlace(env: NodeJS.ProcessEnv): RunPlace {
  const run: RunInfo = {
    // GitLab CI: CI_JOB_URL, CI_COMMIT_SHA, CI_PROJECT_PATH; Jenkins: BUILD_URL, GIT_COMMIT.
    runUrl: env.CI_JOB_URL || env.BUILD_URL || undefined,
    commit: env.CI_COMMIT_SHA || env.GIT_COMMIT || undefined,
    repository: env.CI_PROJECT_PATH || undefined,
    eventName: 'cli',
    apiUrl: '',
    serverUrl: '',
    fromFork: false
  }
  return { event: { name: '', payload: {} }, run, workspace: process.cwd() }
}

/**
 * stdout carries only the report (the table, or the receipt JSON with --json). Anything else that
 * reaches it, such as a stray workflow command (src/workflow.ts), goes to stderr as plain text, and a
 * `::add-mask::` line, which would print the secret it masks, is dropped. Returns the writer for
 * the report itself.
 */
function guardStdout(): (text: string) => Promise<void> {
  const write = process.stdout.write.bind(process.stdout) as (s: string, cb: () => void) => boolean
  process.stdout.write = (chunk: string | Uint8Array, ...rest: unknown[]) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString()
    const plain = plainText(text)
    const cb = rest.find((r) => typeof r === 'function') as (() => void) | undefined
    return plain ? process.stderr.write(plain, cb) : (cb?.(), true)
  }
  return (text) => new Promise((resolve) => write(text, resolve))
}

/** Workflow commands (`::warning title=x::message`) as a terminal reads them. */
export function plainText(text: string): string {
  return text
    .split(/(?<=\n)/)
    .map((line) => {
      const m = /^::([a-z-]+)(?: [^:]*)?::(.*?)(\r?\n)?$/s.exec(line)
      if (!m) return line
      const [, command, message, eol = ''] = m
      const body = message.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%')
      if (['warning', 'error', 'notice'].includes(command))
        return redact(`${command}: ${body}${eol}`)
      // add-mask (the secret itself), set-output, groups, debug, stop-commands: nothing to show.
      return ''
    })
    .join('')
}
