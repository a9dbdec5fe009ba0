/**
 * Reads a few fields out of a large JSON document without building the rest of it (issue 16: a
 * 60 MB promptfoo results.json must be read in well under a second). `JSON.parse` builds every
 * object of every row, which is most of the time and memory; this walks the UTF-8 bytes once,
 * checks the whole document against the JSON grammar as it goes (anything `JSON.parse` refuses
 * is refused here too), and materialises only what the spec names.
 *
 * Streaming parsers on npm (stream-json, @streamparser/json, clarinet) emit an event or a value per
 * token from JavaScript and still build every field: more work than this walk, which only steps.
 */

/**
 * What to keep of a JSON value: `true` keeps it whole; `{key: PickSpec}` keeps those keys of an
 * object (others are checked and dropped); `[PickSpec]` keeps every element of an array by that
 * spec; `'shared'` keeps it whole and frozen, one value for every occurrence of the same JSON text
 * (a provider object repeated on 100,000 rows is built once). A value of another kind than its
 * spec expects comes back as it is when it is a scalar, and as an empty array or object of its own
 * kind when it is a container, so `Array.isArray` and `typeof` checks on the result still tell
 * what the document held.
 */
export type PickSpec = true | 'shared' | { readonly [key: string]: PickSpec } | readonly [PickSpec]

export class JsonSyntaxError extends SyntaxError {
  constructor(
    message: string,
    readonly offset: number
  ) {
    super(message)
    this.name = 'JsonSyntaxError'
  }
}

/** The parts of `bytes` (a whole JSON document, UTF-8) that `spec` names. */
export function pickJson(bytes: Uint8Array, spec: PickSpec): unknown {
  const walker = new Walker(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength))
  walker.ws()
  const value = walker.pick(compile(spec))
  walker.ws()
  if (walker.i !== walker.b.length) walker.fail('unexpected data after the JSON value')
  return value
}

type Compiled =
  { kind: 'whole' } | { kind: 'shared' } | { kind: 'array'; item: Compiled } | CompiledObject
interface CompiledObject {
  kind: 'object'
  keys: Key[]
  /** The keys by their length in bytes, so most keys of the document are passed over unread. */
  byLength: Array<Key[] | undefined>
}
interface Key {
  name: string
  bytes: Buffer
  sub: Compiled
}

const WHOLE: Compiled = { kind: 'whole' }
const SHARED: Compiled = { kind: 'shared' }
const compiled = new WeakMap<object, Compiled>()

function compile(spec: PickSpec): Compiled {
  if (spec === true) return WHOLE
  if (spec === 'shared') return SHARED
  let c = compiled.get(spec)
  if (c) return c
  if (Array.isArray(spec)) c = { kind: 'array', item: compile((spec as readonly [PickSpec])[0]) }
  else {
    const keys = Object.entries(spec).map(([name, sub]) => ({
      name,
      bytes: Buffer.from(name, 'utf8'),
      sub: compile(sub)
    }))
    const byLength: Array<Key[] | undefined> = []
    for (const k of keys) (byLength[k.bytes.length] ??= []).push(k)
    c = { kind: 'object', keys, byLength }
  }
  compiled.set(spec, c)
  return c
}

// Byte values of the JSON grammar.
const QUOTE = 0x22
const BACKSLASH = 0x5c
const COMMA = 0x2c
const COLON = 0x3a
const OPEN_OBJECT = 0x7b
const CLOSE_OBJECT = 0x7d
const OPEN_ARRAY = 0x5b
const CLOSE_ARRAY = 0x5d
const MINUS = 0x2d

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39
const isHex = (c: number): boolean =>
  (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46)
const isSpace = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09
// The escapes JSON allows besides \u: " \ / b f n r t.
const isSimpleEscape = (c: number): boolean =>
  c === 0x22 ||
  c === 0x5c ||
  c === 0x2f ||
  c === 0x62 ||
  c === 0x66 ||
  c === 0x6e ||
  c === 0x72 ||
  c === 0x74

