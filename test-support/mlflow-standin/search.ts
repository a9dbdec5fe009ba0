/**
 * Search filters and order_by: a subset of mlflow/utils/search_utils.py, enough for model-gate
 * and the captures.
 */
import { MlflowError, invalid } from './errors.js'
import { pyList } from './python.js'

export interface Clause {
  type: 'attribute' | 'tag' | 'metric' | 'param'
  key: string
  comparator: string
  value: string | number | Array<string | number>
}

export interface Token {
  t: 'word' | 'str' | 'bq' | 'num' | 'op' | 'lp' | 'rp' | 'comma'
  v: string
}

export function tokenize(filter: string): Token[] {
  const bad = (): MlflowError => invalid(`Invalid filter '${filter}'. Could not be parsed.`)
  const out: Token[] = []
  let i = 0
  while (i < filter.length) {
    const c = filter[i]
    const rest = filter.slice(i)
    if (/\s/.test(c)) {
      i++
    } else if (c === "'" || c === '"') {
      let j = i + 1
      let v = ''
      for (;;) {
        if (j >= filter.length) throw bad()
        if (filter[j] === '\\' && j + 1 < filter.length) {
          v += filter[j + 1]
          j += 2
        } else if (filter[j] === c && filter[j + 1] === c) {
          v += c
          j += 2
        } else if (filter[j] === c) {
          break
        } else {
          v += filter[j++]
        }
      }
      out.push({ t: 'str', v })
      i = j + 1
    } else if (c === '`') {
      const j = filter.indexOf('`', i + 1)
      if (j < 0) throw bad()
      out.push({ t: 'bq', v: filter.slice(i + 1, j) })
      i = j + 1
    } else if (c === '(' || c === ')' || c === ',') {
      out.push({ t: c === '(' ? 'lp' : c === ')' ? 'rp' : 'comma', v: c })
      i++
    } else {
      const op = /^(!=|<>|>=|<=|=|>|<)/.exec(rest)
      const num = /^-?\d+(\.\d+)?([eE][+-]?\d+)?(?![\w.])/.exec(rest)
      const word = /^[A-Za-z_][\w.]*/.exec(rest)
      const m = op ?? num ?? word
      if (!m) throw bad()
      if (op) out.push({ t: 'op', v: op[0] === '<>' ? '!=' : op[0] })
      else out.push({ t: num ? 'num' : 'word', v: m[0] })
      i += m[0].length
    }
  }
  return out
}

export const ENTITY_PREFIXES: Record<string, Clause['type']> = {
  tag: 'tag',
  tags: 'tag',
  attribute: 'attribute',
  attributes: 'attribute',
  attr: 'attribute',
  run: 'attribute',
  metric: 'metric',
  metrics: 'metric',
  param: 'param',
  params: 'param',
  parameter: 'param',
  parameters: 'param'
}

export function parseFilter(filter: string | undefined): Clause[] {
  if (!filter || !filter.trim()) return []
  const bad = (): MlflowError => invalid(`Invalid filter '${filter}'. Could not be parsed.`)
  const toks = tokenize(filter)
  const clauses: Clause[] = []
  let i = 0
  const next = (): Token => {
    const t = toks[i++]
    if (!t) throw bad()
    return t
  }
  for (;;) {
    const id = next()
    if (id.t !== 'word' && id.t !== 'bq') throw bad()
    let ident = id.v
    let quotedKey: string | undefined
    if (id.t === 'word' && ident.endsWith('.') && (toks[i]?.t === 'bq' || toks[i]?.t === 'str')) {
      quotedKey = next().v
      ident = ident.slice(0, -1)
    }
    let type: Clause['type'] = 'attribute'
    let key = quotedKey ?? ident
    const dot = ident.indexOf('.')
    if (id.t === 'word' && (dot >= 0 || quotedKey !== undefined)) {
      const prefix = (dot >= 0 ? ident.slice(0, dot) : ident).toLowerCase()
      const found = ENTITY_PREFIXES[prefix]
      if (!found) {
        throw invalid(
          `Invalid entity type '${prefix}'. Valid values are ['metric', 'parameter', 'tag', 'attribute']`
        )
      }
      type = found
      key = quotedKey ?? ident.slice(dot + 1)
    }
    let cmp = next()
    let comparator: string
    if (cmp.t === 'op') {
      comparator = cmp.v
    } else if (cmp.t === 'word' && /^(like|ilike|in)$/i.test(cmp.v)) {
      comparator = cmp.v.toUpperCase()
    } else if (cmp.t === 'word' && /^not$/i.test(cmp.v)) {
      cmp = next()
      if (cmp.t !== 'word' || !/^(like|ilike|in)$/i.test(cmp.v)) throw bad()
      comparator = `NOT ${cmp.v.toUpperCase()}`
    } else {
      throw bad()
    }
    const valTok = next()
    let value: Clause['value']
    if (valTok.t === 'str') value = valTok.v
    else if (valTok.t === 'num') value = Number(valTok.v)
    else if (valTok.t === 'lp') {
      const list: Array<string | number> = []
      for (;;) {
        const item = next()
        if (item.t === 'str') list.push(item.v)
        else if (item.t === 'num') list.push(Number(item.v))
        else throw bad()
        const sep = next()
        if (sep.t === 'rp') break
        if (sep.t !== 'comma') throw bad()
      }
      value = list
    } else throw bad()
    if (comparator.endsWith('IN') !== Array.isArray(value)) throw bad()
    clauses.push({ type, key, comparator, value })
    if (i >= toks.length) return clauses
    const and = next()
    if (and.t !== 'word' || !/^and$/i.test(and.v)) throw bad()
  }
}

