import { log } from '../../../log.js'
import { setMaxListeners } from 'node:events'
import { GateError } from '../../../errors.js'
import { clip, fmt } from '../../../format.js'
import type { ModelVersion } from '../../../registry/registry.js'
import type { MetricGateOf } from '../../../settings/config.js'
import { fillTemplate, fillTemplateDeep } from '../../../settings/expand.js'
import { fillHeaders, templateValues } from '../../template.js'
import type { MetricResult } from '../result.js'
import { type MetricSource, type Side, type SourceContext, readingParty } from '../source.js'
import { resolveWorkspaceFile } from '../file.js'
import { chat, type ChatTarget } from './chat.js'
import {
  type DatasetItem,
  type IndexedItem,
  itemMessages,
  readItems,
  scanDataset
} from './read-jsonl.js'
import { ItemError, makeScorer } from './scorers.js'

/**
 * `source: dataset` (SPEC §10), the built-in evaluator: each item of a JSONL golden set goes to
 * the version's OpenAI-compatible endpoint and its answer is scored. `concurrency` workers pull
 * items one at a time from the file, so memory holds the ids and one score per item, never the
 * answers. Item errors are counted, never dropped: only answered items are scored and returned
 * (so a regression pairs only items answered on both sides), and past `max_item_errors` the
 * reading is an error.
 */

/** Failing items and item errors shown in the summary (each field cut to 200 characters). */
const SHOWN = 5
const PROGRESS_EVERY_MS = 5_000

interface FailingItem {
  id: string
  expected: string
  got: string
  score: number
}

interface ErrorExample {
  id: string
  reason: string
}

export class DatasetSource implements MetricSource {
  constructor(private readonly gate: MetricGateOf<'dataset'>) {}

