import * as workflow from '../workflow.js'
import type { getOctokit } from '@actions/github'
import { neverSent, sleep, timeoutSignal } from '../http/client.js'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import YAML from 'yaml'
import type { GateResult } from '../gates/gate.js'
import { shownValue } from '../format.js'
import type { RunReport } from '../report.js'
import { redact, redactDeep } from '../secrets.js'
import type { Config } from '../settings/config.js'
import type { Settings } from '../settings/settings.js'
import { conclusion, policyNote, stepSucceeds } from '../verdict.js'
import { headline, renderMarkdown } from './markdown.js'

/**
 * The run as GitHub shows it: a check run under a stable name (a commit status when the token may
 * not create check runs), one PR comment updated in place, and a deployment record. Reporting
 * never throws and never changes the verdict: whatever GitHub refuses becomes one warning that
 * names the permission to add.
 */

export const CHECK_SUMMARY_LIMIT = 65535
const COMMENT_LIMIT = 65536
const ANNOTATIONS_PER_REQUEST = 50
const STATUS_DESCRIPTION_LIMIT = 140
const ANNOTATION_MESSAGE_LIMIT = 4000
// A slow GitHub must not hold the job: each request gets 20 s, all of reporting 90 s.
const REQUEST_TIMEOUT_MS = 20_000
const REPORTING_LIMIT_MS = 90_000
const RETRY_DELAY_MS = 1_000

type Octokit = ReturnType<typeof getOctokit>
type Conclusion = ReturnType<typeof conclusion>

/** The check-run name and commit-status context: stable, so it can be a required check. */
export function checkName(model: string): string {
  return `model-gate / ${model}`
}

/** Hidden first line of the PR comment, one per model, so re-runs find and update it. */
export function commentMarker(model: string): string {
  return `<!-- model-gate:${model.replace(/--+>?/g, '-')} -->`
}

/**
 * What reporting needs from Settings. A run whose config could not be loaded (a missing secret on
 * a fork PR, say) has all of it but `config`, and still gets its check run with the error.
 */
export type ReportTarget = Pick<Settings, 'run' | 'githubToken' | 'configPath' | 'env'> & {
  config?: { report: Config['report'] }
}

const DEFAULT_REPORT: Config['report'] = { summary: true, check_run: true, pr_comment: true }

interface Ctx {
  octokit: Octokit
  owner: string
  repo: string
  sha: string
  name: string
  report: RunReport
  settings: ReportTarget
  /** On a fork PR, what the read-only token could not do; said once at the end. */
  denied: string[]
}

export async function publishToGitHub(report: RunReport, settings: ReportTarget): Promise<void> {
  // One limit for all of reporting. Every request's signal hangs off it, and whatever a request
  // does with its signal, reporting stops waiting when it passes: a silent GitHub cannot hold the job.
  const limit = timeoutSignal(REPORTING_LIMIT_MS)
  const expired = new Promise<never>((_, reject) => {
    const expire = (): void => reject(new Error(`no answer within ${REPORTING_LIMIT_MS / 1000} s`))
    limit.signal.addEventListener('abort', expire, { once: true })
  })
  try {
    await Promise.race([publish(report, settings, limit.signal), expired])
  } catch (err) {
    workflow.warning(
      `model-gate: reporting to GitHub failed (${describe(err)}); the verdict is unaffected`
    )
  } finally {
    limit.clear()
  }
}

async function publish(
  report: RunReport,
  settings: ReportTarget,
  limit: AbortSignal
): Promise<void> {
  const { run } = settings
  const cfg = settings.config?.report ?? DEFAULT_REPORT
  const pr = cfg.pr_comment ? run.pullRequest : undefined
  // A restored promotion is recorded too: the repository shows the attempt and that it failed.
  const environment = report.promoted || report.restored ? cfg.deployment : undefined
  if (!cfg.check_run && pr === undefined && !environment) return

  if (!settings.githubToken) {
    const skipped = [
      cfg.check_run && 'create the check run',
      pr !== undefined && 'comment on the pull request'
    ].filter((x): x is string => Boolean(x))
    if (run.fromFork && skipped.length)
      workflow.notice(
        forkNotice(skipped, 'secrets are withheld from such runs, so there is no token')
      )
    else
      workflow.info(
        'model-gate: no github-token, so nothing was reported to GitHub (check run, PR comment, deployment)'
      )
    return
  }
  const [owner, repo] = (run.repository ?? '').split('/')
  if (!owner || !repo || !run.headSha) {
    workflow.info(
      'model-gate: the repository or commit is unknown (GITHUB_REPOSITORY, GITHUB_SHA unset), so nothing was reported to GitHub'
    )
    return
  }

  const ctx: Ctx = {
    octokit: await client(settings.githubToken, run.apiUrl, limit),
    owner,
    repo,
    sha: run.headSha,
    name: checkName(report.model),
    report,
    settings,
    denied: []
  }
  if (cfg.check_run) await reportCheck(ctx)
  if (pr !== undefined) await reportComment(ctx, pr)
  if (environment) await reportDeployment(ctx, environment)
  if (ctx.denied.length)
    workflow.notice(forkNotice(ctx.denied, 'GitHub gives such runs a read-only token'))
}

