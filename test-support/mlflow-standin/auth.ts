/**
 * Basic auth (`mlflow server --app-name basic-auth`): who a request is, what it may do, and the
 * admin endpoints for users and permissions.
 */
import type { IncomingHttpHeaders } from 'node:http'
import { MlflowError, invalid, notFound } from './errors.js'
import { type Ctx, type Reply, headerValue, jsonBody, jsonify, requestParams } from './http.js'
import { bool, reqStr } from './params.js'
import type { Standin } from './server.js'
import type { Permission, StandinUser } from './types.js'

export const PERMISSIONS: Permission[] = ['READ', 'EDIT', 'MANAGE', 'NO_PERMISSIONS']

export const PERMISSION_RANK: Record<Permission, number> = {
  NO_PERMISSIONS: 0,
  READ: 1,
  EDIT: 2,
  MANAGE: 3
}

/** What a non-admin needs under basic auth; undefined = any authenticated user. */
export type Need =
  | { on: 'admin' }
  /** The model `name`, experiment `experiment_id`, the run's experiment, or (grants) either. */
  | { on: 'model' | 'experiment' | 'run' | 'modelOrExperiment'; level: Permission }

/** Parameters as the auth layer reads them: query for GET, JSON body otherwise. */
export function rawParams(c: Ctx): Record<string, unknown> {
  if (c.method === 'GET' && c.queryString !== '') {
    return Object.fromEntries([...c.query.keys()].map((k) => [k, c.query.get(k)]))
  }
  return jsonBody(c.rawBody)
}

