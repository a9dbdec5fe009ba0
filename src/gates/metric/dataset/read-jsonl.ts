import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { createInterface } from 'node:readline'
import { z } from 'zod'
import { GateError } from '../../../errors.js'
import { clip } from '../../../format.js'

/**
 * The golden set, read as a stream (SPEC §10): one JSON object per line. It is read twice: once
 * to check every line, count the items and take the file's sha256 before any request is sent (a
 * bad line 90,000 must not surface after 89,999 requests), and once to send the items. Neither
 * pass holds more than the ids.
 */

const Message = z.looseObject({ role: z.string().min(1), content: z.unknown() })

const DatasetItemSchema = z
  .looseObject({
    id: z.union([z.string().min(1), z.number()]).optional(),
    input: z.string().optional(),
    messages: z.array(Message).min(1).optional(),
    expected: z.unknown().optional()
  })
  .refine((i) => (i.input === undefined) !== (i.messages === undefined), {
    message: 'give either "input" (a string) or "messages" (a list), not both or neither'
  })
export type DatasetItem = z.infer<typeof DatasetItemSchema>

export interface ChatMessage {
  role: string
  content: unknown
}

/** The messages an item sends: `input` as one user message, or `messages` as given. */
export function itemMessages(item: DatasetItem): ChatMessage[] {
  return item.messages ?? [{ role: 'user', content: item.input }]
}

interface DatasetScan {
  /** Absolute path, after symlinks. */
  file: string
  /** sha256 of the file's bytes, hex. */
  sha256: string
  /** Items in file order; blank lines are not items. */
  ids: string[]
}

/** Lines of a file with their 1-based line numbers, and the hash of every byte read. */
async function* lines(
  file: string,
  hash: ReturnType<typeof createHash>
): AsyncGenerator<{ line: string; lineNo: number }> {
  const stream = createReadStream(file)
  // Both listeners see the same chunks, and readline's pausing pauses the stream for both.
  stream.on('data', (chunk) => hash.update(chunk))
  const rl = createInterface({ input: stream, crlfDelay: Infinity })
  let lineNo = 0
  try {
    for await (const line of rl) {
      lineNo++
      if (line.trim()) yield { line, lineNo }
    }
  } finally {
    rl.close()
    stream.destroy()
  }
}

function parseItem(line: string, lineNo: number, name: string): DatasetItem {
  let raw: unknown
  try {
    raw = JSON.parse(line)
  } catch {
    throw new GateError(
      `dataset ${name} line ${lineNo} is not JSON`,
      'write one JSON object per line (JSONL)'
    )
  }
  const parsed = DatasetItemSchema.safeParse(raw)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const where = issue.path.length ? ` at "${issue.path.join('.')}"` : ''
    throw new GateError(
      `dataset ${name} line ${lineNo}${where}: ${issue.message}`,
      'each line is {"id": ..., "input": "..." | "messages": [...], "expected": ...} (SPEC §10)'
    )
  }
  return parsed.data
}

/** The id an item is paired by: its own, or its line number when it has none. */
function itemId(item: DatasetItem, lineNo: number): string {
  return item.id !== undefined ? String(item.id) : `line ${lineNo}`
}

/**
 * First pass: every line parses, is an item, passes the scorer's own check (`check` returns a
 * reason when `expected` does not suit the scorer), and has an id of its own.
 */
export async function scanDataset(
  file: string,
  name: string,
  check: (item: DatasetItem) => string | undefined
): Promise<DatasetScan> {
  const hash = createHash('sha256')
  const ids: string[] = []
  const seen = new Map<string, number>()
  for await (const { line, lineNo } of lines(file, hash)) {
    const item = parseItem(line, lineNo, name)
    const bad = check(item)
    if (bad)
      throw new GateError(
        `dataset ${name} line ${lineNo}: ${bad}`,
        "fix the item, or choose the scorer that suits the dataset's expected values"
      )
    const id = itemId(item, lineNo)
    const earlier = seen.get(id)
    if (earlier !== undefined)
      throw new GateError(
        `dataset ${name} line ${lineNo}: id ${clip(JSON.stringify(id), 80)} is also on line ${earlier}`,
        'give every item its own id: items are paired by id across versions'
      )
    seen.set(id, lineNo)
    ids.push(id)
  }
  if (ids.length === 0)
    throw new GateError(`dataset ${name} has no items`, 'add one JSON object per line')
  return { file, sha256: hash.digest('hex'), ids }
}

export interface IndexedItem {
  /** Position among the items (0-based), the same as in DatasetScan.ids. */
  index: number
  lineNo: number
  item: DatasetItem
}

/**
 * Second pass: the items in order, for workers that pull them one at a time. At the end the
 * bytes must hash as they did in the first pass, or the results would describe another file.
 */
export async function* readItems(scan: DatasetScan, name: string): AsyncGenerator<IndexedItem> {
  const hash = createHash('sha256')
  let index = 0
  for await (const { line, lineNo } of lines(scan.file, hash)) {
    yield { index, lineNo, item: parseItem(line, lineNo, name) }
    index++
  }
  if (hash.digest('hex') !== scan.sha256 || index !== scan.ids.length)
    throw new GateError(
      `dataset ${name} changed while it was being evaluated`,
      'do not write the dataset file while model-gate runs'
    )
}
