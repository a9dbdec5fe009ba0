import { GateError } from '../../../errors.js'
import { describeFound, type LoadedFile } from '../file.js'
import { finiteValue, itemsResult, requireUniqueIds } from '../items.js'
import type { MetricResult } from '../result.js'

/** `format: jsonl`: one `{"id": ..., "<metric>": number}` per line; blank lines are skipped. */
export function readJsonl(content: LoadedFile, file: string, metric: string): MetricResult {
  const text = content.text
  const where = `jsonl ${file}`
  const ids: Array<string | number> = []
  const values: number[] = []
  const fix = `write one {"id": ..., "${metric}": <number>} object per line`
  let lineNo = 0
  let start = 0
  while (start <= text.length) {
    let end = text.indexOf('\n', start)
    if (end < 0) end = text.length
    const line = text.slice(start, end).trim()
    start = end + 1
    lineNo++
    if (!line) continue
    let row: unknown
    try {
      row = JSON.parse(line) as unknown
    } catch {
      throw new GateError(
        `${file} is not JSONL: expected one JSON object per line, found ${lineNo === 1 ? describeFound(content) : `line ${lineNo} that is not JSON`}`,
        `${fix}, or set format: to what the file is`
      )
    }
    if (!row || typeof row !== 'object' || Array.isArray(row))
      throw new GateError(`${where}: line ${lineNo} is not a JSON object`, fix)
    const o = row as Record<string, unknown>
    if (ids.length === 0 && !('id' in o)) {
      // A one-line JSON document of another tool is the wrong format, not a bad first row.
      const found = describeFound(content)
      if (!found.startsWith('a JSON object') && !found.startsWith('JSON Lines'))
        throw new GateError(
          `${file} is not JSONL: expected one JSON object per line, found ${found}`,
          `${fix}, or set format: to what the file is`
        )
    }
    if (typeof o.id !== 'string' && typeof o.id !== 'number')
      throw new GateError(`${where}: line ${lineNo} has no "id" (a string or number)`, fix)
    if (!(metric in o))
      throw new GateError(
        `${where}: line ${lineNo} has no "${metric}" (it has: ${Object.keys(o).join(', ')})`,
        `${fix}, or fix the gate's metric name`
      )
    ids.push(o.id)
    values.push(finiteValue(o[metric], where, `"${metric}" on line ${lineNo}`, fix))
  }
  if (!ids.length) throw new GateError(`${where} has no items`, fix)
  requireUniqueIds(ids, where, 'write each item once')
  return itemsResult(metric, { ids, values }, { origin: `jsonl ${file}, ${ids.length} items` })
}
