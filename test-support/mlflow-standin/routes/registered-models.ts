/**
 * Registry handlers: registered models, their tags and aliases.
 */
import { canRead } from '../auth.js'
import { PROMPT_TAG } from '../constants.js'
import { MlflowError, invalid } from '../errors.js'
import { type Ctx, type Reply, ok, requestParams } from '../http.js'
import {
  int,
  messages,
  reqStr,
  str,
  strings,
  tagsFromParam,
  validateAliasName,
  validateRegistryTag,
  validateTagName
} from '../params.js'
import { paginate, toInt } from '../python.js'
import { STRING_CMP, checkClause, compare, parseFilter, parseOrderBy, sortBy } from '../search.js'
import type { Standin } from '../server.js'
import type { StandinModelVersion } from '../types.js'
import { emit } from '../webhooks.js'

export function createModel(s: Standin, c: Ctx): Reply {
  const p = requestParams(c, [reqStr('name'), messages('tags'), str('description')])
  const name = String(p.name)
  const tags = tagsFromParam(p.tags)
  for (const [k, v] of tags) validateRegistryTag(k, v)
  if (s.state.models.has(name)) {
    throw new MlflowError(
      'RESOURCE_ALREADY_EXISTS',
      `Registered Model (name=${name}) already exists.`
    )
  }
  const description = typeof p.description === 'string' ? p.description : ''
  const m = s.newModel(name, description, tags, Date.now())
  // The basic-auth app gives the creator MANAGE on what they create.
  if (c.user && !c.user.isAdmin) c.user.modelPermissions.set(name, 'MANAGE')
  emit(s, 'registered_model', 'created', {
    name,
    tags: Object.fromEntries(m.tags),
    description
  })
  return ok({ registered_model: s.modelJson(m) })
}

export function getModelHandler(s: Standin, c: Ctx): Reply {
  const p = requestParams(c, [reqStr('name')])
  return ok({ registered_model: s.modelJson(s.getModel(String(p.name))) })
}

export function searchModels(s: Standin, c: Ctx): Reply {
  const p = requestParams(c, [
    str('filter'),
    int('max_results', 1000),
    strings('order_by'),
    str('page_token')
  ])
  const clauses = parseFilter(typeof p.filter === 'string' ? p.filter : undefined)
  for (const cl of clauses) {
    if (cl.type === 'attribute' && cl.key !== 'name') {
      throw invalid(`Invalid attribute key '${cl.key}' specified. Valid keys are '{'name'}'`)
    }
    if (cl.type !== 'attribute' && cl.type !== 'tag') {
      throw invalid(`Invalid entity type '${cl.type}'. Valid values are ['tag', 'attribute']`)
    }
    checkClause(cl, STRING_CMP, false)
  }
  const order = [
    ...parseOrderBy(
      Array.isArray(p.order_by) ? p.order_by.map(String) : [],
      ['name', 'creation_timestamp', 'last_updated_timestamp', 'timestamp'],
      "{'name', 'creation_timestamp', 'last_updated_timestamp', 'timestamp'}"
    ),
    { key: 'name', asc: true }
  ]
  const models = [...s.state.models.values()].filter(
    (m) =>
      m.tags.get(PROMPT_TAG) !== 'true' &&
      canRead(c.user, m.name) &&
      clauses.every((cl) =>
        compare(cl.comparator, cl.type === 'tag' ? m.tags.get(cl.key) : m.name, cl.value)
      )
  )
  const sorted = sortBy(models, order, (m, key) =>
    key === 'name'
      ? m.name
      : key === 'last_updated_timestamp'
        ? m.lastUpdatedTimestamp
        : m.creationTimestamp
  )
  const max = p.max_results === undefined ? 100 : toInt(p.max_results)
  const { page, next } = paginate(sorted, max, p.page_token as string | undefined)
  return ok({
    registered_models: page.length ? page.map((m) => s.modelJson(m)) : undefined,
    next_page_token: next
  })
}