/** POST routes whose repeat replaces rather than duplicates: a check run, a commit status. */
const SUPERSEDED = /\/check-runs$|\/statuses\/[^/]+$/

/** Octokit is loaded only here: a run without a token, or with nothing to report, never parses it. */
async function client(token: string, baseUrl: string, reporting: AbortSignal): Promise<Octokit> {
  const { getOctokit } = await import('@actions/github')
  const octokit = getOctokit(token, {
    baseUrl,
    // Octokit prints its own warnings with console.warn, unredacted; keep them in the debug log.
    log: { debug: () => {}, info: () => {}, warn: workflow.debug, error: workflow.debug }
  })
  // One choke point: every parameter that becomes a request body is scrubbed of secrets.
  const transport = new Set(['method', 'url', 'baseUrl', 'headers', 'request', 'mediaType'])
  octokit.hook.before('request', (options) => {
    for (const key of Object.keys(options))
      if (!transport.has(key)) options[key] = redactDeep(options[key])
  })
  octokit.hook.wrap('request', async (request, options) => {
    for (let attempt = 1; ; attempt++) {
      // The signal goes on the options object itself: hooks registered earlier were bound to it,
      // so a copy would leave fetch without a timeout and a silent GitHub could hold the job.
      const attemptLimit = timeoutSignal(REQUEST_TIMEOUT_MS, reporting)
      options.request = { ...options.request, signal: attemptLimit.signal }
      try {
        return await request(options)
      } catch (err) {
        // One retry for GitHub's transient 5xx and dropped connections; a 4xx will not change.
        // A POST that may have landed goes again only where a second copy is harmless: a check
        // run or commit status of the same name supersedes the first. A comment or deployment
        // would be created twice, so those are repeated only if they never left the runner.
        const status = statusOf(err)
        const repeatable =
          options.method !== 'POST' || SUPERSEDED.test(String(options.url)) || neverSent(err)
        if (
          attempt >= 2 ||
          reporting.aborted ||
          !repeatable ||
          (status !== undefined && status < 500)
        )
          throw err
        await sleep(RETRY_DELAY_MS)
      } finally {
        attemptLimit.clear()
      }
    }
  })
  return octokit
}

// --- check run -----------------------------------------------------------------------------

function checkConclusion(report: RunReport): Conclusion {
  // A run that ended in an error (a failed build, say) did not pass, whatever the gates said.
  if (report.error) return 'failure'
  return conclusion(report.mode, report.verdict, report.gates)
}

async function reportCheck(ctx: Ctx): Promise<void> {
  const { octokit, owner, repo, report, settings } = ctx
  const state = checkConclusion(report)
  const output = {
    title: headline(report),
    summary: fitMarkdown(renderMarkdown(report), CHECK_SUMMARY_LIMIT)
  }
  const annotations = await buildAnnotations(report, settings)
  let id: number
  try {
    const res = await octokit.rest.checks.create({
      owner,
      repo,
      name: ctx.name,
      head_sha: ctx.sha,
      status: 'completed',
      conclusion: state,
      started_at: report.startedAt,
      completed_at: report.finishedAt ?? new Date().toISOString(),
      external_id: `${report.model}@${report.version || report.requestedVersion}`,
      ...(settings.run.runUrl ? { details_url: settings.run.runUrl } : {}),
      output: { ...output, annotations: annotations.slice(0, ANNOTATIONS_PER_REQUEST) }
    })
    id = res.data.id
  } catch (err) {
    await reportStatus(ctx, state, err)
    return
  }
  // GitHub takes at most 50 annotations per request; updates append the rest.
  for (let i = ANNOTATIONS_PER_REQUEST; i < annotations.length; i += ANNOTATIONS_PER_REQUEST) {
    try {
      await octokit.rest.checks.update({
        owner,
        repo,
        check_run_id: id,
        output: { ...output, annotations: annotations.slice(i, i + ANNOTATIONS_PER_REQUEST) }
      })
    } catch (err) {
      problem(
        ctx,
        `add annotations ${i + 1}–${annotations.length} to the check run '${ctx.name}'`,
        err,
        'checks: write'
      )
      return
    }
  }
}

