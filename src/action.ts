import * as workflow from './workflow.js'
import { type FrontEnd, run as gateAndReport } from './main.js'
import type { RunReport } from './report.js'
import type { ReportTarget } from './reports/github.js'
import { annotate, setOutputs, writeJobSummary } from './reports/summary.js'
import { redact } from './secrets.js'
import { eventTarget, readEvent } from './settings/event.js'
import { actionPlace, buildSettings, readInputs, readRunInfo } from './settings/settings.js'

/**
 * The GitHub Action: settings from the action's inputs and the triggering event; reports as the
 * job summary, annotations, step outputs, check run, PR comment and deployment record.
 */
export async function runAction(env: NodeJS.ProcessEnv = process.env): Promise<RunReport> {
  const inputs = readInputs()
  // Enough to report to GitHub even if the config or the event cannot be read.
  let target: ReportTarget = {
    run: readRunInfo(env, { name: env.GITHUB_EVENT_NAME ?? '', payload: {} }),
    githubToken: inputs.githubToken || undefined,
    configPath: inputs.config,
    env
  }
  const front: FrontEnd = {
    cancelExitCode: 1,
    async settings(report) {
      report.run.event = env.GITHUB_EVENT_NAME ?? ''
      const event = readEvent(env)
      const fromEvent = eventTarget(event)
      const place = actionPlace(env, event)
      target = { ...target, run: place.run }
      report.model = inputs.model || fromEvent.model || ''
      report.requestedVersion = inputs.version || fromEvent.version || ''
      const settings = await buildSettings(inputs, env, place)
      target = settings
      return settings
    },
    async publish(report, settings, failure) {
      annotate(report)
      // Outputs first: a slow GitHub API must not keep later steps from reading them.
      setOutputs(report, settings?.receiptPath ?? '')
      // `report.summary: false` turns the job summary off; a config that did not load keeps it.
      if (settings?.config.report.summary !== false) await writeJobSummary(report)
      // The GitHub reports (and Octokit) load only now, after the run's registry work; a file
      // missing from an incomplete checkout of the action costs the reports, not the verdict.
      await import('./reports/github.js').then(
        ({ publishToGitHub }) => publishToGitHub(report, target),
        (err: unknown) =>
          workflow.warning(`model-gate: could not load the GitHub reports (${redact(String(err))})`)
      )
      // The error text may quote what a service echoed back; scrub it like every other report.
      if (failure !== undefined) workflow.setFailed(`model-gate: ${redact(failure)}`)
      else
        workflow.info(
          `model-gate: ${report.verdict}${report.promoted ? `, promoted version ${report.version}` : ''}`
        )
    }
  }
  return gateAndReport(front)
}

/**
 * The entry point `@github/local-action` calls (`npx @github/local-action run . src/action.ts
 * .env`): the action as GitHub runs it, without the bundle.
 */
export async function run(): Promise<void> {
  await runAction()
}
