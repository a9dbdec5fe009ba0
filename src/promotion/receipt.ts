import { mkdir, rename, writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { Registry } from '../registry/registry.js'
import { lineageTags } from './lineage.js'
import type { RunReport } from '../report.js'
import { redactDeep } from '../secrets.js'

/**
 * The receipt: tags on the promoted version (SPEC §6 step 6) and a JSON file. Both are scrubbed
 * of every registered secret; the file is written to a temporary name and renamed, so a reader
 * never sees half a receipt.
 */

function receiptTags(report: RunReport): Record<string, string> {
  const tags: Record<string, string> = {
    'model_gate.previous_version': report.replaced ?? report.championBefore ?? 'none',
    'model_gate.alias': report.alias,
    'model_gate.promoted_at': report.finishedAt ?? new Date().toISOString()
  }
  if (report.run.url) tags['model_gate.run_url'] = report.run.url
  if (report.run.commit) tags['model_gate.commit'] = report.run.commit
  for (const g of report.gates) {
    if (g.value !== undefined) tags[`model_gate.gate.${g.name}`] = `${g.value} (${g.verdict})`
    else tags[`model_gate.gate.${g.name}`] = g.verdict
  }
  if (report.lineage) Object.assign(tags, lineageTags(report.lineage))
  // Written last: a version with a verdict tag has the whole receipt (a re-run completes the rest).
  tags['model_gate.verdict'] = report.verdict
  // MLflow treats an empty value as a missing parameter; a tag is either meaningful or absent.
  return redactDeep(Object.fromEntries(Object.entries(tags).filter(([, v]) => v !== '')))
}

export async function writeReceiptTags(registry: Registry, report: RunReport): Promise<void> {
  await registry.setTags(report.model, report.version, receiptTags(report))
}

export async function writeReceiptFile(file: string, report: RunReport): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true })
  const tmp = `${file}.${process.pid}.tmp`
  await writeFile(tmp, `${JSON.stringify(redactDeep(report), null, 2)}\n`, 'utf8')
  await rename(tmp, file)
}
