import { GateError } from '../../errors.js'
import { clip } from '../../format.js'
import type { MetricResult } from './result.js'

/**
 * Per-item readings as every source builds them (SPEC §9): one id and one value per item, ids
 * unique, values finite. Sources that read tables or result files go through here, so a duplicate
 * id or a NaN is refused the same way wherever it came from.
 */

interface ItemValues {
  ids: Array<string | number>
  values: number[]
}

/** The mean of `values`, or NaN when there are none (callers refuse an empty set first). */
function mean(values: ArrayLike<number>): number {
  let s = 0
  for (let i = 0; i < values.length; i++) s += values[i]
  return values.length ? s / values.length : NaN
}

/** True when every value is 0 or 1: a share of correct items, judged with Wilson's interval. */
export function allBinary(values: ArrayLike<unknown>): boolean {
  for (let i = 0; i < values.length; i++) if (values[i] !== 0 && values[i] !== 1) return false
  return values.length > 0
}

/**
 * Refuses a second reading of the same id: pairing would silently keep one of them. `where`
 * names the file or artifact ("promptfoo results.json, provider candidate").
 */
export function requireUniqueIds(
  ids: ArrayLike<string | number>,
  where: string,
  fix: string
): void {
  const seen = new Set<string>()
  for (let i = 0; i < ids.length; i++) {
    const key = String(ids[i])
    // One hash per id: a repeated id leaves the size as it was.
    const before = seen.size
    seen.add(key)
    if (seen.size === before)
      throw new GateError(
        `${where} has the id '${clip(key, 60)}' more than once (item #${i + 1})`,
        fix
      )
  }
}

/** A finite number from a cell, or a GateError naming the item and what it held instead. */
export function finiteValue(v: unknown, where: string, item: string, fix: string): number {
  if (typeof v === 'number' && Number.isFinite(v)) return v
  if (typeof v === 'boolean') return v ? 1 : 0
  const what =
    v === null || v === undefined
      ? 'no value'
      : typeof v === 'number'
        ? String(v)
        : typeof v === 'string'
          ? /^\s*-?(nan|inf(inity)?)\s*$/i.test(v)
            ? v.trim()
            : 'a string'
          : Array.isArray(v)
            ? 'an array'
            : typeof v
  throw new GateError(`${where}: ${item} is ${what}, not a finite number`, fix)
}

/** The common result of per-item values: the mean as the metric, n, samples and ids. */
export function itemsResult(
  metric: string,
  items: ItemValues,
  annotate: Pick<MetricResult, 'origin' | 'dataset' | 'details'>
): MetricResult {
  return {
    metrics: { [metric]: mean(items.values) },
    n: items.values.length,
    samples: { [metric]: items.values },
    ids: items.ids,
    ...annotate
  }
}

/**
 * The two sides restricted to the items both answered (SPEC §10): an item one side could not score
 * (an item error, already counted against that side's max_item_errors) leaves the other side's
 * result too, so it is neither paired nor taken for a missing item. Results without `unanswered`
 * come back as they were.
 */
export function answeredOnBoth(
  cand: MetricResult,
  champ: MetricResult,
  metric: string
): [MetricResult, MetricResult] {
  // Both sides drop what either could not answer, and both record the union as unanswered, so
  // the same-items check still sees one set on each side.
  const gone = new Set([...(cand.unanswered ?? []), ...(champ.unanswered ?? [])].map(String))
  const drop = (r: MetricResult): MetricResult => {
    const values = r.samples?.[metric]
    if (gone.size === 0 || !r.ids || !values) return r
    const keep = r.ids.map((id) => !gone.has(String(id)))
    if (keep.every(Boolean)) return { ...r, unanswered: [...gone] }
    const kept = values.filter((_, i) => keep[i])
    const numeric = kept.filter((v): v is number => typeof v === 'number')
    return {
      ...r,
      unanswered: [...gone],
      ids: r.ids.filter((_, i) => keep[i]),
      samples: { ...r.samples, [metric]: kept },
      n: kept.length,
      metrics: {
        ...r.metrics,
        [metric]: numeric.length === kept.length ? mean(numeric) : r.metrics[metric]
      }
    }
  }
  return [drop(cand), drop(champ)]
}

/**
 * Both sides of a regression must be measured on the same items (SPEC §9): different dataset
 * digests, or id sets that differ, are a GateError naming both sides and the counts. MLflow's own
 * validate_evaluation_results compares only aggregates; this never compares across data sets.
 */
export function sameItems(cand: MetricResult, champ: MetricResult, championVersion: string): void {
  const a = cand.dataset
  const b = champ.dataset
  if (a?.digest && b?.digest && a.digest !== b.digest)
    throw new GateError(
      `the candidate was measured on dataset ${datasetName(a)} and champion version ` +
        `${championVersion} on ${datasetName(b)}: different data sets, so their values cannot be compared` +
        sources(cand, champ),
      'evaluate both versions on the same dataset (same name and digest), then run the gate again'
    )
  if (!cand.ids || !champ.ids) return
  if (sameOrder(cand, champ)) return
  // Items a side could not answer are still part of its set; pairing then leaves them out.
  const candIds = idSet(cand)
  const champIds = idSet(champ)
  let onlyCand = 0
  for (const id of candIds) if (!champIds.has(id)) onlyCand++
  let onlyChamp = 0
  for (const id of champIds) if (!candIds.has(id)) onlyChamp++
  if (onlyCand === 0 && onlyChamp === 0) return
  const example =
    [...candIds].find((id) => !champIds.has(id)) ?? [...champIds].find((id) => !candIds.has(id))
  throw new GateError(
    `the candidate has ${candIds.size} items and champion version ${championVersion} has ` +
      `${champIds.size}; ${onlyCand} only in the candidate's result, ${onlyChamp} only in the ` +
      `champion's (e.g. id '${clip(example ?? '', 60)}'): the two evaluations were not on the same set` +
      sources(cand, champ),
    'evaluate both versions on the same items with the same ids, then run the gate again'
  )
}

/** The common case, checked without building sets: both sides list the same ids in one order. */
function sameOrder(cand: MetricResult, champ: MetricResult): boolean {
  const a = cand.ids ?? []
  const b = champ.ids ?? []
  if (a.length !== b.length || cand.unanswered?.length || champ.unanswered?.length) return false
  for (let i = 0; i < a.length; i++)
    if (a[i] !== b[i] && String(a[i]) !== String(b[i])) return false
  return true
}

/** A side's ids and unanswered items as strings (built in one pass: sides have 100,000 items). */
function idSet(r: MetricResult): Set<string> {
  const set = new Set<string>()
  for (const list of [r.ids ?? [], r.unanswered ?? []])
    for (let i = 0; i < list.length; i++) set.add(String(list[i]))
  return set
}

function datasetName(d: { name?: string; digest?: string }): string {
  return `${d.name ?? '(unnamed)'}@${d.digest ?? '?'}`
}

function sources(cand: MetricResult, champ: MetricResult): string {
  return cand.origin && champ.origin
    ? ` (candidate: ${cand.origin}; champion: ${champ.origin})`
    : ''
}
