/**
 * The example's world: a stand-in MLflow registry and an eval service on loopback, a model
 * `chatbot` whose champion is version 1, and three candidates (2 is better, 3 regresses against
 * 2). `npm run example` uses it in process; run directly it keeps the stand-ins up for the
 * self-test workflow and for `@github/local-action`:
 *
 *   npx tsx example/standins.ts [--write-env PATH] [--mlflow-port N] [--eval-port N]
 *
 * Once both listen it writes MLFLOW_TRACKING_URI, EVAL_URL and EVAL_TOKEN as NAME=value lines to
 * PATH (whole, by rename: a reader never sees half a file) and to stdout, then serves until
 * SIGINT or SIGTERM. Ports default to free ones; fixed ports let a checked-in .env name them.
 */
import { rename, writeFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { type EvalStandin, startEvalStandin } from '../test-support/eval-standin.js'
import { type MlflowStandin, startMlflowStandin } from '../test-support/mlflow-standin/index.js'

export interface ExampleStandins {
  mlflow: MlflowStandin
  evals: EvalStandin
  /** What the action needs to reach them (the example config reads EVAL_URL and EVAL_TOKEN). */
  env: { MLFLOW_TRACKING_URI: string; EVAL_URL: string; EVAL_TOKEN: string }
  close(): Promise<void>
}

/** Per-item 0/1 correctness on a 2,000-item golden set, reproducible for a given seed. */
function correctness(accuracy: number, seed: number, base?: number[]): number[] {
  let s = seed >>> 0
  const rand = (): number => {
    s = (s * 1664525 + 1013904223) >>> 0
    return s / 2 ** 32
  }
  // Items hard for one model are mostly hard for the next: flip a few from the base.
  return Array.from({ length: 2000 }, (_, i) => {
    if (base && rand() < 0.9) return base[i]
    return rand() < accuracy ? 1 : 0
  })
}

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length

export async function startExampleStandins(
  ports: { mlflow?: number; evals?: number } = {}
): Promise<ExampleStandins> {
  const mlflow = await startMlflowStandin({ port: ports.mlflow })
  const evals = await startEvalStandin(ports.evals).catch(async (err: unknown) => {
    await mlflow.close()
    throw err
  })
  const runs = [1, 2, 3].map((i) =>
    mlflow.seedRun({
      name: `train-${i}`,
      params: { learning_rate: '3e-4', epochs: String(i + 2) }
    })
  )
  // What mlflow.evaluate leaves in MLflow 3 after the training job scored each model on the
  // safety set: the toxicity metric linked to the logged model, with the dataset it was measured
  // on. The `safety` gate reads it from the registry itself (source: mlflow), no eval service.
  const toxicity = [0.021, 0.018, 0.024]
  const models = runs.map((run_id, i) =>
    mlflow.seedLoggedModel({
      name: 'chatbot',
      sourceRunId: run_id,
      metrics: [
        {
          key: 'toxicity/v1/mean',
          value: toxicity[i],
          dataset_name: 'safety_test_cases',
          dataset_digest: '9d41c0b7e2',
          run_id
        }
      ]
    })
  )
  mlflow.seedModel(
    'chatbot',
    runs.map((run_id, i) => ({
      run_id,
      model_id: models[i],
      source: `mlflow-artifacts:/chatbot/${run_id}/model`
    })),
    { champion: '1' }
  )
  const ids = Array.from({ length: 2000 }, (_, i) => `q${i + 1}`)
  const v1 = correctness(0.91, 1)
  const v2 = correctness(0.935, 2, v1).map((x, i) => (i % 12 === 0 ? 1 : x))
  const v3 = correctness(0.93, 3, v2).map((x, i) => (i % 40 === 0 ? 0 : x))
  for (const [version, items] of [
    ['1', v1],
    ['2', v2],
    ['3', v3]
  ] as const) {
    evals.set(`eval_golden_set:${version}`, {
      kind: 'ok',
      metrics: { accuracy: mean(items) },
      samples: { accuracy: items },
      ids,
      n: items.length
    })
  }
  return {
    mlflow,
    evals,
    env: { MLFLOW_TRACKING_URI: mlflow.url, EVAL_URL: evals.url, EVAL_TOKEN: 'example-eval-token' },
    close: async () => {
      await evals.close()
      await mlflow.close()
    }
  }
}

async function serve(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'write-env': { type: 'string' },
      'mlflow-port': { type: 'string' },
      'eval-port': { type: 'string' }
    }
  })
  const port = (v: string | undefined): number | undefined => (v ? Number(v) : undefined)
  const standins = await startExampleStandins({
    mlflow: port(values['mlflow-port']),
    evals: port(values['eval-port'])
  })
  const lines = Object.entries(standins.env).map(([k, v]) => `${k}=${v}\n`)
  const envFile = values['write-env']
  if (envFile) {
    await writeFile(`${envFile}.partial`, lines.join(''))
    await rename(`${envFile}.partial`, envFile)
  }
  process.stdout.write(lines.join(''))
  const stop = (): void => {
    void standins.close().then(() => process.exit(0))
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await serve()
