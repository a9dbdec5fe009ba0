/**
 * What bench/sources.ts reads, made in a process of its own so that building it leaves nothing in
 * the measured process: the promptfoo results.json (ROWS rows: ROWS / 2 tests × 2 providers, in
 * the shape promptfoo 0.123 writes) in the workspace, and the MLflow stand-in, seeded with two runs
 * whose eval_results_table.json artifacts have ROWS rows and a registered model 'chatbot' with
 * versions 1 (champion) and 2 from them. Prints one JSON line ({url, pfBytes, tableBytes}) once it
 * serves, and closes when its stdin closes (the benchmark ends, or dies).
 *
 * Run by bench/sources.ts; alone: npx tsx bench/sources-standin.ts <workspace> [rows=100000].
 */
import { stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { startMlflowStandin } from '../test-support/mlflow-standin/index.js'
import {
  promptfooResults,
  type PromptfooRowSpec,
  splitTable
} from '../test-support/results-files.js'

export async function prepareSources(rows: number, workspace: string) {
  const specs: PromptfooRowSpec[] = []
  for (let t = 0; t < rows / 2; t++) {
    specs.push({ provider: 'candidate', testIdx: t, success: t % 10 !== 0 })
    specs.push({ provider: 'champion', testIdx: t, success: t % 9 !== 0 })
  }
  const file = path.join(workspace, 'results.json')
  await writeFile(file, JSON.stringify(promptfooResults(specs)))
  const pfBytes = (await stat(file)).size

  const mlflow = await startMlflowStandin()
  const columns = ['id', 'inputs', 'outputs', 'ground_truth', 'exact_match/score']
  const table = (wrongEvery: number): string =>
    splitTable(
      columns,
      Array.from({ length: rows }, (_, i) => [
        `q${i}`,
        `What is item ${i}?`,
        i % wrongEvery ? `answer ${i}` : 'wrong',
        `answer ${i}`,
        i % wrongEvery ? 1 : 0
      ])
    )
  let tableBytes = 0
  const runs = [7, 8].map((every) => {
    const runId = mlflow.seedRun({ metrics: { 'exact_match/v1': 1 - 1 / every } })
    const text = table(every)
    tableBytes = Buffer.byteLength(text)
    mlflow.putArtifact(runId, 'eval_results_table.json', text)
    return runId
  })
  mlflow.seedModel(
    'chatbot',
    runs.map((run_id) => ({ run_id })),
    { champion: '1' }
  )
  return { mlflow, pfBytes, tableBytes }
}

if (process.argv[1]?.endsWith('sources-standin.ts')) {
  const { mlflow, pfBytes, tableBytes } = await prepareSources(
    Number(process.argv[3] ?? 100_000),
    process.argv[2]
  )
  process.stdout.write(`${JSON.stringify({ url: mlflow.url, pfBytes, tableBytes })}\n`)
  process.stdin.resume()
  process.stdin.on('end', () => void mlflow.close().then(() => process.exit(0)))
}
