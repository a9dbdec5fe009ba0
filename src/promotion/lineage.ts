import { createHash } from 'node:crypto'
import { describeError } from '../errors.js'
import { log } from '../log.js'
import {
  canReadRuns,
  type ModelVersion,
  type Registry,
  type RunFacts
} from '../registry/registry.js'
import { redactDeep } from '../secrets.js'

/**
 * Where a promoted version came from, for the receipt: the layered LLM scheme (one shared base
 * model, adapters that name it, prompt templates versioned beside the adapter weights) plus the
 * training run, its data and its hyperparameters. Read from conventional keys, so it works on
 * MLflow version tags and W&B artifact metadata alike (both arrive as ModelVersion.tags):
 *
 * - `base_model`, `base_model_version`, `adapter_type` (e.g. `lora`, `qlora`): version tags.
 * - Prompt templates: model-gate cannot download registry artifacts in general, so their digests
 *   are recorded as tags when the version is registered, in any of these forms:
 *     - `prompt_template.<path>.sha256 = <hex>`, one tag per file (on W&B, the nested metadata
 *       `{"prompt_template": {"<path>": {"sha256": "<hex>"}}}` flattens to the same keys);
 *     - `prompt_templates.<path> = <hex>` (W&B metadata `{"prompt_templates": {"<path>": "<hex>"}}`);
 *     - `prompt_templates = <list>`: JSON `[{"path": …, "sha256": …}]`, JSON `{"<path>": "<hex>"}`,
 *       or `<path>:<hex>` entries separated by commas or newlines;
 *     - `prompt_template = <path>` with `prompt_template_sha256 = <hex>` (a single file).
 *   `prompt_template_digest` is sha256 over the sorted `<path>:<hex>` lines, each ending in a
 *   newline (`… | LC_ALL=C sort | sha256sum`), so equal prompt sets give equal digests. With only
 *   a `prompt_template_sha256` tag and no path, that digest is recorded as given.
 * - `data`: run param `training_data` or `dataset`, else the version tag, else the run tag.
 * - `hyperparameters`: every param of the source run (lora_r, lora_alpha, learning_rate, …).
 */
export interface LineageRecord {
  source_run_id?: string
  source_run_url?: string
  base_model?: string
  base_model_version?: string
  adapter_type?: string
  prompt_template_digest?: string
  prompt_templates?: Array<{ path: string; sha256: string }>
  data?: string
  hyperparameters?: Record<string, string>
}

export const LINEAGE_TAG_PREFIX = 'model_gate.lineage.'
/** MLflow checks tag keys against this (validation.py) and guarantees 250-byte keys everywhere. */
const TAG_KEY = /^[A-Za-z0-9_\-. :/]{1,250}$/
/** Below every backend's value limit (run tags, Databricks), not just the OSS registry's 100,000. */
export const MAX_TAG_VALUE = 5000

export function lineageOf(candidate: ModelVersion, run: RunFacts | null): LineageRecord {
  const tags = candidate.tags
  const out: LineageRecord = {}
  const sourceRun = run?.id || candidate.runId
  if (sourceRun) out.source_run_id = sourceRun
  if (run?.url) out.source_run_url = run.url
  for (const key of ['base_model', 'base_model_version', 'adapter_type'] as const) {
    const v = text(tags[key])
    if (v) out[key] = v
  }
  const templates = promptTemplates(tags)
  if (templates.length) {
    out.prompt_templates = templates
    out.prompt_template_digest = combinedDigest(templates)
  } else {
    const single = digest(tags.prompt_template_sha256)
    if (single) out.prompt_template_digest = single
  }
  const data = [run?.params, tags, run?.tags]
    .flatMap((rec) => (rec ? [text(rec.training_data), text(rec.dataset)] : []))
    .find(Boolean)
  if (data) out.data = data
  if (run && Object.keys(run.params).length) out.hyperparameters = { ...run.params }
  return out
}

/** The `<path>:<hex>` lines a combined digest covers, in the order it hashes them. */
function promptTemplateLines(templates: Array<{ path: string; sha256: string }>): string[] {
  // Byte order, as `LC_ALL=C sort` does, so an auditor can recompute the digest in a shell.
  return templates
    .map((t) => `${t.path}:${t.sha256}`)
    .sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)))
}

export function combinedDigest(templates: Array<{ path: string; sha256: string }>): string {
  const body = promptTemplateLines(templates)
    .map((l) => `${l}\n`)
    .join('')
  return createHash('sha256').update(body, 'utf8').digest('hex')
}