export function likeRegex(pattern: string, flags: string): RegExp {
  const body = [...pattern]
    .map((ch) => (ch === '%' ? '.*' : ch === '_' ? '.' : ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('')
  return new RegExp(`^${body}$`, `s${flags}`)
}

export function compare(
  comparator: string,
  actual: string | number | undefined,
  value: Clause['value']
): boolean {
  if (actual === undefined) return false // an inner join: a missing tag/metric never matches
  switch (comparator) {
    case '=':
      return actual === value
    case '!=':
      return actual !== value
    case '>':
      return Number(actual) > (value as number)
    case '>=':
      return Number(actual) >= (value as number)
    case '<':
      return Number(actual) < (value as number)
    case '<=':
      return Number(actual) <= (value as number)
    case 'LIKE':
      return likeRegex(String(value), '').test(String(actual)) // case-sensitive, as on sqlite
    case 'ILIKE':
      return likeRegex(String(value), 'i').test(String(actual))
    case 'NOT LIKE':
      return !likeRegex(String(value), '').test(String(actual))
    case 'NOT ILIKE':
      return !likeRegex(String(value), 'i').test(String(actual))
    case 'IN':
      return (value as Array<string | number>).includes(actual)
    case 'NOT IN':
      return !(value as Array<string | number>).includes(actual)
    default:
      return false
  }
}

export const STRING_CMP = ['=', '!=', 'LIKE', 'ILIKE']

export const NUMERIC_CMP = ['=', '!=', '>', '>=', '<', '<=']

export function checkClause(c: Clause, allowed: string[], numeric: boolean): void {
  if (!allowed.includes(c.comparator)) {
    throw invalid(
      `Invalid comparator '${c.comparator}' not one of '${pyList(allowed).slice(1, -1)}'`
    )
  }
  const values = Array.isArray(c.value) ? c.value : [c.value]
  if (!numeric && values.some((v) => typeof v !== 'string')) {
    throw invalid(`Expected a quoted string value for ${c.type}s. Got value ${String(c.value)}`)
  }
  if (numeric && values.some((v) => typeof v !== 'number')) {
    throw invalid(`Expected numeric value type for ${c.type} '${c.key}'. Found ${String(c.value)}`)
  }
}

export interface OrderKey {
  key: string
  asc: boolean
}

export function parseOrderBy(
  clauses: string[],
  valid: string[],
  describeValid: string
): OrderKey[] {
  return clauses.map((clause) => {
    const m = /^\s*(\S+)(?:\s+(asc|desc))?\s*$/i.exec(clause)
    if (!m) throw invalid(`Invalid order_by clause '${clause}'. Could not be parsed.`)
    const key = m[1].replace(/^(attributes?|attr)\./, '')
    if (!valid.includes(key)) {
      throw invalid(`Invalid order by key '${key}' specified. Valid keys are '${describeValid}'`)
    }
    return { key, asc: (m[2] ?? 'asc').toLowerCase() === 'asc' }
  })
}

export function sortBy<T>(
  items: T[],
  keys: OrderKey[],
  get: (item: T, key: string) => string | number
): T[] {
  return [...items].sort((a, b) => {
    for (const { key, asc } of keys) {
      const x = get(a, key)
      const y = get(b, key)
      if (x < y) return asc ? -1 : 1
      if (x > y) return asc ? 1 : -1
    }
    return 0
  })
}