export function renameModel(s: Standin, c: Ctx): Reply {
  const p = requestParams(c, [reqStr('name'), reqStr('new_name')])
  const m = s.getModel(String(p.name))
  const newName = String(p.new_name)
  if (s.state.models.has(newName)) {
    throw new MlflowError(
      'RESOURCE_ALREADY_EXISTS',
      `Registered Model (name=${newName}) already exists.`
    )
  }
  s.state.models.delete(m.name)
  for (const u of s.state.users.values()) {
    const perm = u.modelPermissions.get(m.name)
    if (perm) {
      u.modelPermissions.delete(m.name)
      u.modelPermissions.set(newName, perm)
    }
  }
  m.name = newName
  for (const mv of m.versions.values()) mv.name = newName
  m.lastUpdatedTimestamp = Date.now()
  s.state.models.set(newName, m)
  return ok({ registered_model: s.modelJson(m) })
}

export function updateModel(s: Standin, c: Ctx): Reply {
  const p = requestParams(c, [reqStr('name'), str('description')])
  const m = s.getModel(String(p.name))
  if (typeof p.description === 'string') m.description = p.description
  m.lastUpdatedTimestamp = Date.now()
  return ok({ registered_model: s.modelJson(m) })
}

export function deleteModel(s: Standin, c: Ctx): Reply {
  const p = requestParams(c, [reqStr('name')])
  const m = s.getModel(String(p.name))
  s.state.models.delete(m.name)
  return ok({})
}

export function getLatest(s: Standin, c: Ctx): Reply {
  const p = requestParams(c, [reqStr('name'), strings('stages')])
  const m = s.getModel(String(p.name))
  const stages = Array.isArray(p.stages) ? p.stages.map(String) : []
  const versions = s.latestVersions(m, stages).map((mv) => s.versionJson(mv, { aliases: true }))
  return ok({ model_versions: versions.length ? versions : undefined })
}

export function setModelTag(s: Standin, c: Ctx): Reply {
  const p = requestParams(c, [reqStr('name'), reqStr('key'), reqStr('value')])
  validateRegistryTag(String(p.key), String(p.value))
  s.getModel(String(p.name)).tags.set(String(p.key), String(p.value))
  return ok({})
}

export function deleteModelTag(s: Standin, c: Ctx): Reply {
  const p = requestParams(c, [reqStr('name'), reqStr('key')])
  validateTagName(String(p.key))
  s.getModel(String(p.name)).tags.delete(String(p.key))
  return ok({})
}

export function setAliasHandler(s: Standin, c: Ctx): Reply {
  const p = requestParams(c, [reqStr('name'), reqStr('alias'), reqStr('version')])
  const name = String(p.name)
  const alias = String(p.alias)
  const version = String(p.version)
  validateAliasName(alias)
  const mv = s.getVersion(name, version)
  // An upsert: moving an alias is one call (023).
  s.getModel(name).aliases.set(alias, mv.version)
  emit(s, 'model_version_alias', 'created', { name, alias, version })
  return ok({})
}

export function deleteAliasHandler(s: Standin, c: Ctx): Reply {
  const p = requestParams(c, [reqStr('name'), reqStr('alias')])
  const name = String(p.name)
  const alias = String(p.alias)
  // Unknown model → 404 (069); unknown alias on a known model → 200 (068).
  s.getModel(name).aliases.delete(alias)
  emit(s, 'model_version_alias', 'deleted', { name, alias })
  return ok({})
}

export function getByAlias(s: Standin, c: Ctx): Reply {
  const p = requestParams(c, [reqStr('name'), reqStr('alias')])
  const name = String(p.name)
  const alias = String(p.alias)
  let mv: StandinModelVersion | undefined
  if (alias.toLowerCase() === 'latest') {
    // The reserved alias resolves to get_latest_versions(name)[0] (026).
    mv = s.latestVersions(s.getModel(name))[0]
  } else {
    const version = s.state.models.get(name)?.aliases.get(alias)
    mv = version === undefined ? undefined : s.state.models.get(name)?.versions.get(version)
  }
  // 400, not 404, for an unknown alias and for an unknown model (051, 052).
  if (!mv) throw invalid(`Registered model alias ${alias} not found.`)
  return ok({ model_version: s.versionJson(mv, { aliases: true }) })
}
