/** The bundle reporting to a stand-in GitHub API: required check, PR comment, deployment. */
import { describe, expect, it } from '@jest/globals'
import { useActionHarness } from '../test-support/action-harness.js'

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

// One registry and one GitHub for the file: the comment is updated across runs.
const h = useActionHarness({
  registry: 'mlflow',
  registryPer: 'file',
  config: CONFIG,
  seed: { chatbot: { versions: [{}, {}], aliases: { champion: '1' } } },
  scores: { '*:2': { kind: 'ok', metrics: { accuracy: 0.95 } } },
  github: { token: TOKEN }
})

describe('reports on GitHub', () => {
  it('evaluates a PR: a check run on the head commit and one comment, updated in place', async () => {
    const first = await h.run(
      { model: 'chatbot', version: '2', 'github-token': TOKEN },
      { event: PR_EVENT }
    )
    expect(first.code).toBe(0)
    expect(first.outputs.promoted).toBe('false')
    expect(h.mlflow.aliasOf('chatbot', 'champion')).toBe('1')
    const check = h.github.checkRuns.at(-1)
    expect(check).toMatchObject({
      name: 'model-gate / chatbot',
      status: 'completed',
      conclusion: 'success'
    })
    expect(check?.output.summary).toContain('| accuracy | accuracy | 0.95 | ≥ 0.9 |')
    const created = h.github.requests.find((r) => r.route === 'checks.create')
    expect((created?.body as { head_sha: string }).head_sha).toBe('feedface'.repeat(5))
    const second = await h.run(
      { model: 'chatbot', version: '2', 'github-token': TOKEN },
      { event: PR_EVENT }
    )
    expect(second.code).toBe(0)
    // Exactly one thread holds comments, and it is the PR the event names.
    expect([...h.github.comments.keys()]).toEqual(['acme/models#7'])
    expect(h.github.comments.size).toBe(1)
    const comments = h.github.comments.get('acme/models#7')
    expect(comments).toHaveLength(1)
    if (!comments) throw new Error('no comments on acme/models#7')
    expect(comments[0].body).toContain('<!-- model-gate:chatbot -->')
    expect(h.github.requests.filter((r) => r.route === 'issues.updateComment')).toHaveLength(1)
    // No deployment record for an evaluation.
    expect(h.github.deployments).toHaveLength(0)
  })

  it('records a promotion as a deployment to the configured environment', async () => {
    const run = await h.run({ model: 'chatbot', version: '2', 'github-token': TOKEN })
    expect(run.outputs.promoted).toBe('true')
    expect(h.github.deployments.at(-1)).toMatchObject({ environment: 'production' })
    expect(JSON.stringify(h.github.requests.map((r) => r.body))).not.toContain(TOKEN)
  })

  it('still posts a failing check when the config cannot be read', async () => {
    const before = h.github.checkRuns.length
    const run = await h.run(
      { model: 'chatbot', version: '2', 'github-token': TOKEN },
      { config: 'gates: [{name: x, type: metrik}]', event: PR_EVENT }
    )
    expect(run.code).not.toBe(0)
    const check = h.github.checkRuns.slice(before).at(-1)
    expect(check).toMatchObject({ name: 'model-gate / chatbot', conclusion: 'failure' })
    expect(check?.output.summary).toContain("did you mean 'metric'?")
  })

  it('falls back to a commit status, and warns, when the token cannot write checks', async () => {
    h.github.fail('checks.create', { status: 403 })
    const run = await h.run(
      { model: 'chatbot', version: '2', 'github-token': TOKEN },
      { event: PR_EVENT }
    )
    expect(run.code).toBe(0)
    expect(h.github.statuses.at(-1)).toMatchObject({
      context: 'model-gate / chatbot',
      state: 'success'
    })
    expect(run.stdout).toMatch(/::warning.*checks: write/)
  })
})
