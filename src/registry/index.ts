import type { HttpClient } from '../http/client.js'
import type { Settings } from '../settings/settings.js'
import { MlflowRegistry, mlflowAuth } from './mlflow.js'
import { canReadRuns, type ModelVersion, type Registry, type RunFacts } from './registry.js'

/**
 * The registry named by the settings, behind the one Registry interface. The W&B backend is
 * loaded only for a W&B registry: an MLflow run does not parse it at start.
 */
export async function createRegistry(settings: Settings, http: HttpClient): Promise<Registry> {
  let registry: Registry
  if (settings.registry.type === 'wandb') {
    const { WandbRegistry } = await import('./wandb.js')
    registry = new WandbRegistry(http, {
      baseUrl: settings.registry.uri,
      apiKey: settings.env.WANDB_API_KEY
    })
  } else registry = new MlflowRegistry(http, settings.registry.uri, mlflowAuth(settings.env))
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
