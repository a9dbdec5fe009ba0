export const id = 669;
export const ids = [669];
export const modules = {

/***/ 816:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ie: () => (/* binding */ measurementPhase),
/* harmony export */   JS: () => (/* binding */ judgeMeasurements),
/* harmony export */   XH: () => (/* binding */ worstValue),
/* harmony export */   hy: () => (/* binding */ judgeValue)
/* harmony export */ });
/* harmony import */ var _format_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6264);
/* harmony import */ var _gate_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6457);


/** One value against min/max, worded as the single-value metric gate words it. */
function judgeValue(value, limits) {
    const low = limits.min !== undefined && value < limits.min;
    const high = limits.max !== undefined && value > limits.max;
    if (!low && !high)
        return { verdict: 'pass' };
    const limit = low ? limits.min : limits.max;
    return {
        verdict: 'fail',
        reason: `${(0,_format_js__WEBPACK_IMPORTED_MODULE_1__/* .fmt */ .Sc)(value)} is ${low ? 'below the minimum' : 'above the maximum'} ${(0,_format_js__WEBPACK_IMPORTED_MODULE_1__/* .exact */ .e0)(limit)} by ${(0,_format_js__WEBPACK_IMPORTED_MODULE_1__/* .fmt */ .Sc)(Math.abs(value - limit))}`
    };
}
/** The measured value closest to (or furthest past) a limit: what the gate reports as its value. */
function worstValue(measurements, limits) {
    let worst;
    let worstMargin = Infinity;
    for (const m of measurements) {
        if (m.value === undefined)
            continue;
        const margin = Math.min(limits.min !== undefined ? m.value - limits.min : Infinity, limits.max !== undefined ? limits.max - m.value : Infinity);
        if (worst === undefined || margin < worstMargin) {
            worst = m.value;
            worstMargin = margin;
        }
    }
    return worst;
}
/**
 * The phase once it is settled, else undefined (more measurements are needed). Argo's order:
 * more failures than failure_limit fail the gate; more errors than inconclusive_limit make it
 * inconclusive; all `count` taken within both limits pass. Fail closed: when no measurement gave
 * a number at all, nothing was measured, and that is an error, never a pass or a shrug.
 */
function measurementPhase(measurements, limits) {
    const failed = measurements.filter((m) => m.verdict === 'fail').length;
    const errors = measurements.filter((m) => m.verdict === 'error').length;
    const measured = measurements.some((m) => m.value !== undefined);
    if (failed > limits.failure_limit)
        return 'fail';
    if (errors > limits.inconclusive_limit)
        return measured ? 'inconclusive' : 'error';
    if (measurements.length >= limits.count)
        return measured ? 'pass' : 'error';
    return undefined;
}
/** A result from a measuring source, or undefined for a single-value result. */
function measurementDetails(result) {
    const d = result.details;
    return d && Array.isArray(d.measurements) && typeof d.count === 'number'
        ? d
        : undefined;
}
const listed = (items, max = 3) => items.slice(0, max).join('; ') + (items.length > max ? `; … and ${items.length - max} more` : '');
/**
 * The metric gate's verdict for a measuring source's result (undefined for any other result, which
 * the gate judges by its one value). The value shown is the worst measured one.
 */
