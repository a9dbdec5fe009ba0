/**
 * Tracking handlers: runs, their metrics, params and tags, and search.
 */
import { rawParams } from '../auth.js'
import { API_DOCS } from '../constants.js'
import { invalid } from '../errors.js'
import { type Ctx, type Reply, ok, requestParams } from '../http.js'
import {
  type Param,
  int,
  messages,
  reqFloat,
  reqInt,
  reqStr,
  str,
  strings,
  tagsFromParam,
  validateTagName
} from '../params.js'
import {
  createPageToken,
  isPlainObject,
  paginate,
  parsePageToken,
  pyList,
  toFloat,
  toInt
} from '../python.js'
import {
  type Clause,
  NUMERIC_CMP,
  STRING_CMP,
  checkClause,
  compare,
  parseFilter
} from '../search.js'
import type { Standin } from '../server.js'
import type { StandinRun } from '../types.js'

export function createRunHandler(s: Standin, c: Ctx): Reply {
  const p = requestParams(c, [
    str('experiment_id'),
    int('start_time'),
    str('run_name'),
    messages('tags'),
    str('user_id')
  ])
  const run = s.createRun({
    experimentId: typeof p.experiment_id === 'string' && p.experiment_id ? p.experiment_id : '0',
    runName: typeof p.run_name === 'string' ? p.run_name : undefined,
    startTime: p.start_time !== undefined ? toInt(p.start_time) : Date.now(),
    tags: tagsFromParam(p.tags),
    userId: typeof p.user_id === 'string' ? p.user_id : undefined
  })
  return ok({ run: s.runJson(run, false) })
}

/** run_id, or the deprecated run_uuid. */
export function runParams(s: Standin, c: Ctx, more: Param[]): Record<string, unknown> {
  const raw = rawParams(c)
  const runIdParam = raw.run_id === undefined && raw.run_uuid !== undefined ? 'run_uuid' : 'run_id'
  const p = requestParams(c, [reqStr(runIdParam), ...more])
  p.run_id = p[runIdParam]
  return p
}

export function getRunHandler(s: Standin, c: Ctx): Reply {
  const p = runParams(s, c, [])
  return ok({ run: s.runJson(s.getRun(String(p.run_id)), true) })
}

export function updateRun(s: Standin, c: Ctx): Reply {
  const p = runParams(s, c, [str('status'), int('end_time'), str('run_name')])
  const run = s.getRun(String(p.run_id))
  if (typeof p.status === 'string' && p.status) run.status = p.status
  if (p.end_time !== undefined) run.endTime = toInt(p.end_time)
  if (typeof p.run_name === 'string' && p.run_name) {
    run.name = p.run_name
    run.tags.set('mlflow.runName', p.run_name)
  }
  return ok({ run_info: s.runInfoJson(run) })
}

export function logMetric(s: Standin, c: Ctx): Reply {
  const p = runParams(s, c, [reqStr('key'), reqFloat('value'), reqInt('timestamp'), int('step')])
  const run = s.getRun(String(p.run_id))
  const key = String(p.key)
  validateTagName(key)
  run.metrics.push({
    key,
    value: toFloat(p.value),
    timestamp: toInt(p.timestamp),
    step: p.step === undefined ? 0 : toInt(p.step)
  })
  return ok({})
}

export function logParam(s: Standin, c: Ctx): Reply {
  const p = runParams(s, c, [reqStr('key'), reqStr('value')])
  putParams(s.getRun(String(p.run_id)), [[String(p.key), String(p.value)]])
  return ok({})
}

export function setRunTag(s: Standin, c: Ctx): Reply {
  const p = runParams(s, c, [reqStr('key'), reqStr('value')])
  const run = s.getRun(String(p.run_id))
  validateTagName(String(p.key))
  run.tags.set(String(p.key), String(p.value))
  if (p.key === 'mlflow.runName') run.name = String(p.value)
  return ok({})
}

export function putParams(run: StandinRun, params: Array<[string, string]>): void {
  for (const [key, value] of params) {
    validateTagName(key)
    const old = run.params.get(key)
    if (old !== undefined && old !== value) {
      throw invalid(
        `Changing param values is not allowed. Params were already logged='[{'key': '${key}', 'old_value': '${old}', 'new_value': '${value}'}]' for run ID='${run.id}'.`
      )
    }
  }
  for (const [key, value] of params) run.params.set(key, value)
}

