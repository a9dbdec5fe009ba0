import { readdir } from 'node:fs/promises'
import path from 'node:path'
import { GateError } from '../../../errors.js'
import {
  describeFound,
  type LoadedFile,
  readWorkspaceText,
  resolveWorkspaceFile,
  type WorkspaceFile
} from '../file.js'
import { finiteValue, requireUniqueIds } from '../items.js'
import type { MetricResult } from '../result.js'

/**
 * lm-evaluation-harness output (v0.4, `--output_path`): `results_<timestamp>.json` holds
 * `results[task]["<metric>,<filter>"]` and `n-samples[task].effective`; with `--log_samples` a
 * `samples_<task>_<timestamp>.jsonl` beside it holds one line per document with `doc_hash`,
 * `filter` and the per-document metric (`acc`, `exact_match`, …), which pair the two sides.
 */

/** lm-eval metrics that are shares of 0/1 documents: Wilson's interval from the value and n. */
const SHARE_METRICS = new Set(['acc', 'acc_norm', 'exact_match', 'mc1'])

export async function readLmEval(
  content: LoadedFile,
  file: WorkspaceFile,
  opts: { metric: string; task: string | undefined }
): Promise<MetricResult> {
  const where = `lm-eval ${file.shown}`
  const doc = content.json()
  const results = (doc as { results?: unknown } | undefined)?.results
  if (!results || typeof results !== 'object' || Array.isArray(results) || 'results' in results)
    throw new GateError(
      `${file.shown} is not lm-evaluation-harness output: expected results_*.json ` +
        `(an object with results{task: {"acc,none": ...}}), found ${describeFound(content)}`,
      "point the gate at lm_eval's results_*.json (a * in the file name picks the latest), or set format: to what the file is"
    )
  const tasks = results as Record<string, Record<string, unknown>>
  const names = Object.keys(tasks)
  const task = opts.task ?? (names.length === 1 ? names[0] : undefined)
  if (!task || !(task in tasks))
    throw new GateError(
      `${where} has ${opts.task ? `no task '${opts.task}'` : `${names.length} tasks and the gate names none`} ` +
        `(tasks: ${names.join(', ') || 'none'})`,
      'set task: on the gate to one of them'
    )
  const metrics = tasks[task] ?? {}
  const key = opts.metric in metrics ? opts.metric : `${opts.metric},none`
  if (!(key in metrics))
    throw new GateError(
      `${where}: task '${task}' has no metric '${opts.metric}' (it has: ${Object.keys(metrics)
        .filter((k) => k !== 'alias' && !k.includes('_stderr'))
        .join(', ')})`,
      'give the metric as lm-eval writes it, with its filter, e.g. acc,none or exact_match,strict-match'
    )
  const value = finiteValue(
    metrics[key],
    where,
    `metric '${key}' of task '${task}'`,
    'lm-eval wrote no number for it; check the run'
  )
  const nSamples = (doc as { 'n-samples'?: Record<string, { effective?: unknown }> })[
    'n-samples'
  ]?.[task]
  const n = typeof nSamples?.effective === 'number' ? nSamples.effective : undefined
  const [base, filter = 'none'] = key.split(',')
  const samples = await readSamples(file, task, base, filter, where)
  const origin = `lm-eval ${file.shown}, task ${task}, metric ${key}, ${samples?.values.length ?? n ?? '?'} documents`
  if (!samples)
    return {
      metrics: { [opts.metric]: value },
      n,
      origin,
      shares: SHARE_METRICS.has(base) ? [opts.metric] : undefined,
      details: {
        task,
        metric_key: key,
        samples: 'none (run lm_eval with --log_samples to pair by document)'
      }
    }
  return {
    metrics: { [opts.metric]: value },
    n: samples.values.length,
    samples: { [opts.metric]: samples.values },
    ids: samples.ids,
    origin,
    details: { task, metric_key: key, samples_file: samples.file }
  }
}

async function readSamples(
  results: WorkspaceFile,
  task: string,
  metric: string,
  filter: string,
  where: string
): Promise<{ ids: string[]; values: number[]; file: string } | undefined> {
  const dir = path.dirname(results.absolute)
  const prefix = `samples_${task}_`
  const names = (await readdir(dir))
    .filter((n) => n.startsWith(prefix) && n.endsWith('.jsonl'))
    .sort()
  if (!names.length) return undefined
  // The samples written by the same run share the results file's timestamp.
  const stamp = path
    .basename(results.absolute)
    .replace(/^results_/, '')
    .replace(/\.json$/, '')
  const name = names.find((n) => n === `${prefix}${stamp}.jsonl`) ?? names[names.length - 1]
  const rel = path.join(path.dirname(results.shown), name)
  const file = await resolveWorkspaceFile(path.join(dir, name), path.dirname(results.absolute))
  const text = await readWorkspaceText(file)
  const ids: string[] = []
  const values: number[] = []
  const fix = 'use the samples_<task>_*.jsonl that lm_eval --log_samples wrote, unchanged'
  let lineNo = 0
  for (const line of text.split('\n')) {
    lineNo++
    if (!line.trim()) continue
    let row: Record<string, unknown>
    try {
      row = JSON.parse(line) as Record<string, unknown>
    } catch {
      throw new GateError(`${where}: line ${lineNo} of ${rel} is not JSON`, fix)
    }
    if ((row.filter ?? 'none') !== filter) continue
    if (typeof row.doc_hash !== 'string')
      throw new GateError(`${where}: line ${lineNo} of ${rel} has no doc_hash to pair by`, fix)
    ids.push(row.doc_hash)
    values.push(finiteValue(row[metric], `${where}, ${rel}`, `'${metric}' on line ${lineNo}`, fix))
  }
  if (!ids.length)
    throw new GateError(`${where}: ${rel} has no documents with filter '${filter}'`, fix)
  requireUniqueIds(
    ids,
    `${where}, ${rel}`,
    'each document must appear once per filter; do not concatenate runs'
  )
  return { ids, values, file: rel }
}
