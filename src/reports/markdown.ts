import type { GateResult, Verdict } from '../gates/gate.js'
import { exact, fixed, fmt, fmtInterval, intervalDecimals, shownValue } from '../format.js'
import type { RunReport } from '../report.js'
import { redact } from '../secrets.js'
import { policyNote, stepSucceeds } from '../verdict.js'

/**
 * The run as Markdown: one table of gates with every value beside its limit, the champion
 * before and after, and why. Shared by the job summary, the check run and the PR comment.
 */

const ICON: Record<Verdict, string> = {
  pass: '✅ pass',
  fail: '❌ fail',
  inconclusive: '⚠️ inconclusive',
  error: '⛔ error'
}

/** What a report calls the model: its name, or that none was given (an input was missing). */
function modelName(report: RunReport): string {
  return report.model || 'model (not given)'
}

export function headline(report: RunReport): string {
  const target = `${modelName(report)} version ${report.version || report.requestedVersion || '?'}`
  if (report.mode === 'rollback')
    return report.promoted
      ? `Rolled back ${report.model}: '${report.alias}' → version ${report.championAfter}`
      : `Rollback of ${modelName(report)} ${report.verdict === 'error' ? 'failed' : 'refused'}`
  if (report.promoted) return `Promoted ${target} to '${report.alias}'`
  if (report.mode === 'evaluate')
    return `${target} ${stepSucceeds('promote', report.verdict, report.gates) ? 'would be promoted' : 'would not be promoted'} (${report.verdict})`
  return `${target} not promoted (${report.verdict})`
}

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ')
}

/** A gate's value and CI cells, both at the precision the CI supports (src/format.ts). */
function valueAndCi(g: GateResult): { value: string; ci: string } {
  const shown = shownValue(g.value, g.ci)
  if (!g.ci) return { value: shown.value, ci: '' }
  return {
    value: shown.value,
    ci: `[${shown.low}, ${shown.high}] (${Math.round(g.ci.level * 100)}%)`
  }
}

/** A regression row's two sides beside Δ: "(0.88 vs champion 0.9)". */
function sides(g: GateResult): string {
  const d = g.details
  if (typeof d?.candidate !== 'number' || typeof d.champion !== 'number') return ''
  // At Δ's precision, so the two shown values differ by the Δ shown: 0.9155 vs 0.9070, Δ 0.0085.
  const decimals = g.ci ? intervalDecimals(g.ci.low, g.ci.high) : undefined
  const show = (x: number): string => (decimals === undefined ? fmt(x) : fixed(x, decimals))
  return ` (${show(d.candidate)} vs champion ${show(d.champion)})`
}

/** Where a gate's value came from (SPEC §9): one source, or the candidate's and champion's. */
function origin(g: GateResult): string {
  const o = g.details?.origin
  if (typeof o === 'string') return ` _Source: ${o}._`
  if (o && typeof o === 'object') {
    const { candidate, champion } = o as { candidate?: unknown; champion?: unknown }
    if (typeof candidate === 'string' && typeof champion === 'string')
      return candidate === champion
        ? ` _Source: ${candidate}._`
        : ` _Sources: candidate ${candidate}; champion ${champion}._`
  }
  return ''
}

function gateTable(gates: GateResult[]): string {
  if (gates.length === 0) return '_No gates ran._\n'
  const rows = gates.map((g) => {
    const { value, ci } = valueAndCi(g)
    return [
      g.name + (g.enforce ? '' : ' _(not enforced)_'),
      g.measure ?? g.type,
      value + sides(g),
      g.threshold ?? '',
      ci,
      g.n !== undefined ? String(g.n) : '',
      ICON[g.verdict] + policyNote(g)
    ]
      .map(cell)
      .join(' | ')
  })
  return [
    '| Gate | Measure | Value | Threshold | CI | n | Verdict |',
    '|---|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r} |`)
  ].join('\n')
}

/** An alias cell: `version 3`; `none` when the run read it and no version held it; `not read`. */
const v = (version: string | null | undefined): string =>
  version === undefined ? 'not read' : version ? `version ${version}` : 'none'

