import * as core from '@actions/core'
import { describeError, GateError } from './errors.js'
import { Evaluations } from './gates/evaluations.js'
import type { GateResult } from './gates/gate.js'
import { createGates } from './gates/index.js'
import { runGates } from './gates/runner.js'
import { HttpClient } from './http/client.js'
import { label, promote, staleCandidate } from './promotion/promote.js'
import { writeReceiptFile, writeReceiptTags } from './promotion/receipt.js'
import { createRegistry } from './registry/index.js'
import type { ModelVersion, Registry } from './registry/registry.js'
import type { RunReport } from './report.js'
import { annotate, setOutputs, writeJobSummary } from './reports/summary.js'
import { buildSettings, readInputs, type Settings } from './settings/settings.js'
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
  try {
    settings = await buildSettings(readInputs(), env)
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
    if (settings.mode === 'rollback')
      throw new GateError(
        'mode rollback is not available in this version of model-gate',
        'use promote or evaluate'
      )
    await gateAndPromote(settings, registry, http, report)
  } catch (err) {
    report.verdict = 'error'
    report.error = describeError(err)
    if (!(err instanceof GateError))
      core.debug(err instanceof Error ? (err.stack ?? err.message) : String(err))
  } finally {
    await http?.close().catch(() => undefined)
  }
  await finish(report, settings)
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
  report.version = candidate.version
  report.modelUri = candidate.uri
  report.candidate = {
    version: candidate.version,
    uri: candidate.uri,
    runId: candidate.runId,
    source: candidate.source
  }
  core.info(`candidate: ${model} version ${candidate.version}; '${alias}' holds ${label(champion)}`)

  const stale = settings.requireNewer ? staleCandidate(registry, candidate, champion) : null
  if (stale) {
    // Same verdict in every mode, and no point spending evaluation time on a refused candidate.
    report.gates = [policyResult('require_newer', stale)]
    report.verdict = 'fail'
    report.notes.push('The gates were not run: the candidate was refused before evaluation.')
    return
  }

  const gates = createGates(settings.config)
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
  if (report.verdict !== 'pass') return

  const outcome = await promote(registry, {
    model,
    alias,
    previousAlias: settings.previousAlias,
    candidate,
    champion
  })
  report.actions.push(...outcome.actions)
  report.promoted = true
  report.championAfter = candidate.version
  report.finishedAt = new Date().toISOString()
  // Receipt tags go on after the alias moved: a version never says "promoted" when it was not.
  // On a re-run they are written only if an earlier run could not write them.
  if (outcome.changed || candidate.tags['model_gate.verdict'] === undefined) {
    try {
      await writeReceiptTags(registry, report)
      report.actions.push(`tagged version ${candidate.version} with the receipt`)
    } catch (err) {
      throw new GateError(
        `'${alias}' now points at version ${candidate.version}, but the receipt tags could not be written (${describeError(err)})`,
        're-run the same promotion to write them; it will not move any alias again'
      )
    }
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

function policyResult(name: string, message: string): GateResult {
  return { name, type: 'policy', verdict: 'fail', enforce: true, message, warnings: [] }
}

async function finish(report: RunReport, settings: Settings | undefined): Promise<void> {
  report.finishedAt ??= new Date().toISOString()
  report.succeeded = !report.error && stepSucceeds(report.mode, report.verdict, report.gates)
  const receiptPath = settings?.receiptPath ?? ''
  if (settings) {
    try {
      await writeReceiptFile(receiptPath, report)
    } catch (err) {
      core.warning(`could not write the receipt file ${receiptPath}: ${describeError(err)}`)
    }
  }
  annotate(report)
  await writeJobSummary(report)
  setOutputs(report, receiptPath)
  if (!report.succeeded) {
    const why = report.error ?? firstFailure(report)
    core.setFailed(`model-gate: ${why}`)
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
