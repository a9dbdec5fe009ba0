/**
 * The local example: a stand-in MLflow registry and an eval service on loopback, a model whose
 * champion is version 1, and the bundled dist/index.js run exactly as GitHub runs it, twice:
 * version 2 is better and is promoted; version 3 regresses and is refused.
 * No credentials and no outside service. Run with `npm run example`.
 */
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { startEvalStandin } from '../test-support/eval-standin.js'
import { startMlflowStandin } from '../test-support/mlflow-standin.js'
import { ROOT, runAction } from '../test-support/run-action.js'

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

async function main(): Promise<void> {
  const mlflow = await startMlflowStandin()
  const evals = await startEvalStandin()
  try {
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

    const config = await readFile(path.join(ROOT, 'example', 'model-gate.yml'), 'utf8')
    const env = {
      MLFLOW_TRACKING_URI: mlflow.url,
      EVAL_URL: evals.url,
      EVAL_TOKEN: 'example-eval-token'
    }
    for (const version of ['2', '3']) {
      console.log(
        `\n━━━ model-gate on chatbot version ${version} (champion is version ${mlflow.aliasOf('chatbot', 'champion')}) ━━━\n`
      )
      const run = await runAction({
        inputs: { model: 'chatbot', version, 'github-token': '' },
        env,
        config
      })
      console.log(run.summary.trim())
      console.log(
        `\nexit code ${run.code} · outputs: verdict=${run.outputs.verdict} promoted=${run.outputs.promoted} ` +
          `previous-version=${run.outputs['previous-version']} receipt=${run.outputs.receipt}`
      )
    }
    console.log(
      `\nregistry now: champion → version ${mlflow.aliasOf('chatbot', 'champion')}, ` +
        `rollback-target → version ${mlflow.aliasOf('chatbot', 'rollback-target')}`
    )
  } finally {
    await evals.close()
    await mlflow.close()
  }
}

await main()