export function logBatch(s: Standin, c: Ctx): Reply {
  const p = runParams(s, c, [messages('metrics'), messages('params'), messages('tags')])
  const run = s.getRun(String(p.run_id))
  const metrics = (Array.isArray(p.metrics) ? p.metrics : []).filter(isPlainObject)
  for (const m of metrics) {
    if (typeof m.key !== 'string')
      throw invalid(`Missing value for required parameter 'metrics[0].key'. ${API_DOCS}`)
    validateTagName(m.key)
  }
  putParams(run, tagsFromParam(p.params))
  for (const m of metrics) {
    run.metrics.push({
      key: String(m.key),
      value: toFloat(m.value ?? 0),
      timestamp: m.timestamp === undefined ? Date.now() : toInt(m.timestamp),
      step: m.step === undefined ? 0 : toInt(m.step)
    })
  }
  for (const [key, value] of tagsFromParam(p.tags)) {
    validateTagName(key)
    run.tags.set(key, value)
  }
  return ok({})
}

export function searchRuns(s: Standin, c: Ctx): Reply {
  const p = requestParams(c, [
    strings('experiment_ids'),
    str('filter'),
    int('max_results', 50_000),
    strings('order_by'),
    str('page_token')
  ])
  const experimentIds = Array.isArray(p.experiment_ids) ? p.experiment_ids.map(String) : []
  const clauses = parseFilter(typeof p.filter === 'string' ? p.filter : undefined)
  const attrs = [
    'run_id',
    'run_name',
    'status',
    'user_id',
    'start_time',
    'end_time',
    'artifact_uri'
  ]
  const latestMetric = (run: StandinRun, key: string): number | undefined => {
    const data = s.runJson(run, true).data as {
      metrics?: Array<{ key: string; value: number }>
    }
    return data.metrics?.find((m) => m.key === key)?.value
  }
  const field = (
    run: StandinRun,
    type: Clause['type'],
    key: string
  ): string | number | undefined => {
    if (type === 'metric') return latestMetric(run, key)
    if (type === 'param') return run.params.get(key)
    if (type === 'tag') return run.tags.get(key)
    const info = s.runInfoJson(run)
    return info[key] as string | number | undefined
  }
  for (const cl of clauses) {
    if (cl.type === 'attribute' && !attrs.includes(cl.key)) {
      throw invalid(
        `Invalid attribute key '${cl.key}' specified. Valid keys are '${pyList(attrs)}'`
      )
    }
    const numeric = cl.type === 'metric' || cl.key === 'start_time' || cl.key === 'end_time'
    checkClause(cl, numeric ? NUMERIC_CMP : [...STRING_CMP, 'IN', 'NOT IN'], numeric)
  }
  let runs = [...s.state.runs.values()].filter(
    (r) =>
      experimentIds.includes(r.experimentId) &&
      r.lifecycleStage === 'active' &&
      clauses.every((cl) => compare(cl.comparator, field(r, cl.type, cl.key), cl.value))
  )
  const orderBy = Array.isArray(p.order_by) ? p.order_by.map(String) : []
  const keys = orderBy.map((o) => {
    const m = /^\s*(\S+|`[^`]+`)(?:\s+(asc|desc))?\s*$/i.exec(o)
    if (!m) throw invalid(`Invalid order_by clause '${o}'. Could not be parsed.`)
    const [clause] = parseFilter(`${m[1]} = 0`)
    return { ...clause, asc: (m[2] ?? 'asc').toLowerCase() === 'asc' }
  })
  runs = [...runs].sort((a, b) => {
    for (const k of keys) {
      const x = field(a, k.type, k.key)
      const y = field(b, k.type, k.key)
      if (x === y) continue
      if (x === undefined) return 1 // missing values sort last either way
      if (y === undefined) return -1
      return (x < y ? -1 : 1) * (k.asc ? 1 : -1)
    }
    return b.startTime - a.startTime || (a.id < b.id ? -1 : 1)
  })
  const max = p.max_results === undefined ? 1000 : toInt(p.max_results)
  const { page, next } = paginate(runs, max, p.page_token as string | undefined)
  return ok({
    runs: page.length ? page.map((r) => s.runJson(r, true)) : undefined,
    next_page_token: next
  })
}

export function metricHistory(s: Standin, c: Ctx): Reply {
  const p = runParams(s, c, [reqStr('metric_key'), str('page_token'), int('max_results')])
  const run = s.getRun(String(p.run_id))
  // Quirk of this build (012): an omitted max_results is proto int32 default 0.
  const max = p.max_results === undefined ? 0 : toInt(p.max_results)
  const history = run.metrics
    .filter((m) => m.key === p.metric_key)
    .map((m, i) => ({ m, i }))
    .sort((a, b) => a.m.step - b.m.step || a.m.timestamp - b.m.timestamp || a.i - b.i)
    .map(({ m: { key, value, timestamp, step } }) => ({ key, value, timestamp, step }))
  const token = typeof p.page_token === 'string' ? p.page_token : undefined
  const offset = parsePageToken(token, true)
  const page = history.slice(offset, offset + max)
  const next = offset + max < history.length ? createPageToken(offset + max) : undefined
  return ok({ metrics: page.length ? page : undefined, next_page_token: next })
}