function judgeMeasurements(config, result, base) {
    const d = measurementDetails(result);
    if (!d)
        return undefined;
    const ms = d.measurements;
    const phase = measurementPhase(ms, d) ?? 'error';
    const failed = ms.filter((m) => m.verdict === 'fail');
    const errors = ms.filter((m) => m.verdict === 'error');
    const measured = ms.filter((m) => m.value !== undefined);
    const value = worstValue(ms, config);
    const extra = {
        ...base,
        value,
        n: measured.length,
        details: {
            ...d,
            failed: failed.length,
            errors: errors.length,
            // The limits beside the measurements, so a report can draw them.
            min: config.min,
            max: config.max
        }
    };
    const of = `${ms.length} measurement${ms.length === 1 ? '' : 's'}`;
    const stopped = ms.length < d.count
        ? ` (stopped after ${ms.length} of ${d.count}: the verdict was settled)`
        : '';
    const say = (m) => `#${m.index} at ${m.at.slice(11, 19)}: ${m.reason ?? ''}`;
    switch (phase) {
        case 'fail':
            // One measurement reads as the single-value gate reads.
            if (d.count === 1)
                return (0,_gate_js__WEBPACK_IMPORTED_MODULE_0__/* .resultFor */ .T2)(config, 'fail', `${config.metric} ${failed[0].reason}`, extra);
            return (0,_gate_js__WEBPACK_IMPORTED_MODULE_0__/* .resultFor */ .T2)(config, 'fail', `${failed.length} of ${of} failed, more than failure_limit ${d.failure_limit}: ` +
                `${config.metric} ${listed(failed.map(say))}${stopped}`, extra);
        case 'inconclusive':
            return (0,_gate_js__WEBPACK_IMPORTED_MODULE_0__/* .resultFor */ .T2)(config, 'inconclusive', `${errors.length} of ${of} gave no usable value, more than inconclusive_limit ` +
                `${d.inconclusive_limit}: ${listed(errors.map(say))}${stopped}`, extra);
        case 'error': {
            // The first error's fix is the one to act on; the others are usually the same.
            const first = errors[0];
            return (0,_gate_js__WEBPACK_IMPORTED_MODULE_0__/* .resultFor */ .T2)(config, 'error', errors.length === 0
                ? `no measurement was taken`
                : (errors.length === 1
                    ? (first.reason ?? 'the measurement failed')
                    : `no measurement gave a value: ${listed(errors.map(say))}`) +
                    (first.fix ? `. ${first.fix.charAt(0).toUpperCase()}${first.fix.slice(1)}` : ''), extra);
        }
        default: {
            if (d.count === 1 && value !== undefined)
                return (0,_gate_js__WEBPACK_IMPORTED_MODULE_0__/* .resultFor */ .T2)(config, 'pass', `${config.metric} ${(0,_format_js__WEBPACK_IMPORTED_MODULE_1__/* .fmt */ .Sc)(value)} meets ${base.threshold}`, extra);
            const notes = [
                failed.length
                    ? `${failed.length} failed, within failure_limit ${d.failure_limit} (${listed(failed.map(say))})`
                    : '',
                errors.length
                    ? `${errors.length} gave no value, within inconclusive_limit ${d.inconclusive_limit} (${listed(errors.map(say))})`
                    : ''
            ].filter(Boolean);
            return (0,_gate_js__WEBPACK_IMPORTED_MODULE_0__/* .resultFor */ .T2)(config, 'pass', `${config.metric} met ${base.threshold} in ${ms.length - failed.length - errors.length} of ${of}` +
                (value !== undefined ? ` (worst ${(0,_format_js__WEBPACK_IMPORTED_MODULE_1__/* .fmt */ .Sc)(value)})` : '') +
                (notes.length ? `; ${notes.join('; ')}` : ''), extra);
        }
    }
}


/***/ }),

/***/ 8669:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   MAX_GET_URL: () => (/* binding */ MAX_GET_URL),
/* harmony export */   PrometheusSource: () => (/* binding */ PrometheusSource)
/* harmony export */ });
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(8816);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);
/* harmony import */ var _format_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(6264);
/* harmony import */ var _http_client_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5755);
/* harmony import */ var _settings_config_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9551);
/* harmony import */ var _settings_expand_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(5537);
/* harmony import */ var _template_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(420);
/* harmony import */ var _measurements_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(816);
/* harmony import */ var _source_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(3624);









/**
 * `source: prometheus` (SPEC §11): a PromQL instant query over the traffic a canary or shadow
 * deployment is already serving, measured `count` times `interval` apart. Each answer must be
 * one number: a vector of exactly one sample, or a scalar. Anything else is an error that says
 * which, and never a value.
 *
 * Shapes follow the HTTP API documentation (prometheus.io/docs/prometheus/latest/querying/api/):
 * the envelope {status, data, errorType, error, warnings}, values as strings ("NaN", "+Inf"), and
 * 400 bad_data / 422 execution / 503 timeout. The captures in test-support/fixtures/prometheus/
 * are a real server's answers.
 */
