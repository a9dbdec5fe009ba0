import type { HttpClient } from '../http/client.js'
import type { Settings } from '../settings/settings.js'
import { MlflowRegistry, mlflowAuth } from './mlflow.js'
import { canReadRuns, type ModelVersion, type Registry, type RunFacts } from './registry.js'
import { WandbRegistry } from './wandb.js'

/** The registry named by the settings, behind the one Registry interface. */
export function createRegistry(settings: Settings, http: HttpClient): Registry {
  const registry =
    settings.registry.type === 'wandb'
      ? new WandbRegistry(http, {
          baseUrl: settings.registry.uri,
          apiKey: settings.env.WANDB_API_KEY
        })
      : new MlflowRegistry(http, settings.registry.uri, mlflowAuth(settings.env))
  return readRunsOnce(registry)
}

/**
 * The receipt and the lineage gates both ask for the producing run: read it once per version
 * and run. A failed read is shared too, so they cannot disagree about it.
 */
function readRunsOnce<R extends Registry>(registry: R): R {
  if (!canReadRuns(registry)) return registry
  const read = registry.getRunFacts.bind(registry)
  const cache = new Map<string, Promise<RunFacts | null>>()
  registry.getRunFacts = (v: ModelVersion): Promise<RunFacts | null> => {
    const key = `${v.model}\u0000${v.version}`
    let facts = cache.get(key)
    if (!facts) cache.set(key, (facts = read(v)))
    return facts
  }
  return registry
}
