/**
 * A stand-in MLflow 3.6 tracking + model registry server for tests: plain node:http, in-memory
 * state. It answers the way the real server recorded in test-support/fixtures/mlflow/captures does
 * (status, content type, JSON shape, error messages and their quirks), so a client that passes
 * against it handles the real server too. `__tests__/mlflow-standin-contract.test.ts` replays every
 * capture against it.
 *
 * Beyond the captures it keeps the real server's documented semantics (README of the contract):
 * search filters/order/pagination, alias upsert, basic-auth permissions, webhook deliveries signed
 * like MLflow's. Faults for client tests come from `failNext` and `onRequest`.
 *
 * Laid out by concern: store.ts (state, entities, JSON shapes), routes/<resource>.ts (the
 * handlers), auth.ts, webhooks.ts, faults.ts; server.ts routes a request to them.
 */
import { Standin } from './server.js'
import type { MlflowStandin, MlflowStandinOptions } from './types.js'

export type {
  Permission,
  MlflowStandinOptions,
  RecordedRequest,
  StandinResponse,
  FailMatcher,
  FailResponse,
  RequestHook,
  SeedVersion,
  SeedRun,
  SeedModelMetric,
  SeedLoggedModel,
  StandinLoggedModel,
  StandinExperiment,
  StandinMetric,
  StandinRun,
  StandinModelVersion,
  StandinRegisteredModel,
  WebhookEvent,
  StandinWebhook,
  StandinUser,
  StandinState,
  WebhookDeliveryRecord,
  MlflowStandin
} from './types.js'

export async function startMlflowStandin(opts: MlflowStandinOptions = {}): Promise<MlflowStandin> {
  const standin = new Standin(opts)
  await standin.listen()
  return standin
}
