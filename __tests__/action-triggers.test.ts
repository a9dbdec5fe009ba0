/** Every trigger resolves the model the way GitHub users expect, through the real bundle. */
import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { useActionHarness } from '../test-support/action-harness.js'
import { fixturePath } from '../test-support/fixtures.js'

const CONFIG = `gates: [{name: accuracy, type: metric, endpoint: "\${EVAL_URL}/v1", metric: accuracy, min: 0.9}]`
// One registry for the file: these runs only evaluate, or promote nothing.
const h = useActionHarness({
  registry: 'mlflow',
  registryPer: 'file',
  config: CONFIG,
  seed: { 'wh-model': { versions: [{}, {}] } },
  scores: {
    '*:1': { kind: 'ok', metrics: { accuracy: 0.95 } },
    '*:2': { kind: 'ok', metrics: { accuracy: 0.95 } }
  }
})

describe('triggers', () => {
  it('takes model and version from workflow_dispatch inputs', async () => {
    const run = await h.run(
      {},
      {
        event: {
          name: 'workflow_dispatch',
          payload: { inputs: { model: 'wh-model', version: '1', mode: 'evaluate' } }
        }
      }
    )
    expect(run.outputs).toMatchObject({
      verdict: 'pass',
      model: 'wh-model',
      version: '1',
      promoted: 'false'
    })
    expect(h.mlflow.aliasOf('wh-model', 'champion')).toBeUndefined()
  })

  it('reads a real MLflow webhook delivery forwarded as client_payload', async () => {
    const file = fixturePath('mlflow', 'captures', 'WH-deliveries-received.json')
    const { deliveries } = JSON.parse(readFileSync(file, 'utf8')) as {
      deliveries: Array<{ body: { entity: string; action: string } }>
    }
    const created = deliveries.find(
      (d) => d.body.entity === 'model_version' && d.body.action === 'created'
    )
    expect(created).toBeDefined()
    const run = await h.run(
      { mode: 'evaluate' },
      {
        event: {
          name: 'repository_dispatch',
          payload: { action: 'mlflow-model-event', client_payload: created?.body }
        }
      }
    )
    expect(run.outputs).toMatchObject({ verdict: 'pass', model: 'wh-model', version: '1' })
  })

  it.each(['pull_request', 'merge_group'])('evaluates, never promotes, on %s', async (name) => {
    const before = h.mlflow.requests.length
    const run = await h.run({ model: 'wh-model', version: '2' }, { event: { name, payload: {} } })
    expect(run.code).toBe(0)
    expect(run.outputs).toMatchObject({ verdict: 'pass', promoted: 'false' })
    expect(h.mlflow.aliasOf('wh-model', 'champion')).toBeUndefined()
    // Evaluation only reads the registry.
    expect(h.mlflow.requests.slice(before).filter((r) => r.method !== 'GET')).toEqual([])
  })

  it('lists what a payload carried (keys, never values) when it names no model', async () => {
    const run = await h.run(
      {},
      {
        event: {
          name: 'repository_dispatch',
          payload: { client_payload: { modle: 'secret-model-name', ver: 'x9' } }
        }
      }
    )
    expect(run.code).not.toBe(0)
    expect(run.stdout).toContain('client_payload keys: modle, ver')
    expect(run.stdout + run.summary).not.toContain('secret-model-name')
  })
})
