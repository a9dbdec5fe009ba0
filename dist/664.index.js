export const id = 664;
export const ids = [664];
export const modules = {

/***/ 2664:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   CHECK_SUMMARY_LIMIT: () => (/* binding */ CHECK_SUMMARY_LIMIT),
/* harmony export */   checkName: () => (/* binding */ checkName),
/* harmony export */   commentMarker: () => (/* binding */ commentMarker),
/* harmony export */   fitMarkdown: () => (/* binding */ fitMarkdown),
/* harmony export */   publishToGitHub: () => (/* binding */ publishToGitHub)
/* harmony export */ });
/* harmony import */ var _workflow_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2986);
/* harmony import */ var _http_client_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3329);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var yaml__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(8815);
/* harmony import */ var _format_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(6264);
/* harmony import */ var _secrets_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(7194);
/* harmony import */ var _verdict_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(3138);
/* harmony import */ var _markdown_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(8022);









/**
 * The run as GitHub shows it: a check run under a stable name (a commit status when the token may
 * not create check runs), one PR comment updated in place, and a deployment record. Reporting
 * never throws and never changes the verdict: whatever GitHub refuses becomes one warning that
 * names the permission to add.
 */
const CHECK_SUMMARY_LIMIT = 65535;
const COMMENT_LIMIT = 65536;
const ANNOTATIONS_PER_REQUEST = 50;
const STATUS_DESCRIPTION_LIMIT = 140;
const ANNOTATION_MESSAGE_LIMIT = 4000;
// A slow GitHub must not hold the job: each request gets 20 s, all of reporting 90 s.
const REQUEST_TIMEOUT_MS = 20_000;
const REPORTING_LIMIT_MS = 90_000;
const RETRY_DELAY_MS = 1_000;
/** The check-run name and commit-status context: stable, so it can be a required check. */
function checkName(model) {
    return `model-gate / ${model}`;
}
/** Hidden first line of the PR comment, one per model, so re-runs find and update it. */
function commentMarker(model) {
    return `<!-- model-gate:${model.replace(/--+>?/g, '-')} -->`;
}
const DEFAULT_REPORT = { summary: true, check_run: true, pr_comment: true };
async function publishToGitHub(report, settings) {
    // One limit for all of reporting. Every request's signal hangs off it, and whatever a request
    // does with its signal, reporting stops waiting when it passes: a silent GitHub cannot hold the job.
    const limit = (0,_http_client_js__WEBPACK_IMPORTED_MODULE_1__/* .timeoutSignal */ ._)(REPORTING_LIMIT_MS);
    const expired = new Promise((_, reject) => {
        const expire = () => reject(new Error(`no answer within ${REPORTING_LIMIT_MS / 1000} s`));
        limit.signal.addEventListener('abort', expire, { once: true });
    });
    try {
        await Promise.race([publish(report, settings, limit.signal), expired]);
    }
    catch (err) {
        _workflow_js__WEBPACK_IMPORTED_MODULE_0__/* .warning */ .$e(`model-gate: reporting to GitHub failed (${describe(err)}); the verdict is unaffected`);
    }
    finally {
        limit.clear();
    }
}
async function publish(report, settings, limit) {
    const { run } = settings;
    const cfg = settings.config?.report ?? DEFAULT_REPORT;
    const pr = cfg.pr_comment ? run.pullRequest : undefined;
    // A restored promotion is recorded too: the repository shows the attempt and that it failed.
    const environment = report.promoted || report.restored ? cfg.deployment : undefined;
    if (!cfg.check_run && pr === undefined && !environment)
        return;
    if (!settings.githubToken) {
        const skipped = [
            cfg.check_run && 'create the check run',
            pr !== undefined && 'comment on the pull request'
        ].filter((x) => Boolean(x));
        if (run.fromFork && skipped.length)
            _workflow_js__WEBPACK_IMPORTED_MODULE_0__/* .notice */ .lm(forkNotice(skipped, 'secrets are withheld from such runs, so there is no token'));
        else
            _workflow_js__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq('model-gate: no github-token, so nothing was reported to GitHub (check run, PR comment, deployment)');
        return;
    }
    const [owner, repo] = (run.repository ?? '').split('/');
    if (!owner || !repo || !run.headSha) {
        _workflow_js__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq('model-gate: the repository or commit is unknown (GITHUB_REPOSITORY, GITHUB_SHA unset), so nothing was reported to GitHub');
        return;
    }
    const ctx = {
        octokit: await client(settings.githubToken, run.apiUrl, limit),
        owner,
        repo,
        sha: run.headSha,
        name: checkName(report.model),
        report,
        settings,
        denied: []
    };
    if (cfg.check_run)
        await reportCheck(ctx);
    if (pr !== undefined)
        await reportComment(ctx, pr);
    if (environment)
        await reportDeployment(ctx, environment);
    if (ctx.denied.length)
        _workflow_js__WEBPACK_IMPORTED_MODULE_0__/* .notice */ .lm(forkNotice(ctx.denied, 'GitHub gives such runs a read-only token'));
}
/** POST routes whose repeat replaces rather than duplicates: a check run, a commit status. */
const SUPERSEDED = /\/check-runs$|\/statuses\/[^/]+$/;
/** Octokit is loaded only here: a run without a token, or with nothing to report, never parses it. */
async function client(token, baseUrl, reporting) {
    const { getOctokit } = await __webpack_require__.e(/* import() */ 413).then(__webpack_require__.bind(__webpack_require__, 2413));
    const octokit = getOctokit(token, {
        baseUrl,
        // Octokit prints its own warnings with console.warn, unredacted; keep them in the debug log.
        log: { debug: () => { }, info: () => { }, warn: _workflow_js__WEBPACK_IMPORTED_MODULE_0__/* .debug */ .Yz, error: _workflow_js__WEBPACK_IMPORTED_MODULE_0__/* .debug */ .Yz }
    });
    // One choke point: every parameter that becomes a request body is scrubbed of secrets.
    const transport = new Set(['method', 'url', 'baseUrl', 'headers', 'request', 'mediaType']);
    octokit.hook.before('request', (options) => {
        for (const key of Object.keys(options))
            if (!transport.has(key))
                options[key] = (0,_secrets_js__WEBPACK_IMPORTED_MODULE_5__/* .redactDeep */ .KL)(options[key]);
    });
    octokit.hook.wrap('request', async (request, options) => {
        for (let attempt = 1;; attempt++) {
            // The signal goes on the options object itself: hooks registered earlier were bound to it,
            // so a copy would leave fetch without a timeout and a silent GitHub could hold the job.
            const attemptLimit = (0,_http_client_js__WEBPACK_IMPORTED_MODULE_1__/* .timeoutSignal */ ._)(REQUEST_TIMEOUT_MS, reporting);
            options.request = { ...options.request, signal: attemptLimit.signal };
            try {
                return await request(options);
            }
            catch (err) {
                // One retry for GitHub's transient 5xx and dropped connections; a 4xx will not change.
                // A POST that may have landed goes again only where a second copy is harmless: a check
                // run or commit status of the same name supersedes the first. A comment or deployment
                // would be created twice, so those are repeated only if they never left the runner.
                const status = statusOf(err);
                const repeatable = options.method !== 'POST' || SUPERSEDED.test(String(options.url)) || (0,_http_client_js__WEBPACK_IMPORTED_MODULE_1__/* .neverSent */ .vQ)(err);
                if (attempt >= 2 ||
                    reporting.aborted ||
                    !repeatable ||
                    (status !== undefined && status < 500))
                    throw err;
                await (0,_http_client_js__WEBPACK_IMPORTED_MODULE_1__/* .sleep */ .yy)(RETRY_DELAY_MS);
            }
            finally {
                attemptLimit.clear();
            }
        }
    });
    return octokit;
}
// --- check run -----------------------------------------------------------------------------
function checkConclusion(report) {
    // A run that ended in an error (a failed build, say) did not pass, whatever the gates said.
    if (report.error)
        return 'failure';
    return (0,_verdict_js__WEBPACK_IMPORTED_MODULE_6__/* .conclusion */ .q$)(report.mode, report.verdict, report.gates);
}
async function reportCheck(ctx) {
    const { octokit, owner, repo, report, settings } = ctx;
    const state = checkConclusion(report);
    const output = {
        title: (0,_markdown_js__WEBPACK_IMPORTED_MODULE_7__/* .headline */ .Pl)(report),
        summary: fitMarkdown((0,_markdown_js__WEBPACK_IMPORTED_MODULE_7__/* .renderMarkdown */ .Gc)(report), CHECK_SUMMARY_LIMIT)
    };
    const annotations = await buildAnnotations(report, settings);
    let id;
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
        });
        id = res.data.id;
    }
    catch (err) {
        await reportStatus(ctx, state, err);
        return;
    }
    // GitHub takes at most 50 annotations per request; updates append the rest.
    for (let i = ANNOTATIONS_PER_REQUEST; i < annotations.length; i += ANNOTATIONS_PER_REQUEST) {
        try {
            await octokit.rest.checks.update({
                owner,
                repo,
                check_run_id: id,
                output: { ...output, annotations: annotations.slice(i, i + ANNOTATIONS_PER_REQUEST) }
            });
        }
        catch (err) {
            problem(ctx, `add annotations ${i + 1}–${annotations.length} to the check run '${ctx.name}'`, err, 'checks: write');
            return;
        }
    }
}
/** The fallback when the token may not create check runs: same name, so a required check still matches. */
async function reportStatus(ctx, state, checkErr) {
    const { report, settings } = ctx;
    const fork = settings.run.fromFork;
    const text = (0,_markdown_js__WEBPACK_IMPORTED_MODULE_7__/* .headline */ .Pl)(report);
    try {
        await ctx.octokit.rest.repos.createCommitStatus({
            owner: ctx.owner,
            repo: ctx.repo,
            sha: ctx.sha,
            // Commit statuses have no neutral: a neutral check passes, and the description says why.
            state: state === 'failure' ? 'failure' : 'success',
            context: ctx.name,
            description: shorten(state === 'neutral' ? `neutral: ${text}` : text, STATUS_DESCRIPTION_LIMIT),
            ...(settings.run.runUrl ? { target_url: settings.run.runUrl } : {})
        });
    }
    catch (err) {
        if (fork && isDenied(checkErr) && isDenied(err)) {
            ctx.denied.push('create the check run');
            return;
        }
        const fix = isDenied(checkErr) || isDenied(err)
            ? "add `checks: write` and `statuses: write` to the workflow's permissions"
            : 'the verdict is unaffected';
        _workflow_js__WEBPACK_IMPORTED_MODULE_0__/* .warning */ .$e(`model-gate: could not report '${ctx.name}' on commit ${ctx.sha.slice(0, 7)}: ` +
            `no check run (${describe(checkErr)}) and no commit status (${describe(err)}); ${fix}`);
        return;
    }
    if (fork && isDenied(checkErr))
        ctx.denied.push('create a check run (a commit status was set)');
    else if (isDenied(checkErr))
        _workflow_js__WEBPACK_IMPORTED_MODULE_0__/* .warning */ .$e(`model-gate: the token may not create check runs (${describe(checkErr)}), so '${ctx.name}' ` +
            "was reported as a commit status; add `checks: write` to the workflow's permissions to get a check run");
    else
        _workflow_js__WEBPACK_IMPORTED_MODULE_0__/* .warning */ .$e(`model-gate: could not create the check run (${describe(checkErr)}); '${ctx.name}' was reported as a commit status instead`);
}
/** One per enforced gate that did not pass, on that gate's lines in the config file. */
async function buildAnnotations(report, settings) {
    const bad = report.gates.filter((g) => g.enforce && g.verdict !== 'pass');
    const runError = report.error && !bad.some((g) => g.verdict === 'error') ? report.error : '';
    if (!bad.length && !runError)
        return [];
    const file = annotationPath(settings);
    const lines = await configLines(settings);
    const at = (key) => lines.get(key) ?? { start: 1, end: 1 };
    const out = bad.map((g) => {
        const where = at(g.type === 'policy' ? `promote.${g.name}` : `gates.${g.name}`);
        return {
            path: file,
            start_line: where.start,
            end_line: where.end,
            annotation_level: g.verdict === 'inconclusive' ? 'warning' : 'failure',
            title: shorten(`${g.name}: ${g.verdict}${(0,_verdict_js__WEBPACK_IMPORTED_MODULE_6__/* .policyNote */ .vK)(g)}`, 255),
            message: shorten(gateMessage(g), ANNOTATION_MESSAGE_LIMIT)
        };
    });
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
            });
    }
    else if (runError) {
        // A failed build points at the build command; any other run error at the top of the file.
        const where = report.build?.ok === false ? at('build') : { start: 1, end: 1 };
        out.push({
            path: file,
            start_line: where.start,
            end_line: where.end,
            annotation_level: 'failure',
            title: 'model-gate error',
            message: shorten(runError, ANNOTATION_MESSAGE_LIMIT)
        });
    }
    return out;
}
function gateMessage(g) {
    const measured = g.value !== undefined
        ? `${g.measure ?? g.name} = ${(0,_format_js__WEBPACK_IMPORTED_MODULE_8__/* .shownValue */ .JJ)(g.value, g.ci).value}${g.threshold ? ` (threshold ${g.threshold})` : ''}`
        : '';
    return [measured, g.message].filter(Boolean).join(': ') || `${g.name}: ${g.verdict}`;
}
/** Annotations need a repository-relative path with forward slashes. */
function annotationPath(settings) {
    const workspace = settings.env.GITHUB_WORKSPACE ?? process.cwd();
    const p = node_path__WEBPACK_IMPORTED_MODULE_3___default().isAbsolute(settings.configPath)
        ? node_path__WEBPACK_IMPORTED_MODULE_3___default().relative(workspace, settings.configPath)
        : settings.configPath;
    return p.split((node_path__WEBPACK_IMPORTED_MODULE_3___default().sep)).join('/').replace(/^\.\//, '');
}
/**
 * Where things are in the config file: `gates.<name>` (the whole gate), each top-level key
 * (`build`) and each `promote.<key>`. A file that cannot be read or parsed just means line 1: the
 * run's own error already says what is wrong with it.
 */
async function configLines(settings) {
    const found = new Map();
    try {
        const file = node_path__WEBPACK_IMPORTED_MODULE_3___default().resolve(settings.env.GITHUB_WORKSPACE ?? process.cwd(), settings.configPath);
        const counter = new yaml__WEBPACK_IMPORTED_MODULE_4__.LineCounter();
        const doc = yaml__WEBPACK_IMPORTED_MODULE_4__.parseDocument(await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.readFile)(file, 'utf8'), { lineCounter: counter });
        const span = (node) => node?.range
            ? {
                start: counter.linePos(node.range[0]).line,
                end: counter.linePos(Math.max(node.range[0], node.range[1] - 1)).line
            }
            : undefined;
        const keys = (map, prefix) => {
            if (!yaml__WEBPACK_IMPORTED_MODULE_4__.isMap(map))
                return;
            for (const { key } of map.items) {
                const where = yaml__WEBPACK_IMPORTED_MODULE_4__.isScalar(key) ? span(key) : undefined;
                if (yaml__WEBPACK_IMPORTED_MODULE_4__.isScalar(key) && typeof key.value === 'string' && where)
                    found.set(prefix + key.value, where);
            }
        };
        keys(doc.contents, '');
        keys(doc.get('promote', true), 'promote.');
        const gates = doc.get('gates', true);
        if (yaml__WEBPACK_IMPORTED_MODULE_4__.isSeq(gates))
            for (const item of gates.items) {
                const name = yaml__WEBPACK_IMPORTED_MODULE_4__.isMap(item) ? item.get('name') : undefined;
                const where = yaml__WEBPACK_IMPORTED_MODULE_4__.isMap(item) ? span(item) : undefined;
                if (typeof name === 'string' && where)
                    found.set(`gates.${name}`, where);
            }
    }
    catch {
        // No line numbers is not worth a warning.
    }
    return found;
}
// --- PR comment ----------------------------------------------------------------------------
async function reportComment(ctx, issue) {
    const { octokit, owner, repo, report } = ctx;
    const marker = commentMarker(report.model);
    const answer = promotionAnswer(report);
    const room = COMMENT_LIMIT - marker.length - answer.length - 3;
    const body = `${marker}\n${fitMarkdown((0,_markdown_js__WEBPACK_IMPORTED_MODULE_7__/* .renderMarkdown */ .Gc)(report), room)}\n${answer}\n`;
    try {
        let existing;
        // Stop paging at the first page that holds our comment.
        await octokit.paginate(octokit.rest.issues.listComments, { owner, repo, issue_number: issue, per_page: 100 }, (response, done) => {
            existing ??= response.data.find((c) => c.body?.startsWith(marker))?.id;
            if (existing !== undefined)
                done();
            return [];
        });
        if (existing !== undefined)
            await octokit.rest.issues.updateComment({ owner, repo, comment_id: existing, body });
        else
            await octokit.rest.issues.createComment({ owner, repo, issue_number: issue, body });
    }
    catch (err) {
        problem(ctx, `comment on pull request #${issue}`, err, 'pull-requests: write');
    }
}
/** One line a reviewer can act on: would this version be (or was it) promoted, and if not why. */
function promotionAnswer(report) {
    const target = `${report.model} version ${report.version || report.requestedVersion || '?'}`;
    if (report.restored)
        return `**Promoted:** no — the build did not succeed, so ${undone(report)}.`;
    if (report.promoted)
        return report.mode === 'rollback'
            ? `**Rolled back:** yes — '${report.alias}' points at version ${report.championAfter} again.`
            : `**Promoted:** yes — '${report.alias}' now points at ${target}.`;
    const blockers = report.gates.filter((g) => g.enforce && g.verdict !== 'pass');
    const named = blockers.slice(0, 5).map((g) => `${g.name} ${g.verdict}${(0,_verdict_js__WEBPACK_IMPORTED_MODULE_6__/* .policyNote */ .vK)(g)}`);
    if (blockers.length > 5)
        named.push(`${blockers.length - 5} more`);
    const why = report.error
        ? shorten(report.error.replace(/\s+/g, ' '), 300)
        : named.join(', ') || `verdict ${report.verdict}`;
    if (report.mode !== 'evaluate')
        return `**Promoted:** no — ${why}.`;
    if (report.verdict === 'pass')
        return `**Would promote:** yes — ${target} passes every enforced gate and would become '${report.alias}'.`;
    if ((0,_verdict_js__WEBPACK_IMPORTED_MODULE_6__/* .stepSucceeds */ .O9)('promote', report.verdict, report.gates))
        return `**Would promote:** yes — ${why}, which on_inconclusive: pass lets through; ${target} would become '${report.alias}'.`;
    const neutral = checkConclusion(report) === 'neutral';
    return `**Would promote:** no — ${why}${neutral ? '; this check passes as neutral, but promote needs a pass' : ''}.`;
}
// --- deployment record ---------------------------------------------------------------------
async function reportDeployment(ctx, environment) {
    const { octokit, owner, repo, report, settings } = ctx;
    const version = report.mode === 'rollback' ? (report.championAfter ?? report.version) : report.version;
    let id;
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
                previous_version: (report.mode === 'rollback' ? report.championBefore : report.replaced) ?? null,
                verdict: report.verdict,
                mode: report.mode,
                alias: report.alias
            },
            description: shorten(`model-gate: ${report.model} ${versionLabel(version)}`, 140),
            transient_environment: false,
            production_environment: /^prod(uction)?$/i.test(environment)
        });
        // 202 means GitHub merged instead of deploying; with auto_merge off it should not happen.
        if (!('id' in res.data))
            throw new Error(res.data.message ?? 'no deployment was created');
        id = res.data.id;
    }
    catch (err) {
        problem(ctx, `record a deployment to '${environment}'`, err, 'deployments: write');
        return;
    }
    const buildFailed = report.restored || report.build?.ok === false;
    const description = report.restored
        ? `promotion undone: ${undone(report)}`
        : buildFailed
            ? `build failed; '${report.alias}' stays on version ${version} (on_failure: keep)`
            : `'${report.alias}' → version ${version} (${report.verdict})`;
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
        });
    }
    catch (err) {
        problem(ctx, `set the status of deployment ${id}`, err, 'deployments: write');
    }
}
function undone(report) {
    return report.championBefore
        ? `'${report.alias}' is back on version ${report.championBefore}`
        : `'${report.alias}' was removed again (there was no champion before)`;
}
function versionLabel(v) {
    return /^v\d/.test(v) ? v : `v${v}`;
}
// --- errors --------------------------------------------------------------------------------
function statusOf(err) {
    const s = err?.status;
    return typeof s === 'number' ? s : undefined;
}
/** A token without the permission: 403, or 404 where GitHub hides what the token may not see. */
function isDenied(err) {
    const s = statusOf(err);
    return s === 403 || s === 404;
}
/** GitHub's message, never the response body or a stack. */
function describe(err) {
    const status = statusOf(err);
    // Octokit gives network errors and timeouts a status of 500 but no response.
    const response = err?.response;
    const data = response?.data;
    let message = typeof data?.message === 'string'
        ? data.message
        : err instanceof Error
            ? err.message
            : String(err);
    const details = Array.isArray(data?.errors)
        ? data.errors
            .map((e) => typeof e.message === 'string' ? e.message : typeof e.code === 'string' ? e.code : '')
            .filter(Boolean)
        : [];
    if (details.length)
        message += `: ${details.join('; ')}`;
    message = shorten(message.replace(/\s+/g, ' ').trim(), 300);
    if (status === undefined)
        return (0,_secrets_js__WEBPACK_IMPORTED_MODULE_5__/* .redact */ .E$)(message);
    return (0,_secrets_js__WEBPACK_IMPORTED_MODULE_5__/* .redact */ .E$)(response ? `GitHub answered ${status}: ${message}` : `no answer from GitHub: ${message}`);
}
function problem(ctx, what, err, permission) {
    if (ctx.settings.run.fromFork && isDenied(err)) {
        ctx.denied.push(what);
        return;
    }
    const status = statusOf(err);
    const fix = isDenied(err)
        ? `add \`${permission}\` to the workflow's permissions`
        : status === 401
            ? 'check the github-token input'
            : 'the verdict is unaffected';
    _workflow_js__WEBPACK_IMPORTED_MODULE_0__/* .warning */ .$e(`model-gate: could not ${what} (${describe(err)}); ${fix}`);
}
function forkNotice(what, why) {
    const list = what.length > 1 ? `${what.slice(0, -1).join(', ')} or ${what.at(-1)}` : what[0];
    return (`model-gate: this pull request comes from a fork, and ${why}, so model-gate could not ${list}. ` +
        "That is expected, not an error: the verdict is in the job summary and the step's result.");
}
// --- size limits ---------------------------------------------------------------------------
function shorten(s, max) {
    if (s.length <= max)
        return s;
    let cut = s.slice(0, max - 1);
    // Never leave half a surrogate pair behind.
    if (/[\uD800-\uDBFF]$/.test(cut))
        cut = cut.slice(0, -1);
    return `${cut}…`;
}
/**
 * Fit Markdown into `limit` characters by dropping rows from the end of its longest tables and
 * lists, each cut one followed by "… N more rows in the job summary" (which has room for all).
 * Only if that is not enough is the text cut at a line boundary.
 */
