import { GateError } from '../errors.js'
import { log } from '../log.js'
import type { ModelVersion, Registry } from '../registry/registry.js'
import type { RunReport } from '../report.js'
import type { Settings } from '../settings/settings.js'
import { label, staleCandidate } from './promote.js'

/** The two versions a promotion is about: the candidate, and the champion it would replace. */
export interface Contenders {
  candidate: ModelVersion
  /** Who held the alias at the start (V0); null on a first promotion. */
  champion: ModelVersion | null
}

/** SPEC §6 step 1: who holds the alias now (V0), and which version the candidate is. */
export async function resolveContenders(
  settings: Settings,
  registry: Registry,
  report: RunReport
): Promise<Contenders> {
  const { model, alias } = settings
  const champion = await registry.resolveAlias(model, alias)
  report.championBefore = champion?.version ?? null
  report.championAfter = champion?.version ?? null
  const candidate = await resolveVersion(registry, model, settings.version)
  recordTarget(report, candidate)
  log.info(`candidate: ${model} version ${candidate.version}; '${alias}' holds ${label(champion)}`)
  return { candidate, champion }
}

/**
 * `require_newer` refuses a candidate older than the champion before any gate runs: the verdict is
 * the same in every mode, and evaluating a refused candidate would only spend time.
 */
export function refuseStale(
  settings: Settings,
  registry: Registry,
  { candidate, champion }: Contenders,
  report: RunReport
): boolean {
  const stale = settings.requireNewer ? staleCandidate(registry, candidate, champion) : null
  if (!stale) return false
  report.gates = [
    {
      name: 'require_newer',
      type: 'policy',
      verdict: 'fail',
      enforce: true,
      message: stale,
      warnings: []
    }
  ]
  report.verdict = 'fail'
  report.notes.push('The gates were not run: the candidate was refused before evaluation.')
  return true
}

/** A version label, or `@alias` for whatever version the alias points at. */
export async function resolveVersion(
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

/** The version this run is about (candidate, or rollback target), as every report names it. */
export function recordTarget(report: RunReport, v: ModelVersion): void {
  report.version = v.version
  report.modelUri = v.uri
  report.candidate = { version: v.version, uri: v.uri, runId: v.runId, source: v.source }
}