/** The fallback when the token may not create check runs: same name, so a required check still matches. */
async function reportStatus(ctx: Ctx, state: Conclusion, checkErr: unknown): Promise<void> {
  const { report, settings } = ctx
  const fork = settings.run.fromFork
  const text = headline(report)
  try {
    await ctx.octokit.rest.repos.createCommitStatus({
      owner: ctx.owner,
      repo: ctx.repo,
      sha: ctx.sha,
      // Commit statuses have no neutral: a neutral check passes, and the description says why.
      state: state === 'failure' ? 'failure' : 'success',
      context: ctx.name,
      description: shorten(
        state === 'neutral' ? `neutral: ${text}` : text,
        STATUS_DESCRIPTION_LIMIT
      ),
      ...(settings.run.runUrl ? { target_url: settings.run.runUrl } : {})
    })
  } catch (err) {
    if (fork && isDenied(checkErr) && isDenied(err)) {
      ctx.denied.push('create the check run')
      return
    }
    const fix =
      isDenied(checkErr) || isDenied(err)
        ? "add `checks: write` and `statuses: write` to the workflow's permissions"
        : 'the verdict is unaffected'
    workflow.warning(
      `model-gate: could not report '${ctx.name}' on commit ${ctx.sha.slice(0, 7)}: ` +
        `no check run (${describe(checkErr)}) and no commit status (${describe(err)}); ${fix}`
    )
    return
  }
  if (fork && isDenied(checkErr)) ctx.denied.push('create a check run (a commit status was set)')
  else if (isDenied(checkErr))
    workflow.warning(
      `model-gate: the token may not create check runs (${describe(checkErr)}), so '${ctx.name}' ` +
        "was reported as a commit status; add `checks: write` to the workflow's permissions to get a check run"
    )
  else
    workflow.warning(
      `model-gate: could not create the check run (${describe(checkErr)}); '${ctx.name}' was reported as a commit status instead`
    )
}

type Annotation = {
  path: string
  start_line: number
  end_line: number
  start_column?: number
  end_column?: number
  annotation_level: 'notice' | 'warning' | 'failure'
  title: string
  message: string
}

/** One per enforced gate that did not pass, on that gate's lines in the config file. */
async function buildAnnotations(report: RunReport, settings: ReportTarget): Promise<Annotation[]> {
  const bad = report.gates.filter((g) => g.enforce && g.verdict !== 'pass')
  const runError = report.error && !bad.some((g) => g.verdict === 'error') ? report.error : ''
  if (!bad.length && !runError) return []
  const file = annotationPath(settings)
  const lines = await configLines(settings)
  const at = (key: string): Span => lines.get(key) ?? { start: 1, end: 1 }
  const out: Annotation[] = bad.map((g) => {
    const where = at(g.type === 'policy' ? `promote.${g.name}` : `gates.${g.name}`)
    return {
      path: file,
      start_line: where.start,
      end_line: where.end,
      annotation_level: g.verdict === 'inconclusive' ? 'warning' : 'failure',
      title: shorten(`${g.name}: ${g.verdict}${policyNote(g)}`, 255),
      message: shorten(gateMessage(g), ANNOTATION_MESSAGE_LIMIT)
    }
  })
  if (runError && report.errorPlaces?.length) {
    // A config problem on its own line and column (GitHub takes columns on one-line spans).
    for (const p of report.errorPlaces)
      out.push({
        path: file,
        start_line: p.line,
        end_line: p.line,
        ...(p.column !== undefined ? { start_column: p.column, end_column: p.column } : {}),
        annotation_level: 'failure',
        title: 'model-gate error',
        message: shorten(p.message, ANNOTATION_MESSAGE_LIMIT)
      })
  } else if (runError) {
    // A failed build points at the build command; any other run error at the top of the file.
    const where = report.build?.ok === false ? at('build') : { start: 1, end: 1 }
    out.push({
      path: file,
      start_line: where.start,
      end_line: where.end,
      annotation_level: 'failure',
      title: 'model-gate error',
      message: shorten(runError, ANNOTATION_MESSAGE_LIMIT)
    })
  }
  return out
}

