import {
  afterAll,
  afterEach,
  beforeAll,
  beforeEach,
  describe,
  expect,
  it,
  jest
} from '@jest/globals'
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import type { GateResult, Verdict } from '../src/gates/gate.js'
import type { RunReport } from '../src/report.js'
import { renderMarkdown } from '../src/reports/markdown.js'
import {
  CHECK_SUMMARY_LIMIT,
  checkName,
  commentMarker,
  fitMarkdown,
  publishToGitHub
} from '../src/reports/github.js'
import { clearSecrets, registerSecret } from '../src/secrets.js'
import { parseConfig } from '../src/settings/config.js'
import type { RunInfo, Settings } from '../src/settings/settings.js'
import {
  startGithubStandin,
  type GithubStandin,
  type RecordedRequest
} from '../test-support/github-standin.js'

const SHA = 'abc123def4567890abc123def4567890abc12345'
const TOKEN = 'ghs_standin0123456789abcdef'
const RUN_URL = 'https://github.com/acme/models/actions/runs/4242'
const CONFIG_FILE = '.github/model-gate.yml'

// Line numbers matter: annotations must land on these gates (accuracy 3–7, safety 8–12, latency 13–16).
const CONFIG = `registry: {type: mlflow, uri: https://mlflow.example.com}
gates:
  - name: accuracy
    type: metric
    endpoint: https://eval.example.com/v1/evaluate
    metric: accuracy
    min: 0.9
  - name: safety
    type: metric
    endpoint: https://eval.example.com/v1/evaluate
    metric: safety_score
    min: 0.95
  - name: latency
    type: latency
    target: https://staging.example.com/v1/chat/completions
    p99_ms: 500
report: {check_run: true, pr_comment: true, deployment: production}
`

let gh: GithubStandin
let stdout: string[]
const tmpDirs: string[] = []

beforeAll(async () => {
  gh = await startGithubStandin({ token: TOKEN })
})
afterAll(async () => {
  await gh.close()
})
beforeEach(() => {
  gh.reset()
  clearSecrets()
  stdout = []
  // src/workflow.ts writes workflow commands (::warning::, ::notice::) to stdout.
  jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout.push(String(chunk))
    return true
  })
})
afterEach(() => {
  jest.restoreAllMocks()
})

const commands = (kind: 'warning' | 'notice'): string[] =>
  stdout.filter((l) => l.startsWith(`::${kind}`))
const routes = (): string[] => gh.requests.map((r) => `${r.method} ${r.route}`)
/** The JSON a request sent, typed loosely: each test reads only the fields it asserts. */
interface Sent {
  [key: string]: unknown
  conclusion?: string
  output: { title: string; summary: string; annotations: Array<Record<string, unknown>> }
  body: string
  state?: string
  description: string
}
const body = (r: RecordedRequest | undefined): Sent => (r?.body ?? {}) as Sent

function gate(name: string, verdict: Verdict, extra: Partial<GateResult> = {}): GateResult {
  return {
    name,
    type: 'metric',
    verdict,
    enforce: true,
    measure: name,
    value: verdict === 'pass' ? 0.93 : 0.85,
    threshold: '≥ 0.9',
    n: 1000,
    message: `${name} ${verdict === 'pass' ? 'meets' : 'misses'} its threshold`,
    warnings: [],
    ...extra
  }
}

function makeReport(over: Partial<RunReport> = {}): RunReport {
  return {
    schema: 'model-gate/receipt/v1',
    mode: 'promote',
    registry: { type: 'mlflow', uri: 'https://mlflow.example.com' },
    model: 'chatbot',
    version: '12',
    requestedVersion: '12',
    modelUri: 'models:/chatbot/12',
    alias: 'champion',
    verdict: 'pass',
    promoted: true,
    succeeded: true,
    championBefore: '11',
    replaced: '11',
    championAfter: '12',
    gates: [gate('accuracy', 'pass'), gate('safety', 'pass'), gate('latency', 'pass')],
    actions: ["moved 'champion' from version 11 to version 12"],
    notes: [],
    run: {
      url: RUN_URL,
      commit: SHA,
      repository: 'acme/models',
      event: 'workflow_dispatch',
      trigger: 'workflow_dispatch'
    },
    startedAt: '2026-11-26T10:00:00.000Z',
    finishedAt: '2026-11-26T10:05:00.000Z',
    ...over
  }
}

