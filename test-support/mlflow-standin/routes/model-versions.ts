/**
 * Registry handlers: model versions, stages, tags and download URIs.
 */
import { posix } from 'node:path'
import { canRead } from '../auth.js'
import { PROMPT_TAG } from '../constants.js'
import { invalid } from '../errors.js'
import { type Ctx, type Reply, ok, requestParams } from '../http.js'
import {
  bool,
  canonicalStage,
  int,
  messages,
  parseVersion,
  reqStr,
  str,
  strings,
  tagsFromParam,
  validateRegistryTag,
  validateTagName
} from '../params.js'
import { paginate, toInt } from '../python.js'
import {
  type Clause,
  NUMERIC_CMP,
  type OrderKey,
  STRING_CMP,
  checkClause,
  compare,
  parseFilter,
  parseOrderBy,
  sortBy
} from '../search.js'
import type { Standin } from '../server.js'
import type { StandinModelVersion } from '../types.js'
import { emit } from '../webhooks.js'

export function createVersion(s: Standin, c: Ctx): Reply {
  const p = requestParams(c, [
    reqStr('name'),
    reqStr('source'),
    str('run_id'),
    messages('tags'),
    str('run_link'),
    str('description'),
    str('model_id')
  ])
  const name = String(p.name)
  const source = String(p.source)
  const runId = typeof p.run_id === 'string' ? p.run_id : ''
  validateSource(s, source, runId)
  const tags = tagsFromParam(p.tags)
  for (const [k, v] of tags) validateRegistryTag(k, v)
  const m = s.getModel(name)
  const mv = s.newVersion(m, {
    source,
    runId,
    description: typeof p.description === 'string' ? p.description : '',
    tags,
    runLink: typeof p.run_link === 'string' ? p.run_link : ''
  })
  emit(s, 'model_version', 'created', {
    name,
    version: String(mv.version),
    source,
    run_id: runId || null,
    tags: Object.fromEntries(mv.tags),
    description: typeof p.description === 'string' ? p.description : null
  })
  return ok({ model_version: s.versionJson(mv, { aliases: true }) })
}

/** handlers.py:_validate_source_run and _validate_non_local_source_contains_relative_paths. */
export function validateSource(s: Standin, source: string, runId: string): void {
  if (source.startsWith('models:/')) return
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(source)?.[1]?.toLowerCase()
  if (!scheme || scheme === 'file') {
    const localPath = (scheme ? new URL(source).pathname : source).replace(/\/+$/, '')
    let shown = source
    if (runId) {
      const run = s.getRun(runId)
      const resolved = posix.resolve('/', decodeURIComponent(localPath))
      shown = resolved
      const root = run.artifactUri.startsWith('/') ? posix.resolve(run.artifactUri) : undefined
      if (root && (resolved === root || resolved.startsWith(root + '/'))) return
    }
    throw invalid(
      `Invalid model version source: '${shown}'. To use a local path as a model version source, the run_id request parameter has to be specified and the local path has to be contained within the artifact directory of the run specified by the run_id.`
    )
  }
  let decoded = source
  for (let prev = ''; prev !== decoded;) {
    prev = decoded
    try {
      decoded = decodeURIComponent(decoded.replace(/\+/g, ' '))
    } catch {
      break
    }
  }
  let sourcePath: string
  try {
    sourcePath = new URL(decoded).pathname
  } catch {
    sourcePath = decoded.replace(/^[^:]*:/, '')
  }
  sourcePath = sourcePath.replace(/\/+$/, '').replace(/\/+/g, '/')
  const resolved = sourcePath && posix.resolve('/', sourcePath)
  if (
    decoded.includes('\0') ||
    decoded.split('/').includes('..') ||
    (sourcePath !== '' && resolved !== sourcePath)
  ) {
    throw invalid(
      `Invalid model version source: '${source}'. If supplying a source as an http, https, local file path, ftp, objectstore, or mlflow-artifacts uri, an absolute path must be provided without relative path references present. Please provide an absolute path.`
    )
  }
}

export function getVersionHandler(s: Standin, c: Ctx): Reply {
  const p = requestParams(c, [reqStr('name'), reqStr('version')])
  const mv = s.getVersion(String(p.name), String(p.version))
  return ok({ model_version: s.versionJson(mv, { aliases: true }) })
}

export function updateVersion(s: Standin, c: Ctx): Reply {
  const p = requestParams(c, [reqStr('name'), reqStr('version'), str('description')])
  const mv = s.getVersion(String(p.name), String(p.version))
  if (typeof p.description === 'string') mv.description = p.description
  mv.lastUpdatedTimestamp = Date.now()
  return ok({ model_version: s.versionJson(mv, { aliases: true }) })
}

export function deleteVersion(s: Standin, c: Ctx): Reply {
  const p = requestParams(c, [reqStr('name'), reqStr('version')])
  const mv = s.getVersion(String(p.name), String(p.version))
  const m = s.getModel(mv.name)
  m.versions.delete(mv.version)
  // Aliases on a deleted version go with it.
  for (const [alias, v] of m.aliases) if (v === mv.version) m.aliases.delete(alias)
  return ok({})
}