function gateMessage(g: GateResult): string {
  const measured =
    g.value !== undefined
      ? `${g.measure ?? g.name} = ${shownValue(g.value, g.ci).value}${g.threshold ? ` (threshold ${g.threshold})` : ''}`
      : ''
  return [measured, g.message].filter(Boolean).join(': ') || `${g.name}: ${g.verdict}`
}

/** Annotations need a repository-relative path with forward slashes. */
function annotationPath(settings: ReportTarget): string {
  const workspace = settings.env.GITHUB_WORKSPACE ?? process.cwd()
  const p = path.isAbsolute(settings.configPath)
    ? path.relative(workspace, settings.configPath)
    : settings.configPath
  return p.split(path.sep).join('/').replace(/^\.\//, '')
}

type Span = { start: number; end: number }

/**
 * Where things are in the config file: `gates.<name>` (the whole gate), each top-level key
 * (`build`) and each `promote.<key>`. A file that cannot be read or parsed just means line 1: the
 * run's own error already says what is wrong with it.
 */
async function configLines(settings: ReportTarget): Promise<Map<string, Span>> {
  const found = new Map<string, Span>()
  try {
    const file = path.resolve(settings.env.GITHUB_WORKSPACE ?? process.cwd(), settings.configPath)
    const counter = new YAML.LineCounter()
    const doc = YAML.parseDocument(await readFile(file, 'utf8'), { lineCounter: counter })
    const span = (node: YAML.Node | null | undefined): Span | undefined =>
      node?.range
        ? {
            start: counter.linePos(node.range[0]).line,
            end: counter.linePos(Math.max(node.range[0], node.range[1] - 1)).line
          }
        : undefined
    const keys = (map: unknown, prefix: string): void => {
      if (!YAML.isMap(map)) return
      for (const { key } of map.items) {
        const where = YAML.isScalar(key) ? span(key) : undefined
        if (YAML.isScalar(key) && typeof key.value === 'string' && where)
          found.set(prefix + key.value, where)
      }
    }
    keys(doc.contents, '')
    keys(doc.get('promote', true), 'promote.')
    const gates = doc.get('gates', true)
    if (YAML.isSeq(gates))
      for (const item of gates.items) {
        const name = YAML.isMap(item) ? item.get('name') : undefined
        const where = YAML.isMap(item) ? span(item) : undefined
        if (typeof name === 'string' && where) found.set(`gates.${name}`, where)
      }
  } catch {
    // No line numbers is not worth a warning.
  }
  return found
}

// --- PR comment ----------------------------------------------------------------------------

async function reportComment(ctx: Ctx, issue: number): Promise<void> {
  const { octokit, owner, repo, report } = ctx
  const marker = commentMarker(report.model)
  const answer = promotionAnswer(report)
  const room = COMMENT_LIMIT - marker.length - answer.length - 3
  const body = `${marker}\n${fitMarkdown(renderMarkdown(report), room)}\n${answer}\n`
  try {
    let existing: number | undefined
    // Stop paging at the first page that holds our comment.
    await octokit.paginate(
      octokit.rest.issues.listComments,
      { owner, repo, issue_number: issue, per_page: 100 },
      (response, done) => {
        existing ??= response.data.find((c) => c.body?.startsWith(marker))?.id
        if (existing !== undefined) done()
        return []
      }
    )
    if (existing !== undefined)
      await octokit.rest.issues.updateComment({ owner, repo, comment_id: existing, body })
    else await octokit.rest.issues.createComment({ owner, repo, issue_number: issue, body })
  } catch (err) {
    problem(ctx, `comment on pull request #${issue}`, err, 'pull-requests: write')
  }
}

/** One line a reviewer can act on: would this version be (or was it) promoted, and if not why. */
function promotionAnswer(report: RunReport): string {
  const target = `${report.model} version ${report.version || report.requestedVersion || '?'}`
  if (report.restored) return `**Promoted:** no — the build did not succeed, so ${undone(report)}.`
  if (report.promoted)
    return report.mode === 'rollback'
      ? `**Rolled back:** yes — '${report.alias}' points at version ${report.championAfter} again.`
      : `**Promoted:** yes — '${report.alias}' now points at ${target}.`
  const blockers = report.gates.filter((g) => g.enforce && g.verdict !== 'pass')
  const named = blockers.slice(0, 5).map((g) => `${g.name} ${g.verdict}${policyNote(g)}`)
  if (blockers.length > 5) named.push(`${blockers.length - 5} more`)
  const why = report.error
    ? shorten(report.error.replace(/\s+/g, ' '), 300)
    : named.join(', ') || `verdict ${report.verdict}`
  if (report.mode !== 'evaluate') return `**Promoted:** no — ${why}.`
  if (report.verdict === 'pass')
    return `**Would promote:** yes — ${target} passes every enforced gate and would become '${report.alias}'.`
  if (stepSucceeds('promote', report.verdict, report.gates))
    return `**Would promote:** yes — ${why}, which on_inconclusive: pass lets through; ${target} would become '${report.alias}'.`
  const neutral = checkConclusion(report) === 'neutral'
  return `**Would promote:** no — ${why}${neutral ? '; this check passes as neutral, but promote needs a pass' : ''}.`
}

// --- deployment record ---------------------------------------------------------------------

async function reportDeployment(ctx: Ctx, environment: string): Promise<void> {
  const { octokit, owner, repo, report, settings } = ctx
  const version =
    report.mode === 'rollback' ? (report.championAfter ?? report.version) : report.version
  let id: number
  try {
    const res = await octokit.rest.repos.createDeployment({
      owner,
      repo,
      ref: ctx.sha,
      environment,
      auto_merge: false,
      // Our own check run is not finished when this is created; GitHub must not wait for it.
      required_contexts: [],
      payload: {
        model: report.model,
        version,
        // The version this deployment replaces: the one rolled back from, or the one promoted over.
        previous_version:
          (report.mode === 'rollback' ? report.championBefore : report.replaced) ?? null,
        verdict: report.verdict,
        mode: report.mode,
        alias: report.alias
      },
      description: shorten(`model-gate: ${report.model} ${versionLabel(version)}`, 140),
      transient_environment: false,
      production_environment: /^prod(uction)?$/i.test(environment)
    })
    // 202 means GitHub merged instead of deploying; with auto_merge off it should not happen.
    if (!('id' in res.data)) throw new Error(res.data.message ?? 'no deployment was created')
    id = res.data.id
  } catch (err) {
    problem(ctx, `record a deployment to '${environment}'`, err, 'deployments: write')
    return
  }
  const buildFailed = report.restored || report.build?.ok === false
  const description = report.restored
    ? `promotion undone: ${undone(report)}`
    : buildFailed
      ? `build failed; '${report.alias}' stays on version ${version} (on_failure: keep)`
      : `'${report.alias}' → version ${version} (${report.verdict})`
  try {
    await octokit.rest.repos.createDeploymentStatus({
      owner,
      repo,
      deployment_id: id,
      state: buildFailed ? 'failure' : 'success',
      ...(settings.run.runUrl
        ? { environment_url: settings.run.runUrl, log_url: settings.run.runUrl }
        : {}),
      description: shorten(description, STATUS_DESCRIPTION_LIMIT)
    })
  } catch (err) {
    problem(ctx, `set the status of deployment ${id}`, err, 'deployments: write')
  }
}

function undone(report: RunReport): string {
  return report.championBefore
    ? `'${report.alias}' is back on version ${report.championBefore}`
    : `'${report.alias}' was removed again (there was no champion before)`
}

function versionLabel(v: string): string {
  return /^v\d/.test(v) ? v : `v${v}`
}

// --- errors --------------------------------------------------------------------------------

function statusOf(err: unknown): number | undefined {
  const s = (err as { status?: unknown } | null | undefined)?.status
  return typeof s === 'number' ? s : undefined
}

/** A token without the permission: 403, or 404 where GitHub hides what the token may not see. */
function isDenied(err: unknown): boolean {
  const s = statusOf(err)
  return s === 403 || s === 404
}

/** GitHub's message, never the response body or a stack. */
function describe(err: unknown): string {
  const status = statusOf(err)
  // Octokit gives network errors and timeouts a status of 500 but no response.
  const response = (err as { response?: { data?: unknown } } | null | undefined)?.response
  const data = response?.data as
    { message?: unknown; errors?: Array<{ message?: unknown; code?: unknown }> } | undefined
  let message =
    typeof data?.message === 'string'
      ? data.message
      : err instanceof Error
        ? err.message
        : String(err)
  const details = Array.isArray(data?.errors)
    ? data.errors
        .map((e) =>
          typeof e.message === 'string' ? e.message : typeof e.code === 'string' ? e.code : ''
        )
        .filter(Boolean)
    : []
  if (details.length) message += `: ${details.join('; ')}`
  message = shorten(message.replace(/\s+/g, ' ').trim(), 300)
  if (status === undefined) return redact(message)
  return redact(
    response ? `GitHub answered ${status}: ${message}` : `no answer from GitHub: ${message}`
  )
}

function problem(ctx: Ctx, what: string, err: unknown, permission: string): void {
  if (ctx.settings.run.fromFork && isDenied(err)) {
    ctx.denied.push(what)
    return
  }
  const status = statusOf(err)
  const fix = isDenied(err)
    ? `add \`${permission}\` to the workflow's permissions`
    : status === 401
      ? 'check the github-token input'
      : 'the verdict is unaffected'
  workflow.warning(`model-gate: could not ${what} (${describe(err)}); ${fix}`)
}

function forkNotice(what: string[], why: string): string {
  const list = what.length > 1 ? `${what.slice(0, -1).join(', ')} or ${what.at(-1)}` : what[0]
  return (
    `model-gate: this pull request comes from a fork, and ${why}, so model-gate could not ${list}. ` +
    "That is expected, not an error: the verdict is in the job summary and the step's result."
  )
}

// --- size limits ---------------------------------------------------------------------------

function shorten(s: string, max: number): string {
  if (s.length <= max) return s
  let cut = s.slice(0, max - 1)
  // Never leave half a surrogate pair behind.
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1)
  return `${cut}…`
}