/** Longer URLs go as a form-encoded POST: proxies and servers cap request lines near 4–8 KB. */
const MAX_GET_URL = 2000;
const SampleValue = zod__WEBPACK_IMPORTED_MODULE_7__/* .tuple */ .PVZ([zod__WEBPACK_IMPORTED_MODULE_7__/* .number */ .aig(), zod__WEBPACK_IMPORTED_MODULE_7__/* .string */ .YjP()]);
const VectorSample = zod__WEBPACK_IMPORTED_MODULE_7__/* .object */ .Ikc({
    metric: zod__WEBPACK_IMPORTED_MODULE_7__/* .record */ .g1P(zod__WEBPACK_IMPORTED_MODULE_7__/* .string */ .YjP(), zod__WEBPACK_IMPORTED_MODULE_7__/* .string */ .YjP()),
    value: SampleValue.optional(),
    histogram: zod__WEBPACK_IMPORTED_MODULE_7__/* .unknown */ .L5J().optional()
});
const Success = zod__WEBPACK_IMPORTED_MODULE_7__/* .object */ .Ikc({
    status: zod__WEBPACK_IMPORTED_MODULE_7__/* .literal */ .euz('success'),
    data: zod__WEBPACK_IMPORTED_MODULE_7__/* .object */ .Ikc({
        resultType: zod__WEBPACK_IMPORTED_MODULE_7__/* ["enum"] */ .k5n(['vector', 'scalar', 'matrix', 'string']),
        result: zod__WEBPACK_IMPORTED_MODULE_7__/* .unknown */ .L5J()
    }),
    warnings: zod__WEBPACK_IMPORTED_MODULE_7__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_7__/* .string */ .YjP()).optional()
});
const Failure = zod__WEBPACK_IMPORTED_MODULE_7__/* .object */ .Ikc({
    status: zod__WEBPACK_IMPORTED_MODULE_7__/* .literal */ .euz('error'),
    errorType: zod__WEBPACK_IMPORTED_MODULE_7__/* .string */ .YjP().optional(),
    error: zod__WEBPACK_IMPORTED_MODULE_7__/* .string */ .YjP().optional(),
    warnings: zod__WEBPACK_IMPORTED_MODULE_7__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_7__/* .string */ .YjP()).optional()
});
/**
 * One measurement's failure that another measurement may not share (no traffic yet, a NaN, a
 * timeout): counted against inconclusive_limit. Any other GateError ends the gate at once, since
 * every later measurement would meet it too (a bad query, a wrong URL, refused credentials).
 */
