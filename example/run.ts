/**
 * The local example: a stand-in MLflow registry and an eval service on loopback (standins.ts), a
 * model whose champion is version 1, and the bundled dist/index.js run exactly as GitHub runs it,
 * twice: version 2 is better and is promoted; version 3 regresses and is refused.
 * No credentials and no outside service. Run with `npm run example`.
 */
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { ROOT, runAction } from '../test-support/run-action.js'
import { startExampleStandins } from './standins.js'

async function main(): Promise<void> {
  const standins = await startExampleStandins()
  const { mlflow, env } = standins
  try {
    const config = await readFile(path.join(ROOT, 'example', 'model-gate.yml'), 'utf8')
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
    await standins.close()
  }
}

await main()
