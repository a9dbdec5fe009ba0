import * as workflow from '../workflow.js'
import type { RunReport } from '../report.js'
import { redact } from '../secrets.js'
import { renderMarkdown } from './markdown.js'

/** The job summary, one annotation per failing or undecided gate, and the step outputs. */
export async function writeJobSummary(report: RunReport): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return
  try {
    await workflow.appendSummary(renderMarkdown(report))
  } catch (err) {
    // A reporting failure never changes the verdict.
    workflow.warning(
      `could not write the job summary: ${err instanceof Error ? err.message : String(err)}`
    )
  }
}

export function annotate(report: RunReport): void {
  for (const g of report.gates) {
    if (!g.enforce) continue
    const title = `model-gate: ${g.name} ${g.verdict}`
    if (g.verdict === 'fail' || g.verdict === 'error') workflow.error(redact(g.message), { title })
    else if (g.verdict === 'inconclusive') workflow.warning(redact(g.message), { title })
  }
  if (!report.error || report.gates.some((g) => g.verdict === 'error')) return
  // A config problem is annotated on its own line of the file (core escapes the properties).
  if (report.errorPlaces?.length)
    for (const p of report.errorPlaces)
      workflow.error(redact(p.message), {
        title: 'model-gate error',
        file: p.file,
        startLine: p.line,
        startColumn: p.column
      })
  else workflow.error(redact(report.error), { title: 'model-gate error' })
}

export function setOutputs(report: RunReport, receiptPath: string): void {
  workflow.setOutput('verdict', report.verdict)
  workflow.setOutput('promoted', report.promoted ? 'true' : 'false')
  workflow.setOutput('model', report.model)
  workflow.setOutput('version', report.version)
  workflow.setOutput('previous-version', report.replaced ?? report.championBefore ?? '')
  workflow.setOutput('model-uri', report.modelUri ?? '')
  workflow.setOutput('receipt', receiptPath)
  if (report.build?.outputs.image) workflow.setOutput('image', report.build.outputs.image)
}
