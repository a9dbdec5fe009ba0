export const id = 876;
export const ids = [876];
export const modules = {

/***/ 8876:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runBuildStep: () => (/* binding */ runBuildStep)
});

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/promotion/promote.ts
var promote = __webpack_require__(4777);
// EXTERNAL MODULE: ./src/promotion/shutdown.ts
var shutdown = __webpack_require__(7223);
// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:timers/promises"
var external_node_timers_promises_ = __webpack_require__(8500);
// EXTERNAL MODULE: ./src/log.ts
var log = __webpack_require__(5625);
;// CONCATENATED MODULE: ./src/container/build.ts






/**
 * The build step (SPEC §6 step 7): `build.command` runs in bash, its output streamed to the log.
 * Template fields become environment references (`{model_uri}` → `${MODEL_URI}`) rather than
 * pasted text, so a registry value can never be parsed as shell syntax.
 *
 * The build runs in a process group of its own (spawned detached), whose id is the shell's pid and
 * so known the moment it is spawned: a timeout or a cancellation stops the shell and everything
 * it started, whatever the timing. A stop asked for before the build started means it never does.
 */
/** How long a stopped build gets between SIGTERM and SIGKILL. GitHub's runner sends SIGKILL
 * about 10 s after a cancel's first signal; the restore that follows the stop must fit in that. */
const STOP_GRACE_MS = 5_000;
const PLACEHOLDER_ENV = {
    model: 'MODEL_NAME',
    version: 'MODEL_VERSION',
    model_uri: 'MODEL_URI',
    previous_version: 'PREVIOUS_VERSION',
    alias: 'MODEL_ALIAS'
};
function commandWithEnvRefs(command) {
    return command.replace(/\{([a-z_]+)\}/g, (whole, key) => PLACEHOLDER_ENV[key] ? `\${${PLACEHOLDER_ENV[key]}}` : whole);
}
async function runBuild(command, values, timeoutMs, workdir, tmpdir, 
/** Aborted when the run is cancelled: the build is stopped, or never started. */
cancel, graceMs = STOP_GRACE_MS) {
    const started = Date.now();
    await (0,promises_.mkdir)(tmpdir, { recursive: true });
    const outputFile = external_node_path_default().join(tmpdir, `build-output-${process.pid}.txt`);
    await (0,promises_.writeFile)(outputFile, '');
    if (cancel?.aborted) {
        await (0,promises_.rm)(outputFile, { force: true });
        return {
            ok: false,
            started: false,
            exitCode: null,
            timedOut: false,
            cancelled: true,
            durationMs: 0,
            outputs: {}
        };
    }
    const env = {
        ...process.env,
        MODEL_NAME: values.model,
        MODEL_VERSION: values.version,
        MODEL_URI: values.modelUri,
        PREVIOUS_VERSION: values.previousVersion,
        MODEL_ALIAS: values.alias,
        MODEL_GATE_OUTPUT: outputFile
    };
    const script = commandWithEnvRefs(command);
    log/* log */.R.startGroup(`build: ${command}`);
    let timedOut = false;
    let cancelled = false;
    let exit;
    try {
        // stdio inherited: the build writes straight to the step log, and no pipe a leftover
        // background process holds open can keep the step waiting.
        const child = (0,external_node_child_process_.spawn)('bash', ['-c', script], {
            env,
            cwd: workdir,
            detached: true,
            // The CLI sends it to stderr, so its stdout stays the report.
            stdio: ['ignore', log/* log */.R.buildStdout(), 'inherit']
        });
        const exited = new Promise((resolve, reject) => {
            child.once('error', reject);
            child.once('exit', (code, signal) => resolve({ code, signal }));
        });
        const group = child.pid === undefined ? undefined : new ProcessGroup(child.pid, graceMs);
        const timer = setTimeout(() => {
            timedOut = true;
            log/* log */.R.warning('the build command ran past build.timeout_minutes; stopping it');
            group?.stop();
        }, timeoutMs);
        const onCancel = () => {
            cancelled = true;
            group?.stop();
        };
        cancel?.addEventListener('abort', onCancel, { once: true });
        try {
            exit = await exited;
            // A stopped build is over only when its whole group is: nothing it started may keep
            // running (pushing an image, say) after a restore.
            await group?.stopped();
        }
        finally {
            clearTimeout(timer);
            cancel?.removeEventListener('abort', onCancel);
        }
    }
    catch (err) {
        throw new errors/* GateError */.u(`the build command could not be started: ${err instanceof Error ? err.message : String(err)}`, 'check build.command, that bash is on the runner, and that the workspace exists');
    }
    finally {
        log/* log */.R.endGroup();
    }
    const outputs = parseKeyValues(await (0,promises_.readFile)(outputFile, 'utf8').catch(() => ''));
    await (0,promises_.rm)(outputFile, { force: true });
    return {
        ok: exit.code === 0 && !timedOut && !cancelled,
        started: true,
        exitCode: exit.code,
        timedOut,
        cancelled,
        durationMs: Date.now() - started,
        outputs
    };
}
/**
 * The build's process group (its id is the shell's pid). `stop` sends SIGTERM to every member,
 * then SIGKILL to whatever is left after the grace period.
 */