function fail(i: number, what: string): never {
  throw new JsonSyntaxError(`${what} at byte ${i}`, i)
}

function skipSpace(b: Buffer, i: number): number {
  while (isSpace(b[i])) i++
  return i
}

/** 1 for the bytes a string holds as they are: printable ASCII but '"' and '\\'. */
const PLAIN_STRING_BYTE = new Uint8Array(256)
for (let c = 0x20; c < 0x80; c++) if (c !== QUOTE && c !== BACKSLASH) PLAIN_STRING_BYTE[c] = 1

/**
 * Set by skipString: whether the string it stepped over held an escape or a byte outside ASCII
 * (then it must be decoded by JSON.parse rather than read as Latin-1).
 */
let stringWasPlain = true

/** The index after the string whose opening quote is at `i`. */
function skipString(b: Buffer, i: number): number {
  let plain = true
  i++
  for (;;) {
    // Printable ASCII but the quote and backslash is the common case: one table look-up per byte.
    while (PLAIN_STRING_BYTE[b[i]] === 1) i++
    const c = b[i]
    if (c === QUOTE) break
    plain = false
    if (c === BACKSLASH) {
      const e = b[i + 1]
      if (e === 0x75) {
        if (!(isHex(b[i + 2]) && isHex(b[i + 3]) && isHex(b[i + 4]) && isHex(b[i + 5])))
          fail(i, 'bad \\u escape')
        i += 6
      } else if (isSimpleEscape(e)) i += 2
      else fail(i, 'bad escape')
    } else if (c >= 0x80) i++
    // The end of the input (undefined) or a raw control character: JSON strings hold neither.
    else fail(i, c === undefined ? 'unterminated string' : 'control character in a string')
  }
  stringWasPlain = plain
  return i + 1
}

function skipNumber(b: Buffer, i: number): number {
  if (b[i] === MINUS) i++
  if (b[i] === 0x30) i++
  else if (b[i] >= 0x31 && b[i] <= 0x39) while (isDigit(b[i])) i++
  else fail(i, 'bad number')
  if (b[i] === 0x2e) {
    i++
    if (!isDigit(b[i])) fail(i, 'bad number')
    while (isDigit(b[i])) i++
  }
  if (b[i] === 0x65 || b[i] === 0x45) {
    i++
    if (b[i] === 0x2b || b[i] === MINUS) i++
    if (!isDigit(b[i])) fail(i, 'bad number')
    while (isDigit(b[i])) i++
  }
  return i
}

function skipLiteral(b: Buffer, i: number, word: string): number {
  for (let j = 0; j < word.length; j++)
    if (b[i + j] !== word.charCodeAt(j)) fail(i + j, `expected ${word}`)
  return i + word.length
}

/** `"key" :` in an object, from its opening quote; the index after the colon. */
function skipKey(b: Buffer, i: number): number {
  if (b[i] !== QUOTE) fail(i, 'expected a string key')
  i = skipSpace(b, skipString(b, i))
  if (b[i] !== COLON) fail(i, "expected ':'")
  return i + 1
}

/** The open containers of skipValue, reused: '{' or '[' per level. */
let openStack = new Uint8Array(64)

/**
 * The index after the value at `i` (no leading space), its grammar checked. Iterative, so no
 * nesting depth can overflow the call stack.
 */