async function makeSettings(
  over: Partial<Omit<Settings, 'run'>> & { run?: Partial<RunInfo> } = {},
  yaml = CONFIG
): Promise<Settings> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'model-gate-gh-'))
  tmpDirs.push(dir)
  await mkdir(path.join(dir, '.github'))
  await writeFile(path.join(dir, CONFIG_FILE), yaml)
  const config = parseConfig(yaml, CONFIG_FILE)
  const { run, ...rest } = over
  return {
    mode: 'promote',
    model: 'chatbot',
    version: '12',
    registry: { type: 'mlflow', uri: 'https://mlflow.example.com' },
    alias: 'champion',
    requireNewer: true,
    gates: config.gates,
    config,
    configPath: CONFIG_FILE,
    githubToken: TOKEN,
    receiptPath: path.join(dir, 'receipt.json'),
    event: { name: 'workflow_dispatch', payload: {} },
    http: {},
    env: { GITHUB_WORKSPACE: dir },
    workspace: dir,
    ...rest,
    run: {
      repository: 'acme/models',
      commit: SHA,
      runUrl: RUN_URL,
      eventName: 'workflow_dispatch',
      apiUrl: gh.url,
      serverUrl: 'https://github.com',
      headSha: SHA,
      fromFork: false,
      ...run
    }
  }
}

/** A pull_request run in evaluate mode on PR #7. */
const prRun = { eventName: 'pull_request', pullRequest: 7 }
const evaluateReport = (over: Partial<RunReport> = {}): RunReport =>
  makeReport({
    mode: 'evaluate',
    promoted: false,
    championAfter: '11',
    actions: [],
    notes: ['evaluate mode: the registry was not changed.'],
    ...over
  })

