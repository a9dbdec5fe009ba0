import type { HttpClient } from '../http/client.js'
import type { Settings } from '../settings/settings.js'
import { MlflowRegistry, mlflowAuth } from './mlflow.js'
import type { Registry } from './registry.js'

export function createRegistry(settings: Settings, http: HttpClient): Registry {
  if (settings.registry.type === 'mlflow')
    return new MlflowRegistry(http, settings.registry.uri, mlflowAuth(settings.env))
  throw new Error('the W&B registry is not wired in yet')
}
