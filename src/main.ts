import * as core from '@actions/core'
import path from 'node:path'
import { describeError, GateError } from './errors.js'
import { Evaluations } from './gates/metric/evaluations.js'
import type { GateResult } from './gates/gate.js'
import { createGates } from './gates/index.js'
import { runGates } from './gates/runner.js'
import { HttpClient } from './http/client.js'
import { runBuild } from './container/build.js'
import { label, promote, restore, rollback, staleCandidate } from './promotion/promote.js'
import {
  cancelRequested,
  critical,
  installSignalHandlers,
  whileCancellable
} from './promotion/shutdown.js'
import { writeReceiptFile, writeReceiptTags } from './promotion/receipt.js'
import { createRegistry } from './registry/index.js'
import { type LineageRecord, lineageOf } from './promotion/lineage.js'
import {
  canReadRuns,
  type ModelVersion,
  type Registry,
  type RunFacts
} from './registry/registry.js'
import type { RunReport } from './report.js'
import { redact } from './secrets.js'
import { annotate, setOutputs, writeJobSummary } from './reports/summary.js'
import { publishToGitHub, type ReportTarget } from './reports/github.js'
import { eventTarget, readEvent } from './settings/event.js'
import { buildSettings, readInputs, readRunInfo, type Settings } from './settings/settings.js'
import { overallVerdict, stepSucceeds } from './verdict.js'

/**
 * inputs + event → config → registry → gates → verdict → promotion → reports.
 * Any doubt ends in `error` with the registry untouched; reports never change the verdict.
 */
export async function run(env: NodeJS.ProcessEnv = process.env): Promise<RunReport> {
  const report: RunReport = {
    schema: 'model-gate/receipt/v1',
    mode: 'promote',
    registry: { type: 'mlflow', uri: '' },
    model: '',
    version: '',
    requestedVersion: '',
    alias: 'champion',
    verdict: 'error',
    promoted: false,
    succeeded: false,
    gates: [],
    actions: [],
    notes: [],
    run: { event: env.GITHUB_EVENT_NAME ?? '', trigger: '' },
    startedAt: new Date().toISOString()
  }
  let settings: Settings | undefined
  let http: HttpClient | undefined
  installSignalHandlers()
  const inputs = readInputs()
  // Enough to report to GitHub even if the config or the event cannot be read.
  let target: ReportTarget = {
    run: readRunInfo(env, { name: env.GITHUB_EVENT_NAME ?? '', payload: {} }),
    githubToken: inputs.githubToken || undefined,
    configPath: inputs.config,
    env
  }
  try {
    const event = readEvent(env)
    const fromEvent = eventTarget(event)
    target = { ...target, run: readRunInfo(env, event) }
    report.model = inputs.model || fromEvent.model || ''
    report.requestedVersion = inputs.version || fromEvent.version || ''
    settings = await buildSettings(inputs, env)
    target = settings
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
    http = new HttpClient({
      retries: settings.http.retries,
      connectTimeoutMs: settings.http.connectTimeoutMs,
      headersTimeoutMs: settings.http.responseTimeoutMs,
      bodyTimeoutMs: settings.http.responseTimeoutMs,
      maxResponseBytes: settings.http.maxResponseBytes
    })
    const registry = createRegistry(settings, http)
    if (settings.mode === 'rollback') await rollbackFlow(settings, registry, report)
    else await gateAndPromote(settings, registry, http, report)
  } catch (err) {
    report.verdict = 'error'
    report.error = describeError(err)
    if (!(err instanceof GateError))
      core.debug(err instanceof Error ? (err.stack ?? err.message) : String(err))
  } finally {
    await http?.close().catch(() => undefined)
  }
  await finish(report, settings, target)
  return report
}

