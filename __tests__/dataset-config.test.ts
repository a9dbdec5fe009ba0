/**
 * The `source: dataset` config (SPEC §3, §10): one strict schema per scorer, and the judge's URL
 * and headers treated as the gate's own: `${NAME}` expanded there (and nowhere else), the host
 * checked against allowed_hosts before any request.
 */
import { describe, expect, it } from '@jest/globals'
import { mkdtemp, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { redact } from '../src/secrets.js'
import { buildSettings, type RawInputs } from '../src/settings/settings.js'

/** The action's inputs for an evaluate run against an MLflow server, reading gate.yml. */
function rawInputs(model: Pick<RawInputs, 'model' | 'version'>): RawInputs {
  return {
    ...model,
    registry: 'mlflow',
    registryUri: 'https://mlflow.internal',
    config: 'gate.yml',
    mode: 'evaluate',
    alias: '',
    githubToken: '',
    allowedHosts: '',
    receiptPath: ''
  }
}

async function settingsFor(score: string, extra = '', env: Record<string, string> = {}) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'dataset-config-'))
  await writeFile(
    path.join(dir, 'gate.yml'),
    `${extra}
gates:
  - name: accuracy
    type: metric
    source: dataset
    dataset: golden.jsonl
    target: https://serving.internal/models/{model}/{version}/v1
    headers: {Authorization: "Bearer \${SERVING_TOKEN}"}
    score: ${score}
    metric: accuracy
    min: 0.9
`
  )
  const inputs = rawInputs({ model: 'chatbot', version: '3' })
  return buildSettings(inputs, {
    GITHUB_WORKSPACE: dir,
    SERVING_TOKEN: 'serving-tok-1',
    ...env
  })
}

const JUDGE = `{type: judge, target: "https://\${JUDGE_HOST}/v1", model_name: grader, headers: {Authorization: "Bearer \${JUDGE_KEY}"}, rubric: "Correct?"}`

describe('source: dataset config', () => {
  it("expands ${NAME} in the judge's URL and headers, and masks the values", async () => {
    const s = await settingsFor(JUDGE, '', { JUDGE_HOST: 'judge.internal', JUDGE_KEY: 'jk-77' })
    const gate = s.gates[0] as { score: { target: string; headers: Record<string, string> } }
    expect(gate.score.target).toBe('https://judge.internal/v1')
    expect(gate.score.headers.Authorization).toBe('Bearer jk-77')
    expect((s.gates[0] as { headers: Record<string, string> }).headers.Authorization).toBe(
      'Bearer serving-tok-1'
    )
    expect(redact('key jk-77')).toBe('key ***')
  })

  it("checks the judge's host against allowed_hosts before any request", async () => {
    await expect(
      settingsFor(JUDGE, 'allowed_hosts: [serving.internal, mlflow.internal]', {
        JUDGE_HOST: 'judge.elsewhere.com',
        JUDGE_KEY: 'kkk-judge'
      })
    ).rejects.toThrow(
      /gates\[0\]\.score\.target points at host judge\.elsewhere\.com, which is not in allowed_hosts/
    )
  })

  it('refuses ${NAME} anywhere else in the score, e.g. the rubric', async () => {
    await expect(
      settingsFor(
        '{type: judge, target: "https://judge.internal/v1", model_name: m, rubric: "use ${JUDGE_KEY}"}',
        '',
        { JUDGE_KEY: 'kkk-judge' }
      )
    ).rejects.toThrow(/gates\[0\]\.score\.rubric contains a \$\{NAME\} reference/)
  })

  it.each([
    ['{type: exact, tolerance: 1}', /tolerance/],
    ['{type: numeric, case_sensitive: true}', /case_sensitive/],
    ['{type: regex, pattern: "(unclosed"}', /not a valid regular expression/],
    ['{type: judge, target: "https://j/v1", model_name: m}', /rubric/],
    ['{type: fuzzy}', /score\.type|type/]
  ])('refuses a score that does not fit its scorer: %s', async (score, message) => {
    await expect(settingsFor(score)).rejects.toThrow(message)
  })

  it('refuses request.stream: true (the evaluator reads whole answers)', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'dataset-config-'))
    await writeFile(
      path.join(dir, 'gate.yml'),
      `gates:
  - {name: a, type: metric, source: dataset, dataset: d.jsonl, target: "https://s/v1", request: {stream: true}, score: {type: exact}, metric: accuracy, min: 0.9}
`
    )
    await expect(
      buildSettings(rawInputs({ model: 'm', version: '1' }), { GITHUB_WORKSPACE: dir })
    ).rejects.toThrow(/remove stream/)
  })
})
