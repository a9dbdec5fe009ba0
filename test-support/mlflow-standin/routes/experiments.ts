/**
 * Tracking handlers: experiments.
 */
import { MlflowError, notFound } from '../errors.js'
import { type Ctx, type Reply, ok, requestParams } from '../http.js'
import { messages, reqStr, str, tagsFromParam } from '../params.js'
import type { Standin } from '../server.js'

export function createExperiment(s: Standin, c: Ctx): Reply {
  const p = requestParams(c, [reqStr('name'), str('artifact_location'), messages('tags')])
  const name = String(p.name)
  if ([...s.state.experiments.values()].some((e) => e.name === name)) {
    throw new MlflowError('RESOURCE_ALREADY_EXISTS', `Experiment(name=${name}) already exists.`)
  }
  const id = String(s.nextExperimentId++)
  const now = Date.now()
  s.state.experiments.set(id, {
    id,
    name,
    artifactLocation:
      typeof p.artifact_location === 'string' && p.artifact_location
        ? p.artifact_location
        : `${s.artifactRoot}/${id}`,
    lifecycleStage: 'active',
    creationTime: now,
    lastUpdateTime: now,
    tags: new Map(tagsFromParam(p.tags))
  })
  if (c.user && !c.user.isAdmin) c.user.experimentPermissions.set(id, 'MANAGE')
  return ok({ experiment_id: id })
}

export function getExperiment(s: Standin, c: Ctx): Reply {
  const p = requestParams(c, [reqStr('experiment_id')])
  const e = s.state.experiments.get(String(p.experiment_id))
  if (!e) throw notFound(`No Experiment with id=${String(p.experiment_id)} exists`)
  return ok({ experiment: s.experimentJson(e) })
}

export function getExperimentByName(s: Standin, c: Ctx): Reply {
  const p = requestParams(c, [reqStr('experiment_name')])
  const name = String(p.experiment_name)
  const e = [...s.state.experiments.values()].find((x) => x.name === name)
  if (!e) throw notFound(`Could not find experiment with name '${name}'`)
  return ok({ experiment: s.experimentJson(e) })
}
