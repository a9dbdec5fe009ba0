/** The bundle reporting to a stand-in GitHub API: required check, PR comment, deployment. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { type EvalStandin, startEvalStandin } from '../test-support/eval-standin.js'
import { type GithubStandin, startGithubStandin } from '../test-support/github-standin.js'
import { type MlflowStandin, startMlflowStandin } from '../test-support/mlflow-standin/index.js'
import { runAction } from '../test-support/run-action.js'

const TOKEN = 'ghs_e2eTokenForGithubReports0001'
const CONFIG = `
gates:
  - {name: accuracy, type: metric, endpoint: "\${EVAL_URL}/v1", metric: accuracy, min: 0.9}
report: {deployment: production}
`
const PR_EVENT = {
  name: 'pull_request',
  payload: {
    number: 7,
    pull_request: {
      number: 7,
      head: { sha: 'feedface'.repeat(5), repo: { full_name: 'acme/models' } }
    }
  }
}

let github: GithubStandin
let mlflow: MlflowStandin
let evals: EvalStandin
beforeAll(async () => {
  github = await startGithubStandin({ token: TOKEN })
  mlflow = await startMlflowStandin()
  mlflow.seedModel('chatbot', [{}, {}], { champion: '1' })
  evals = await startEvalStandin()
  evals.set('*:2', { kind: 'ok', metrics: { accuracy: 0.95 } })
})
afterAll(async () => {
  await Promise.all([github.close(), mlflow.close(), evals.close()])
})

const env = (): Record<string, string> => ({
  MLFLOW_TRACKING_URI: mlflow.url,
  EVAL_URL: evals.url,
  GITHUB_API_URL: github.url
})

describe('reports on GitHub', () => {
  it('evaluates a PR: a check run on the head commit and one comment, updated in place', async () => {
    const first = await runAction({
      inputs: { model: 'chatbot', version: '2', 'github-token': TOKEN },
      env: env(),
      config: CONFIG,
      event: PR_EVENT
    })
    expect(first.code).toBe(0)
    expect(first.outputs.promoted).toBe('false')
    expect(mlflow.aliasOf('chatbot', 'champion')).toBe('1')
    const check = github.checkRuns.at(-1)
    expect(check).toMatchObject({
      name: 'model-gate / chatbot',
      status: 'completed',
      conclusion: 'success'
    })
    expect(check?.output.summary).toContain('| accuracy | accuracy | 0.95 | ≥ 0.9 |')
    const created = github.requests.find((r) => r.route === 'checks.create')
    expect((created?.body as { head_sha: string }).head_sha).toBe('feedface'.repeat(5))
    const second = await runAction({
      inputs: { model: 'chatbot', version: '2', 'github-token': TOKEN },
      env: env(),
      config: CONFIG,
      event: PR_EVENT
    })
    expect(second.code).toBe(0)
    // Exactly one thread holds comments, and it is the PR the event names.
    expect([...github.comments.keys()]).toEqual(['acme/models#7'])
    expect(github.comments.size).toBe(1)
    const comments = github.comments.get('acme/models#7')
    expect(comments).toHaveLength(1)
    if (!comments) throw new Error('no comments on acme/models#7')
    expect(comments[0].body).toContain('<!-- model-gate:chatbot -->')
    expect(github.requests.filter((r) => r.route === 'issues.updateComment')).toHaveLength(1)
    // No deployment record for an evaluation.
    expect(github.deployments).toHaveLength(0)
  })

  it('records a promotion as a deployment to the configured environment', async () => {
    const run = await runAction({
      inputs: { model: 'chatbot', version: '2', 'github-token': TOKEN },
      env: env(),
      config: CONFIG
    })
    expect(run.outputs.promoted).toBe('true')
    expect(github.deployments.at(-1)).toMatchObject({ environment: 'production' })
    expect(JSON.stringify(github.requests.map((r) => r.body))).not.toContain(TOKEN)
  })

  it('still posts a failing check when the config cannot be read', async () => {
    const before = github.checkRuns.length
    const run = await runAction({
      inputs: { model: 'chatbot', version: '2', 'github-token': TOKEN },
      env: env(),
      config: 'gates: [{name: x, type: metrik}]',
      event: PR_EVENT
    })
    expect(run.code).not.toBe(0)
    const check = github.checkRuns.slice(before).at(-1)
    expect(check).toMatchObject({ name: 'model-gate / chatbot', conclusion: 'failure' })
    expect(check?.output.summary).toContain("did you mean 'metric'?")
  })

  it('falls back to a commit status, and warns, when the token cannot write checks', async () => {
    github.fail('checks.create', { status: 403 })
    const run = await runAction({
      inputs: { model: 'chatbot', version: '2', 'github-token': TOKEN },
      env: env(),
      config: CONFIG,
      event: PR_EVENT
    })
    expect(run.code).toBe(0)
    expect(github.statuses.at(-1)).toMatchObject({
      context: 'model-gate / chatbot',
      state: 'success'
    })
    expect(run.stdout).toMatch(/::warning.*checks: write/)
  })
})
