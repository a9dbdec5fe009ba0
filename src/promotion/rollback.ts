import { GateError } from '../errors.js'
import type { ModelVersion, Registry } from '../registry/registry.js'
import type { RunReport } from '../report.js'
import type { Settings } from '../settings/settings.js'
import { rollback } from './promote.js'
import { recordTarget, resolveVersion } from './resolve.js'
import { critical } from './shutdown.js'

/**
 * `mode: rollback`: put `alias` on an explicit version, or on the one `previous_alias` holds, with
 * the same guard as a promotion, and tag the target with a rollback receipt.
 */
export async function rollBack(
  settings: Settings,
  registry: Registry,
  report: RunReport
): Promise<void> {
  const { model, alias, previousAlias } = settings
  const current = await registry.resolveAlias(model, alias)
  report.championBefore = current?.version ?? null
  report.championAfter = current?.version ?? null
  let target: ModelVersion | null
  if (settings.version) target = await resolveVersion(registry, model, settings.version)
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