async function gateAndPromote(
  settings: Settings,
  registry: Registry,
  http: HttpClient,
  report: RunReport
): Promise<void> {
  const { model, alias } = settings
  // SPEC §6 step 1: who holds the alias now (V0).
  const champion = await registry.resolveAlias(model, alias)
  report.championBefore = champion?.version
  report.championAfter = champion?.version
  const candidate = await resolveCandidate(registry, model, settings.version)
  recordTarget(report, candidate)
  core.info(`candidate: ${model} version ${candidate.version}; '${alias}' holds ${label(champion)}`)

  const stale = settings.requireNewer ? staleCandidate(registry, candidate, champion) : null
  if (stale) {
    // Same verdict in every mode, and no point spending evaluation time on a refused candidate.
    report.gates = [policyResult('require_newer', stale)]
    report.verdict = 'fail'
    report.notes.push('The gates were not run: the candidate was refused before evaluation.')
    return
  }

  report.lineage = await readLineage(registry, candidate)

  const gates = createGates(settings.gates)
  report.gates = await runGates(gates, {
    settings,
    http,
    registry,
    candidate,
    champion,
    evaluations: new Evaluations()
  })
  report.verdict = overallVerdict(report.gates)

  if (settings.mode !== 'promote') {
    report.notes.push('evaluate mode: the registry was not changed.')
    return
  }
  // A pass, or an inconclusive that every such gate's on_inconclusive: pass lets through.
  if (!stepSucceeds('promote', report.verdict, report.gates)) return

  // Where previous_alias pointed, so a failed build can put everything back as it was.
  const previousHolder =
    settings.previousAlias && settings.config.build?.on_failure === 'restore'
      ? await registry.resolveAlias(model, settings.previousAlias)
      : null
  if (previousHolder) report.previousBefore = previousHolder.version
  else if (settings.previousAlias && settings.config.build?.on_failure === 'restore')
    report.previousBefore = null
  const signal = cancelRequested()
  if (signal)
    throw new GateError(
      `cancelled (${signal}) before the promotion; nothing was written`,
      're-run the workflow'
    )

  const outcome = await critical(() =>
    promote(registry, { model, alias, previousAlias: settings.previousAlias, candidate, champion })
  )
  report.actions.push(...outcome.actions)
  report.promoted = true
  report.championAfter = candidate.version
  report.replaced = outcome.changed
    ? champion?.version
    : settings.previousAlias
      ? (await registry.resolveAlias(model, settings.previousAlias))?.version
      : undefined
  report.finishedAt = new Date().toISOString()
  // Receipt tags go on after the alias moved: a version never says "promoted" when it was not.
  // On a re-run they are written only if an earlier run could not write them.
  if (outcome.changed || candidate.tags['model_gate.verdict'] === undefined) {
    try {
      await critical(() => writeReceiptTags(registry, report))
      report.actions.push(`tagged version ${candidate.version} with the receipt`)
    } catch (err) {
      throw new GateError(
        `'${alias}' now points at version ${candidate.version}, but the receipt tags could not be written (${describeError(err)})`,
        're-run the same promotion to write them; it will not move any alias again'
      )
    }
  }

  const build = settings.config.build
  if (!build) return
  if (!outcome.changed && !cancelRequested()) {
    report.notes.push(
      'The candidate already held the alias; the build step still ran, as on any promotion.'
    )
  }
  // Aborted by a cancellation: stops the build, or keeps it from starting if it has not yet.
  const stopBuild = new AbortController()
  // A build that cannot even start (its temp files, or the shell) is a failed build: on_failure
  // still decides, so a restore is never skipped by an exception.
  let startError: string | undefined
  const result = cancelRequested()
    ? undefined
    : await whileCancellable(
        () => stopBuild.abort(),
        () =>
          runBuild(
            build.command,
            {
              model,
              version: candidate.version,
              modelUri: candidate.uri,
              previousVersion: champion?.version ?? '',
              alias
            },
            build.timeout_minutes * 60_000,
            settings.env.GITHUB_WORKSPACE ?? process.cwd(),
            settings.env.RUNNER_TEMP ?? path.dirname(settings.receiptPath),
            stopBuild.signal
          )
      ).catch((err: unknown) => {
        startError = describeError(err)
        return undefined
      })
  report.build = result?.started
    ? {
        ok: result.ok,
        exitCode: result.exitCode,
        timedOut: result.timedOut,
        durationMs: result.durationMs,
        outputs: result.outputs
      }
    : undefined
  if (result?.ok) {
    report.actions.push(`build succeeded in ${Math.round(result.durationMs / 1000)} s`)
    return
  }
  const cancelled = cancelRequested()
  const why = cancelled
    ? `the run was cancelled (${cancelled}) ${result?.started ? 'during' : 'before'} the build`
    : !result
      ? startError
        ? `the build could not start (${startError})`
        : 'the build did not run'
      : result.timedOut
        ? `the build timed out after ${build.timeout_minutes} min`
        : `the build failed (exit code ${result.exitCode})`
  if (build.on_failure === 'restore') {
    const actions = await critical(() =>
      restore(registry, {
        model,
        alias,
        previousAlias: settings.previousAlias,
        candidate,
        champion,
        previousHolder
      })
    )
    report.actions.push(...actions)
    report.promoted = false
    report.championAfter = champion?.version
    report.restored = true
    throw new GateError(
      `${why}; '${alias}' was restored to ${label(champion)}`,
      'see the build log above; the registry is as it was before this run'
    )
  }
  throw new GateError(
    `${why}; '${alias}' stays on version ${candidate.version} (on_failure: keep)`,
    'see the build log above, then re-run the build or roll back with mode: rollback'
  )
}

