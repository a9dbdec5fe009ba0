/**
 * Tracking handlers: artifacts/list and /get-artifact.
 */
import { posix } from 'node:path'
import { invalid, notFound } from '../errors.js'
import { type Ctx, type Reply, ok } from '../http.js'
import { str } from '../params.js'
import { runParams } from './runs.js'
import type { Standin } from '../server.js'

/**
 * handlers.py _list_artifacts (ListArtifacts): `{root_uri, files: [{path, is_dir, file_size}]}`,
 * the direct children of `path` only, directories without file_size, `files` omitted when empty.
 */
export function listArtifacts(s: Standin, c: Ctx): Reply {
  const p = runParams(s, c, [str('path'), str('page_token')])
  const run = s.getRun(String(p.run_id))
  const dir = typeof p.path === 'string' ? p.path.replace(/\/+$/, '') : ''
  const prefix = dir ? `${dir}/` : ''
  const children = new Map<string, { path: string; is_dir: boolean; file_size?: number }>()
  for (const [path, content] of s.state.artifacts.get(run.id) ?? []) {
    if (!path.startsWith(prefix)) continue
    const rest = path.slice(prefix.length)
    const slash = rest.indexOf('/')
    if (slash >= 0) {
      const sub = prefix + rest.slice(0, slash)
      children.set(sub, { path: sub, is_dir: true })
    } else children.set(path, { path, is_dir: false, file_size: Buffer.byteLength(content) })
  }
  const files = [...children.values()].sort((a, b) => (a.path < b.path ? -1 : 1))
  return ok({ root_uri: run.artifactUri, files: files.length ? files : undefined })
}

/**
 * handlers.py get_artifact_handler → _send_artifact: the file itself, `text/plain` for the
 * text extensions (json among them), sent as an attachment. validate_path_is_safe refuses `..`
 * and absolute paths with INVALID_PARAMETER_VALUE. A missing file is reported here as
 * RESOURCE_DOES_NOT_EXIST; model-gate lists the directory first and never relies on it.
 */
export function getArtifact(s: Standin, c: Ctx): Reply {
  const runId = c.query.get('run_id') ?? c.query.get('run_uuid') ?? ''
  const path = c.query.get('path') ?? ''
  if (path.startsWith('/') || path.split('/').includes('..')) throw invalid(`Invalid path: ${path}`)
  const run = s.getRun(runId)
  const content = s.state.artifacts.get(run.id)?.get(path)
  if (content === undefined)
    throw notFound(`No such file or directory: '${run.artifactUri}/${path}'`)
  const name = posix.basename(path)
  const text =
    /\.(txt|log|err|cfg|conf|cnf|cf|ini|properties|prop|hocon|toml|yaml|yml|xml|json|js|py|py3|csv|tsv|md|rst|MLmodel|mlproject)$/i.test(
      name
    )
  return {
    status: 200,
    contentType: text ? 'text/plain; charset=utf-8' : 'application/octet-stream',
    body: content,
    headers: { 'Content-Disposition': `attachment; filename=${name}` }
  }
}