function skipValue(b: Buffer, i: number): number {
  let depth = 0
  for (;;) {
    // A value is expected at i.
    i = skipSpace(b, i)
    const c = b[i]
    if (c === QUOTE) i = skipString(b, i)
    else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      i = skipSpace(b, i + 1)
      // '{' + 2 is '}' and '[' + 2 is ']': an empty container is a whole value.
      if (b[i] === c + 2) i++
      else {
        if (depth === openStack.length) {
          const grown = new Uint8Array(depth * 2)
          grown.set(openStack)
          openStack = grown
        }
        openStack[depth++] = c
        if (c === OPEN_OBJECT) i = skipKey(b, i)
        continue
      }
    } else if (c === MINUS || isDigit(c)) i = skipNumber(b, i)
    else if (c === 0x74) i = skipLiteral(b, i, 'true')
    else if (c === 0x66) i = skipLiteral(b, i, 'false')
    else if (c === 0x6e) i = skipLiteral(b, i, 'null')
    else fail(i, c === undefined ? 'unexpected end of the JSON' : 'expected a JSON value')
    // After a value: close containers, or go on to the next member after a comma.
    for (;;) {
      if (depth === 0) return i
      i = skipSpace(b, i)
      const top = openStack[depth - 1]
      const d = b[i]
      if (d === top + 2) {
        i++
        depth--
        continue
      }
      if (d !== COMMA) fail(i, `expected ',' or '${String.fromCharCode(top + 2)}'`)
      i = skipSpace(b, i + 1)
      if (top === OPEN_OBJECT) i = skipKey(b, i)
      break
    }
  }
}

/** Walks the document, materialising what the spec names. */
class Walker {
  i = 0
  constructor(readonly b: Buffer) {}

  fail(what: string): never {
    return fail(this.i, what)
  }

  ws(): void {
    this.i = skipSpace(this.b, this.i)
  }

  pick(spec: Compiled): unknown {
    if (spec.kind === 'whole') return this.whole()
    if (spec.kind === 'shared') return this.shared()
    const b = this.b
    const c = b[this.i]
    if (spec.kind === 'array') {
      if (c !== OPEN_ARRAY) return this.mismatch()
      const out: unknown[] = []
      this.i = skipSpace(b, this.i + 1)
      if (b[this.i] === CLOSE_ARRAY) {
        this.i++
        return out
      }
      for (;;) {
        this.ws()
        out.push(this.pick(spec.item))
        if (this.afterMember(CLOSE_ARRAY)) return out
      }
    }
    if (c !== OPEN_OBJECT) return this.mismatch()
    const out: Record<string, unknown> = {}
    this.i = skipSpace(b, this.i + 1)
    if (b[this.i] === CLOSE_OBJECT) {
      this.i++
      return out
    }
    for (;;) {
      this.ws()
      const wanted = this.key(spec)
      this.ws()
      if (wanted) out[wanted.name] = this.pick(wanted.sub)
      else this.i = b[this.i] === QUOTE ? skipString(b, this.i) : skipValue(b, this.i)
      if (this.afterMember(CLOSE_OBJECT)) return out
    }
  }

  /** After a member: true at the closing bracket (consumed), false after a comma. */
  private afterMember(close: number): boolean {
    const i = skipSpace(this.b, this.i)
    const c = this.b[i]
    this.i = i + 1
    if (c === close) return true
    if (c !== COMMA) fail(i, `expected ',' or '${String.fromCharCode(close)}'`)
    return false
  }

  /** Reads `"key":`, returning the spec entry it names (undefined when it names none). */
  private key(spec: CompiledObject): Key | undefined {
    const b = this.b
    const start = this.i
    if (b[start] !== QUOTE) this.fail('expected a string key')
    const after = skipString(b, start)
    const plain = stringWasPlain
    let i = skipSpace(b, after)
    if (b[i] !== COLON) fail(i, "expected ':'")
    this.i = i + 1
    if (!plain) {
      // Rare: compare the decoded key, as JSON.parse would see it.
      const name = JSON.parse(b.toString('utf8', start, after)) as string
      return spec.keys.find((k) => k.name === name)
    }
    const from = start + 1
    const length = after - 1 - from
    const candidates = spec.byLength[length]
    if (candidates === undefined) return undefined
    for (let n = 0; n < candidates.length; n++) {
      const k = candidates[n]
      i = 0
      while (i < length && b[from + i] === k.bytes[i]) i++
      if (i === length) return k
    }
    return undefined
  }

