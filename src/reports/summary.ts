import * as core from '@actions/core'
import type { RunReport } from '../report.js'
import { redact } from '../secrets.js'
import { renderMarkdown } from './markdown.js'

/** The job summary, one annotation per failing or undecided gate, and the step outputs. */
export async function writeJobSummary(report: RunReport): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return
  try {
    await core.summary.addRaw(renderMarkdown(report), true).write()
  } catch (err) {
    // A reporting failure never changes the verdict.
    core.warning(
      `could not write the job summary: ${err instanceof Error ? err.message : String(err)}`
    )
  }
}

export function annotate(report: RunReport): void {
  for (const g of report.gates) {
    if (!g.enforce) continue
    const title = `model-gate: ${g.name} ${g.verdict}`
    if (g.verdict === 'fail' || g.verdict === 'error') core.error(redact(g.message), { title })
    else if (g.verdict === 'inconclusive') core.warning(redact(g.message), { title })
  }
  if (!report.error || report.gates.some((g) => g.verdict === 'error')) return
  // A config problem is annotated on its own line of the file (core escapes the properties).
  if (report.errorPlaces?.length)
    for (const p of report.errorPlaces)
      core.error(redact(p.message), {
        title: 'model-gate error',
        file: p.file,
        startLine: p.line,
        startColumn: p.column
      })
  else core.error(redact(report.error), { title: 'model-gate error' })
}

export function setOutputs(report: RunReport, receiptPath: string): void {
  core.setOutput('verdict', report.verdict)
  core.setOutput('promoted', report.promoted ? 'true' : 'false')
  core.setOutput('model', report.model)
  core.setOutput('version', report.version)
  core.setOutput('previous-version', report.replaced ?? report.championBefore ?? '')
  core.setOutput('model-uri', report.modelUri ?? '')
  core.setOutput('receipt', receiptPath)
  if (report.build?.outputs.image) core.setOutput('image', report.build.outputs.image)
}
