/** Build step, undo on failure, and rollback mode, through the real bundle. */
import { describe, expect, it } from '@jest/globals'
import { useActionHarness } from '../test-support/action-harness.js'

const config = (build: string): string => `
promote: {alias: champion, previous_alias: rollback-target}
gates:
  - {name: accuracy, type: metric, endpoint: "\${EVAL_URL}/v1", metric: accuracy, min: 0.9}
${build}
`

const h = useActionHarness({
  registry: 'mlflow',
  seed: {
    chatbot: { versions: [{}, {}, {}, {}], aliases: { champion: '3', 'rollback-target': '2' } }
  },
  scores: {
    '*:1': { kind: 'ok', metrics: { accuracy: 0.95 } },
    '*:2': { kind: 'ok', metrics: { accuracy: 0.95 } },
    '*:3': { kind: 'ok', metrics: { accuracy: 0.95 } },
    '*:4': { kind: 'ok', metrics: { accuracy: 0.95 } }
  }
})

describe('build step', () => {
  it('runs the command with the model in its environment and reports the image it wrote', async () => {
    const run = await h.run(
      { model: 'chatbot', version: '4' },
      {
        config: config(`build:
  command: 'echo "building {model_uri} for $MODEL_NAME v{version} after {previous_version}"; echo "image=llm-serving:$MODEL_VERSION" >> "$MODEL_GATE_OUTPUT"'
  timeout_minutes: 1`)
      }
    )
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('building models:/chatbot/4 for chatbot v4 after 3')
    expect(run.outputs.image).toBe('llm-serving:4')
    expect(run.receipt).toMatchObject({ build: { ok: true, outputs: { image: 'llm-serving:4' } } })
    expect(h.mlflow.aliasOf('chatbot', 'champion')).toBe('4')
  })

  it('never lets a registry value be read as shell syntax', async () => {
    // Version 1 already scores 0.95 (the harness scores), so the gate passes and the build runs.
    h.mlflow.seedModel('x;touch PWNED', [{}])
    const run = await h.run(
      { model: 'x;touch PWNED', version: '1' },
      { config: config(`build: {command: 'echo model={model}'}`) }
    )
    expect(run.code).toBe(0)
    expect(run.outputs.promoted).toBe('true')
    expect(run.stdout).toContain('model=x;touch PWNED')
    const fs = await import('node:fs')
    expect(fs.existsSync(`${run.dir}/PWNED`)).toBe(false)
  })

  it('restores both aliases when the build fails under on_failure: restore', async () => {
    const run = await h.run(
      { model: 'chatbot', version: '4' },
      { config: config(`build: {command: 'echo compiling; exit 3', on_failure: restore}`) }
    )
    expect(run.code).not.toBe(0)
    expect(h.mlflow.aliasOf('chatbot', 'champion')).toBe('3')
    expect(h.mlflow.aliasOf('chatbot', 'rollback-target')).toBe('2')
    expect(run.outputs.promoted).toBe('false')
    expect(run.summary).toContain(
      "the build failed (exit code 3); 'champion' was restored to version 3"
    )
    expect(run.summary).toContain("restored 'champion' to version 3")
    expect(run.receipt).toMatchObject({
      restored: true,
      promoted: false,
      build: { ok: false, exitCode: 3 }
    })
    expect(h.mlflow.tagsOf('chatbot', '4')).toMatchObject({ 'model_gate.verdict': 'restored' })
    expect(h.mlflow.tagsOf('chatbot', '4')['model_gate.restored_at']).toMatch(/^\d{4}-\d\d-\d\dT/)
  })

  it('restores when the build cannot even start, and marks the candidate restored', async () => {
    // The build's scratch files go under RUNNER_TEMP; a device there makes them impossible.
    const run = await h.run(
      { model: 'chatbot', version: '4', 'receipt-path': 'receipt.json' },
      {
        env: { RUNNER_TEMP: '/dev/null' },
        config: config(`build: {command: 'echo never', on_failure: restore}`)
      }
    )
    expect(run.code).not.toBe(0)
    expect(run.stdout).not.toContain('never')
    expect(run.summary).toContain('the build could not start (')
    expect(run.summary).toContain("'champion' was restored to version 3")
    expect(h.mlflow.aliasOf('chatbot', 'champion')).toBe('3')
    expect(h.mlflow.aliasOf('chatbot', 'rollback-target')).toBe('2')
    expect(run.outputs.promoted).toBe('false')
    // The receipt tags written at promotion no longer claim a pass.
    expect(h.mlflow.tagsOf('chatbot', '4')['model_gate.verdict']).toBe('restored')
  })

  it('stops a build that runs past its timeout, and restores', async () => {
    const run = await h.run(
      { model: 'chatbot', version: '4' },
      { config: config(`build: {command: 'sleep 30', timeout_minutes: 0.02}`) }
    )
    expect(run.code).not.toBe(0)
    expect(run.summary).toContain('the build timed out after 0.02 min')
    expect(h.mlflow.aliasOf('chatbot', 'champion')).toBe('3')
  })

  it('writes no job summary with report.summary: false, and still sets the outputs', async () => {
    const run = await h.run(
      { model: 'chatbot', version: '4' },
      { config: `${config('')}report: {summary: false, check_run: false, pr_comment: false}\n` }
    )
    expect(run.code).toBe(0)
    expect(run.outputs.promoted).toBe('true')
    expect(run.summary).toBe('')
  })

  it('keeps the new champion under on_failure: keep, and still fails the step', async () => {
    const run = await h.run(
      { model: 'chatbot', version: '4' },
      { config: config(`build: {command: 'false', on_failure: keep}`) }
    )
    expect(run.code).not.toBe(0)
    expect(h.mlflow.aliasOf('chatbot', 'champion')).toBe('4')
    expect(run.summary).toContain("'champion' stays on version 4 (on_failure: keep)")
  })

  it('leaves the alias alone if someone moved it during the build', async () => {
    const run = await h.run(
      { model: 'chatbot', version: '4' },
      {
        config: config(
          `build: {command: 'curl -s -X POST -H "Content-Type: application/json" -d "{\\"name\\":\\"chatbot\\",\\"alias\\":\\"champion\\",\\"version\\":\\"1\\"}" "$MLFLOW_TRACKING_URI/api/2.0/mlflow/registered-models/alias"; exit 1'}`
        )
      }
    )
    expect(run.code).not.toBe(0)
    expect(h.mlflow.aliasOf('chatbot', 'champion')).toBe('1')
    expect(run.summary).toContain("could not restore 'champion': it now points at version 1")
  })
})