class ProcessGroup {
    pgid;
    graceMs;
    stopping;
    constructor(pgid, graceMs) {
        this.pgid = pgid;
        this.graceMs = graceMs;
    }
    stop() {
        this.stopping ??= this.terminate();
    }
    /** Resolves once a stop (if any) has ended the whole group. */
    async stopped() {
        await this.stopping;
    }
    async terminate() {
        this.signal('SIGTERM');
        const deadline = Date.now() + this.graceMs;
        // No event says "the group is empty": ask the kernel (signal 0) until it is, or time is up.
        while (this.alive() && Date.now() < deadline)
            await (0,external_node_timers_promises_.setTimeout)(50);
        if (this.alive()) {
            log/* log */.R.warning(`the build did not stop within ${this.graceMs / 1000} s of SIGTERM; killing it`);
            this.signal('SIGKILL');
        }
    }
    signal(sig) {
        try {
            process.kill(-this.pgid, sig);
        }
        catch {
            // ESRCH: nothing left in the group
        }
    }
    alive() {
        try {
            process.kill(-this.pgid, 0);
            return true;
        }
        catch (err) {
            // EPERM: a member we may not signal is still there.
            return err.code === 'EPERM';
        }
    }
}
function parseKeyValues(text) {
    const out = {};
    for (const line of text.split(/\r?\n/)) {
        const i = line.indexOf('=');
        if (i > 0)
            out[line.slice(0, i).trim()] = line.slice(i + 1).trim();
    }
    return out;
}

;// CONCATENATED MODULE: ./src/container/build-step.ts





/**
 * The build after a promotion (SPEC §6 step 7). A build that fails, times out, cannot start or is
 * cancelled ends the run with an error; `on_failure` decides whether the aliases go back
 * (`restore`) or stay on the candidate (`keep`).
 */
async function runBuildStep(settings, registry, { candidate, champion }, previousHolder, changed, report) {
    const build = settings.config.build;
    if (!build)
        return;
    const { model, alias } = settings;
    if (!changed && !(0,shutdown/* cancelRequested */.NK)()) {
        report.notes.push('The candidate already held the alias; the build step still ran, as on any promotion.');
    }
    // Aborted by a cancellation: stops the build, or keeps it from starting if it has not yet.
    const stopBuild = new AbortController();
    // A build that cannot even start (its temp files, or the shell) is a failed build: on_failure
    // still decides, so a restore is never skipped by an exception.
    let startError;
    const result = (0,shutdown/* cancelRequested */.NK)()
        ? undefined
        : await (0,shutdown/* whileCancellable */.So)(() => stopBuild.abort(), () => runBuild(build.command, {
            model,
            version: candidate.version,
            modelUri: candidate.uri,
            previousVersion: champion?.version ?? '',
            alias
        }, build.timeout_minutes * 60_000, settings.workspace, settings.tempDir ?? external_node_path_default().dirname(settings.receiptPath), stopBuild.signal)).catch((err) => {
            startError = (0,errors/* describeError */.U)(err);
            return undefined;
        });
    report.build = result?.started
        ? {
            ok: result.ok,
            exitCode: result.exitCode,
            timedOut: result.timedOut,
            durationMs: result.durationMs,
            outputs: result.outputs
        }
        : undefined;
    if (result?.ok) {
        report.actions.push(`build succeeded in ${Math.round(result.durationMs / 1000)} s`);
        return;
    }
    const cancelled = (0,shutdown/* cancelRequested */.NK)();
    const why = cancelled
        ? `the run was cancelled (${cancelled}) ${result?.started ? 'during' : 'before'} the build`
        : !result
            ? startError
                ? `the build could not start (${startError})`
                : 'the build did not run'
            : result.timedOut
                ? `the build timed out after ${build.timeout_minutes} min`
                : `the build failed (exit code ${result.exitCode})`;
    if (build.on_failure === 'restore') {
        const actions = await (0,shutdown/* critical */.kD)(() => (0,promote/* restore */.PF)(registry, {
            model,
            alias,
            previousAlias: settings.previousAlias,
            candidate,
            champion,
            previousHolder
        }));
        report.actions.push(...actions);
        report.promoted = false;
        report.championAfter = champion?.version ?? null;
        report.restored = true;
        throw new errors/* GateError */.u(`${why}; '${alias}' was restored to ${(0,promote/* label */.Pf)(champion)}`, 'see the build log above; the registry is as it was before this run');
    }
    throw new errors/* GateError */.u(`${why}; '${alias}' stays on version ${candidate.version} (on_failure: keep)`, 'see the build log above, then re-run the build or roll back with mode: rollback');
}


/***/ })

};