  async read(version: ModelVersion, side: Side, ctx: SourceContext): Promise<MetricResult> {
    const { gate } = this
    const values = templateValues(ctx, version)
    const party = readingParty(gate, side, version)
    const target: ChatTarget = {
      base: fillTemplate(gate.target, values),
      model: fillTemplate(gate.model_name, values),
      headers: fillHeaders(gate.headers, values),
      request: fillTemplateDeep(gate.request, values) as Record<string, unknown> | undefined,
      party
    }
    const judge: ChatTarget | undefined =
      gate.score.type === 'judge'
        ? {
            base: fillTemplate(gate.score.target, values),
            model: fillTemplate(gate.score.model_name, values),
            headers: fillHeaders(gate.score.headers, values),
            request: { temperature: 0, ...(gate.score.request ?? {}) },
            party: `judge of gate '${gate.name}'`
          }
        : undefined

    // One signal for every request of this reading: cancelled by the run, or by us when the
    // item errors pass the limit and there is no point asking further.
    const stop = new AbortController()
    // Each request in flight listens to it (the HTTP layer's timeouts, the judge's call too).
    setMaxListeners(4 * gate.concurrency + 16, stop.signal)
    const scorer = makeScorer(gate.score, {
      http: ctx.http,
      judge,
      deadline: ctx.deadline,
      signal: stop.signal
    })
    // Any size: the dataset is streamed, never held whole.
    const file = (await resolveWorkspaceFile(gate.dataset, ctx.settings.workspace, Infinity))
      .absolute
    const scan = await scanDataset(file, gate.dataset, (item) => scorer.check(item))
    const n = scan.ids.length
    const onAbort = (): void => stop.abort(ctx.signal.reason)
    if (ctx.signal.aborted) onAbort()
    else ctx.signal.addEventListener('abort', onAbort, { once: true })
    // More than this many item errors and the reading is an error.
    const allowed = Math.floor(gate.max_item_errors * n + 1e-9)

    const scores = new Float64Array(n).fill(Number.NaN)
    const failing: Array<FailingItem & { index: number }> = []
    const errorExamples: Array<ErrorExample & { index: number }> = []
    const errorsByKind: Record<string, number> = {}
    let errors = 0
    let done = 0
    let stoppedForErrors = false
    const started = Date.now()

    const keepFirst = <T extends { index: number }>(list: T[], entry: T): void => {
      // The first few by position in the file, so the summary is the same however requests raced.
      if (list.length >= SHOWN && entry.index > list[list.length - 1].index) return
      list.push(entry)
      list.sort((a, b) => a.index - b.index)
      if (list.length > SHOWN) list.pop()
    }
    const itemError = (index: number, kind: string, reason: string): void => {
      errors++
      errorsByKind[kind] = (errorsByKind[kind] ?? 0) + 1
      keepFirst(errorExamples, { index, id: scan.ids[index], reason: clip(reason) })
      if (errors > allowed && !stoppedForErrors) {
        stoppedForErrors = true
        stop.abort(new Error('too many item errors'))
      }
    }

    const one = async ({ index, item }: IndexedItem): Promise<void> => {
      const answer = await chat(ctx.http, target, itemMessages(item), {
        deadline: ctx.deadline,
        signal: stop.signal
      })
      if (!answer.ok) return itemError(index, answer.kind, answer.reason)
      let score: number
      try {
        score = await scorer.score(item, answer)
      } catch (err) {
        if (err instanceof ItemError) return itemError(index, err.kind, err.reason)
        throw err
      }
      scores[index] = score
      if (score < 1)
        keepFirst(failing, {
          index,
          id: scan.ids[index],
          expected: clip(showExpected(item), 200),
          got: clip(answer.content || (answer.refusal ? `(refusal) ${answer.refusal}` : ''), 200),
          score
        })
    }

    const items = readItems(scan, gate.dataset)
    // The first failure in time: the others are usually the aborts it caused.
    let firstFailure: { err: unknown } | undefined
    const worker = async (): Promise<void> => {
      try {
        for (;;) {
          if (stop.signal.aborted) return
          const next = await items.next()
          if (next.done) return
          await one(next.value)
          done++
          ctx.progress?.advanced(gate.name, done, n, `items (${side})`)
        }
      } catch (err) {
        // Our own stop, after too many item errors: the requests it cut short are not counted.
        if (stoppedForErrors && stop.signal.aborted && !ctx.signal.aborted) return
        firstFailure ??= { err }
        stop.abort(err)
      }
    }

    const progress = setInterval(() => {
      const secs = (Date.now() - started) / 1000
      const rate = done / secs
      const eta = rate > 0 ? (n - done) / rate : Number.NaN
      log.info(
        `${party}: ${done}/${n} items, ${errors} item error${errors === 1 ? '' : 's'}, ` +
          `${fmt(rate)} items/s, ETA ${Number.isFinite(eta) ? duration(eta) : 'unknown'}`
      )
    }, PROGRESS_EVERY_MS)
    progress.unref()
    try {
      const workers = Array.from({ length: Math.min(gate.concurrency, n) }, () => worker())
      await Promise.all(workers)
      if (firstFailure) throw firstFailure.err
    } finally {
      clearInterval(progress)
      ctx.signal.removeEventListener('abort', onAbort)
      await items.return(undefined)
    }

    const elapsedMs = Date.now() - started
    const digestShort = `${scan.sha256.slice(0, 12)}…`
    const errorSummary = (): string =>
      Object.entries(errorsByKind)
        .sort((a, b) => b[1] - a[1])
        .map(([k, c]) => `${c} ${k}`)
        .join(', ')
    if (errors > allowed) {
      const first = errorExamples[0]
      throw new GateError(
        `${party}: ${errors} item error${errors === 1 ? '' : 's'} (${errorSummary()}) ` +
          `${stoppedForErrors && done < n ? `after ${done} of ${n} items` : `in ${n} items`}, ` +
          `more than max_item_errors ${fmt(gate.max_item_errors)} allows (${allowed}); ` +
          `first: item ${clip(JSON.stringify(first.id), 80)}: ${first.reason}`,
        'check the serving endpoint (its log, its load), or raise max_item_errors if some errors are expected'
      )
    }

    const ids: string[] = []
    const samples: number[] = []
    const unanswered: string[] = []
    for (let i = 0; i < n; i++) {
      if (Number.isNaN(scores[i])) {
        unanswered.push(scan.ids[i])
        continue
      }
      ids.push(scan.ids[i])
      samples.push(scores[i])
    }
    if (samples.length === 0)
      throw new GateError(
        `${party}: no item of ${gate.dataset} was answered (${errorSummary()})`,
        'check the serving endpoint'
      )
    const mean = samples.reduce((a, b) => a + b, 0) / samples.length
    const host = new URL(target.base).host
    const judgeText = scorer.judge
      ? `, graded by judge ${scorer.judge.model} at ${scorer.judge.host}`
      : ''
    log.info(
      `${party}: ${gate.metric} ${fmt(mean)} over ${samples.length} answered items of ${n} ` +
        `(${errors} item errors) in ${fmt(elapsedMs / 1000)} s${judgeText}`
    )
    return {
      metrics: { [gate.metric]: mean },
      n: samples.length,
      samples: { [gate.metric]: samples },
      ids,
      unanswered,
      dataset: { name: gate.dataset, digest: scan.sha256 },
      // The host only: a path or query may carry a token.
      origin:
        `dataset ${gate.dataset} (sha256 ${digestShort}, ${n} items) against ${host}, ` +
        `model ${target.model}, scored ${gate.score.type}${judgeText}`,
      details: {
        dataset_file: { path: gate.dataset, sha256: scan.sha256, items: n },
        scorer: gate.score.type,
        ...(scorer.judge ? { judge: scorer.judge } : {}),
        answered: samples.length,
        item_errors: errors,
        item_errors_by_kind: errorsByKind,
        max_item_errors: gate.max_item_errors,
        item_error_examples: errorExamples.map(({ id, reason }) => ({ id, reason })),
        failing_items: failing.map(({ id, expected, got, score }) => ({
          id,
          expected,
          got,
          score
        })),
        failing_count: samples.filter((s) => s < 1).length,
        seconds: elapsedMs / 1000
      }
    }
  }
}

function showExpected(item: DatasetItem): string {
  const e = item.expected
  if (e === undefined) return ''
  return typeof e === 'string' ? e : JSON.stringify(e)
}

function duration(secs: number): string {
  if (secs < 60) return `${Math.round(secs)} s`
  const m = Math.floor(secs / 60)
  if (m < 60) return `${m} min ${Math.round(secs % 60)} s`
  return `${Math.floor(m / 60)} h ${m % 60} min`
}
