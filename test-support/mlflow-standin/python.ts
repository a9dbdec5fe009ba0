/**
 * Python-compatible formatting (messages embed json.dumps / repr output) and page tokens
 * (mlflow/utils/search_utils.py: base64 of json.dumps({"offset": N})).
 */
import { invalid } from './errors.js'

export function pyString(s: string): string {
  // json.dumps escapes everything outside ASCII (ensure_ascii=True).
  return JSON.stringify(s).replace(
    /[\u0080-\uffff]/g,
    (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0')
  )
}

export function pyNumber(n: number): string {
  if (Number.isNaN(n)) return 'NaN'
  if (!Number.isFinite(n)) return n > 0 ? 'Infinity' : '-Infinity'
  return String(n).replace(/e([+-])(\d)$/, 'e$10$2')
}

/** json.dumps with its default separators: `{"a": 1, "b": [1, 2]}`. */
export function pyDumps(v: unknown): string {
  if (v === null || v === undefined) return 'null'
  if (typeof v === 'boolean') return v ? 'true' : 'false'
  if (typeof v === 'number') return pyNumber(v)
  if (typeof v === 'string') return pyString(v)
  if (Array.isArray(v)) return '[' + v.map(pyDumps).join(', ') + ']'
  if (typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined)
    return '{' + entries.map(([k, x]) => `${pyString(k)}: ${pyDumps(x)}`).join(', ') + '}'
  }
  return 'null' // nothing else comes out of JSON.parse
}

export function pyTypeName(v: unknown): string {
  if (v === null || v === undefined) return 'NoneType'
  if (typeof v === 'string') return 'str'
  if (typeof v === 'boolean') return 'bool'
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float'
  if (Array.isArray(v)) return 'list'
  return 'dict'
}

export const pyList = (items: string[]): string => '[' + items.map((s) => `'${s}'`).join(', ') + ']'

/** Python's int() on a str or number. */
export function pyIntLike(v: unknown): boolean {
  if (typeof v === 'number') return Number.isFinite(v)
  if (typeof v === 'boolean') return true
  return typeof v === 'string' && /^\s*[+-]?\d+(_\d+)*\s*$/.test(v)
}

export function pyFloatLike(v: unknown): boolean {
  if (typeof v === 'number' || typeof v === 'boolean') return true
  if (typeof v !== 'string') return false
  const s = v.trim().toLowerCase()
  return /^[+-]?(nan|inf|infinity)$/.test(s) || (s !== '' && !Number.isNaN(Number(s)))
}

export const toInt = (v: unknown): number => parseInt(String(v).replace(/_/g, '').trim(), 10)

export function toFloat(v: unknown): number {
  if (typeof v === 'number') return v
  const s = String(v).trim().toLowerCase()
  if (/^[+-]?nan$/.test(s)) return NaN
  if (/^[+-]?inf(inity)?$/.test(s)) return s.startsWith('-') ? -Infinity : Infinity
  return Number(s)
}

/** Python's len() counts code points, not UTF-16 units. */
export const pyLen = (s: string): number => [...s].length

/** A JSON value as Python's str() would show it in a string field. */
export function asText(v: unknown): string {
  if (typeof v === 'string') return v
  if (typeof v === 'number' || typeof v === 'boolean') return String(v)
  return v === undefined || v === null ? '' : JSON.stringify(v)
}

export const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

export function createPageToken(offset: number): string {
  return Buffer.from(`{"offset": ${offset}}`).toString('base64')
}

/** base64.b64decode without validate: drops foreign characters, rejects bad padding. */
export function pyB64Decode(token: string): Buffer | undefined {
  const clean = token.replace(/[^A-Za-z0-9+/=]/g, '')
  const firstPad = clean.indexOf('=')
  const data = firstPad < 0 ? clean : clean.slice(0, firstPad)
  const pads = firstPad < 0 ? 0 : clean.length - firstPad
  const rem = data.length % 4
  if (rem === 1) return undefined
  if (rem !== 0 && pads < 4 - rem) return undefined
  return Buffer.from(data, 'base64')
}

/** `allowZero`: get-history takes back the offset-0 token it hands out (012); search rejects it. */
export function parsePageToken(token: string | undefined, allowZero = false): number {
  if (!token) return 0
  const decoded = pyB64Decode(token)
  if (!decoded) throw invalid('Invalid page token, could not base64-decode')
  let parsed: unknown
  try {
    parsed = JSON.parse(decoded.toString('utf8'))
  } catch {
    throw invalid(`Invalid page token, decoded value=b'${decoded.toString('latin1')}'`)
  }
  const offset = isPlainObject(parsed) ? parsed.offset : undefined
  // Python's `if not offset_str` also rejects an offset of 0.
  if (!offset && !(allowZero && offset === 0)) {
    throw invalid(`Invalid page token, parsed value=${pyDumps(parsed)}`)
  }
  if (!pyIntLike(offset)) throw invalid(`Invalid page token, not stringable ${pyDumps(offset)}`)
  return toInt(offset)
}

export function paginate<T>(
  items: T[],
  maxResults: number,
  pageToken: string | undefined
): { page: T[]; next?: string } {
  const offset = parsePageToken(pageToken)
  const page = items.slice(offset, offset + maxResults)
  return offset + maxResults < items.length
    ? { page, next: createPageToken(offset + maxResults) }
    : { page }
}

/** Python's datetime.isoformat() in UTC, with microseconds. */
export const isoMicros = (ms: number): string =>
  new Date(ms).toISOString().replace(/Z$/, '000+00:00')