  /** A value of another kind than the spec wanted: scalars as they are, containers empty. */
  private mismatch(): unknown {
    const c = this.b[this.i]
    if (c === OPEN_ARRAY || c === OPEN_OBJECT) {
      this.i = skipValue(this.b, this.i)
      return c === OPEN_ARRAY ? [] : {}
    }
    return this.whole()
  }

  /**
   * Short strings met before (provider ids and labels, prompt ids: the same few on every row) are
   * handed back from `seen` rather than decoded again, which is faster and keeps one copy of each.
   */
  private readonly seen = new Map<number, Array<{ start: number; text: string }>>()

  /** An ASCII string without escapes between `start` and `end`. */
  private plainString(start: number, end: number): string {
    const b = this.b
    const length = end - start
    if (length > 48 || length === 0) return b.toString('latin1', start, end)
    const hash = (length << 16) ^ (b[start] << 8) ^ b[end - 1] ^ (b[start + (length >> 1)] << 3)
    let bucket = this.seen.get(hash)
    if (bucket)
      for (let n = 0; n < bucket.length; n++) {
        const was = bucket[n].start
        let i = 0
        while (i < length && b[was + i] === b[start + i]) i++
        if (i === length) return bucket[n].text
      }
    const text = b.toString('latin1', start, end)
    if (this.seen.size < 4096) {
      if (!bucket) this.seen.set(hash, (bucket = []))
      if (bucket.length < 8) bucket.push({ start, text })
    }
    return text
  }

  /** Values of 'shared' leaves by their JSON text's length: where in the document, and the value. */
  private readonly sharedSeen = new Map<number, Array<{ start: number; value: unknown }>>()

  /** The value at the cursor, frozen, and the same value as an earlier one of the same text. */
  private shared(): unknown {
    const b = this.b
    const start = this.i
    const end = (this.i = skipValue(b, start))
    const length = end - start
    let bucket = this.sharedSeen.get(length)
    if (bucket)
      for (let n = 0; n < bucket.length; n++) {
        const was = bucket[n].start
        let i = 0
        while (i < length && b[was + i] === b[start + i]) i++
        if (i === length) return bucket[n].value
      }
    const value = deepFreeze(JSON.parse(b.toString('utf8', start, end)))
    if (this.sharedSeen.size < 256) {
      if (!bucket) this.sharedSeen.set(length, (bucket = []))
      if (bucket.length < 16) bucket.push({ start, value })
    }
    return value
  }

  /** The value at the cursor, materialised. */
  private whole(): unknown {
    const b = this.b
    const start = this.i
    const c = b[start]
    const end = (this.i = skipValue(b, start))
    if (c === QUOTE)
      return stringWasPlain
        ? this.plainString(start + 1, end - 1)
        : (JSON.parse(b.toString('utf8', start, end)) as unknown)
    if (c === MINUS || isDigit(c)) return numberAt(b, start, end)
    if (c === 0x74) return true
    if (c === 0x66) return false
    if (c === 0x6e) return null
    return JSON.parse(b.toString('utf8', start, end)) as unknown
  }
}

/** A JSON number's value: small integers (test indexes) directly, others as JSON.parse reads them. */
function numberAt(b: Buffer, start: number, end: number): number {
  if (end - start <= 15) {
    let v = 0
    let i = start
    for (; i < end; i++) {
      const d = b[i] - 0x30
      if (d < 0 || d > 9) break
      v = v * 10 + d
    }
    if (i === end) return v
  }
  return Number(b.toString('latin1', start, end))
}

/** Freeze a value and all it holds; with a stack, not recursion: a file may nest deeply. */
function deepFreeze(value: unknown): unknown {
  const open: unknown[] = [value]
  while (open.length) {
    const v = open.pop()
    if (!v || typeof v !== 'object' || Object.isFrozen(v)) continue
    Object.freeze(v)
    for (const x of Object.values(v)) open.push(x)
  }
  return value
}
