import type { HttpClient } from '../http/client.js'
import type { Settings } from '../settings/settings.js'
import { MlflowRegistry, mlflowAuth } from './mlflow.js'
import type { Registry } from './registry.js'
import { WandbRegistry } from './wandb.js'

/** The registry named by the settings, behind the one Registry interface. */
export function createRegistry(settings: Settings, http: HttpClient): Registry {
  if (settings.registry.type === 'wandb')
    return new WandbRegistry(http, {
      baseUrl: settings.registry.uri,
      apiKey: settings.env.WANDB_API_KEY
    })
  return new MlflowRegistry(http, settings.registry.uri, mlflowAuth(settings.env))
}