function promptTemplates(tags: Record<string, string>): Array<{ path: string; sha256: string }> {
  const found = new Map<string, string>()
  // First form wins for a path recorded twice: the per-file tag is the most specific statement.
  const add = (path: string | undefined, sha: unknown): void => {
    const p = path?.trim()
    const d = typeof sha === 'string' ? digest(sha) : undefined
    if (p && d && !found.has(p)) found.set(p, d)
  }
  for (const [key, value] of Object.entries(tags)) {
    const m = /^prompt_template\.(.+)\.sha256$/.exec(key)
    if (m) add(m[1], value)
  }
  for (const [key, value] of Object.entries(tags)) {
    if (key.startsWith('prompt_templates.')) add(key.slice('prompt_templates.'.length), value)
  }
  const list = text(tags.prompt_templates)
  if (list) for (const [p, d] of parseTemplateList(list)) add(p, d)
  const single = text(tags.prompt_template)
  if (single) add(single, tags.prompt_template_sha256)
  return [...found].map(([path, sha256]) => ({ path, sha256 })).sort((a, b) => cmp(a.path, b.path))
}

function parseTemplateList(value: string): Array<[string, unknown]> {
  try {
    const parsed: unknown = JSON.parse(value)
    if (Array.isArray(parsed))
      return parsed.flatMap((e: unknown) => {
        const o = e as { path?: unknown; sha256?: unknown } | null
        return typeof o?.path === 'string' ? [[o.path, o.sha256] as [string, unknown]] : []
      })
    if (parsed && typeof parsed === 'object') return Object.entries(parsed)
  } catch {
    // Not JSON: the plain `path:hex, path:hex` form.
  }
  return value
    .split(/[,\n]/)
    .map((s) => s.trim())
    .filter(Boolean)
    .map((entry): [string, unknown] => {
      // Split at the last colon: the digest has none, a path might.
      const i = entry.lastIndexOf(':')
      return i > 0 ? [entry.slice(0, i), entry.slice(i + 1)] : [entry, undefined]
    })
}

/** A digest as recorded, normalised: trimmed, lower case, without a `sha256:` prefix. */
function digest(v: string | undefined): string | undefined {
  const d = text(v)
    ?.toLowerCase()
    .replace(/^sha256:/, '')
  return d || undefined
}

function text(v: string | undefined): string | undefined {
  const t = v?.trim()
  return t ? t : undefined
}

function cmp(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b))
}

/**
 * The record as `model_gate.lineage.*` registry tags. Keys are fixed and valid for MLflow;
 * values are capped at MAX_TAG_VALUE. Lists are cut at a whole entry (never mid-JSON) and the
 * cut is said in `model_gate.lineage.omitted`; the full data stays on the source run.
 */
export function lineageTags(l: LineageRecord): Record<string, string> {
  const out: Record<string, string> = {}
  const omitted: string[] = []
  const put = (name: string, value: string | undefined): void => {
    if (value === undefined || value === '') return
    const key = `${LINEAGE_TAG_PREFIX}${name}`
    if (!TAG_KEY.test(key)) return
    out[key] = value.length > MAX_TAG_VALUE ? `${value.slice(0, MAX_TAG_VALUE - 1)}…` : value
  }
  put('source_run_id', l.source_run_id)
  put('source_run_url', l.source_run_url)
  put('base_model', l.base_model)
  put('base_model_version', l.base_model_version)
  put('adapter_type', l.adapter_type)
  put('prompt_template_digest', l.prompt_template_digest)
  if (l.prompt_templates?.length) {
    // The very lines the digest covers: sha256 of this value plus a final newline is the digest.
    const lines = promptTemplateLines(l.prompt_templates)
    const kept = fit(lines, (xs) => xs.join('\n'))
    put('prompt_templates', kept.join('\n'))
    if (kept.length < lines.length)
      omitted.push(`prompt_templates: ${lines.length - kept.length} of ${lines.length} not listed`)
  }
  put('data', l.data)
  if (l.hyperparameters) {
    const entries = Object.entries(l.hyperparameters).sort(([a], [b]) => cmp(a, b))
    const render = (xs: Array<[string, string]>): string => JSON.stringify(Object.fromEntries(xs))
    const kept = fit(entries, render)
    if (kept.length) put('hyperparameters', render(kept))
    if (kept.length < entries.length)
      omitted.push(
        `hyperparameters: ${entries.length - kept.length} of ${entries.length} params not listed (see the source run)`
      )
  }
  if (omitted.length) put('omitted', omitted.join('; '))
  // Params and tags are written by people; scrub any registered secret that found its way in.
  return redactDeep(out)
}

/** The longest prefix of `items` whose rendering fits in one tag value. */
function fit<T>(items: T[], render: (xs: T[]) => string): T[] {
  if (render(items).length <= MAX_TAG_VALUE) return items
  // The rendering grows with every item, so a binary search finds the cut.
  let lo = 0
  let hi = items.length - 1
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2)
    if (render(items.slice(0, mid)).length <= MAX_TAG_VALUE) lo = mid
    else hi = mid - 1
  }
  return items.slice(0, lo)
}

/** The candidate's lineage for the receipt; an unreadable run still records its id. */
export async function readLineage(
  registry: Registry,
  candidate: ModelVersion
): Promise<LineageRecord> {
  let run: RunFacts | null = null
  if (canReadRuns(registry)) {
    try {
      run = await registry.getRunFacts(candidate)
    } catch (err) {
      log.info(`could not read the source run for the receipt: ${describeError(err)}`)
    }
  }
  return lineageOf(candidate, run)
}