/**
 * Fit Markdown into `limit` characters by dropping rows from the end of its longest tables and
 * lists, each cut one followed by "… N more rows in the job summary" (which has room for all).
 * Only if that is not enough is the text cut at a line boundary.
 */
export function fitMarkdown(md: string, limit: number): string {
  if (md.length <= limit) return md
  const lines = md.split('\n')
  const blocks: Array<{ start: number; end: number; keep: number; unit: string }> = []
  const isSeparator = (l: string): boolean => /^\|(\s*:?-+:?\s*\|)+\s*$/.test(l)
  for (let i = 0; i < lines.length;) {
    const table = i > 0 && isSeparator(lines[i - 1]) && lines[i].startsWith('|')
    const list = lines[i].startsWith('- ')
    if (!table && !list) {
      i++
      continue
    }
    const start = i
    while (i < lines.length && (table ? lines[i].startsWith('|') : lines[i].startsWith('- '))) i++
    blocks.push({ start, end: i, keep: i - start, unit: table ? 'rows' : 'lines' })
  }
  const note = (n: number, unit: string): string => `_… ${n} more ${unit} in the job summary_`
  let length = md.length
  for (;;) {
    if (length <= limit) break
    const block = blocks.reduce<(typeof blocks)[number] | undefined>(
      (best, b) => (b.keep > 0 && (!best || b.keep > best.keep) ? b : best),
      undefined
    )
    if (!block) break
    if (block.keep === block.end - block.start)
      // A blank line first: Markdown would read the note as one more table row or list item.
      length += 2 + note(block.end - block.start, block.unit).length
    block.keep--
    length -= lines[block.start + block.keep].length + 1
  }
  const out: string[] = []
  let b = 0
  for (let i = 0; i < lines.length; i++) {
    const block = blocks[b]
    if (block && i >= block.start && i < block.end) {
      if (i < block.start + block.keep) out.push(lines[i])
      if (i === block.end - 1) {
        const dropped = block.end - block.start - block.keep
        if (dropped) out.push('', note(dropped, block.unit))
        b++
      }
      continue
    }
    out.push(lines[i])
  }
  const fitted = out.join('\n')
  if (fitted.length <= limit) return fitted
  const tail = '\n\n_… cut to fit GitHub’s size limit; the full report is in the job summary._\n'
  let head = fitted.slice(0, Math.max(0, limit - tail.length))
  const nl = head.lastIndexOf('\n')
  if (nl > 0) head = head.slice(0, nl)
  else if (/[\uD800-\uDBFF]$/.test(head)) head = head.slice(0, -1)
  return head + tail
}