class MeasurementError extends _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .GateError */ .u {
}
class PrometheusSource {
    gate;
    constructor(gate) {
        this.gate = gate;
    }
    async read(version, side, ctx) {
        const { gate } = this;
        const party = (0,_source_js__WEBPACK_IMPORTED_MODULE_6__/* .readingParty */ .J)(gate, side, version);
        const values = (0,_template_js__WEBPACK_IMPORTED_MODULE_4__/* .templateValues */ .n)(ctx, version);
        const query = fillQuery(gate.query, values, party);
        // Headers are filled per side as the endpoint and dataset sources fill theirs.
        const headers = (0,_template_js__WEBPACK_IMPORTED_MODULE_4__/* .fillHeaders */ .w)(gate.headers, values);
        const base = baseUrl(gate.url, party);
        const intervalMs = (0,_settings_config_js__WEBPACK_IMPORTED_MODULE_2__/* .durationMs */ .pc)(gate.interval, 0);
        const limits = {
            count: gate.count,
            failure_limit: gate.failure_limit,
            inconclusive_limit: gate.inconclusive_limit
        };
        const start = Date.now();
        // Refused before the first query: waiting the whole window only to run out of time helps no one.
        const needed = (gate.count - 1) * intervalMs;
        if (start + needed > ctx.deadline)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .GateError */ .u(`gate '${gate.name}' needs ${Math.round(needed / 1000)} s for ${gate.count} measurements ` +
                `${Math.round(intervalMs / 1000)} s apart, more than its timeout leaves ` +
                `(${Math.max(0, Math.round((ctx.deadline - start) / 1000))} s)`, "raise the gate's timeout (e.g. timeout: 30m), or lower count or interval");
        const measurements = [];
        for (let i = 0; i < gate.count; i++) {
            if (i > 0) {
                // A fixed cadence from the start: a slow answer does not stretch the window.
                const due = start + i * intervalMs;
                if (due > ctx.deadline)
                    throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .GateError */ .u(`gate '${gate.name}' ran out of time before measurement ${i + 1} of ${gate.count}`, "raise the gate's timeout, or lower count or interval");
                await (0,_http_client_js__WEBPACK_IMPORTED_MODULE_1__/* .sleep */ .yy)(Math.max(0, due - Date.now()), ctx.signal);
            }
            measurements.push(await this.measure(i + 1, query, headers, base, party, ctx));
            if ((0,_measurements_js__WEBPACK_IMPORTED_MODULE_5__/* .measurementPhase */ .Ie)(measurements, limits) !== undefined)
                break;
        }
        const value = (0,_measurements_js__WEBPACK_IMPORTED_MODULE_5__/* .worstValue */ .XH)(measurements, gate);
        const details = {
            ...limits,
            interval_ms: intervalMs,
            measurements,
            query,
            graph_url: graphUrl(base, query)
        };
        return {
            metrics: value !== undefined ? { [gate.metric]: value } : {},
            n: measurements.filter((m) => m.value !== undefined).length,
            origin: `Prometheus ${base.host}, query ${query}`,
            details
        };
    }
    async measure(index, query, headers, base, party, ctx) {
        try {
            const sample = await instantQuery(ctx.http, base, query, headers, party, ctx);
            const judged = (0,_measurements_js__WEBPACK_IMPORTED_MODULE_5__/* .judgeValue */ .hy)(sample.value, this.gate);
            return { index, at: sample.at, value: sample.value, ...judged };
        }
        catch (err) {
            const transient = err instanceof MeasurementError ||
                (err instanceof _http_client_js__WEBPACK_IMPORTED_MODULE_1__/* .HttpError */ .j$ && (err.kind === 'network' || err.kind === 'timeout'));
            // A cancelled run or the gate's own timeout is not a measurement: let it end the gate.
            if (!transient || ctx.signal.aborted)
                throw err;
            return {
                index,
                at: new Date().toISOString(),
                verdict: 'error',
                reason: err.message,
                fix: err.fix
            };
        }
    }
}
/**
 * The query with {model}, {version}, … filled. A placeholder left unfilled (a misspelt name, or
 * {previous_version} on a first promotion) would ask Prometheus about the wrong series, so the
 * query is refused before it is sent.
 */
function fillQuery(query, values, party) {
    const unfilled = [...query.matchAll(/\{([a-z_]+)\}/g)]
        .map((m) => m[1])
        .filter((k) => !Object.prototype.hasOwnProperty.call(values, k) || values[k] === '');
    if (unfilled.length) {
        const known = Object.keys(values).filter((k) => values[k] !== '');
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .GateError */ .u(`${party}: the query's {${unfilled[0]}} has no value in this run, so the query was not sent`, `use one of ${known.map((k) => `{${k}}`).join(', ')}`);
    }
    return (0,_settings_expand_js__WEBPACK_IMPORTED_MODULE_3__/* .fillTemplate */ .ou)(query, values);
}
function baseUrl(url, party) {
    let u;
    try {
        u = new URL(url);
    }
    catch {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .GateError */ .u(`${party}: url is not a valid URL`, 'use http(s)://host:9090');
    }
    u.pathname = u.pathname.replace(/\/+$/, '');
    u.hash = '';
    return u;
}
function endpoint(base, path) {
    const u = new URL(base.href);
    // A URL's path is never empty ("/" at least): join without doubling the slash.
    u.pathname = `${base.pathname.replace(/\/+$/, '')}${path}`;
    return u;
}
/**
 * Where a user sees the query in Prometheus' own UI: the graph tab, over the last hour. No user
 * info or query string of the configured URL is carried over (either may hold a credential).
 */