interface QuantileRow {
  n: number
  p50: number | null
  p90: number | null
  p95: number | null
  p99: number | null
  max: number | null
  threshold_ms?: number
  ci: { low: number; high: number } | null
  verdict?: Verdict
}
interface LatencyView {
  mode: string
  achieved_rate: number
  rate?: number
  concurrency?: number
  latency: QuantileRow
  ttft?: QuantileRow
  itl?: QuantileRow
  errors: { total: number; rate: number; max_rate: number; by_kind: Record<string, number> }
  slippage?: { generator_limited: boolean; late: number; p99: number | null }
}

/** Every percentile beside its limit, for each latency gate (k6 style). */
function latencyTable(gates: GateResult[]): string {
  const rows: string[] = []
  for (const g of gates) {
    const d = g.details as unknown as LatencyView | undefined
    if (g.type !== 'latency' || !d?.latency) continue
    const ms = (x: number | null | undefined): string =>
      x === null || x === undefined ? '—' : fmt(x)
    const row = (what: string, q: QuantileRow | undefined): void => {
      if (!q) return
      // p99 and its interval at the interval's precision; the other percentiles at fmt's.
      const p99 =
        q.ci && q.p99 !== null
          ? fmtInterval(q.p99, q.ci.low, q.ci.high)
          : { value: ms(q.p99), low: '', high: '' }
      const ci = q.ci
        ? `[${p99.low || ms(q.ci.low)}, ${p99.high || ms(q.ci.high)}]`
        : 'too few samples'
      rows.push(
        `| ${g.name} | ${what} | ${q.n} | ${ms(q.p50)} | ${ms(q.p90)} | ${ms(q.p95)} | ${p99.value} | ${ci} | ${ms(q.max)} | ${q.threshold_ms !== undefined ? `≤ ${q.threshold_ms}` : ''} | ${q.verdict ? ICON[q.verdict] : ''} |`
      )
    }
    row('total', d.latency)
    row('time to first token', d.ttft)
    row('inter-token', d.itl)
    const kinds = Object.entries(d.errors.by_kind ?? {})
      .map(([k, n]) => `${k} ${n}`)
      .join(', ')
    rows.push(
      `| ${g.name} | errors | ${d.errors.total} (${fmt(d.errors.rate * 100)}%${kinds ? `: ${kinds}` : ''}) | | | | | | | ≤ ${fmt(d.errors.max_rate * 100)}% | |`,
      `| ${g.name} | load | ${d.mode === 'open' ? `open model, ${fmt(d.achieved_rate)} of ${d.rate ?? '?'} req/s` : `closed model, ${d.concurrency ?? '?'} concurrent, ${fmt(d.achieved_rate)} req/s`}${d.slippage?.generator_limited ? ' ⚠️ generator could not keep the rate' : ''} | | | | | | | | |`
    )
  }
  if (!rows.length) return ''
  return [
    '| Latency gate | ms | n | p50 | p90 | p95 | p99 | p99 CI | max | limit | verdict |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows
  ].join('\n')
}

interface DatasetView {
  /** `dataset` itself is the common {name, digest} that every source may give. */
  dataset_file?: { path: string; sha256: string; items: number }
  judge?: { host: string; model: string }
  failing_items?: Array<{ id: string; expected: string; got: string; score: number }>
  failing_count?: number
  item_errors?: number
  item_error_examples?: Array<{ id: string; reason: string }>
}

/**
 * The built-in evaluator's failing items (SPEC §10): the dataset's sha256 and n, and up to five
 * items each with what was expected and what came back. Answers are the model's own text, so
 * each cell is escaped: an answer must not close the block or write Markdown of its own.
 */