export function authenticate(s: Standin, headers: IncomingHttpHeaders): StandinUser | undefined {
  const m = /^Basic\s+(\S+)$/i.exec(headerValue(headers, 'authorization') ?? '')
  if (!m) return undefined
  const decoded = Buffer.from(m[1], 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  if (colon < 0) return undefined
  const user = s.state.users.get(decoded.slice(0, colon))
  return user && user.password === decoded.slice(colon + 1) ? user : undefined
}

export function permitted(s: Standin, ctx: Ctx, need: Need): boolean {
  const user = ctx.user
  if (!user) return true
  if (need.on === 'admin') return false
  const raw = rawParams(ctx)
  let granted: Permission | undefined
  if (need.on === 'model' || (need.on === 'modelOrExperiment' && raw.name !== undefined)) {
    if (typeof raw.name !== 'string') return true // the handler reports the bad parameter
    granted = user.modelPermissions.get(raw.name)
  } else {
    const id = need.on === 'run' ? (raw.run_id ?? raw.run_uuid) : raw.experiment_id
    if (typeof id !== 'string') return true
    const experiment = need.on === 'run' ? s.state.runs.get(id)?.experimentId : id
    granted = experiment === undefined ? undefined : user.experimentPermissions.get(experiment)
  }
  // Without a grant, basic_auth.ini's default_permission (READ) applies.
  return PERMISSION_RANK[granted ?? 'READ'] >= PERMISSION_RANK[need.level]
}

export function canRead(user: StandinUser | undefined, model: string): boolean {
  if (!user || user.isAdmin) return true
  return PERMISSION_RANK[user.modelPermissions.get(model) ?? 'READ'] >= PERMISSION_RANK.READ
}

export function userJson(u: StandinUser): Record<string, unknown> {
  return {
    experiment_permissions: [...u.experimentPermissions].map(([experiment_id, permission]) => ({
      experiment_id,
      permission,
      user_id: u.id
    })),
    id: u.id,
    is_admin: u.isAdmin,
    registered_model_permissions: [...u.modelPermissions].map(([name, permission]) => ({
      name,
      permission,
      user_id: u.id
    })),
    scorer_permissions: [],
    username: u.username
  }
}

export function createUser(s: Standin, c: Ctx): Reply {
  const p = requestParams(c, [reqStr('username'), reqStr('password')])
  const username = String(p.username)
  if (s.state.users.has(username)) {
    throw new MlflowError('RESOURCE_ALREADY_EXISTS', `User '${username}' already exists.`)
  }
  return jsonify({ user: userJson(s.addUser(username, String(p.password), false)) })
}

export function requireUser(s: Standin, username: string): StandinUser {
  const u = s.state.users.get(username)
  if (!u) throw notFound(`User with username=${username} not found`)
  return u
}

export function getUser(s: Standin, c: Ctx): Reply {
  const p = requestParams(c, [reqStr('username')])
  return jsonify({ user: userJson(requireUser(s, String(p.username))) })
}

export function updateUserAdmin(s: Standin, c: Ctx): Reply {
  const p = requestParams(c, [reqStr('username'), bool('is_admin')])
  requireUser(s, String(p.username)).isAdmin = p.is_admin === true
  return jsonify({})
}

export function deleteUser(s: Standin, c: Ctx): Reply {
  const p = requestParams(c, [reqStr('username')])
  s.state.users.delete(requireUser(s, String(p.username)).username)
  return jsonify({})
}

export function permissionParam(v: unknown): Permission {
  const perm = String(v) as Permission
  if (!PERMISSIONS.includes(perm)) {
    throw invalid(
      `Invalid permission '${String(v)}'. Valid permissions are: ('READ', 'EDIT', 'MANAGE', 'NO_PERMISSIONS')`
    )
  }
  return perm
}

export function createModelPermission(s: Standin, c: Ctx): Reply {
  const p = requestParams(c, [reqStr('name'), reqStr('username'), reqStr('permission')])
  const name = String(p.name)
  const user = requireUser(s, String(p.username))
  const permission = permissionParam(p.permission)
  if (user.modelPermissions.has(name)) {
    throw new MlflowError(
      'RESOURCE_ALREADY_EXISTS',
      `Registered model permission (name=${name}, username=${user.username}) already exists.`
    )
  }
  user.modelPermissions.set(name, permission)
  return jsonify({ registered_model_permission: { name, permission, user_id: user.id } })
}

export function getModelPermission(s: Standin, c: Ctx): Reply {
  const p = requestParams(c, [reqStr('name'), reqStr('username')])
  const name = String(p.name)
  const user = requireUser(s, String(p.username))
  const permission = user.modelPermissions.get(name)
  if (!permission) {
    throw notFound(
      `Registered model permission with name=${name} and username=${user.username} not found`
    )
  }
  return jsonify({ registered_model_permission: { name, permission, user_id: user.id } })
}

export function updateModelPermission(s: Standin, c: Ctx): Reply {
  const p = requestParams(c, [reqStr('name'), reqStr('username'), reqStr('permission')])
  const name = String(p.name)
  const user = requireUser(s, String(p.username))
  if (!user.modelPermissions.has(name)) {
    throw notFound(
      `Registered model permission with name=${name} and username=${user.username} not found`
    )
  }
  user.modelPermissions.set(name, permissionParam(p.permission))
  return jsonify({})
}

export function deleteModelPermission(s: Standin, c: Ctx): Reply {
  const p = requestParams(c, [reqStr('name'), reqStr('username')])
  const user = requireUser(s, String(p.username))
  if (!user.modelPermissions.delete(String(p.name))) {
    throw notFound(
      `Registered model permission with name=${String(p.name)} and username=${user.username} not found`
    )
  }
  return jsonify({})
}

export function createExperimentPermission(s: Standin, c: Ctx): Reply {
  const p = requestParams(c, [reqStr('experiment_id'), reqStr('username'), reqStr('permission')])
  const id = String(p.experiment_id)
  const user = requireUser(s, String(p.username))
  const permission = permissionParam(p.permission)
  user.experimentPermissions.set(id, permission)
  return jsonify({ experiment_permission: { experiment_id: id, permission, user_id: user.id } })
}