function graphUrl(base, query) {
    const u = endpoint(base, '/graph');
    return `${u.origin}${u.pathname}?g0.expr=${encodeURIComponent(query)}&g0.tab=0&g0.range_input=1h`;
}
/** One instant query, answered by exactly one finite number, or an error that says why not. */
async function instantQuery(http, base, query, headers, party, ctx) {
    const url = endpoint(base, '/api/v1/query');
    const get = new URL(url.href);
    get.searchParams.set('query', query);
    const common = {
        party,
        headers: { accept: 'application/json', ...headers },
        deadline: ctx.deadline,
        signal: ctx.signal
    };
    // A query only reads, so the POST is as safe to repeat as the GET.
    const res = get.href.length <= MAX_GET_URL
        ? await http.send({ ...common, method: 'GET', url: get.href })
        : await http.send({
            ...common,
            method: 'POST',
            url: url.href,
            form: { query },
            idempotent: true
        });
    return readAnswer(res, query, party);
}
function readAnswer(res, query, party) {
    const body = (0,_http_client_js__WEBPACK_IMPORTED_MODULE_1__/* .jsonOrUndefined */ ._D)(res);
    const failure = Failure.safeParse(body);
    if (failure.success) {
        const { errorType = 'unknown', error = '(no message)' } = failure.data;
        const what = `${party} answered HTTP ${res.status}, ${errorType}: ${(0,_format_js__WEBPACK_IMPORTED_MODULE_8__/* .clip */ .$Q)(error, 300)}`;
        // bad_data is the query itself (a parse error): every later measurement would meet it too.
        if (errorType === 'bad_data' || res.status === 400)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .GateError */ .u(`${what} (query: ${query})`, 'fix the PromQL query');
        throw new MeasurementError(what, errorType === 'timeout'
            ? 'make the query cheaper (a shorter range), or raise the server-side query timeout'
            : 'check the Prometheus server; the query may succeed at the next measurement');
    }
    if (res.status < 200 || res.status >= 300) {
        const page = res.contentType.includes('html') ? ' (an HTML page)' : '';
        const what = `${party} answered HTTP ${res.status}${page}`;
        if (res.status === 401 || res.status === 403)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .GateError */ .u(what, "check the credentials in the gate's headers (Authorization)");
        if (res.status === 404)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .GateError */ .u(what, "check the gate's url: it is the server's base URL (with any path prefix), /api/v1/query is added");
        if (res.status === 429 || res.status >= 500)
            throw new MeasurementError(what, 'check the Prometheus server');
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .GateError */ .u(what, "check the gate's url and headers");
    }
    const ok = Success.safeParse(body);
    if (!ok.success)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .GateError */ .u(`${party} answered without a Prometheus API response (${body === undefined ? 'not JSON' : 'no status/data'})`, "check that the gate's url is a Prometheus server (or one speaking its HTTP API)");
    const { data, warnings } = ok.data;
    // A warning means the answer may be partial (a remote store or shard missing): not trusted.
    if (warnings?.length)
        throw new MeasurementError(`${party} returned the answer with ${warnings.length === 1 ? 'a warning' : `${warnings.length} warnings`}: ${warnings.map((w) => (0,_format_js__WEBPACK_IMPORTED_MODULE_8__/* .clip */ .$Q)(w, 300)).join('; ')}`, 'the answer may be partial; fix what Prometheus warns about');
    if (data.resultType === 'scalar') {
        const scalar = SampleValue.safeParse(data.result);
        if (!scalar.success)
            throw shapeError(party, 'scalar');
        return toSample(scalar.data, party, 'the scalar');
    }
    if (data.resultType !== 'vector')
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .GateError */ .u(`${party}: the query returned a ${data.resultType === 'matrix' ? 'range vector (matrix)' : 'string'}, not one number`, data.resultType === 'matrix'
            ? 'use an instant vector: wrap a range selector in a function such as rate(x[5m])'
            : 'make the query return a number');
    const vector = zod__WEBPACK_IMPORTED_MODULE_7__/* .array */ .YOg(VectorSample).safeParse(data.result);
    if (!vector.success)
        throw shapeError(party, 'vector');
    const series = vector.data;
    if (series.length === 0)
        throw new MeasurementError(`${party}: the query returned no series (${query})`, 'check that the deployment is serving traffic and that the label values match it');
    if (series.length > 1) {
        const shown = series.slice(0, 5).map((s) => labelSet(s.metric));
        throw new MeasurementError(`${party}: the query returned ${series.length} series, not one: ${shown.join(', ')}` +
            (series.length > shown.length ? `, … and ${series.length - shown.length} more` : ''), 'aggregate to one series (sum, max, histogram_quantile over sum by (le)), or narrow the labels');
    }
    const one = series[0];
    if (!one.value)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .GateError */ .u(`${party}: the query returned a native histogram sample, not a number`, 'wrap it in histogram_quantile(…) or histogram_sum(…)');
    return toSample(one.value, party, `the sample ${labelSet(one.metric)}`);
}
function toSample([ts, text], party, what) {
    const at = new Date(ts * 1000).toISOString();
    // Prometheus writes non-finite values as NaN, +Inf and -Inf, which Number() half misreads.
    if (text === 'NaN')
        throw new MeasurementError(`${party}: ${what} is NaN`, 'NaN is never a pass: a ratio or histogram_quantile over a window without traffic gives NaN; check that the deployment is serving traffic');
    if (text === '+Inf' || text === '-Inf' || text === 'Inf')
        throw new MeasurementError(`${party}: ${what} is ${text}`, 'an infinite value is never a pass: check for a division by zero, or a quantile in the +Inf bucket');
    const value = Number(text);
    if (text.trim() === '' || !Number.isFinite(value))
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .GateError */ .u(`${party}: ${what} is not a number`, 'make the query return a number');
    return { value, at };
}
function shapeError(party, kind) {
    return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .GateError */ .u(`${party} answered a ${kind} result in a shape the Prometheus HTTP API does not use`, "check that the gate's url is a Prometheus server");
}
/** `name{k="v", …}` as PromQL writes a series, so a user can paste it. */
function labelSet(metric) {
    const { __name__: name = '', ...labels } = metric;
    const pairs = Object.entries(labels).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
    return `${name}{${pairs.join(', ')}}`;
}


