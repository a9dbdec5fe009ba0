export const id = 780;
export const ids = [780];
export const modules = {

/***/ 2780:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   EndpointSource: () => (/* binding */ EndpointSource),
/* harmony export */   callEvalEndpoint: () => (/* binding */ callEvalEndpoint)
/* harmony export */ });
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(8816);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);
/* harmony import */ var _format_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(6264);
/* harmony import */ var _http_client_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3329);
/* harmony import */ var _settings_config_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9551);
/* harmony import */ var _settings_expand_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(5537);
/* harmony import */ var _settings_settings_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(7100);
/* harmony import */ var _template_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(420);
/* harmony import */ var _source_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(3624);









/**
 * Eval endpoint protocol v1 (SPEC §4): POST a request, get a result (200) or a job (202 with
 * Location or {"poll": url}) that is polled with backoff until done, failed or out of time.
 * Response bodies are parsed, never echoed: a bad body is described, not quoted.
 */
const PROTOCOL = 'model-gate/v1';
const EvalResultSchema = zod__WEBPACK_IMPORTED_MODULE_7__/* .object */ .Ikc({
    metrics: zod__WEBPACK_IMPORTED_MODULE_7__/* .record */ .g1P(zod__WEBPACK_IMPORTED_MODULE_7__/* .string */ .YjP(), zod__WEBPACK_IMPORTED_MODULE_7__/* .unknown */ .L5J()),
    n: zod__WEBPACK_IMPORTED_MODULE_7__/* .number */ .aig().int().nonnegative().optional(),
    samples: zod__WEBPACK_IMPORTED_MODULE_7__/* .record */ .g1P(zod__WEBPACK_IMPORTED_MODULE_7__/* .string */ .YjP(), zod__WEBPACK_IMPORTED_MODULE_7__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_7__/* .unknown */ .L5J())).optional(),
    ids: zod__WEBPACK_IMPORTED_MODULE_7__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_7__/* .union */ .KCZ([zod__WEBPACK_IMPORTED_MODULE_7__/* .string */ .YjP(), zod__WEBPACK_IMPORTED_MODULE_7__/* .number */ .aig()])).optional(),
    clusters: zod__WEBPACK_IMPORTED_MODULE_7__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_7__/* .union */ .KCZ([zod__WEBPACK_IMPORTED_MODULE_7__/* .string */ .YjP(), zod__WEBPACK_IMPORTED_MODULE_7__/* .number */ .aig()])).optional()
});
/** `source: endpoint` (the default): an eval service speaking model-gate/v1. */
class EndpointSource {
    gate;
    constructor(gate) {
        this.gate = gate;
    }
    async read(version, side, ctx) {
        const { gate } = this;
        const values = (0,_template_js__WEBPACK_IMPORTED_MODULE_5__/* .templateValues */ .n)(ctx, version);
        const endpoint = (0,_settings_expand_js__WEBPACK_IMPORTED_MODULE_3__/* .fillTemplate */ .ou)(gate.endpoint, values);
        const result = await callEvalEndpoint({
            http: ctx.http,
            endpoint,
            headers: (0,_template_js__WEBPACK_IMPORTED_MODULE_5__/* .fillHeaders */ .w)(gate.headers, values),
            body: evalRequestBody(gate.name, gate.metric, ctx.settings.registry.type, version, (0,_settings_expand_js__WEBPACK_IMPORTED_MODULE_3__/* .fillTemplateDeep */ .Oe)(gate.request, values)),
            party: (0,_source_js__WEBPACK_IMPORTED_MODULE_6__/* .readingParty */ .J)(gate, side, version),
            pollIntervalMs: (0,_settings_config_js__WEBPACK_IMPORTED_MODULE_2__/* .durationMs */ .pc)(gate.poll_interval, 2000),
            deadline: ctx.deadline,
            signal: ctx.signal,
            allowedHosts: ctx.settings.allowedHosts
        });
        // The host only: a path or query may carry a token.
        return { ...result, origin: `eval endpoint ${new URL(endpoint).host}, metric ${gate.metric}` };
    }
}
const JobSchema = zod__WEBPACK_IMPORTED_MODULE_7__/* .object */ .Ikc({
    status: zod__WEBPACK_IMPORTED_MODULE_7__/* .string */ .YjP().optional(),
    poll: zod__WEBPACK_IMPORTED_MODULE_7__/* .string */ .YjP().optional(),
    error: zod__WEBPACK_IMPORTED_MODULE_7__/* .string */ .YjP().optional()
});
function evalRequestBody(gate, metric, registry, version, extra) {
    return {
        protocol: PROTOCOL,
        gate,
        metric,
        model: {
            registry,
            name: version.model,
            version: version.version,
            uri: version.uri,
            source: version.source ?? '',
            run_id: version.runId ?? '',
            tags: version.tags
        },
        ...(extra ?? {})
    };
}
async function callEvalEndpoint(call) {
    // The protocol makes the evaluate POST safe to repeat, so transient failures are retried.
    const first = await call.http.send({
        method: 'POST',
        url: call.endpoint,
        party: call.party,
        headers: { accept: 'application/json', ...call.headers },
        json: call.body,
        idempotent: true,
        deadline: call.deadline,
        signal: call.signal
    });
    if (first.status === 202)
        return poll(call, first);
    return readResult(call, first);
}
async function poll(call, accepted) {
    let res = accepted;
    let interval = call.pollIntervalMs;
    let url;
    for (;;) {
        // A 202 may name a new place to poll; otherwise keep polling where we were.
        const job = JobSchema.safeParse((0,_http_client_js__WEBPACK_IMPORTED_MODULE_1__/* .jsonOrUndefined */ ._D)(res));
        const next = res.headers['location'] ?? (job.success ? job.data.poll : undefined);
        if (next)
            url = new URL(next, res.url).href;
        if (!url)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .GateError */ .u(`${call.party} answered 202 without a Location header or {"poll": url}`, 'the eval service must say where to poll for the result (SPEC §4)');
        const sameOrigin = new URL(url).origin === new URL(call.endpoint).origin;
        if (call.allowedHosts &&
            !call.allowedHosts.some((h) => (0,_settings_settings_js__WEBPACK_IMPORTED_MODULE_4__/* .hostMatches */ ._y)(new URL(url).hostname, h)))
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .GateError */ .u(`${call.party} asked to poll ${new URL(url).hostname}, which is not in allowed_hosts`, 'add the host to allowed_hosts if it is meant');
        // Seconds or an HTTP date, read as the HTTP layer reads it for retries.
        const wait = (0,_http_client_js__WEBPACK_IMPORTED_MODULE_1__/* .parseRetryAfter */ .mu)(res.headers['retry-after']) || interval;
        if (Date.now() + wait > call.deadline)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .GateError */ .u(`${call.party} did not finish the evaluation before the gate's timeout`, "raise the gate's timeout, or make the evaluation faster");
        await (0,_http_client_js__WEBPACK_IMPORTED_MODULE_1__/* .sleep */ .yy)(wait, call.signal);
        interval = Math.min(interval * 1.5, 30_000);
        res = await call.http.send({
            method: 'GET',
            url,
            party: call.party,
            // Credentials go only to the endpoint's own origin.
            headers: sameOrigin
                ? { accept: 'application/json', ...call.headers }
                : { accept: 'application/json' },
            deadline: call.deadline,
            signal: call.signal
        });
        if (res.status === 202)
            continue;
        if (res.status === 200) {
            const body = (0,_http_client_js__WEBPACK_IMPORTED_MODULE_1__/* .jsonOrUndefined */ ._D)(res);
            const status = JobSchema.safeParse(body);
            const s = status.success ? status.data.status?.toLowerCase() : undefined;
            if (s && ['pending', 'queued', 'running', 'in_progress'].includes(s))
                continue;
            if (s && ['failed', 'error', 'cancelled', 'canceled'].includes(s))
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .GateError */ .u(`${call.party} reports the evaluation job ${s}` +
                    (status.success && status.data.error ? `: ${(0,_format_js__WEBPACK_IMPORTED_MODULE_8__/* .clip */ .$Q)(status.data.error)}` : ''), 'check the eval service logs for the job');
        }
        return readResult(call, res);
    }
}
function readResult(call, res) {
    if (res.status < 200 || res.status >= 300) {
        const kind = res.contentType.includes('html') ? ' (an HTML page)' : '';
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .GateError */ .u(`${call.party} answered HTTP ${res.status}${kind}`, res.status === 401 || res.status === 403
            ? "check the credentials in the gate's headers"
            : res.status === 404
                ? "check the gate's endpoint URL"
                : 'check the eval service; model-gate does not promote without a result');
    }
    // Python's json.dumps writes bare NaN/Infinity, which is not JSON. Only a body that fails to
    // parse is inspected for them, so the same word inside a string value is no cause for alarm.
    let body;
    try {
        body = JSON.parse(res.text);
    }
    catch {
        if (/(^|[\s,:[])-?(NaN|Infinity)\s*[,}\]]/.test(res.text))
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .GateError */ .u(`${call.party} returned a NaN or infinite value`, 'the evaluation produced no valid number; fix the eval service (NaN is never a pass)');
        body = (0,_http_client_js__WEBPACK_IMPORTED_MODULE_1__/* .parseJson */ .qF)(res, call.party);
    }
    const parsed = EvalResultSchema.safeParse(body);
    if (!parsed.success)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .GateError */ .u(`${call.party} returned JSON without a "metrics" object`, 'answer with {"metrics": {"<name>": <number>}, ...} (SPEC §4)');
    return parsed.data;
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
