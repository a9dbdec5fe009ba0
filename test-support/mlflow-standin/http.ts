/**
 * Request and reply plumbing: what a handler receives and returns, and how bodies are read.
 */
import type { IncomingHttpHeaders } from 'node:http'
import type { Need } from './auth.js'
import { JSON_TYPE } from './constants.js'
import { ERROR_STATUS, MlflowError, invalid } from './errors.js'
import { type Param, validateParams } from './params.js'
import { isPlainObject, pyDumps } from './python.js'
import type { StandinResponse, StandinUser } from './types.js'

export function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name]
  return Array.isArray(v) ? v[0] : v
}

export type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT'

export interface Reply {
  status: number
  contentType?: string
  body: string
  headers?: Record<string, string>
}

export interface Ctx {
  method: string
  path: string
  queryString: string
  query: URLSearchParams
  headers: IncomingHttpHeaders
  rawBody: string
  user?: StandinUser
  /** Path parameter (webhook id). */
  id?: string
}

export type Handler = (ctx: Ctx) => Reply | Promise<Reply>

export interface Route {
  handlers: Partial<Record<Method, Handler>>
  needs?: Partial<Record<Method, Need>>
}

export const ok = (body: unknown): Reply => ({
  status: 200,
  contentType: JSON_TYPE,
  // Success bodies are pretty-printed like message_to_json (indent 2).
  body: JSON.stringify(body, null, 2)
})

/** Flask's jsonify (the auth endpoints): compact, sorted keys. */
export const jsonify = (body: unknown): Reply => ({
  status: 200,
  contentType: JSON_TYPE,
  body: JSON.stringify(sortKeys(body)) + '\n'
})

export function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys)
  if (isPlainObject(v)) {
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, sortKeys(v[k])])
    )
  }
  return v
}

export function errorReply(e: MlflowError): Reply {
  // Error bodies are single-line json.dumps output (with its ", " and ": " separators).
  return {
    status: ERROR_STATUS[e.code],
    contentType: JSON_TYPE,
    body: pyDumps({ error_code: e.code, message: e.message })
  }
}

export function toReply(r: StandinResponse): Reply {
  if (typeof r.body === 'string' || r.body === undefined) {
    const body = r.body ?? ''
    const looksJson = /^\s*[[{]/.test(body)
    return {
      status: r.status,
      contentType: r.contentType ?? (body ? (looksJson ? JSON_TYPE : 'text/plain') : undefined),
      body,
      headers: r.headers
    }
  }
  return {
    status: r.status,
    contentType: r.contentType ?? JSON_TYPE,
    body: JSON.stringify(r.body),
    headers: r.headers
  }
}

export function queryRecord(params: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {}
  for (const key of new Set(params.keys())) {
    const all = params.getAll(key)
    out[key] = all.length > 1 ? all : all[0]
  }
  return out
}

export function parseBodyForLog(raw: string): unknown {
  if (raw === '') return undefined
  try {
    return JSON.parse(raw) as unknown
  } catch {
    return raw
  }
}

/** get_json(force=True, silent=True): bad JSON reads as no body; a JSON string is decoded again. */
export function jsonBody(raw: string): Record<string, unknown> {
  let v: unknown
  try {
    v = JSON.parse(raw)
    if (typeof v === 'string') v = JSON.parse(v)
  } catch {
    v = undefined
  }
  return isPlainObject(v) ? v : {}
}

/** The parameters of a request, validated against `params` the way handlers.py does. */
export function requestParams(ctx: Ctx, params: Param[]): Record<string, unknown> {
  let dict: Record<string, unknown>
  if (ctx.method === 'GET' && ctx.queryString !== '' && [...ctx.query.keys()].length > 0) {
    dict = {}
    for (const key of new Set(ctx.query.keys())) {
      const all = ctx.query.getAll(key)
      dict[key] = all.length > 1 ? all : all[0]
    }
    for (const p of params) {
      if ((p.proto === 'strings' || p.proto === 'messages') && dict[p.name] !== undefined) {
        dict[p.name] = ([] as unknown[]).concat(dict[p.name])
      }
    }
  } else {
    if (ctx.method === 'POST' || ctx.method === 'PUT') {
      const ct = headerValue(ctx.headers, 'content-type')
      if (ct === undefined) throw invalid('Bad Request. Content-Type header is missing.')
      if (ct.split(';')[0].trim().toLowerCase() !== JSON_TYPE) {
        throw invalid("Bad Request. Content-Type must be one of ['application/json'].")
      }
    }
    dict = jsonBody(ctx.rawBody)
  }
  validateParams(dict, params)
  return dict
}