describe('publishToGitHub', () => {
  it('reports a passing promotion as a successful check run and a deployment record', async () => {
    await publishToGitHub(makeReport(), await makeSettings())

    expect(routes()).toEqual([
      'POST checks.create',
      'POST repos.createDeployment',
      'POST repos.createDeploymentStatus'
    ])
    const [check, deployment, status] = gh.requests
    expect(check.path).toBe('/repos/acme/models/check-runs')
    expect(check.headers.authorization).toBe(`token ${TOKEN}`)
    expect(body(check)).toMatchObject({
      name: 'model-gate / chatbot',
      head_sha: SHA,
      status: 'completed',
      conclusion: 'success',
      details_url: RUN_URL,
      output: { title: "Promoted chatbot version 12 to 'champion'", annotations: [] }
    })
    expect(body(check).output.summary).toContain('| Gate | Measure | Value |')

    expect(deployment.path).toBe('/repos/acme/models/deployments')
    expect(body(deployment)).toEqual({
      ref: SHA,
      environment: 'production',
      auto_merge: false,
      required_contexts: [],
      payload: {
        model: 'chatbot',
        version: '12',
        previous_version: '11',
        verdict: 'pass',
        mode: 'promote',
        alias: 'champion'
      },
      description: 'model-gate: chatbot v12',
      transient_environment: false,
      production_environment: true
    })
    expect(status.path).toBe(`/repos/acme/models/deployments/${gh.deployments[0].id}/statuses`)
    expect(body(status)).toMatchObject({
      state: 'success',
      environment_url: RUN_URL,
      log_url: RUN_URL
    })
    expect(commands('warning')).toEqual([])
  })

  it('reports a failing gate as a failed check run annotated on the gate in the config', async () => {
    const report = makeReport({
      verdict: 'fail',
      promoted: false,
      championAfter: '11',
      actions: [],
      gates: [
        gate('accuracy', 'fail'),
        gate('safety', 'fail', { enforce: false }),
        gate('latency', 'inconclusive', { measure: 'p99 latency (ms)', value: 510 })
      ]
    })
    await publishToGitHub(report, await makeSettings())

    // Not promoted: no deployment record.
    expect(routes()).toEqual(['POST checks.create'])
    const out = body(gh.requests[0])
    expect(out.conclusion).toBe('failure')
    expect(out.output.title).toBe('chatbot version 12 not promoted (fail)')
    expect(out.output.annotations).toEqual([
      {
        path: CONFIG_FILE,
        start_line: 3,
        end_line: 7,
        annotation_level: 'failure',
        title: 'accuracy: fail',
        message: 'accuracy = 0.85 (threshold ≥ 0.9): accuracy misses its threshold'
      },
      expect.objectContaining({
        start_line: 13,
        end_line: 16,
        annotation_level: 'warning',
        title: 'latency: inconclusive'
      })
    ])
  })

  it('sends 120 annotations 50 at a time and cuts the summary to fit at a row boundary', async () => {
    const names = Array.from({ length: 120 }, (_, i) => `g${String(i + 1).padStart(3, '0')}`)
    const yaml =
      'gates:\n' +
      names
        .map(
          (n) =>
            `  - name: ${n}\n    type: metric\n    endpoint: https://eval.example.com/e\n    metric: m\n    min: 0.9\n`
        )
        .join('')
    const long = 'the candidate scored below the threshold on this slice. '.repeat(11)
    const report = makeReport({
      verdict: 'fail',
      promoted: false,
      gates: names.map((n) => gate(n, 'fail', { message: `${n}: ${long}` }))
    })
    await publishToGitHub(report, await makeSettings({}, yaml))

    expect(routes()).toEqual(['POST checks.create', 'PATCH checks.update', 'PATCH checks.update'])
    const [create, ...updates] = gh.requests
    const id = gh.checkRuns[0].id
    expect(updates.map((u) => u.path)).toEqual([
      `/repos/acme/models/check-runs/${id}`,
      `/repos/acme/models/check-runs/${id}`
    ])
    expect(gh.requests.map((r) => body(r).output.annotations.length)).toEqual([50, 50, 20])
    expect(gh.checkRuns[0].annotations.map((a) => a.title)).toEqual(names.map((n) => `${n}: fail`))
    // g120 is the 120th five-line item after the `gates:` line.
    expect(gh.checkRuns[0].annotations[119]).toMatchObject({ start_line: 597, end_line: 601 })

    const summary = body(create).output.summary
    expect(summary.length).toBeLessThanOrEqual(CHECK_SUMMARY_LIMIT)
    expect(summary).toMatch(/\n\n_… \d+ more rows in the job summary_\n/)
    // What is kept is whole rows, and the champion table and links after the cut survive.
    expect(summary).toContain('| g001 | g001 |')
    expect(summary).toContain(`[workflow run](${RUN_URL})`)
    expect(body(updates[0]).output.summary).toBe(summary)
    expect(commands('warning')).toEqual([])
  })

  it('gives a neutral conclusion to an inconclusive-neutral result in evaluate mode', async () => {
    const report = evaluateReport({
      verdict: 'inconclusive',
      gates: [
        gate('accuracy', 'pass'),
        gate('no-regression', 'inconclusive', { type: 'regression', policy: 'neutral' })
      ]
    })
    await publishToGitHub(report, await makeSettings({ mode: 'evaluate', run: prRun }))

    expect(routes()).toEqual([
      'POST checks.create',
      'GET issues.listComments',
      'POST issues.createComment'
    ])
    const out = body(gh.requests[0])
    expect(out.conclusion).toBe('neutral')
    expect(out.output.annotations).toEqual([
      expect.objectContaining({
        annotation_level: 'warning',
        title: 'no-regression: inconclusive (neutral)'
      })
    ])
    expect(body(gh.requests[2]).body).toContain(
      '**Would promote:** no — no-regression inconclusive (neutral); this check passes as neutral, but promote needs a pass.'
    )
  })

  it('falls back to a commit status when the token may not create check runs', async () => {
    gh.fail('checks.create')
    await publishToGitHub(
      makeReport({ promoted: false, verdict: 'fail', gates: [gate('accuracy', 'fail')] }),
      await makeSettings()
    )

    expect(routes()).toEqual(['POST checks.create', 'POST repos.createCommitStatus'])
    const status = gh.requests[1]
    expect(status.path).toBe(`/repos/acme/models/statuses/${SHA}`)
    expect(body(status)).toEqual({
      state: 'failure',
      context: 'model-gate / chatbot',
      description: 'chatbot version 12 not promoted (fail)',
      target_url: RUN_URL
    })
    expect(commands('warning')).toHaveLength(1)
    expect(commands('warning')[0]).toContain(
      'GitHub answered 403: Resource not accessible by integration'
    )
    expect(commands('warning')[0]).toContain(
      "add `checks: write` to the workflow's permissions to get a check run"
    )
  })

  it('reports neutral as a successful commit status that says neutral, on a 404 too', async () => {
    gh.fail('checks.create', { status: 404 })
    const report = evaluateReport({
      verdict: 'inconclusive',
      model: 'a-model-with-a-rather-long-name-'.repeat(4),
      gates: [gate('no-regression', 'inconclusive', { policy: 'neutral' })]
    })
    await publishToGitHub(report, await makeSettings({ mode: 'evaluate' }))

    const status = body(gh.calls('repos.createCommitStatus')[0])
    expect(status.state).toBe('success')
    expect(status.description).toMatch(/^neutral: /)
    expect(status.description.length).toBeLessThanOrEqual(140)
    expect(gh.statuses).toHaveLength(1)
  })

  it('warns naming statuses: write when the commit status is refused as well, and does not throw', async () => {
    gh.fail('checks.create')
    gh.fail('repos.createCommitStatus')
    await expect(publishToGitHub(makeReport(), await makeSettings())).resolves.toBeUndefined()

    const warnings = commands('warning')
    expect(warnings.some((w) => w.includes('`statuses: write`'))).toBe(true)
    // The deployment record is independent of the check run and still made.
    expect(gh.deployments).toHaveLength(1)
  })

  it('keeps one PR comment per model, found by its marker past the first page, updated in place', async () => {
    const settings = await makeSettings({ mode: 'evaluate', run: prRun })
    // 150 other comments push ours to page 2; another model's comment must stay untouched.
    gh.seedComments(
      'acme/models',
      7,
      Array.from({ length: 150 }, (_, i) => `review comment ${i}`)
    )
    gh.seedComments(
      'acme/models',
      7,
      [`${commentMarker('ranker')}\nranker report`],
      'github-actions[bot]'
    )

    await publishToGitHub(
      evaluateReport({ verdict: 'fail', gates: [gate('accuracy', 'fail')] }),
      settings
    )
    expect(routes()).toEqual([
      'POST checks.create',
      'GET issues.listComments',
      'GET issues.listComments',
      'POST issues.createComment'
    ])
    expect(gh.calls('issues.listComments').map((r) => r.query)).toEqual([
      { per_page: '100' },
      { per_page: '100', page: '2' }
    ])
    const created = body(gh.calls('issues.createComment')[0]).body
    expect(created.startsWith('<!-- model-gate:chatbot -->\n')).toBe(true)
    expect(created).toContain('**Would promote:** no — accuracy fail.')

    gh.requests.length = 0
    await publishToGitHub(evaluateReport(), settings)
    expect(routes()).toEqual([
      'POST checks.create',
      'GET issues.listComments',
      'GET issues.listComments',
      'PATCH issues.updateComment'
    ])
    const update = gh.calls('issues.updateComment')[0]
    const ours = gh.comments.get('acme/models#7')!.filter((c) => c.body.includes('model-gate:'))
    expect(ours).toHaveLength(2)
    const chatbot = ours.find((c) => c.body.startsWith(commentMarker('chatbot')))!
    expect(update.path).toBe(`/repos/acme/models/issues/comments/${chatbot.id}`)
    expect(chatbot.body).toContain(
      "**Would promote:** yes — chatbot version 12 passes every enforced gate and would become 'champion'."
    )
    expect(ours.find((c) => c !== chatbot)!.body).toBe(`${commentMarker('ranker')}\nranker report`)
  })

  it('warns naming pull-requests: write when the comment is refused', async () => {
    gh.fail('issues.createComment')
    await publishToGitHub(evaluateReport(), await makeSettings({ mode: 'evaluate', run: prRun }))

    expect(gh.checkRuns).toHaveLength(1)
    const warnings = commands('warning')
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toContain('could not comment on pull request #7')
    expect(warnings[0]).toContain("add `pull-requests: write` to the workflow's permissions")
  })

  it('makes no request and does not throw without a token', async () => {
    await expect(
      publishToGitHub(makeReport(), await makeSettings({ githubToken: undefined, run: prRun }))
    ).resolves.toBeUndefined()
    expect(gh.requests).toEqual([])
    expect(stdout.join('')).toContain('model-gate: no github-token')
    expect(commands('warning')).toEqual([])
  })

  it('never sends a registered secret in any body', async () => {
    const secret = 'sk-live-0123456789abcdef'
    registerSecret(secret)
    registerSecret(TOKEN)
    const leaky = evaluateReport({
      verdict: 'fail',
      gates: [
        gate('accuracy', 'fail', {
          measure: `accuracy via ${secret}`,
          message: `endpoint https://user:${secret}@eval.example.com answered 0.85`,
          warnings: [`header Authorization: Basic ${Buffer.from(secret).toString('base64')}`]
        })
      ],
      notes: [`token ${TOKEN} was used`]
    })
    const settings = await makeSettings({ mode: 'evaluate', run: prRun })
    await publishToGitHub(leaky, settings)
    gh.fail('checks.create')
    await publishToGitHub({ ...leaky, error: `registry said: bad key ${secret}` }, settings)

    expect(gh.requests.length).toBeGreaterThanOrEqual(6)
    const sent = gh.requests.map((r) => JSON.stringify(r.body ?? '')).join('\n')
    expect(sent).toContain('***')
    for (const s of [secret, Buffer.from(secret).toString('base64'), TOKEN])
      expect(sent).not.toContain(s)
  })

  it('on a fork PR with a read-only token, says once what it could not do, with no warnings', async () => {
    gh.fail('checks.create')
    gh.fail('repos.createCommitStatus')
    gh.fail('issues.listComments')
    await publishToGitHub(
      evaluateReport(),
      await makeSettings({ mode: 'evaluate', run: { ...prRun, fromFork: true } })
    )

    expect(commands('warning')).toEqual([])
    const notices = commands('notice')
    expect(notices).toHaveLength(1)
    expect(notices[0]).toContain('from a fork')
    expect(notices[0]).toContain('could not create the check run or comment on pull request #7')
  })

  it('on a fork PR without a token, says so once and sends nothing', async () => {
    await publishToGitHub(
      evaluateReport(),
      await makeSettings({
        mode: 'evaluate',
        githubToken: undefined,
        run: { ...prRun, fromFork: true }
      })
    )
    expect(gh.requests).toEqual([])
    expect(commands('notice')).toHaveLength(1)
    expect(commands('notice')[0]).toContain(
      'could not create the check run or comment on the pull request'
    )
  })

  it('marks the check and the deployment failed when a failed build put the alias back', async () => {
    const report = makeReport({
      promoted: false,
      restored: true,
      championAfter: '11',
      succeeded: false,
      build: { ok: false, exitCode: 2, timedOut: false, durationMs: 1200, outputs: {} },
      error: "the build failed (exit code 2); 'champion' was restored to version 11",
      actions: [
        "moved 'champion' from version 11 to version 12",
        "restored 'champion' to version 11"
      ]
    })
    await publishToGitHub(report, await makeSettings())

    expect(routes()).toEqual([
      'POST checks.create',
      'POST repos.createDeployment',
      'POST repos.createDeploymentStatus'
    ])
    expect(body(gh.calls('checks.create')[0]).conclusion).toBe('failure')
    expect(body(gh.calls('repos.createDeployment')[0]).payload).toMatchObject({ version: '12' })
    expect(body(gh.calls('repos.createDeploymentStatus')[0])).toMatchObject({
      state: 'failure',
      description: "promotion undone: 'champion' is back on version 11"
    })
  })

  it('annotates a refused stale candidate on promote.require_newer', async () => {
    const yaml = CONFIG.replace('gates:\n', 'promote:\n  require_newer: true\ngates:\n')
    const report = makeReport({
      verdict: 'fail',
      promoted: false,
      actions: [],
      gates: [
        {
          name: 'require_newer',
          type: 'policy',
          verdict: 'fail',
          enforce: true,
          message: 'candidate version 10 is older than the champion, version 11',
          warnings: []
        }
      ]
    })
    await publishToGitHub(report, await makeSettings({}, yaml))
    expect(body(gh.calls('checks.create')[0]).output.annotations).toEqual([
      expect.objectContaining({ start_line: 3, end_line: 3, title: 'require_newer: fail' })
    ])
  })

  it('marks the deployment failed when the build failed and on_failure kept the alias', async () => {
    const report = makeReport({
      succeeded: false,
      build: { ok: false, exitCode: 1, timedOut: false, durationMs: 900, outputs: {} },
      error: "the build failed (exit code 1); 'champion' stays on version 12 (on_failure: keep)"
    })
    const yaml = `${CONFIG}build:\n  command: make image VERSION={version}\n  on_failure: keep\n`
    await publishToGitHub(report, await makeSettings({}, yaml))

    const check = body(gh.calls('checks.create')[0])
    expect(check.conclusion).toBe('failure')
    // The run's error points at the build section (line 18), not at a gate.
    expect(check.output.annotations).toEqual([
      expect.objectContaining({ start_line: 18, end_line: 18, title: 'model-gate error' })
    ])
    expect(body(gh.calls('repos.createDeploymentStatus')[0])).toMatchObject({
      state: 'failure',
      description: "build failed; 'champion' stays on version 12 (on_failure: keep)"
    })
  })

  it('reports a run whose config could not be loaded, with the error on line 1', async () => {
    const settings = await makeSettings()
    const error =
      'gates[0].headers.Authorization refers to ${EVAL_TOKEN}, but the environment variable EVAL_TOKEN is not set'
    const report = makeReport({
      verdict: 'error',
      promoted: false,
      gates: [],
      actions: [],
      championBefore: undefined,
      championAfter: undefined,
      error
    })
    await publishToGitHub(report, {
      run: settings.run,
      githubToken: settings.githubToken,
      configPath: settings.configPath,
      env: settings.env
    })

    expect(routes()).toEqual(['POST checks.create'])
    expect(body(gh.requests[0]).conclusion).toBe('failure')
    expect(body(gh.requests[0]).output.annotations).toEqual([
      {
        path: CONFIG_FILE,
        start_line: 1,
        end_line: 1,
        annotation_level: 'failure',
        title: 'model-gate error',
        message: error
      }
    ])
  })

  it('annotates each config problem on its own line and column of the file', async () => {
    const settings = await makeSettings()
    const report = makeReport({
      verdict: 'error',
      promoted: false,
      gates: [],
      actions: [],
      championBefore: undefined,
      championAfter: undefined,
      error: 'config .github/model-gate.yml is invalid: …',
      errorPlaces: [
        {
          file: CONFIG_FILE,
          line: 7,
          column: 10,
          message: 'gates[0].min: expected a number, got "high"'
        },
        { file: CONFIG_FILE, line: 14, message: 'gates[2].p99ms: unknown key' }
      ]
    })
    await publishToGitHub(report, {
      run: settings.run,
      githubToken: settings.githubToken,
      configPath: settings.configPath,
      env: settings.env
    })
    expect(body(gh.requests[0]).output.annotations).toEqual([
      {
        path: CONFIG_FILE,
        start_line: 7,
        end_line: 7,
        start_column: 10,
        end_column: 10,
        annotation_level: 'failure',
        title: 'model-gate error',
        message: 'gates[0].min: expected a number, got "high"'
      },
      {
        path: CONFIG_FILE,
        start_line: 14,
        end_line: 14,
        annotation_level: 'failure',
        title: 'model-gate error',
        message: 'gates[2].p99ms: unknown key'
      }
    ])
  })

  it('records a rollback as a deployment of the version it went back to', async () => {
    const report = makeReport({
      mode: 'rollback',
      model: 'acme-org/wandb-registry-model/chatbot',
      version: '',
      requestedVersion: '',
      championBefore: 'v12',
      championAfter: 'v11',
      actions: ["moved 'champion' from version v12 to version v11"]
    })
    await publishToGitHub(report, await makeSettings({ mode: 'rollback' }))

    const deployment = body(gh.calls('repos.createDeployment')[0])
    expect(deployment.payload).toMatchObject({
      version: 'v11',
      previous_version: 'v12',
      mode: 'rollback'
    })
    expect(deployment.description).toBe('model-gate: acme-org/wandb-registry-model/chatbot v11')
    expect(body(gh.calls('checks.create')[0]).name).toBe(
      'model-gate / acme-org/wandb-registry-model/chatbot'
    )
  })

  it('retries once when GitHub answers 502', async () => {
    gh.fail('checks.create', { status: 502, times: 1 })
    await publishToGitHub(makeReport(), await makeSettings())
    expect(gh.calls('checks.create')).toHaveLength(2)
    expect(gh.checkRuns).toHaveLength(1)
    expect(commands('warning')).toEqual([])
  })

  it('does not repeat a comment or deployment whose answer was a 5xx (it may have landed)', async () => {
    gh.fail('issues.createComment', { status: 502, times: 1 })
    gh.fail('repos.createDeployment', { status: 503, times: 1 })
    await publishToGitHub(makeReport(), await makeSettings({ run: prRun }))
    expect(gh.calls('issues.createComment')).toHaveLength(1)
    expect(gh.calls('repos.createDeployment')).toHaveLength(1)
    // The check run is still made, and what could not be done is a warning, not a failure.
    expect(gh.checkRuns).toHaveLength(1)
    expect(commands('warning').length).toBeGreaterThan(0)
  })

  it('warns and does not throw when GitHub cannot be reached', async () => {
    const closed = await startGithubStandin()
    const apiUrl = closed.url
    await closed.close()
    const yaml = CONFIG.replace(
      'report: {check_run: true, pr_comment: true, deployment: production}',
      'report: {check_run: true, pr_comment: false}'
    )
    await expect(
      publishToGitHub(makeReport(), await makeSettings({ run: { apiUrl } }, yaml))
    ).resolves.toBeUndefined()
    const warnings = commands('warning')
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toContain("could not report 'model-gate / chatbot'")
    expect(warnings[0]).toContain('no answer from GitHub')
    expect(warnings[0]).not.toContain('permissions')
  })

  it('honours report.check_run: false', async () => {
    const yaml = CONFIG.replace(
      'report: {check_run: true, pr_comment: true, deployment: production}',
      'report: {check_run: false, pr_comment: false}'
    )
    await publishToGitHub(makeReport(), await makeSettings({ run: prRun }, yaml))
    expect(gh.requests).toEqual([])
  })

  it('uses the stable check name', () => {
    expect(checkName('team/project/chat-model')).toBe('model-gate / team/project/chat-model')
  })
})

