/**
 * Results files as the tools write them, for tests and benchmarks: promptfoo's `-o results.json`
 * (output version 3: promptfoo src/types EvaluateSummaryV3 / EvaluateResult; a file promptfoo
 * itself wrote is in fixtures/promptfoo/), lm-evaluation-harness v0.4 results and samples, and
 * MLflow's log_table pandas "split" JSON.
 */

export interface PromptfooRowSpec {
  /** Provider label (the id is derived from it). */
  provider: string
  testIdx: number
  promptIdx?: number
  success: boolean
  score?: number | string | null
  namedScores?: Record<string, unknown>
  vars?: Record<string, unknown>
}

export function promptfooResults(rows: PromptfooRowSpec[]): Record<string, unknown> {
  const providers = [...new Set(rows.map((r) => r.provider))]
  return {
    evalId: 'eval-7Qx-2026-12-07T10:00:00',
    results: {
      version: 3,
      timestamp: '2026-12-07T10:00:00.000Z',
      prompts: providers.map((p) => ({
        raw: 'Answer: {{question}}',
        label: 'Answer: {{question}}',
        provider: p,
        metrics: {}
      })),
      results: rows.map((r, i) => ({
        cost: 0,
        gradingResult: {
          pass: r.success,
          score: r.score ?? (r.success ? 1 : 0),
          reason: r.success ? 'All assertions passed' : 'Expected output to contain "x"',
          namedScores: r.namedScores ?? {},
          tokensUsed: { total: 0, prompt: 0, completion: 0, cached: 0 },
          componentResults: []
        },
        id: `row-${i}`,
        latencyMs: 12,
        namedScores: r.namedScores ?? {},
        prompt: { raw: `Answer: q${r.testIdx}`, label: 'Answer: {{question}}' },
        // As promptfoo writes them: promptId hashes the prompt, promptIdx numbers prompt × provider.
        promptId: `c1f1b1d2e3f4${r.promptIdx ?? 0}`,
        promptIdx: (r.promptIdx ?? 0) * providers.length + providers.indexOf(r.provider),
        provider: { id: `http://127.0.0.1/${r.provider}`, label: r.provider },
        response: { output: 'x', tokenUsage: {} },
        score: r.score === undefined ? (r.success ? 1 : 0) : r.score,
        success: r.success,
        testCase: {
          vars: r.vars ?? { question: `q${r.testIdx}` },
          assert: [],
          options: {},
          metadata: {}
        },
        testIdx: r.testIdx,
        vars: r.vars ?? { question: `q${r.testIdx}` },
        metadata: {},
        failureReason: r.success ? 0 : 1
      })),
      stats: {
        successes: rows.filter((r) => r.success).length,
        failures: rows.filter((r) => !r.success).length,
        errors: 0,
        tokenUsage: { total: 0, prompt: 0, completion: 0, cached: 0, numRequests: rows.length }
      }
    },
    config: {
      description: 'model-gate test',
      providers: providers.map((p) => ({ id: p, label: p }))
    },
    shareableUrl: null,
    metadata: {
      promptfooVersion: '0.120.0',
      nodeVersion: 'v24.0.0',
      platform: 'linux',
      arch: 'x64'
    }
  }
}

/**
 * Two providers over `n` tests: the candidate passes the first `candPass`, the champion the first
 * `champPass` (so all of the smaller set's passes are shared: McNemar's b and c are known by hand).
 */
export function twoProviders(
  n: number,
  candPass: number,
  champPass: number
): Record<string, unknown> {
  const rows: PromptfooRowSpec[] = []
  for (let t = 0; t < n; t++) {
    rows.push({ provider: 'candidate', testIdx: t, success: t < candPass })
    rows.push({ provider: 'champion', testIdx: t, success: t < champPass })
  }
  return promptfooResults(rows)
}

/** mlflow.log_table / mlflow.evaluate's eval_results_table.json: pandas to_json(orient="split"). */
export function splitTable(columns: string[], data: unknown[][]): string {
  return JSON.stringify({ columns, data })
}

/** lm-eval v0.4 results_<stamp>.json for one task. */
export function lmEvalResults(
  task: string,
  metrics: Record<string, number>,
  n: number
): Record<string, unknown> {
  return {
    results: { [task]: { alias: task, ...metrics } },
    group_subtasks: { [task]: [] },
    configs: { [task]: { task, dataset_path: task, output_type: 'multiple_choice' } },
    versions: { [task]: 1 },
    'n-shot': { [task]: 0 },
    higher_is_better: { [task]: { acc: true } },
    'n-samples': { [task]: { original: n, effective: n } },
    config: { model: 'hf', model_args: 'pretrained=acme/chatbot', batch_size: 8 },
    git_hash: 'a1b2c3d',
    date: 1765101600,
    model_name: 'acme/chatbot'
  }
}

/** lm-eval v0.4 samples_<task>_<stamp>.jsonl lines. */
export function lmEvalSamples(values: number[], metric = 'acc'): string {
  return values
    .map((v, i) =>
      JSON.stringify({
        doc_id: i,
        doc: { query: `q${i}`, choices: ['a', 'b'], gold: 0 },
        target: 0,
        arguments: [],
        resps: [],
        filtered_resps: [],
        filter: 'none',
        metrics: [metric],
        doc_hash: `h${String(i).padStart(4, '0')}`,
        prompt_hash: `p${i}`,
        target_hash: 't0',
        [metric]: v
      })
    )
    .join('\n')
}