export function transitionStage(s: Standin, c: Ctx): Reply {
  const p = requestParams(c, [
    reqStr('name'),
    reqStr('version'),
    reqStr('stage'),
    { ...bool('archive_existing_versions'), checks: ['bool', 'required'] }
  ])
  const mv = s.getVersion(String(p.name), String(p.version))
  const stage = canonicalStage(String(p.stage))
  const now = Date.now()
  const archive = p.archive_existing_versions === true || p.archive_existing_versions === 'true'
  if (archive && (stage === 'Staging' || stage === 'Production')) {
    for (const other of s.getModel(mv.name).versions.values()) {
      if (other !== mv && other.currentStage === stage) {
        other.currentStage = 'Archived'
        other.lastUpdatedTimestamp = now
      }
    }
  }
  mv.currentStage = stage
  mv.lastUpdatedTimestamp = now
  return ok({ model_version: s.versionJson(mv, { aliases: true }) })
}

export function searchVersions(s: Standin, c: Ctx): Reply {
  const p = requestParams(c, [
    str('filter'),
    int('max_results', 200_000),
    strings('order_by'),
    str('page_token')
  ])
  const clauses = parseFilter(typeof p.filter === 'string' ? p.filter : undefined)
  const attrs = ['name', 'version_number', 'run_id', 'source_path']
  for (const cl of clauses) {
    if (cl.type === 'attribute' && !attrs.includes(cl.key)) {
      // The set's repr as the real server printed it (038).
      throw invalid(
        `Invalid attribute key '${cl.key}' specified. Valid keys are '{'version_number', 'run_id', 'source_path', 'name'}'`
      )
    }
    if (cl.type !== 'attribute' && cl.type !== 'tag') {
      throw invalid(`Invalid entity type '${cl.type}'. Valid values are ['tag', 'attribute']`)
    }
    const numeric = cl.key === 'version_number' && cl.type === 'attribute'
    const allowed =
      cl.type === 'tag'
        ? STRING_CMP
        : numeric
          ? [...NUMERIC_CMP, 'IN', 'NOT IN']
          : [...STRING_CMP, 'IN', 'NOT IN']
    checkClause(cl, allowed, numeric)
  }
  const field = (mv: StandinModelVersion, cl: Clause): string | number | undefined => {
    if (cl.type === 'tag') return mv.tags.get(cl.key)
    if (cl.key === 'version_number') return mv.version
    if (cl.key === 'run_id') return mv.runId
    if (cl.key === 'source_path') return mv.source
    return mv.name
  }
  const versions = [...s.state.models.values()]
    .filter((m) => m.tags.get(PROMPT_TAG) !== 'true' && canRead(c.user, m.name))
    .flatMap((m) => [...m.versions.values()])
    .filter((mv) => clauses.every((cl) => compare(cl.comparator, field(mv, cl), cl.value)))
  const valid = [
    'name',
    'version_number',
    'creation_timestamp',
    'last_updated_timestamp',
    'timestamp'
  ]
  const requested = parseOrderBy(
    Array.isArray(p.order_by) ? p.order_by.map(String) : [],
    valid,
    "{'name', 'version_number', 'creation_timestamp', 'last_updated_timestamp', 'timestamp'}"
  )
  // The default order, also the tie-breakers after an explicit order_by.
  const defaults: OrderKey[] = [
    { key: 'last_updated_timestamp', asc: false },
    { key: 'name', asc: true },
    { key: 'version_number', asc: false }
  ]
  const order = [...requested, ...defaults.filter((d) => !requested.some((r) => r.key === d.key))]
  const sorted = sortBy(versions, order, (mv, key) =>
    key === 'name'
      ? mv.name
      : key === 'version_number'
        ? mv.version
        : key === 'last_updated_timestamp'
          ? mv.lastUpdatedTimestamp
          : mv.creationTimestamp
  )
  const max = p.max_results === undefined ? 10_000 : toInt(p.max_results)
  const { page, next } = paginate(sorted, max, p.page_token as string | undefined)
  // Search results never carry aliases (034–037), even for aliased versions.
  return ok({
    model_versions: page.length
      ? page.map((mv) => s.versionJson(mv, { aliases: false }))
      : undefined,
    next_page_token: next
  })
}

export function downloadUri(s: Standin, c: Ctx): Reply {
  const p = requestParams(c, [reqStr('name'), reqStr('version')])
  return ok({ artifact_uri: s.getVersion(String(p.name), String(p.version)).source })
}

export function setVersionTagHandler(s: Standin, c: Ctx): Reply {
  const p = requestParams(c, [reqStr('name'), reqStr('version'), reqStr('key'), reqStr('value')])
  const name = String(p.name)
  const version = String(p.version)
  parseVersion(version)
  validateRegistryTag(String(p.key), String(p.value))
  s.getVersion(name, version).tags.set(String(p.key), String(p.value))
  emit(s, 'model_version_tag', 'set', {
    name,
    version,
    key: String(p.key),
    value: String(p.value)
  })
  return ok({})
}

export function deleteVersionTag(s: Standin, c: Ctx): Reply {
  const p = requestParams(c, [reqStr('name'), reqStr('version'), reqStr('key')])
  const name = String(p.name)
  const version = String(p.version)
  parseVersion(version)
  validateTagName(String(p.key))
  s.getVersion(name, version).tags.delete(String(p.key))
  emit(s, 'model_version_tag', 'deleted', { name, version, key: String(p.key) })
  return ok({})
}