describe('fitMarkdown', () => {
  const table = (n: number): string =>
    ['| a | b |', '|---|---|', ...Array.from({ length: n }, (_, i) => `| row ${i} | x |`)].join(
      '\n'
    )

  it('leaves text that fits alone', () => {
    expect(fitMarkdown(table(3), 1000)).toBe(table(3))
  })

  it('cuts a table at a row boundary and says how many rows are left out', () => {
    const md = `# title\n\n${table(100)}\n\nafter\n`
    const out = fitMarkdown(md, 600)
    expect(out.length).toBeLessThanOrEqual(600)
    const rows = out.split('\n').filter((l) => /^\| row \d+ \| x \|$/.test(l))
    expect(out).toContain(`\n\n_… ${100 - rows.length} more rows in the job summary_\n`)
    expect(rows).toEqual(Array.from({ length: rows.length }, (_, i) => `| row ${i} | x |`))
    expect(out.endsWith('\n\nafter\n')).toBe(true)
  })

  it('cuts one huge line when there is no table or list to shorten', () => {
    const out = fitMarkdown(`head\n${'y'.repeat(5000)}`, 300)
    expect(out.length).toBeLessThanOrEqual(300)
    expect(out).toMatch(/^head\n\n_… cut to fit/)
  })
})

describe('the summary’s alias table', () => {
  const row = (md: string, which: 'before' | 'after'): string =>
    md.split('\n').find((l) => l.startsWith(`| ${which} |`)) ?? ''
  const withPrevious = (over: Partial<RunReport>): string =>
    renderMarkdown(makeReport({ previousAlias: 'rollback-target', ...over }))

  it('shows previous_alias taking the replaced champion on a promotion', () => {
    const md = withPrevious({})
    expect(md).toContain("| | 'champion' | 'rollback-target' |")
    expect(row(md, 'before')).toBe('| before | version 11 | not read |')
    expect(row(md, 'after')).toBe('| after | version 12 | version 11 |')
  })

  it('on a re-run that finds the candidate promoted, names what previous_alias holds', () => {
    const md = withPrevious({ championBefore: '12', replaced: '11' })
    expect(row(md, 'after')).toBe('| after | version 12 | version 11 |')
  })

  it('leaves previous_alias unchanged on a rollback, a restore and a first promotion', () => {
    expect(row(withPrevious({ mode: 'rollback', championAfter: '10' }), 'after')).toBe(
      '| after | version 10 | unchanged |'
    )
    expect(
      row(
        withPrevious({ restored: true, promoted: false, championAfter: '11', previousBefore: '9' }),
        'after'
      )
    ).toBe('| after | version 11 | unchanged |')
    const first = withPrevious({
      championBefore: null,
      replaced: undefined,
      previousBefore: null
    })
    expect(row(first, 'before')).toBe('| before | none | none |')
    expect(row(first, 'after')).toBe('| after | version 12 | unchanged |')
  })

  it('says "not read" before and after when the run stopped before reading the alias', () => {
    const md = withPrevious({
      verdict: 'error',
      promoted: false,
      gates: [],
      actions: [],
      championBefore: undefined,
      championAfter: undefined,
      replaced: undefined,
      error: 'config .github/model-gate.yml is invalid'
    })
    expect(row(md, 'before')).toBe('| before | not read | not read |')
    expect(row(md, 'after')).toBe('| after | not read | unchanged |')
    expect(md).not.toMatch(/\bnone\b/)
  })
})

