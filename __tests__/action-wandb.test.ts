/** The real bundle against the stand-in W&B GraphQL server: the same gates, the same guard. */
import { readFile } from 'node:fs/promises'
import { describe, expect, it } from '@jest/globals'
import { useActionHarness } from '../test-support/action-harness.js'
import type { ActionRun } from '../test-support/run-action.js'

const KEY = 'wandb-key-e2e-7f3a9c'
/**
 * Items each stand-in evaluation reports. The results carry no per-item samples, so the regression
 * gate compares them as two independent proportions over n items (Newcombe); without n it could
 * never pass.
 */
const ITEMS = 10_000

const CONFIG = `
registry: {type: wandb}
promote: {alias: champion, previous_alias: rollback-target}
gates:
  - {name: accuracy, type: metric, endpoint: "\${EVAL_URL}/v1", request: {dataset: golden}, metric: accuracy, min: 0.9}
  - {name: no-regression, type: regression, of: accuracy, max_drop: 0.01}
`
const PATH = { entity: 'acme', project: 'model-registry', collection: 'chatbot' }

const h = useActionHarness({
  registry: 'wandb',
  wandb: { apiKey: KEY },
  config: CONFIG,
  seed: {
    'acme/model-registry/chatbot': [
      { aliases: ['rollback-target'] },
      { aliases: ['champion'], metadata: { owner: 'risk-team' } },
      { metadata: { owner: 'risk-team', base_model: 'llama-3-8b' }, description: 'LoRA r=16' }
    ]
  },
  scores: {
    'golden:v0': { kind: 'ok', metrics: { accuracy: 0.91 }, n: ITEMS },
    'golden:v1': { kind: 'ok', metrics: { accuracy: 0.92 }, n: ITEMS },
    'golden:v2': { kind: 'ok', metrics: { accuracy: 0.93 }, n: ITEMS }
  }
})

/** Everything the run printed, minus the `::add-mask::` commands that register secrets with the runner. */
const printed = (run: ActionRun): string =>
  (run.stdout + '\n' + run.stderr)
    .split('\n')
    .filter((line) => !line.startsWith('::add-mask::'))
    .join('\n')

/** The receipt file exactly as written to disk, not as parsed. */
async function receiptText(run: ActionRun): Promise<string> {
  expect(run.outputs.receipt).toBeTruthy()
  return readFile(run.outputs.receipt, 'utf8')
}

/** The key as it appears on the wire too: W&B takes it as basic auth, base64("api:KEY"). */
const keyForms = (key: string): string[] => [key, Buffer.from(`api:${key}`).toString('base64')]

describe('model-gate on W&B, as GitHub runs it', () => {
  it('promotes with one addAliases per alias and keeps the metadata the user stored', async () => {
    const run = await h.run({ model: 'acme/model-registry/chatbot', version: 'v2' })
    expect(run.code).toBe(0)
    expect(run.outputs).toMatchObject({
      verdict: 'pass',
      promoted: 'true',
      version: 'v2',
      'previous-version': 'v1'
    })
    expect(h.wandb.aliasHolder(PATH, 'champion')).toBe('v2')
    expect(h.wandb.aliasHolder(PATH, 'rollback-target')).toBe('v1')
    const ops = h.wandb.requests.map((r) => r.operationName)
    expect(ops).not.toContain('GateDeleteAliases')
    expect(ops.filter((o) => o === 'GateAddAliases')).toHaveLength(2)
    const meta = h.wandb.metadataOf(PATH, 'v2')
    expect(meta).toMatchObject({
      owner: 'risk-team',
      base_model: 'llama-3-8b',
      'model_gate.verdict': 'pass'
    })
    expect(h.wandb.artifactOf(PATH, 'v2').description).toBe('LoRA r=16')
    const sent = JSON.stringify(h.wandb.requests.map((r) => r.variables))
    const written = [sent, run.summary, await receiptText(run), printed(run)].join('\n')
    for (const form of keyForms(KEY)) expect(written).not.toContain(form)
  })

  it('resolves a W&B automation payload arriving through repository_dispatch', async () => {
    const run = await h.run(
      {},
      {
        event: {
          name: 'repository_dispatch',
          payload: {
            action: 'wandb-model-event',
            client_payload: {
              event_type: 'ADD_ARTIFACT_ALIAS',
              artifact_version_string: 'acme/model-registry/chatbot:v2'
            }
          }
        }
      }
    )
    expect(run.outputs).toMatchObject({ verdict: 'pass', version: 'v2', promoted: 'true' })
  })

  it('stops when the champion moves during evaluation, writing nothing', async () => {
    // Someone else promotes v0 while we evaluate, through a concurrent addAliases.
    h.evals.beforeAnswer = async (): Promise<void> => {
      h.evals.beforeAnswer = undefined
      const { WandbRegistry } = await import('../src/registry/wandb.js')
      const { HttpClient } = await import('../src/http/client.js')
      const http = new HttpClient()
      await new WandbRegistry(http, { baseUrl: h.wandb.url, apiKey: KEY }).setAlias(
        'acme/model-registry/chatbot',
        'champion',
        'v0'
      )
      await http.close()
    }
    const before = h.wandb.requests.length
    const run = await h.run({ model: 'acme/model-registry/chatbot', version: 'v2' })
    expect(run.outputs.verdict).toBe('error')
    expect(run.summary).toContain('champion moved from version v1 to version v0 during evaluation')
    const mutations = h.wandb.requests
      .slice(before)
      .filter((r) => r.query.trimStart().startsWith('mutation'))
    expect(mutations).toHaveLength(1) // only the concurrent writer's
    expect(h.wandb.aliasHolder(PATH, 'champion')).toBe('v0')
    expect(h.wandb.metadataOf(PATH, 'v2')['model_gate.verdict']).toBeUndefined()
  })

  it('names WANDB_API_KEY when the key is rejected, without printing it', async () => {
    const run = await h.run(
      { model: 'acme/model-registry/chatbot', version: 'v2' },
      { env: { WANDB_API_KEY: 'wrong-key-123456' } }
    )
    expect(run.code).not.toBe(0)
    expect(run.outputs.verdict).toBe('error')
    expect(run.summary).toContain('WANDB_API_KEY')
    expect(printed(run)).toContain('WANDB_API_KEY')
    // The key is handed to the runner's masking, and that is the only place it appears.
    expect(run.stdout).toContain('::add-mask::wrong-key-123456')
    const written = [run.summary, await receiptText(run), printed(run)].join('\n')
    for (const form of keyForms('wrong-key-123456')) expect(written).not.toContain(form)
  })
})
