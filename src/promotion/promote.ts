import { describeError, GateError } from '../errors.js'
import { log } from '../log.js'
import type { ModelVersion, Registry } from '../registry/registry.js'
import type { RunReport } from '../report.js'
import type { Settings } from '../settings/settings.js'
import { stepSucceeds } from '../verdict.js'
import { writeReceiptTags } from './receipt.js'
import { cancelRequested, critical } from './shutdown.js'

/**
 * Guarded promotion (SPEC §6 steps 3–5). The registry writes are ordered so that every
 * intermediate state is one a reader can act on: `previous_alias` first (pointing at the version
 * that is still champion), then `alias` in one call, then a read-back of both.
 */

interface PromotionPlan {
  model: string
  alias: string
  previousAlias?: string
  candidate: ModelVersion
  /** The champion read at the start (V0), or null on a first promotion. */
  champion: ModelVersion | null
}

interface PromotionOutcome {
  /** False when the candidate already held the alias: nothing was written. */
  changed: boolean
  actions: string[]
}

/** Refuse a candidate older than the champion under `require_newer`; null when acceptable. */
export function staleCandidate(
  registry: Registry,
  candidate: ModelVersion,
  champion: ModelVersion | null
): string | null {
  if (!champion) return null
  if (registry.compareVersions(candidate.version, champion.version) >= 0) return null
  return (
    `candidate version ${candidate.version} is older than the champion, version ${champion.version}: ` +
    'require_newer refuses to roll production back this way (use mode: rollback to do it deliberately)'
  )
}

async function promote(registry: Registry, plan: PromotionPlan): Promise<PromotionOutcome> {
  const { model, alias, previousAlias, candidate, champion } = plan
  const actions: string[] = []

  // Step 3: the champion must be where we left it, or the verdict compared against a stale one.
  const now = await registry.resolveAlias(model, alias)
  if ((now?.version ?? null) !== (champion?.version ?? null)) {
    throw new GateError(
      `champion moved from ${label(champion)} to ${label(now)} during evaluation; nothing was written`,
      're-run the gate so it compares against the current champion'
    )
  }

  if (champion && champion.version === candidate.version) {
    // Re-running the same promotion: the alias is already there; moving previous_alias to the
    // candidate now would lose the real rollback target, so nothing is written.
    actions.push(`'${alias}' already points at version ${candidate.version}; nothing to move`)
    return { changed: false, actions }
  }

  if (previousAlias && champion) {
    await registry.setAlias(model, previousAlias, champion.version)
    actions.push(`moved '${previousAlias}' to version ${champion.version}`)
    log.info(`moved '${previousAlias}' to version ${champion.version}`)
    // Moving previous_alias takes several requests (a W&B move is a lookup, the write and a read
    // back): someone may have moved `alias` meanwhile, and our write would silently undo theirs.
    // Look again just before it. Neither registry offers a compare-and-set on aliases, so a move
    // landing between this read and our write still goes unseen; this keeps that window to the
    // one write.
    const still = await registry.resolveAlias(model, alias)
    if (still?.version !== champion.version)
      throw new GateError(
        `champion moved from ${label(champion)} to ${label(still)} while the promotion was being ` +
          `written; '${alias}' was not moved ('${previousAlias}' was already moved to ` +
          `version ${champion.version}, the champion this run compared against)`,
        're-run the gate so it compares against the current champion'
      )
  }
  await registry.setAlias(model, alias, candidate.version)
  actions.push(`moved '${alias}' from ${label(champion)} to version ${candidate.version}`)
  log.info(`moved '${alias}' from ${label(champion)} to version ${candidate.version}`)

  // Step 5: read both back; a registry that acknowledged but did not apply is an error.
  const after = await registry.resolveAlias(model, alias)
  if (after?.version !== candidate.version)
    throw new GateError(
      `the registry acknowledged moving '${alias}' to version ${candidate.version}, but it now points at ${label(after)}`,
      'check the registry for a concurrent writer and re-run'
    )
  if (previousAlias && champion) {
    const prev = await registry.resolveAlias(model, previousAlias)
    if (prev?.version !== champion.version)
      throw new GateError(
        `'${previousAlias}' should point at version ${champion.version} but points at ${label(prev)}`,
        'check the registry for a concurrent writer'
      )
  }
  actions.push(
    `verified '${alias}' → ${candidate.version}${previousAlias && champion ? `, '${previousAlias}' → ${champion.version}` : ''}`
  )
  return { changed: true, actions }
}

export function label(v: ModelVersion | null | undefined): string {
  return v ? `version ${v.version}` : 'no version'
}

interface RestorePlan {
  model: string
  alias: string
  previousAlias?: string
  candidate: ModelVersion
  /** V0: where `alias` goes back to; null means it did not exist and is removed. */
  champion: ModelVersion | null
  /** Where `previous_alias` pointed before the promotion (null: it was not set). */
  previousHolder: ModelVersion | null
}

/**
 * Undo a promotion after a failed build (`on_failure: restore`). Guarded: only if `alias` still
 * points at our candidate; someone who moved it since knows better than we do.
 */