export function failingItems(gates: GateResult[]): string {
  const out: string[] = []
  const text = (s: string): string =>
    cell(s)
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/`/g, '&#96;')
  for (const g of gates) {
    const d = g.details as DatasetView | undefined
    if (!d?.dataset_file || !d.failing_items) continue
    const failing = d.failing_count ?? d.failing_items.length
    const errors = d.item_errors ?? 0
    out.push(
      `<details><summary>${text(g.name)}: ${failing} failing item${failing === 1 ? '' : 's'}` +
        `${errors ? `, ${errors} item error${errors === 1 ? '' : 's'}` : ''} of ${d.dataset_file.items}` +
        ` in ${text(d.dataset_file.path)} (sha256 <code>${text(d.dataset_file.sha256.slice(0, 16))}</code>)` +
        `${d.judge ? `, graded by ${text(d.judge.model)} at ${text(d.judge.host)}` : ''}</summary>`,
      ''
    )
    if (d.failing_items.length) {
      out.push('| id | expected | got | score |', '|---|---|---|---|')
      for (const f of d.failing_items)
        out.push(`| ${text(f.id)} | ${text(f.expected)} | ${text(f.got)} | ${fmt(f.score)} |`)
    }
    if (d.item_error_examples?.length) {
      out.push('', '| id | item error |', '|---|---|')
      for (const e of d.item_error_examples) out.push(`| ${text(e.id)} | ${text(e.reason)} |`)
    }
    out.push('', '</details>')
  }
  return out.join('\n')
}

interface MeasuredView {
  measurements: Array<{
    index: number
    at: string
    value?: number
    verdict: string
    reason?: string
  }>
  query?: string
  graph_url?: string
  interval_ms?: number
  min?: number
  max?: number
}

/**
 * Gates judged by repeated measurements (source: prometheus): the query as sent, a link to it in
 * Prometheus, each measurement, and a mermaid xychart of the values beside the limit, which
 * GitHub draws in the job summary.
 */
export function measurementSections(gates: GateResult[]): string {
  const out: string[] = []
  for (const g of gates) {
    const d = g.details as MeasuredView | undefined
    if (!Array.isArray(d?.measurements) || d.measurements.length === 0) continue
    const ms = d.measurements
    const label = mermaidText(g.measure ?? 'value')
    out.push(
      `**${g.name}**: ${ms.length} measurement${ms.length === 1 ? '' : 's'}` +
        (ms.length > 1 && d.interval_ms ? `, ${fmt(d.interval_ms / 1000)} s apart` : '') +
        (d.graph_url ? ` · [open the query in Prometheus](${d.graph_url})` : ''),
      ''
    )
    if (d.query) {
      const fence = '`'.repeat(Math.max(3, longestRun(d.query, '`') + 1))
      out.push(`${fence}promql`, d.query, fence, '')
    }
    const measured = ms.filter((m) => m.value !== undefined)
    if (measured.length) {
      const limits = [d.min, d.max].filter((l): l is number => typeof l === 'number')
      out.push(
        '```mermaid',
        'xychart-beta',
        `  title "${mermaidText(g.name)}: ${label} per measurement${limits.length ? ` (limit ${limits.map(exact).join(', ')})` : ''}"`,
        `  x-axis [${measured.map((m) => `"${m.at.slice(11, 19)}"`).join(', ')}]`,
        `  y-axis "${label}"`,
        // Six significant digits: enough to draw, without a float's last-digit noise.
        `  line [${measured.map((m) => String(Number((m.value as number).toPrecision(6)))).join(', ')}]`,
        // The limit as flat lines: where the values cross them is where a measurement failed.
        ...limits.map((l) => `  line [${measured.map(() => l).join(', ')}]`),
        '```',
        ''
      )
    }
    out.push(
      `| # | time (UTC) | ${cell(g.measure ?? 'value')} | measurement |`,
      '|---|---|---|---|',
      ...ms.map(
        (m) =>
          `| ${m.index} | ${m.at.slice(0, 19).replace('T', ' ')} | ${m.value !== undefined ? fmt(m.value) : '—'} | ${cell(m.verdict + (m.reason ? `: ${m.reason}` : ''))} |`
      ),
      ''
    )
  }
  return out.join('\n')
}

/**
 * Text as a Markdown block quote: every line behind "> ", or the quote ends at the first line
 * break. A line that follows a list and is not itself an item starts a paragraph of its own
 * (after an empty "> " line); else Markdown would run it into the last item.
 */
export function quote(text: string): string {
  const out: string[] = []
  let inList = false
  for (const line of text.split(/\r?\n/)) {
    const item = /^\s*([-*+]|\d+[.)])\s/.test(line)
    if (inList && !item && line.trim()) out.push('>')
    inList = item || (inList && !line.trim())
    out.push(line ? `> ${line}` : '>')
  }
  return out.join('\n')
}

