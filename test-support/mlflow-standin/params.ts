/**
 * Request parameters (_get_request_message + _validate_param_against_schema in handlers.py) and
 * name and value validation (mlflow/utils/validation.py).
 */
import { posix } from 'node:path'
import {
  ALIAS_MAX,
  API_DOCS,
  BAD_ALIAS_CHARS,
  BAD_NAME_CHARS,
  STAGES,
  TAG_KEY_MAX,
  TAG_VALUE_MAX
} from './constants.js'
import { invalid } from './errors.js'
import {
  asText,
  isPlainObject,
  pyDumps,
  pyFloatLike,
  pyIntLike,
  pyLen,
  pyTypeName,
  toInt
} from './python.js'

export type ProtoKind = 'string' | 'int' | 'double' | 'bool' | 'strings' | 'messages'

export type Check =
  | 'string'
  | 'required'
  | 'intlike'
  | 'floatlike'
  | 'bool'
  | 'array'
  | 'itemString'
  | { lte: number }

export interface Param {
  name: string
  proto: ProtoKind
  checks: Check[]
}

export const TYPE_CHECKS = new Set<Check>(['string', 'intlike', 'floatlike', 'bool', 'itemString'])

export const str = (name: string): Param => ({ name, proto: 'string', checks: ['string'] })

export const reqStr = (name: string): Param => ({
  name,
  proto: 'string',
  checks: ['string', 'required']
})

export const int = (name: string, lte?: number): Param => ({
  name,
  proto: 'int',
  checks: lte === undefined ? ['intlike'] : ['intlike', { lte }]
})

export const reqInt = (name: string): Param => ({
  name,
  proto: 'int',
  checks: ['intlike', 'required']
})

export const reqFloat = (name: string): Param => ({
  name,
  proto: 'double',
  checks: ['floatlike', 'required']
})

export const bool = (name: string): Param => ({ name, proto: 'bool', checks: ['bool'] })

export const strings = (name: string): Param => ({
  name,
  proto: 'strings',
  checks: ['array', 'itemString']
})

export const messages = (name: string, required = false): Param => ({
  name,
  proto: 'messages',
  checks: required ? ['array', 'required'] : ['array']
})

/** Would protobuf's ParseDict accept this value for the field? */
export function protoAccepts(kind: ProtoKind, v: unknown): boolean {
  switch (kind) {
    case 'string':
      return typeof v === 'string'
    case 'int':
      return (
        (typeof v === 'number' && Number.isInteger(v)) ||
        (typeof v === 'string' && /^[+-]?\d+$/.test(v))
      )
    case 'double':
      return typeof v === 'number' || (typeof v === 'string' && pyFloatLike(v))
    case 'bool':
      return typeof v === 'boolean' || v === 'true' || v === 'false'
    case 'strings':
      return Array.isArray(v) && v.every((x) => typeof x === 'string')
    case 'messages':
      return Array.isArray(v) && v.every(isPlainObject)
  }
}

export function passes(check: Check, v: unknown): boolean {
  if (typeof check === 'object') return pyIntLike(v) && toInt(v) <= check.lte
  switch (check) {
    case 'required':
      // Absent proto string fields read as "", so "" counts as missing.
      return v !== undefined && v !== null && v !== ''
    case 'string':
      return typeof v === 'string'
    case 'intlike':
      return pyIntLike(v)
    case 'floatlike':
      return pyFloatLike(v)
    case 'bool':
      return typeof v === 'boolean'
    case 'array':
      return Array.isArray(v)
    case 'itemString':
      return !Array.isArray(v) || v.every((x) => typeof x === 'string')
  }
}

export function validateParams(dict: Record<string, unknown>, params: Param[]): void {
  const protoOk = params.every(
    (p) =>
      dict[p.name] === undefined || dict[p.name] === null || protoAccepts(p.proto, dict[p.name])
  )
  for (const p of params) {
    const present = Object.hasOwn(dict, p.name)
    if (!present && !p.checks.includes('required')) continue
    const v = dict[p.name]
    for (const check of p.checks) {
      // Type checks only run when protobuf parsing failed (so `"version": 1` → capture 024).
      if (protoOk && TYPE_CHECKS.has(check)) continue
      if (passes(check, v)) continue
      if (check === 'required') {
        throw invalid(`Missing value for required parameter '${p.name}'. ${API_DOCS}`)
      }
      throw invalid(
        `Invalid value ${pyDumps(v)} for parameter '${p.name}' supplied:  Hint: Value was of type '${pyTypeName(v)}'. ${API_DOCS}`
      )
    }
  }
}

export function validateLength(entity: string, limit: number, value: string): void {
  if (pyLen(value) > limit) {
    throw invalid(`'${entity}' exceeds the maximum length of ${limit} characters`)
  }
}

export function validateTagName(key: string): void {
  if (!/^[/\p{L}\p{N}_.\- :]*$/u.test(key)) {
    throw invalid(`Invalid value ${pyDumps(key)} for parameter 'key' supplied: ${BAD_NAME_CHARS}`)
  }
  const norm = posix.normalize(key)
  if (norm !== key || norm === '.' || norm.startsWith('..') || norm.startsWith('/')) {
    throw invalid(
      `Invalid value ${pyDumps(key)} for parameter 'key' supplied: Names cannot be a path that is not unique after normalization (no '..', './', '//' or leading '/').`
    )
  }
}

export function validateRegistryTag(key: string, value: string): void {
  validateTagName(key)
  validateLength('key', TAG_KEY_MAX, key)
  validateLength('value', TAG_VALUE_MAX, value)
}

export function validateAliasName(alias: string): void {
  if (alias === '') throw invalid('Registered model alias name cannot be empty.')
  if (!/^[\p{L}\p{N}_-]*$/u.test(alias)) {
    throw invalid(`Invalid alias name: '${alias}'. ${BAD_ALIAS_CHARS}`)
  }
  validateLength('Registered model alias name', ALIAS_MAX, alias)
  if (alias.toLowerCase() === 'latest') {
    throw invalid("'latest' alias name (case insensitive) is reserved.")
  }
  if (/^[vV]\d+$/.test(alias)) throw invalid(`Version alias name '${alias}' is reserved.`)
}

export function parseVersion(version: string): number {
  if (!pyIntLike(version)) {
    throw invalid(`Parameter 'version' must be an integer, got '${version}'.`)
  }
  return toInt(version)
}

export function canonicalStage(stage: string): string {
  const found = STAGES.find((s) => s.toLowerCase() === stage.toLowerCase())
  if (!found) {
    throw invalid(
      `Invalid Model Version stage: ${stage}. Value must be one of ${STAGES.join(', ')}.`
    )
  }
  return found
}

export function tagsFromParam(v: unknown): Array<[string, string]> {
  if (!Array.isArray(v)) return []
  return v.filter(isPlainObject).map((t) => [asText(t.key), asText(t.value)])
}
