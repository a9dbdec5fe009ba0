import type { GateResult, Verdict } from '../gates/gate.js'
import { fmt } from '../gates/metric.js'
import type { RunReport } from '../report.js'
import { redact } from '../secrets.js'

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

export function headline(report: RunReport): string {
  const target = `${report.model} version ${report.version || report.requestedVersion || '?'}`
  if (report.mode === 'rollback')
    return report.promoted
      ? `Rolled back ${report.model}: '${report.alias}' → version ${report.championAfter}`
      : `Rollback of ${report.model} ${report.verdict === 'error' ? 'failed' : 'refused'}`
  if (report.promoted) return `Promoted ${target} to '${report.alias}'`
  if (report.mode === 'evaluate')
    return `${target} ${report.verdict === 'pass' ? 'would be promoted' : 'would not be promoted'} (${report.verdict})`
  return `${target} not promoted (${report.verdict})`
}

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ')
}

function ci(g: GateResult): string {
  if (!g.ci) return ''
  return `[${fmt(g.ci.low)}, ${fmt(g.ci.high)}] (${Math.round(g.ci.level * 100)}%)`
}

export function gateTable(gates: GateResult[]): string {
  if (gates.length === 0) return '_No gates ran._\n'
  const rows = gates.map((g) =>
    [
      g.name + (g.enforce ? '' : ' _(not enforced)_'),
      g.measure ?? g.type,
      g.value !== undefined ? fmt(g.value) : '—',
      g.threshold ?? '',
      ci(g),
      g.n !== undefined ? String(g.n) : '',
      ICON[g.verdict] + (g.neutral ? ' (neutral)' : '')
    ]
      .map(cell)
      .join(' | ')
  )
  return [
    '| Gate | Measure | Value | Threshold | CI | n | Verdict |',
    '|---|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r} |`)
  ].join('\n')
}

const v = (version: string | undefined): string => (version ? `version ${version}` : 'none')

export function renderMarkdown(report: RunReport): string {
  const lines: string[] = []
  lines.push(`### model-gate: ${headline(report)}`, '')
  lines.push(
    `**Verdict:** ${ICON[report.verdict]} · **Mode:** ${report.mode} · **Registry:** ${report.registry.type} · **Model:** \`${report.model}\``,
    ''
  )
  if (report.error) lines.push(`> **Error:** ${report.error}`, '')
  lines.push(gateTable(report.gates), '')
  const why = report.gates.filter((g) => g.message)
  if (why.length) {
    lines.push('<details open><summary>Why</summary>', '')
    for (const g of why) lines.push(`- **${g.name}** (${g.verdict}): ${cell(g.message)}`)
    for (const g of report.gates)
      for (const w of g.warnings) lines.push(`- ⚠️ **${g.name}**: ${cell(w)}`)
    lines.push('', '</details>', '')
  }
  lines.push(
    `| | '${report.alias}'${report.previousAlias ? ` | '${report.previousAlias}'` : ''} |`,
    `|---|---${report.previousAlias ? '|---' : ''}|`,
    `| before | ${v(report.championBefore)}${report.previousAlias ? ' | ' : ''} |`,
    `| after | ${v(report.championAfter)}${report.previousAlias ? ` | ${report.promoted && report.championBefore ? v(report.championBefore) : 'unchanged'}` : ''} |`,
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
  if (report.notes.length) lines.push(...report.notes.map((n) => `> ${n}`), '')
  const links = [
    report.modelUri ? `model: \`${report.modelUri}\`` : '',
    report.run.url ? `[workflow run](${report.run.url})` : '',
    report.run.commit ? `commit \`${report.run.commit.slice(0, 12)}\`` : ''
  ].filter(Boolean)
  if (links.length) lines.push(links.join(' · '), '')
  return redact(lines.join('\n'))
}