async function rollbackFlow(
  settings: Settings,
  registry: Registry,
  report: RunReport
): Promise<void> {
  const { model, alias, previousAlias } = settings
  const current = await registry.resolveAlias(model, alias)
  report.championBefore = current?.version
  report.championAfter = current?.version
  let target: ModelVersion | null
  if (settings.version) target = await resolveCandidate(registry, model, settings.version)
  else if (previousAlias) {
    target = await registry.resolveAlias(model, previousAlias)
    if (!target)
      throw new GateError(
        `nothing to roll back to: '${previousAlias}' is not set on model '${model}'`,
        "give the version to roll back to in the 'version' input"
      )
  } else
    throw new GateError(
      'nothing to roll back to: no version was given and promote.previous_alias is not configured',
      "give the version to roll back to in the 'version' input, or set promote.previous_alias"
    )
  recordTarget(report, target)
  const outcome = await critical(() => rollback(registry, model, alias, current, target))
  report.actions.push(...outcome.actions)
  report.verdict = 'pass'
  report.promoted = outcome.changed
  report.championAfter = target.version
  if (outcome.changed) {
    report.finishedAt = new Date().toISOString()
    await critical(() =>
      registry.setTags(model, target.version, {
        'model_gate.rollback_from': current?.version ?? '',
        'model_gate.rolled_back_at': report.finishedAt ?? '',
        ...(report.run.url ? { 'model_gate.run_url': report.run.url } : {})
      })
    )
    report.actions.push(`tagged version ${target.version} with the rollback receipt`)
  }
}

async function resolveCandidate(
  registry: Registry,
  model: string,
  version: string
): Promise<ModelVersion> {
  if (!version.startsWith('@')) return registry.getVersion(model, version)
  const alias = version.slice(1)
  const v = await registry.resolveAlias(model, alias)
  if (!v)
    throw new GateError(
      `alias '${alias}' is not set on model '${model}', so there is no candidate to gate`,
      `set the alias first, or give a version number in the 'version' input`
    )
  return v
}

/** The candidate's lineage for the receipt; an unreadable run still records its id. */
async function readLineage(registry: Registry, candidate: ModelVersion): Promise<LineageRecord> {
  let run: RunFacts | null = null
  if (canReadRuns(registry)) {
    try {
      run = await registry.getRunFacts(candidate)
    } catch (err) {
      core.info(`could not read the source run for the receipt: ${describeError(err)}`)
    }
  }
  return lineageOf(candidate, run)
}

/** The version this run is about (candidate, or rollback target), as every report names it. */
function recordTarget(report: RunReport, v: ModelVersion): void {
  report.version = v.version
  report.modelUri = v.uri
  report.candidate = { version: v.version, uri: v.uri, runId: v.runId, source: v.source }
}

function policyResult(name: string, message: string): GateResult {
  return { name, type: 'policy', verdict: 'fail', enforce: true, message, warnings: [] }
}

async function finish(
  report: RunReport,
  settings: Settings | undefined,
  target: ReportTarget
): Promise<void> {
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
  const receiptPath = settings?.receiptPath ?? ''
  if (settings) {
    try {
      await writeReceiptFile(receiptPath, report)
    } catch (err) {
      core.warning(`could not write the receipt file ${receiptPath}: ${describeError(err)}`)
    }
  }
  annotate(report)
  // Outputs first: a slow GitHub API must not keep later steps from reading them.
  setOutputs(report, receiptPath)
  // `report.summary: false` turns the job summary off; a config that did not load keeps it.
  if (settings?.config.report.summary !== false) await writeJobSummary(report)
  await publishToGitHub(report, target)
  if (!report.succeeded) {
    const why = report.error ?? cancelNote ?? firstFailure(report)
    // The error text may quote what a service echoed back; scrub it like every other report.
    core.setFailed(`model-gate: ${redact(why)}`)
  } else
    core.info(
      `model-gate: ${report.verdict}${report.promoted ? `, promoted version ${report.version}` : ''}`
    )
}

function firstFailure(report: RunReport): string {
  const bad = report.gates.filter((g) => g.enforce && g.verdict !== 'pass')
  const list = bad.map((g) => `${g.name} ${g.verdict}: ${g.message}`).join('; ')
  return `verdict ${report.verdict}${list ? ` (${list})` : ''}`
}