export async function restore(registry: Registry, plan: RestorePlan): Promise<string[]> {
  const { model, alias, previousAlias, candidate, champion, previousHolder } = plan
  const now = await registry.resolveAlias(model, alias)
  if (now?.version !== candidate.version)
    throw new GateError(
      `could not restore '${alias}': it now points at ${label(now)}, not at our candidate version ${candidate.version}, so it was left alone`,
      'someone moved it during the build; check the registry'
    )
  const actions: string[] = []
  if (champion) {
    await registry.setAlias(model, alias, champion.version)
    actions.push(`restored '${alias}' to version ${champion.version}`)
  } else {
    await registry.deleteAlias(model, alias)
    actions.push(`removed '${alias}' (there was no champion before)`)
  }
  if (previousAlias && champion) {
    if (previousHolder) await registry.setAlias(model, previousAlias, previousHolder.version)
    else await registry.deleteAlias(model, previousAlias)
    actions.push(
      previousHolder
        ? `restored '${previousAlias}' to version ${previousHolder.version}`
        : `removed '${previousAlias}' (it was not set before)`
    )
  }
  // The receipt tags written at promotion said "pass"; the version is no longer promoted, so its
  // verdict tag says so (a re-run that promotes it again rewrites them).
  await registry.setTags(model, candidate.version, {
    'model_gate.verdict': 'restored',
    'model_gate.restored_at': new Date().toISOString()
  })
  actions.push(`tagged version ${candidate.version} model_gate.verdict=restored`)
  return actions
}

/**
 * `mode: rollback`: move `alias` to an explicit version or to the one `previous_alias` holds,
 * guarded like a promotion: the alias must still be where it was read at the start.
 */
export async function rollback(
  registry: Registry,
  model: string,
  alias: string,
  current: ModelVersion | null,
  target: ModelVersion
): Promise<PromotionOutcome> {
  const now = await registry.resolveAlias(model, alias)
  if ((now?.version ?? null) !== (current?.version ?? null))
    throw new GateError(
      `'${alias}' moved from ${label(current)} to ${label(now)} while the rollback was being prepared; nothing was written`,
      're-run the rollback'
    )
  if (current?.version === target.version)
    return {
      changed: false,
      actions: [`'${alias}' already points at version ${target.version}; nothing to roll back`]
    }
  await registry.setAlias(model, alias, target.version)
  const after = await registry.resolveAlias(model, alias)
  if (after?.version !== target.version)
    throw new GateError(
      `the registry acknowledged moving '${alias}' to version ${target.version}, but it points at ${label(after)}`,
      'check the registry for a concurrent writer and re-run'
    )
  return {
    changed: true,
    actions: [
      `rolled '${alias}' back from ${label(current)} to version ${target.version}`,
      `verified '${alias}' → ${target.version}`
    ]
  }
}

/**
 * The guard before any write (SPEC §6): only `promote` mode with a `pass` verdict writes, and a
 * cancellation that arrived during the gates stops here with nothing written. Returns where
 * `previous_alias` pointed (when a failed build may need to put it back), or false: no promotion.
 */
export async function guardPromotion(
  settings: Settings,
  registry: Registry,
  report: RunReport
): Promise<{ previousHolder: ModelVersion | null } | false> {
  if (settings.mode !== 'promote') {
    report.notes.push('evaluate mode: the registry was not changed.')
    return false
  }
  // A pass, or an inconclusive that every such gate's on_inconclusive: pass lets through.
  if (!stepSucceeds('promote', report.verdict, report.gates)) return false
  // Where previous_alias pointed, so a failed build can put everything back as it was.
  const restoring = Boolean(
    settings.previousAlias && settings.config.build?.on_failure === 'restore'
  )
  const previousHolder = restoring
    ? await registry.resolveAlias(settings.model, settings.previousAlias as string)
    : null
  if (previousHolder) report.previousBefore = previousHolder.version
  else if (restoring) report.previousBefore = null
  const signal = cancelRequested()
  if (signal)
    throw new GateError(
      `cancelled (${signal}) before the promotion; nothing was written`,
      're-run the workflow'
    )
  return { previousHolder }
}

/**
 * Move the aliases (a critical section: a cancellation waits for it), then put the receipt tags on
 * the candidate. The tags go on after the alias moved, so a version never says "promoted" when it
 * was not; on a re-run they are written only if an earlier run could not write them.
 */
export async function promoteAndRecord(
  settings: Settings,
  registry: Registry,
  { candidate, champion }: { candidate: ModelVersion; champion: ModelVersion | null },
  report: RunReport
): Promise<PromotionOutcome> {
  const { model, alias, previousAlias } = settings
  const outcome = await critical(() =>
    promote(registry, { model, alias, previousAlias, candidate, champion })
  )
  report.actions.push(...outcome.actions)
  report.promoted = true
  report.championAfter = candidate.version
  report.replaced = outcome.changed
    ? champion?.version
    : previousAlias
      ? (await registry.resolveAlias(model, previousAlias))?.version
      : undefined
  report.finishedAt = new Date().toISOString()
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
  return outcome
}