describe('the summary as a new user first reads it', () => {
  const configError =
    'config .github/model-gate.yml is invalid:\n' +
    "  - line 7: gates[0].metrc: unknown key (did you mean 'metric'?)\n" +
    '  - line 9: gates[0].min: expected a number, got "high"\n' +
    'Fix the config; nothing was sent to the registry'
  const failed = (over: Partial<RunReport>): string =>
    renderMarkdown(
      makeReport({
        verdict: 'error',
        promoted: false,
        succeeded: false,
        gates: [],
        actions: [],
        championBefore: undefined,
        championAfter: undefined,
        replaced: undefined,
        modelUri: undefined,
        error: configError,
        ...over
      })
    )

  it('keeps every line of a multi-line error inside the quote, the fix in a paragraph of its own', () => {
    const md = failed({})
    const start = md.indexOf('> **Error:**')
    const quoted = md.slice(start, md.indexOf('\n\n', start)).split('\n')
    expect(quoted).toEqual([
      '> **Error:** config .github/model-gate.yml is invalid:',
      ">   - line 7: gates[0].metrc: unknown key (did you mean 'metric'?)",
      '>   - line 9: gates[0].min: expected a number, got "high"',
      '>',
      '> Fix the config; nothing was sent to the registry'
    ])
  })

  it('quotes every line of a multi-line note', () => {
    const md = renderMarkdown(makeReport({ notes: ['first line\nsecond line'] }))
    expect(md).toContain('> first line\n> second line')
  })

  it('says the champion was not read, never "none", when the config did not load', () => {
    const md = failed({})
    expect(md).toContain('| before | not read |')
    expect(md).toContain('| after | not read |')
  })

  it('names no registry when the run ended before choosing one, and the one it chose after', () => {
    // newReport() holds mlflow as a placeholder until the settings are built.
    const md = failed({ registry: { type: 'mlflow', uri: '' } })
    expect(md).toContain('**Registry:** _(not determined)_')
    expect(md).not.toContain('**Registry:** mlflow')
    const chosen = failed({ registry: { type: 'wandb', uri: 'https://api.wandb.ai' } })
    expect(chosen).toContain('**Registry:** wandb')
  })

  it('shows a missing model as not given, never as empty backticks', () => {
    const md = failed({ model: '', version: '', requestedVersion: '' })
    expect(md).not.toContain('``')
    expect(md).toContain('**Model:** _(not given)_')
    expect(md.split('\n')[0]).toBe(
      '### model-gate: model (not given) version ? not promoted (error)'
    )
  })

  it('keeps a model name with backticks in one code span', () => {
    expect(renderMarkdown(makeReport({ model: 'a`b' }))).toContain('**Model:** ``a`b``')
  })

  it('shows a value and its CI at one precision, negative numbers with U+2212', () => {
    const regression = gate('no-regression', 'fail', {
      measure: 'Δ accuracy',
      value: -0.0205,
      threshold: 'Δ > −0.01',
      ci: { low: -0.02931, high: -0.01206, level: 0.95 },
      details: { candidate: 0.895, champion: 0.9155 }
    })
    const md = renderMarkdown(makeReport({ gates: [regression] }))
    // The two sides at Δ's precision too: they differ by the Δ shown.
    expect(md).toContain(
      '| −0.0205 (0.8950 vs champion 0.9155) | Δ > −0.01 | [−0.0293, −0.0121] (95%) |'
    )
    expect(md).not.toMatch(/-0\.\d/)
  })
})