/** Inline code that holds any text: a fence longer than any run of backticks in it. */
export function code(text: string): string {
  const fence = '`'.repeat(longestRun(text, '`') + 1)
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : ''
  return `${fence}${pad}${text}${pad}${fence}`
}

/** Text inside a mermaid quoted string, which has no escape for a double quote. */
function mermaidText(s: string): string {
  return s.replace(/["\r\n]/g, ' ')
}

function longestRun(s: string, ch: string): number {
  let best = 0
  let run = 0
  for (const c of s) {
    run = c === ch ? run + 1 : 0
    best = Math.max(best, run)
  }
  return best
}

export function renderMarkdown(report: RunReport): string {
  const lines: string[] = []
  lines.push(`### model-gate: ${headline(report)}`, '')
  lines.push(
    `**Verdict:** ${ICON[report.verdict]} · **Mode:** ${report.mode} · **Registry:** ${report.registry.uri ? report.registry.type : '_(not determined)_'} · **Model:** ${report.model ? code(report.model) : '_(not given)_'}`,
    ''
  )
  if (report.error) lines.push(quote(`**Error:** ${report.error}`), '')
  lines.push(gateTable(report.gates), '')
  const latency = latencyTable(report.gates)
  if (latency) lines.push(latency, '')
  const failing = failingItems(report.gates)
  if (failing) lines.push(failing, '')
  const measured = measurementSections(report.gates)
  if (measured) lines.push(measured)
  const why = report.gates.filter((g) => g.message)
  if (why.length) {
    lines.push('<details open><summary>Why</summary>', '')
    for (const g of why)
      lines.push(`- **${g.name}** (${g.verdict}): ${cell(g.message)}${cell(origin(g))}`)
    for (const g of report.gates)
      for (const w of g.warnings) lines.push(`- ⚠️ **${g.name}**: ${cell(w)}`)
    lines.push('', '</details>', '')
  }
  const prev = report.previousAlias
  // previous_alias moves only when a promotion replaced a champion; a restore puts it back, and a
  // rollback leaves it. Its old holder is read only when a failed build may need it back.
  const prevAfter =
    report.mode === 'promote' && report.promoted && !report.restored && report.replaced
      ? v(report.replaced)
      : 'unchanged'
  const prevBefore = v(report.previousBefore)
  lines.push(
    `| | '${report.alias}'${prev ? ` | '${prev}'` : ''} |`,
    `|---|---${prev ? '|---' : ''}|`,
    `| before | ${v(report.championBefore)}${prev ? ` | ${prevBefore}` : ''} |`,
    `| after | ${v(report.championAfter)}${prev ? ` | ${prevAfter}` : ''} |`,
    ''
  )
  const l = report.lineage
  if (l && (l.source_run_id || l.base_model || l.adapter_type || l.prompt_template_digest)) {
    const parts = [
      l.source_run_id
        ? `source run ${l.source_run_url ? `[\`${l.source_run_id}\`](${l.source_run_url})` : `\`${l.source_run_id}\``}`
        : '',
      l.base_model
        ? `base \`${l.base_model}${l.base_model_version ? `@${l.base_model_version}` : ''}\``
        : '',
      l.adapter_type ? `adapter ${l.adapter_type}` : '',
      l.data ? `data \`${l.data}\`` : '',
      l.prompt_template_digest
        ? `prompt templates sha256 \`${l.prompt_template_digest.slice(0, 16)}…\``
        : ''
    ].filter(Boolean)
    lines.push(`**Lineage:** ${parts.join(' · ')}`, '')
  }
  if (report.actions.length)
    lines.push('**Registry actions:**', ...report.actions.map((a) => `- ${a}`), '')
  if (report.notes.length) lines.push(...report.notes.map(quote), '')
  const links = [
    report.modelUri ? `model: \`${report.modelUri}\`` : '',
    report.run.url ? `[workflow run](${report.run.url})` : '',
    report.run.commit ? `commit \`${report.run.commit.slice(0, 12)}\`` : ''
  ].filter(Boolean)
  if (links.length) lines.push(links.join(' · '), '')
  return redact(lines.join('\n'))
}
