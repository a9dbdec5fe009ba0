import { describeError, GateError } from './errors.js'
import { gateCandidate } from './gates/runner.js'
import { HttpClient } from './http/client.js'
import { log } from './log.js'
import { readLineage } from './promotion/lineage.js'
import { guardPromotion, promoteAndRecord } from './promotion/promote.js'
import { writeReceiptFile } from './promotion/receipt.js'
import { refuseStale, resolveContenders } from './promotion/resolve.js'
import { cancelRequested, installSignalHandlers } from './promotion/shutdown.js'
import type { Progress } from './progress.js'
import { createRegistry } from './registry/index.js'
import type { Registry } from './registry/registry.js'
import { newReport, type RunReport } from './report.js'
import type { Settings } from './settings/settings.js'
import { overallVerdict, stepSucceeds } from './verdict.js'

/**
 * One run, whoever started it: settings → registry → gates → verdict → promotion → build →
 * receipt. Nothing here knows GitHub: the front end (src/action.ts for the action, src/cli.ts
 * for the CLI) supplies the settings and decides where the reports go. Any doubt ends in
 * `error` with the registry untouched; reports never change the verdict.
 */

export interface FrontEnd {
  /**
   * The run's settings, from the action's inputs and event or the CLI's flags. It may fill in
   * `report` what it learns first, so a run whose config fails to load still names its model.
   */
  settings(report: RunReport): Promise<Settings>
  /** Exit code when a signal stops the run before any registry write. */
  cancelExitCode: number
  /** Live progress of long gates (the CLI's status line). */
  progress?: Progress
  /**
   * Every report of the finished run (job summary and check run, or the terminal). `failure` is
   * the one-line reason when the run did not succeed. Never throws, never changes the verdict.
   */
  publish(report: RunReport, settings: Settings | undefined, failure?: string): Promise<void>
}

export async function run(front: FrontEnd): Promise<RunReport> {
  const report = newReport()
  let settings: Settings | undefined
  let http: HttpClient | undefined
  installSignalHandlers(front.cancelExitCode)
  try {
    settings = await front.settings(report)
    describeRun(report, settings)
    http = newHttpClient(settings)
    const registry = await createRegistry(settings, http)
    if (settings.mode === 'rollback') {
      const { rollBack } = await import('./promotion/rollback.js')
      await rollBack(settings, registry, report)
    } else await gateAndPromote(settings, registry, http, report, front.progress)
  } catch (err) {
    report.verdict = 'error'
    report.error = describeError(err)
    if (err instanceof GateError && err.places.length) report.errorPlaces = err.places
    if (!(err instanceof GateError))
      log.debug(err instanceof Error ? (err.stack ?? err.message) : String(err))
  } finally {
    await http?.close().catch(() => undefined)
  }
  const failure = await conclude(report, settings)
  await front.publish(report, settings, failure)
  return report
}

/** SPEC §6, top-down: resolve, gate, guard, promote, build. */
async function gateAndPromote(
  settings: Settings,
  registry: Registry,
  http: HttpClient,
  report: RunReport,
  progress: Progress | undefined
): Promise<void> {
  // The build step's code loads only when a build is configured, and before any registry
  // write, so a broken install fails while there is nothing to undo.
  const buildStep = settings.config.build ? await import('./container/build-step.js') : undefined
  const contenders = await resolveContenders(settings, registry, report)
  if (refuseStale(settings, registry, contenders, report)) return
  report.lineage = await readLineage(registry, contenders.candidate)

  report.gates = await gateCandidate({ settings, http, registry, progress, ...contenders })
  report.verdict = overallVerdict(report.gates)

  const cleared = await guardPromotion(settings, registry, report)
  if (!cleared) return
  const outcome = await promoteAndRecord(settings, registry, contenders, report)
  await buildStep?.runBuildStep(
    settings,
    registry,
    contenders,
    cleared.previousHolder,
    outcome.changed,
    report
  )
}

/** What the run is about, as the settings say it, in every report from here on. */
function describeRun(report: RunReport, settings: Settings): void {
  Object.assign(report, {
    mode: settings.mode,
    registry: settings.registry,
    model: settings.model,
    requestedVersion: settings.version,
    version: settings.version.startsWith('@') ? '' : settings.version,
    alias: settings.alias,
    previousAlias: settings.previousAlias
  })
  report.run = {
    url: settings.run.runUrl,
    commit: settings.run.commit,
    repository: settings.run.repository,
    event: settings.run.eventName,
    trigger: settings.event.name
  }
}

function newHttpClient(settings: Settings): HttpClient {
  return new HttpClient({
    retries: settings.http.retries,
    connectTimeoutMs: settings.http.connectTimeoutMs,
    headersTimeoutMs: settings.http.responseTimeoutMs,
    bodyTimeoutMs: settings.http.responseTimeoutMs,
    maxResponseBytes: settings.http.maxResponseBytes
  })
}

/**
 * The run's outcome and its receipt file. Returns why the run did not succeed (undefined when it
 * did): the error, the cancellation, or the failing gates.
 */
async function conclude(
  report: RunReport,
  settings: Settings | undefined
): Promise<string | undefined> {
  report.finishedAt ??= new Date().toISOString()
  report.succeeded = !report.error && stepSucceeds(report.mode, report.verdict, report.gates)
  // A run cancelled after a registry write finished that write and recorded it; it still does
  // not end as a success.
  const cancelled = cancelRequested()
  const cancelNote = cancelled
    ? `cancelled (${cancelled}); ` +
      (report.promoted
        ? `'${report.alias}' points at version ${report.version}: the promotion and its receipt stand`
        : 'no further step was taken')
    : undefined
  if (cancelNote && report.succeeded) {
    report.succeeded = false
    report.notes.push(`The run was ${cancelNote}.`)
  }
  if (settings) {
    try {
      await writeReceiptFile(settings.receiptPath, report)
    } catch (err) {
      log.warning(`could not write the receipt file ${settings.receiptPath}: ${describeError(err)}`)
    }
  }
  if (report.succeeded) return undefined
  return report.error ?? cancelNote ?? firstFailure(report)
}

function firstFailure(report: RunReport): string {
  const bad = report.gates.filter((g) => g.enforce && g.verdict !== 'pass')
  const list = bad.map((g) => `${g.name} ${g.verdict}: ${g.message}`).join('; ')
  return `verdict ${report.verdict}${list ? ` (${list})` : ''}`
}
