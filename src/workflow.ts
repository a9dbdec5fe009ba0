import { randomUUID } from 'node:crypto'
import { appendFileSync, existsSync } from 'node:fs'
import { access, appendFile, constants } from 'node:fs/promises'
import { EOL } from 'node:os'

/**
 * The runner's protocol for an action, the part model-gate uses: inputs from INPUT_* variables,
 * workflow commands on stdout (`::warning title=…::…`, `::add-mask::`), and the file commands
 * GITHUB_OUTPUT and GITHUB_STEP_SUMMARY. It replaces @actions/core, whose OIDC client pulls
 * @actions/http-client and all of undici into the bundle; every byte written here matches what
 * @actions/core 3 wrote (lib/command.js, lib/file-command.js, lib/utils.js): its output for the
 * same calls was recorded once into __tests__/workflow.test.ts, which pins it (@actions/core is no
 * longer installed, so a change in a later @actions/core is not seen).
 */

/** Where an annotation points; what @actions/core calls AnnotationProperties. */
export interface AnnotationProperties {
  title?: string
  file?: string
  startLine?: number
  endLine?: number
  startColumn?: number
  endColumn?: number
}

/** A value as the runner takes it: strings as they are, anything else as JSON, nothing as ''. */
function commandValue(input: unknown): string {
  if (input === null || input === undefined) return ''
  if (typeof input === 'string' || input instanceof String) return String(input)
  return JSON.stringify(input)
}

function escapeData(s: unknown): string {
  return commandValue(s).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
}

function escapeProperty(s: unknown): string {
  return commandValue(s)
    .replace(/%/g, '%25')
    .replace(/\r/g, '%0D')
    .replace(/\n/g, '%0A')
    .replace(/:/g, '%3A')
    .replace(/,/g, '%2C')
}

/** `::command key=value,…::message`; properties without a value are left out. */
export function formatCommand(
  command: string,
  properties: Record<string, unknown>,
  message: unknown
): string {
  const props = Object.entries(properties)
    .filter(([, v]) => v)
    .map(([k, v]) => `${k}=${escapeProperty(v)}`)
  return `::${command}${props.length ? ` ${props.join(',')}` : ''}::${escapeData(message)}`
}

function issueCommand(
  command: string,
  properties: Record<string, unknown>,
  message: unknown
): void {
  process.stdout.write(formatCommand(command, properties, message) + EOL)
}

function annotation(p: AnnotationProperties): Record<string, unknown> {
  return {
    title: p.title,
    file: p.file,
    line: p.startLine,
    endLine: p.endLine,
    col: p.startColumn,
    endColumn: p.endColumn
  }
}

/** The action input `name` (INPUT_<NAME>, spaces as underscores), trimmed; '' when unset. */
export function getInput(name: string): string {
  return (process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] || '').trim()
}

/**
 * One `name<<delimiter` block of a file command. The delimiter is random, so no value can end
 * the block early and forge another output; one that contains it anyway is refused.
 */
function keyValueBlock(name: string, value: unknown): string {
  const delimiter = `ghadelimiter_${randomUUID()}`
  const converted = commandValue(value)
  if (name.includes(delimiter))
    throw new Error(`Unexpected input: name should not contain the delimiter "${delimiter}"`)
  if (converted.includes(delimiter))
    throw new Error(`Unexpected input: value should not contain the delimiter "${delimiter}"`)
  return `${name}<<${delimiter}${EOL}${converted}${EOL}${delimiter}`
}

/** A step output: appended to the GITHUB_OUTPUT file, or the old `::set-output` without one. */
export function setOutput(name: string, value: unknown): void {
  const file = process.env.GITHUB_OUTPUT || ''
  if (file) {
    if (!existsSync(file)) throw new Error(`Missing file at path: ${file}`)
    appendFileSync(file, `${keyValueBlock(name, value)}${EOL}`, { encoding: 'utf8' })
    return
  }
  process.stdout.write(EOL)
  issueCommand('set-output', { name }, commandValue(value))
}

/** Append markdown to the job summary (GITHUB_STEP_SUMMARY), with a line end after it. */
export async function appendSummary(markdown: string): Promise<void> {
  const file = process.env.GITHUB_STEP_SUMMARY
  if (!file)
    throw new Error(
      'Unable to find environment variable for $GITHUB_STEP_SUMMARY. Check if your runtime environment supports job summaries.'
    )
  try {
    await access(file, constants.R_OK | constants.W_OK)
  } catch {
    throw new Error(
      `Unable to access summary file: '${file}'. Check if the file has correct read/write permissions.`
    )
  }
  await appendFile(file, markdown + EOL, { encoding: 'utf8' })
}

export function info(message: string): void {
  process.stdout.write(message + EOL)
}

export function debug(message: string): void {
  issueCommand('debug', {}, message)
}

export function notice(message: string | Error, properties: AnnotationProperties = {}): void {
  issueCommand('notice', annotation(properties), String(message))
}

export function warning(message: string | Error, properties: AnnotationProperties = {}): void {
  issueCommand('warning', annotation(properties), String(message))
}

export function error(message: string | Error, properties: AnnotationProperties = {}): void {
  issueCommand('error', annotation(properties), String(message))
}

export function startGroup(name: string): void {
  issueCommand('group', {}, name)
}

export function endGroup(): void {
  issueCommand('endgroup', {}, '')
}

/** Have the runner mask `secret` in every later log line. */
export function setSecret(secret: string): void {
  issueCommand('add-mask', {}, secret)
}

/** Fail the step: exit code 1 when the process ends, and the message as an error annotation. */
export function setFailed(message: string | Error): void {
  process.exitCode = 1
  error(message)
}
