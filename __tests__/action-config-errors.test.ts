/**
 * A config error as a new user meets it, through the real bundle: one annotation per problem on
 * its file, line and column (escaped as the runner decodes workflow commands), the bad value
 * quoted, no error that only follows from a misspelt key, and a job summary that quotes the whole
 * error and says the champion was not read.
 */
import { describe, expect, it } from '@jest/globals'
import { runAction } from '../test-support/run-action.js'

// Line numbers matter: `metrc` is on line 5, `min` on line 6.
const CONFIG = `gates:
  - name: accuracy
    type: metric
    endpoint: "https://eval.example/v1"
    metrc: accuracy
    min: high
`

/** Nothing listens here: a config error must stop the run before any request. */
const env = { MLFLOW_TRACKING_URI: 'http://127.0.0.1:9' }

const errorLines = (stdout: string): string[] =>
  stdout.split('\n').filter((l) => l.startsWith('::error '))

describe('a config error', () => {
  it('is annotated on its file, line and column, once per problem', async () => {
    const run = await runAction({ inputs: { model: 'chatbot', version: '3' }, env, config: CONFIG })
    expect(run.code).toBe(1)
    expect(run.outputs.verdict).toBe('error')
    const located = errorLines(run.stdout).filter((l) => l.includes(',file='))
    expect(located).toEqual([
      "::error title=model-gate error,file=.github/model-gate.yml,line=5,col=5::gates[0].metrc: unknown key (did you mean 'metric'?)",
      '::error title=model-gate error,file=.github/model-gate.yml,line=6,col=10::gates[0].min: expected a number, got "high"'
    ])
    // The misspelt key explains the missing `metric`: no second error says it is required.
    expect(run.stdout + run.summary).not.toMatch(/required|expected string/)

    const quoteStart = run.summary.indexOf('> **Error:**')
    const quoted = run.summary.slice(quoteStart, run.summary.indexOf('\n\n', quoteStart))
    expect(quoted.split('\n').every((l) => l.startsWith('>'))).toBe(true)
    expect(quoted).toContain('>   - line 6: gates[0].min: expected a number, got "high"')
    expect(run.summary).toContain('| before | not read |')
    expect(run.summary).toContain('| after | not read |')
    expect(run.summary).toContain('**Model:** `chatbot`')
  })

  it('escapes the annotation as @actions/core does: % in the data, , and : in the file name', async () => {
    const run = await runAction({
      inputs: { model: 'chatbot', version: '3', config: 'cfg/a,b:c.yml' },
      env,
      files: { 'cfg/a,b:c.yml': CONFIG.replace('min: high', 'min: "50%"') }
    })
    expect(run.code).toBe(1)
    expect(errorLines(run.stdout)).toContain(
      '::error title=model-gate error,file=cfg/a%2Cb%3Ac.yml,line=6,col=10::gates[0].min: expected a number, got "50%25"'
    )
  })

  it('shows a missing model as not given, not as empty backticks', async () => {
    const run = await runAction({ inputs: { version: '3' }, env, config: CONFIG })
    expect(run.code).toBe(1)
    expect(run.summary).not.toContain('``')
    expect(run.summary).toContain('**Model:** _(not given)_')
  })

  it("places an unset ${NAME} in the file's registry.uri on its line", async () => {
    const config = `registry:
  uri: "\${MLFLOW_URI_UNSET}/mlflow"
gates:
  - {name: accuracy, type: metric, endpoint: "https://eval.example/v1", metric: accuracy, min: 0.9}
`
    // No MLFLOW_TRACKING_URI: the file's registry.uri is the one used.
    const run = await runAction({ inputs: { model: 'chatbot', version: '3' }, env: {}, config })
    expect(run.code).toBe(1)
    expect(errorLines(run.stdout)).toContain(
      '::error title=model-gate error,file=.github/model-gate.yml,line=2,col=8::registry.uri refers to ${MLFLOW_URI_UNSET}, but the environment variable MLFLOW_URI_UNSET is not set'
    )
  })

  it('places the errors found after parsing too: a host not allowed, an unset ${NAME}', async () => {
    // Line 3 holds the endpoint; allowed_hosts is on line 1.
    const hosts = `allowed_hosts: [eval.internal, 127.0.0.1]
gates:
  - {name: accuracy, type: metric, endpoint: "https://eval.example/v1", metric: accuracy, min: 0.9}
`
    const notAllowed = await runAction({
      inputs: { model: 'chatbot', version: '3' },
      env,
      config: hosts
    })
    expect(notAllowed.code).toBe(1)
    expect(errorLines(notAllowed.stdout)).toContain(
      '::error title=model-gate error,file=.github/model-gate.yml,line=3,col=46::config: gates[0].endpoint points at host eval.example, which is not in allowed_hosts'
    )
    // The variable's header value is on line 6.
    const unset = `gates:
  - name: accuracy
    type: metric
    endpoint: "https://eval.example/v1"
    headers:
      Authorization: "Bearer \${EVAL_TOKEN_UNSET}"
    metric: accuracy
    min: 0.9
`
    const run = await runAction({ inputs: { model: 'chatbot', version: '3' }, env, config: unset })
    expect(run.code).toBe(1)
    expect(errorLines(run.stdout)).toContain(
      '::error title=model-gate error,file=.github/model-gate.yml,line=6,col=22::gates[0].headers.Authorization refers to ${EVAL_TOKEN_UNSET}, but the environment variable EVAL_TOKEN_UNSET is not set'
    )
  })
})