function fitMarkdown(md, limit) {
    if (md.length <= limit)
        return md;
    const lines = md.split('\n');
    const blocks = [];
    const isSeparator = (l) => /^\|(\s*:?-+:?\s*\|)+\s*$/.test(l);
    for (let i = 0; i < lines.length;) {
        const table = i > 0 && isSeparator(lines[i - 1]) && lines[i].startsWith('|');
        const list = lines[i].startsWith('- ');
        if (!table && !list) {
            i++;
            continue;
        }
        const start = i;
        while (i < lines.length && (table ? lines[i].startsWith('|') : lines[i].startsWith('- ')))
            i++;
        blocks.push({ start, end: i, keep: i - start, unit: table ? 'rows' : 'lines' });
    }
    const note = (n, unit) => `_… ${n} more ${unit} in the job summary_`;
    let length = md.length;
    for (;;) {
        if (length <= limit)
            break;
        const block = blocks.reduce((best, b) => (b.keep > 0 && (!best || b.keep > best.keep) ? b : best), undefined);
        if (!block)
            break;
        if (block.keep === block.end - block.start)
            // A blank line first: Markdown would read the note as one more table row or list item.
            length += 2 + note(block.end - block.start, block.unit).length;
        block.keep--;
        length -= lines[block.start + block.keep].length + 1;
    }
    const out = [];
    let b = 0;
    for (let i = 0; i < lines.length; i++) {
        const block = blocks[b];
        if (block && i >= block.start && i < block.end) {
            if (i < block.start + block.keep)
                out.push(lines[i]);
            if (i === block.end - 1) {
                const dropped = block.end - block.start - block.keep;
                if (dropped)
                    out.push('', note(dropped, block.unit));
                b++;
            }
            continue;
        }
        out.push(lines[i]);
    }
    const fitted = out.join('\n');
    if (fitted.length <= limit)
        return fitted;
    const tail = '\n\n_… cut to fit GitHub’s size limit; the full report is in the job summary._\n';
    let head = fitted.slice(0, Math.max(0, limit - tail.length));
    const nl = head.lastIndexOf('\n');
    if (nl > 0)
        head = head.slice(0, nl);
    else if (/[\uD800-\uDBFF]$/.test(head))
        head = head.slice(0, -1);
    return head + tail;
}


/***/ })

};