describe('rollback mode', () => {
  const rollbackConfig = config('')
  it('moves the alias back to the version held by previous_alias', async () => {
    const run = await h.run({ model: 'chatbot', mode: 'rollback' }, { config: rollbackConfig })
    expect(run.code).toBe(0)
    expect(run.outputs).toMatchObject({ promoted: 'true', version: '2', 'previous-version': '3' })
    expect(h.mlflow.aliasOf('chatbot', 'champion')).toBe('2')
    expect(h.mlflow.tagsOf('chatbot', '2')['model_gate.rollback_from']).toBe('3')
    expect(run.summary).toContain("Rolled back chatbot: 'champion' → version 2")
    expect(h.evals.requests).toHaveLength(0)
  })

  it('rolls back to an explicit version', async () => {
    const run = await h.run(
      { model: 'chatbot', mode: 'rollback', version: '1' },
      { config: rollbackConfig }
    )
    expect(run.code).toBe(0)
    expect(h.mlflow.aliasOf('chatbot', 'champion')).toBe('1')
  })

  it('refuses when there is nothing to roll back to', async () => {
    h.mlflow.deleteAlias('chatbot', 'rollback-target')
    const run = await h.run({ model: 'chatbot', mode: 'rollback' }, { config: rollbackConfig })
    expect(run.code).not.toBe(0)
    expect(run.outputs.verdict).toBe('error')
    expect(run.summary).toContain("nothing to roll back to: 'rollback-target' is not set")
    expect(h.mlflow.aliasOf('chatbot', 'champion')).toBe('3')
  })
})