/***/ }),

/***/ 3624:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   J: () => (/* binding */ readingParty),
/* harmony export */   Y: () => (/* binding */ sourceParty)
/* harmony export */ });
/** What each source is called in messages, by the gate's `source` key. */
const SOURCE_NAMES = {
    endpoint: 'eval endpoint',
    mlflow: 'MLflow source',
    file: 'results file',
    wandb: 'W&B run summary',
    dataset: 'serving endpoint',
    prometheus: 'Prometheus'
};
/** How errors name a gate's source: "eval endpoint of gate 'accuracy'". */
function sourceParty(gate) {
    return `${SOURCE_NAMES[gate.source]} of gate '${gate.name}'`;
}
/** How errors name the source while it reads `version`: a champion reading says so. */
function readingParty(gate, side, version) {
    const party = sourceParty(gate);
    return side === 'champion' ? `${party} (champion v${version.version})` : party;
}


/***/ }),

/***/ 420:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   n: () => (/* binding */ templateValues),
/* harmony export */   w: () => (/* binding */ fillHeaders)
/* harmony export */ });
/* harmony import */ var _settings_expand_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5537);

/** Fill `{model}`, `{version}`, … for a version under evaluation (SPEC §3). */
function templateValues(run, version) {
    return {
        model: version.model,
        version: version.version,
        model_uri: version.uri,
        alias: run.settings.alias,
        previous_version: run.champion?.version ?? ''
    };
}
/** Request headers with their templates filled (secrets are already expanded at load). */
function fillHeaders(headers, values) {
    return Object.fromEntries(Object.entries(headers ?? {}).map(([k, v]) => [k, (0,_settings_expand_js__WEBPACK_IMPORTED_MODULE_0__/* .fillTemplate */ .ou)(v, values)]));
}


/***/ })

};
