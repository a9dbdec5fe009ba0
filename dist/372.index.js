export const id = 372;
export const ids = [372];
export const modules = {

/***/ 3372:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  FileSource: () => (/* binding */ FileSource),
  describeFound: () => (/* binding */ describeFound),
  readWorkspaceText: () => (/* binding */ readWorkspaceText),
  resolveWorkspaceFile: () => (/* binding */ resolveWorkspaceFile)
});

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/settings/expand.ts
var expand = __webpack_require__(5537);
// EXTERNAL MODULE: ./src/gates/template.ts
var template = __webpack_require__(420);
// EXTERNAL MODULE: ./src/gates/metric/items.ts
var items = __webpack_require__(137);
;// CONCATENATED MODULE: ./src/gates/metric/file-formats/jsonl.ts



/** `format: jsonl`: one `{"id": ..., "<metric>": number}` per line; blank lines are skipped. */
function readJsonl(text, file, metric) {
    const where = `jsonl ${file}`;
    const ids = [];
    const values = [];
    const fix = `write one {"id": ..., "${metric}": <number>} object per line`;
    let lineNo = 0;
    let start = 0;
    while (start <= text.length) {
        let end = text.indexOf('\n', start);
        if (end < 0)
            end = text.length;
        const line = text.slice(start, end).trim();
        start = end + 1;
        lineNo++;
        if (!line)
            continue;
        let row;
        try {
            row = JSON.parse(line);
        }
        catch {
            throw new errors/* GateError */.u(`${file} is not JSONL: expected one JSON object per line, found ${lineNo === 1 ? describeFound(text) : `line ${lineNo} that is not JSON`}`, `${fix}, or set format: to what the file is`);
        }
        if (!row || typeof row !== 'object' || Array.isArray(row))
            throw new errors/* GateError */.u(`${where}: line ${lineNo} is not a JSON object`, fix);
        const o = row;
        if (ids.length === 0 && !('id' in o)) {
            // A one-line JSON document of another tool is the wrong format, not a bad first row.
            const found = describeFound(text);
            if (!found.startsWith('a JSON object') && !found.startsWith('JSON Lines'))
                throw new errors/* GateError */.u(`${file} is not JSONL: expected one JSON object per line, found ${found}`, `${fix}, or set format: to what the file is`);
        }
        if (typeof o.id !== 'string' && typeof o.id !== 'number')
            throw new errors/* GateError */.u(`${where}: line ${lineNo} has no "id" (a string or number)`, fix);
        if (!(metric in o))
            throw new errors/* GateError */.u(`${where}: line ${lineNo} has no "${metric}" (it has: ${Object.keys(o).join(', ')})`, `${fix}, or fix the gate's metric name`);
        ids.push(o.id);
        values.push((0,items/* finiteValue */.Rp)(o[metric], where, `"${metric}" on line ${lineNo}`, fix));
    }
    if (!ids.length)
        throw new errors/* GateError */.u(`${where} has no items`, fix);
    (0,items/* requireUniqueIds */.Zh)(ids, where, 'write each item once');
    return (0,items/* itemsResult */.ow)(metric, { ids, values }, { origin: `jsonl ${file}, ${ids.length} items` });
}

;// CONCATENATED MODULE: ./src/gates/metric/file-formats/lm-eval.ts





/**
 * lm-evaluation-harness output (v0.4, `--output_path`): `results_<timestamp>.json` holds
 * `results[task]["<metric>,<filter>"]` and `n-samples[task].effective`; with `--log_samples` a
 * `samples_<task>_<timestamp>.jsonl` beside it holds one line per document with `doc_hash`,
 * `filter` and the per-document metric (`acc`, `exact_match`, …), which pair the two sides.
 */
/** lm-eval metrics that are shares of 0/1 documents: Wilson's interval from the value and n. */
const SHARE_METRICS = new Set(['acc', 'acc_norm', 'exact_match', 'mc1']);
async function readLmEval(content, file, opts) {
    const where = `lm-eval ${file.shown}`;
    const doc = content.json();
    const results = doc?.results;
    if (!results || typeof results !== 'object' || Array.isArray(results) || 'results' in results)
        throw new errors/* GateError */.u(`${file.shown} is not lm-evaluation-harness output: expected results_*.json ` +
            `(an object with results{task: {"acc,none": ...}}), found ${describeFound(content.text)}`, "point the gate at lm_eval's results_*.json (a * in the file name picks the latest), or set format: to what the file is");
    const tasks = results;
    const names = Object.keys(tasks);
    const task = opts.task ?? (names.length === 1 ? names[0] : undefined);
    if (!task || !(task in tasks))
        throw new errors/* GateError */.u(`${where} has ${opts.task ? `no task '${opts.task}'` : `${names.length} tasks and the gate names none`} ` +
            `(tasks: ${names.join(', ') || 'none'})`, 'set task: on the gate to one of them');
    const metrics = tasks[task] ?? {};
    const key = opts.metric in metrics ? opts.metric : `${opts.metric},none`;
    if (!(key in metrics))
        throw new errors/* GateError */.u(`${where}: task '${task}' has no metric '${opts.metric}' (it has: ${Object.keys(metrics)
            .filter((k) => k !== 'alias' && !k.includes('_stderr'))
            .join(', ')})`, 'give the metric as lm-eval writes it, with its filter, e.g. acc,none or exact_match,strict-match');
    const value = (0,items/* finiteValue */.Rp)(metrics[key], where, `metric '${key}' of task '${task}'`, 'lm-eval wrote no number for it; check the run');
    const nSamples = doc['n-samples']?.[task];
    const n = typeof nSamples?.effective === 'number' ? nSamples.effective : undefined;
    const [base, filter = 'none'] = key.split(',');
    const samples = await readSamples(file, task, base, filter, where);
    const origin = `lm-eval ${file.shown}, task ${task}, metric ${key}, ${samples?.values.length ?? n ?? '?'} documents`;
    if (!samples)
        return {
            metrics: { [opts.metric]: value },
            n,
            origin,
            shares: SHARE_METRICS.has(base) ? [opts.metric] : undefined,
            details: {
                task,
                metric_key: key,
                samples: 'none (run lm_eval with --log_samples to pair by document)'
            }
        };
    return {
        metrics: { [opts.metric]: value },
        n: samples.values.length,
        samples: { [opts.metric]: samples.values },
        ids: samples.ids,
        origin,
        details: { task, metric_key: key, samples_file: samples.file }
    };
}
async function readSamples(results, task, metric, filter, where) {
    const dir = external_node_path_default().dirname(results.absolute);
    const prefix = `samples_${task}_`;
    const names = (await (0,promises_.readdir)(dir))
        .filter((n) => n.startsWith(prefix) && n.endsWith('.jsonl'))
        .sort();
    if (!names.length)
        return undefined;
    // The samples written by the same run share the results file's timestamp.
    const stamp = external_node_path_default().basename(results.absolute)
        .replace(/^results_/, '')
        .replace(/\.json$/, '');
    const name = names.find((n) => n === `${prefix}${stamp}.jsonl`) ?? names[names.length - 1];
    const rel = external_node_path_default().join(external_node_path_default().dirname(results.shown), name);
    const file = await resolveWorkspaceFile(external_node_path_default().join(dir, name), external_node_path_default().dirname(results.absolute));
    const text = await readWorkspaceText(file);
    const ids = [];
    const values = [];
    const fix = 'use the samples_<task>_*.jsonl that lm_eval --log_samples wrote, unchanged';
    let lineNo = 0;
    for (const line of text.split('\n')) {
        lineNo++;
        if (!line.trim())
            continue;
        let row;
        try {
            row = JSON.parse(line);
        }
        catch {
            throw new errors/* GateError */.u(`${where}: line ${lineNo} of ${rel} is not JSON`, fix);
        }
        if ((row.filter ?? 'none') !== filter)
            continue;
        if (typeof row.doc_hash !== 'string')
            throw new errors/* GateError */.u(`${where}: line ${lineNo} of ${rel} has no doc_hash to pair by`, fix);
        ids.push(row.doc_hash);
        values.push((0,items/* finiteValue */.Rp)(row[metric], `${where}, ${rel}`, `'${metric}' on line ${lineNo}`, fix));
    }
    if (!ids.length)
        throw new errors/* GateError */.u(`${where}: ${rel} has no documents with filter '${filter}'`, fix);
    (0,items/* requireUniqueIds */.Zh)(ids, `${where}, ${rel}`, 'each document must appear once per filter; do not concatenate runs');
    return { ids, values, file: rel };
}

;// CONCATENATED MODULE: ./src/gates/metric/file-formats/promptfoo.ts



function readPromptfoo(content, file, opts) {
    const where = `promptfoo ${file}`;
    const doc = content.json();
    const rows = doc?.results?.results;
    if (!Array.isArray(rows))
        throw new errors/* GateError */.u(`${file} is not promptfoo output: expected the JSON that 'promptfoo eval -o ${file.split('/').pop()}' ` +
            `writes (an object with results.results[]), found ${describeFound(content.text)}`, "point the gate at promptfoo's -o JSON output, or set format: to what the file is");
    const providers = new Map();
    const name = (r) => {
        const p = r.provider;
        if (typeof p === 'string')
            return { id: p, label: '' };
        const o = (p ?? {});
        return {
            id: typeof o.id === 'string' ? o.id : '',
            label: typeof o.label === 'string' ? o.label : ''
        };
    };
    for (const r of rows) {
        const { id, label } = name(r);
        providers.set(label || id, label && id && label !== id ? `${label} (${id})` : label || id);
    }
    let want = opts.provider;
    if (want === undefined) {
        if (providers.size !== 1)
            throw new errors/* GateError */.u(`${where} has results of ${providers.size} providers (${[...providers.values()].join(', ')}), ` +
                `and the gate does not say which is the ${opts.side}`, 'set provider: {candidate: <label>, champion: <label>} on the gate (a label or id from the promptfoo config)');
        want = [...providers.keys()][0];
    }
    const chosen = rows.filter((r) => {
        const { id, label } = name(r);
        return label === want || id === want;
    });
    if (!chosen.length)
        throw new errors/* GateError */.u(`${where} has no results of provider '${want}' (the ${opts.side}); providers in the file: ` +
            `${[...providers.values()].join(', ') || 'none'}`, "set the gate's provider to a label or id that promptfoo used for this side");
    const n = chosen.length;
    // promptIdx numbers prompt × provider columns, so it differs between the two providers of one
    // run; the prompt itself (promptId, a hash of the template) is what both sides share.
    const promptKeys = new Set(chosen.map(promptKey));
    const ids = new Array(n);
    const values = new Array(n);
    const fix = 'fix the promptfoo config or the gate: every row of this provider needs the value';
    for (let i = 0; i < n; i++) {
        const r = chosen[i];
        ids[i] = itemId(r, opts.idVar, where, i, promptKeys.size > 1);
        const item = `test ${String(r.testIdx)}`;
        if (opts.metric === 'pass_rate') {
            if (typeof r.success !== 'boolean')
                throw new errors/* GateError */.u(`${where}, provider ${want}: ${item} has no boolean 'success'`, fix);
            values[i] = r.success ? 1 : 0;
        }
        else if (opts.metric === 'score') {
            values[i] = (0,items/* finiteValue */.Rp)(r.score, `${where}, provider ${want}`, `the score of ${item}`, fix);
        }
        else {
            const named = (r.namedScores ?? {});
            if (!(opts.metric in named))
                throw new errors/* GateError */.u(`${where}, provider ${want}: ${item} has no named score '${opts.metric}' ` +
                    `(it has: ${Object.keys(named).join(', ') || 'none'})`, "use pass_rate, score, or a key promptfoo's assertions put in namedScores (metric: on an assertion)");
            values[i] = (0,items/* finiteValue */.Rp)(named[opts.metric], `${where}, provider ${want}`, `named score '${opts.metric}' of ${item}`, fix);
        }
    }
    (0,items/* requireUniqueIds */.Zh)(ids, `${where}, provider ${want}`, opts.idVar
        ? `give every test a distinct '${opts.idVar}' var, or drop id_var to pair by test and prompt index`
        : 'each test must appear once per provider and prompt; run promptfoo without --repeat');
    return {
        ...(0,items/* itemsResult */.ow)(opts.metric, { ids, values }, {
            origin: `promptfoo ${file}, provider ${want}, ${n} tests`
        }),
        shares: opts.metric === 'pass_rate' ? ['pass_rate'] : undefined
    };
}
function promptKey(r) {
    if (typeof r.promptId === 'string' && r.promptId)
        return r.promptId.slice(0, 12);
    const label = r.prompt?.label ?? r.prompt?.raw;
    return typeof label === 'string' ? label : String(r.promptIdx);
}
/** The test (its index, or its `id_var` var), plus the prompt when a side ran several. */
function itemId(r, idVar, where, i, several) {
    let test;
    if (!idVar) {
        if (typeof r.testIdx !== 'number')
            throw new errors/* GateError */.u(`${where}: result #${i + 1} has no testIdx`, 'use the JSON that promptfoo eval -o writes (version 3 or later), or pair by a test var with id_var');
        test = String(r.testIdx);
    }
    else {
        const vars = (r.vars ?? r.testCase?.vars ?? {});
        const v = vars[idVar];
        if (typeof v !== 'string' && typeof v !== 'number')
            throw new errors/* GateError */.u(`${where}: test ${String(r.testIdx)} has no var '${idVar}' to pair by` +
                (Object.keys(vars).length ? ` (its vars: ${(0,items/* clip */.$Q)(Object.keys(vars).join(', '))})` : ''), `give every test a '${idVar}' var, or drop id_var to pair by test index`);
        test = String(v);
    }
    return several ? `${test}:${promptKey(r)}` : test;
}

;// CONCATENATED MODULE: ./src/gates/metric/file.ts








/**
 * `source: file` (SPEC §9): a results file an earlier step of the same workflow wrote into the
 * workspace: promptfoo's `-o results.json`, lm-evaluation-harness's `results_*.json`, or JSONL.
 * A path that leaves the workspace (`..`, an absolute path elsewhere, a symlink out) is refused:
 * the config comes from the repository, and must not make the action read the runner's files.
 */
/** Larger files are refused before a byte is read. */
const MAX_FILE_BYTES = 256 * 1024 * 1024;
/** Where files may be read from: the checkout on a runner, else the working directory. */
function workspaceRoot(env = process.env) {
    return external_node_path_default().resolve(env.GITHUB_WORKSPACE || process.cwd());
}
/**
 * The file `given` names inside `root`, or a GateError. A `*` in the last segment picks the
 * last match by name (lm-eval's results_<timestamp>.json), and says so in `shown`.
 */
async function resolveWorkspaceFile(given, root, maxBytes = MAX_FILE_BYTES) {
    const fix = 'give a path inside the workspace (relative to it), written by an earlier step of the job';
    if (given.split(/[\\/]+/).includes('..'))
        throw new errors/* GateError */.u(`the file path '${given}' contains '..': files are read from the workspace only`, fix);
    const realRoot = await (0,promises_.realpath)(root).catch(() => external_node_path_default().resolve(root));
    let candidate = external_node_path_default().isAbsolute(given) ? external_node_path_default().normalize(given) : external_node_path_default().join(realRoot, given);
    if (!inside(candidate, realRoot) && !inside(candidate, external_node_path_default().resolve(root)))
        throw new errors/* GateError */.u(`the file path '${given}' is outside the workspace (${root}): files are read from the workspace only`, fix);
    const base = external_node_path_default().basename(candidate);
    if (base.includes('*'))
        candidate = await pickGlob(external_node_path_default().dirname(candidate), base, given);
    let real;
    try {
        real = await (0,promises_.realpath)(candidate);
    }
    catch {
        throw new errors/* GateError */.u(`no file at '${given}' in the workspace (${root})`, 'run the step that writes it before model-gate, in the same job, and check the path');
    }
    if (!inside(real, realRoot))
        throw new errors/* GateError */.u(`'${given}' is a symlink that leads out of the workspace (to ${real}): files are read from the workspace only`, fix);
    const info = await (0,promises_.stat)(real);
    if (!info.isFile())
        throw new errors/* GateError */.u(`'${given}' in the workspace is not a file`, 'point the gate at the results file itself');
    if (info.size > maxBytes)
        throw new errors/* GateError */.u(`'${given}' is ${mb(info.size)} MB, over the ${mb(maxBytes)} MB a results file may have`, 'write a smaller results file (fewer items, or without per-item outputs), or split the evaluation');
    return {
        absolute: real,
        shown: external_node_path_default().relative(realRoot, real) || external_node_path_default().basename(real),
        size: info.size
    };
}
/** The text of a resolved file; read with the size checked again on the open handle. */
async function readWorkspaceText(file, maxBytes = MAX_FILE_BYTES) {
    const handle = await (0,promises_.open)(file.absolute, 'r');
    try {
        const info = await handle.stat();
        if (info.size > maxBytes)
            throw new errors/* GateError */.u(`'${file.shown}' is ${mb(info.size)} MB, over the ${mb(maxBytes)} MB a results file may have`, 'write a smaller results file, or split the evaluation');
        return await handle.readFile('utf8');
    }
    finally {
        await handle.close();
    }
}
/**
 * Both sides of a regression often read the same file (promptfoo's two providers): it is read and
 * parsed once per content (path, size, mtime), keeping the last few.
 */
const loaded = new Map();
const KEEP_LOADED = 4;
async function loadWorkspaceFile(file) {
    const info = await (0,promises_.stat)(file.absolute);
    const key = `${file.absolute}\u0000${info.size}\u0000${info.mtimeMs}`;
    const hit = loaded.get(key);
    if (hit)
        return hit;
    const text = await readWorkspaceText(file);
    let parsed;
    const entry = {
        text,
        json() {
            if (!parsed) {
                try {
                    parsed = { doc: JSON.parse(text) };
                }
                catch {
                    parsed = { doc: undefined };
                }
            }
            return parsed.doc;
        }
    };
    loaded.set(key, entry);
    if (loaded.size > KEEP_LOADED)
        loaded.delete(loaded.keys().next().value);
    return entry;
}
function inside(p, root) {
    const rel = external_node_path_default().relative(root, p);
    return rel === '' || (!rel.startsWith('..') && !external_node_path_default().isAbsolute(rel));
}
async function pickGlob(dir, pattern, given) {
    const re = new RegExp('^' +
        pattern
            .split('*')
            .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
            .join('.*') +
        '$');
    const names = (await (0,promises_.readdir)(dir).catch(() => [])).filter((n) => re.test(n)).sort();
    if (!names.length)
        throw new errors/* GateError */.u(`no file matches '${given}' in the workspace`, 'run the step that writes it before model-gate, in the same job, and check the path');
    return external_node_path_default().join(dir, names[names.length - 1]);
}
function mb(bytes) {
    return String(Math.round((bytes / 1024 / 1024) * 10) / 10);
}
class FileSource {
    gate;
    constructor(gate) {
        this.gate = gate;
    }
    async read(version, side, ctx) {
        const { gate } = this;
        const given = (0,expand/* fillTemplate */.ou)(gate.path, (0,template/* templateValues */.n)(ctx, version));
        const file = await resolveWorkspaceFile(given, workspaceRoot());
        const content = await loadWorkspaceFile(file);
        switch (gate.format) {
            case 'promptfoo':
                return readPromptfoo(content, file.shown, {
                    metric: gate.metric,
                    provider: providerFor(gate.provider, side),
                    side,
                    idVar: gate.id_var
                });
            case 'jsonl':
                return readJsonl(content.text, file.shown, gate.metric);
            case 'lm-eval':
                return readLmEval(content, file, { metric: gate.metric, task: gate.task });
        }
    }
}
function providerFor(p, side) {
    if (p === undefined || typeof p === 'string')
        return p;
    return p[side];
}
/** What a file holds, for "expected X, found Y": a guess from its shape, never its content. */
function describeFound(text) {
    const trimmed = text.trimStart();
    if (!trimmed)
        return 'an empty file';
    let doc;
    try {
        doc = JSON.parse(text);
    }
    catch {
        const first = trimmed.split('\n', 1)[0];
        try {
            JSON.parse(first);
            return 'JSON Lines (one JSON value per line)';
        }
        catch {
            return trimmed.startsWith('<') ? 'HTML or XML' : 'text that is not JSON';
        }
    }
    if (Array.isArray(doc))
        return 'a JSON array';
    if (!doc || typeof doc !== 'object')
        return `a bare JSON ${typeof doc}`;
    const o = doc;
    const inner = o.results;
    if (inner && typeof inner === 'object' && Array.isArray(inner.results))
        return 'promptfoo results (results.results[])';
    if (inner && typeof inner === 'object' && ('n-samples' in o || 'configs' in o || 'versions' in o))
        return 'lm-evaluation-harness results (results{task: metrics})';
    if ('columns' in o && 'data' in o)
        return 'a pandas "split" table (columns, data)';
    const keys = Object.keys(o).slice(0, 6);
    return `a JSON object with keys ${keys.length ? keys.join(', ') : '(none)'}`;
}


/***/ }),

/***/ 137:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $9: () => (/* binding */ allBinary),
/* harmony export */   $Q: () => (/* binding */ clip),
/* harmony export */   Hb: () => (/* binding */ sameItems),
/* harmony export */   K: () => (/* binding */ answeredOnBoth),
/* harmony export */   Rp: () => (/* binding */ finiteValue),
/* harmony export */   Zh: () => (/* binding */ requireUniqueIds),
/* harmony export */   ow: () => (/* binding */ itemsResult)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);

/** The mean of `values`, or NaN when there are none (callers refuse an empty set first). */
function mean(values) {
    let s = 0;
    for (let i = 0; i < values.length; i++)
        s += values[i];
    return values.length ? s / values.length : NaN;
}
/** True when every value is 0 or 1: a share of correct items, judged with Wilson's interval. */
function allBinary(values) {
    for (let i = 0; i < values.length; i++)
        if (values[i] !== 0 && values[i] !== 1)
            return false;
    return values.length > 0;
}
/**
 * Refuses a second reading of the same id: pairing would silently keep one of them. `where`
 * names the file or artifact ("promptfoo results.json, provider candidate").
 */
function requireUniqueIds(ids, where, fix) {
    const seen = new Set();
    for (let i = 0; i < ids.length; i++) {
        const key = String(ids[i]);
        if (seen.has(key))
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .GateError */ .u(`${where} has the id '${clip(key)}' more than once (item #${i + 1})`, fix);
        seen.add(key);
    }
}
/** A finite number from a cell, or a GateError naming the item and what it held instead. */
function finiteValue(v, where, item, fix) {
    if (typeof v === 'number' && Number.isFinite(v))
        return v;
    if (typeof v === 'boolean')
        return v ? 1 : 0;
    const what = v === null || v === undefined
        ? 'no value'
        : typeof v === 'number'
            ? String(v)
            : typeof v === 'string'
                ? /^\s*-?(nan|inf(inity)?)\s*$/i.test(v)
                    ? v.trim()
                    : 'a string'
                : Array.isArray(v)
                    ? 'an array'
                    : typeof v;
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .GateError */ .u(`${where}: ${item} is ${what}, not a finite number`, fix);
}
/** The common result of per-item values: the mean as the metric, n, samples and ids. */
function itemsResult(metric, items, annotate) {
    return {
        metrics: { [metric]: mean(items.values) },
        n: items.values.length,
        samples: { [metric]: items.values },
        ids: items.ids,
        ...annotate
    };
}
/**
 * The two sides restricted to the items both answered (SPEC §10): an item one side could not score
 * (an item error, already counted against that side's max_item_errors) leaves the other side's
 * result too, so it is neither paired nor taken for a missing item. Results without `unanswered`
 * come back as they were.
 */
function answeredOnBoth(cand, champ, metric) {
    // Both sides drop what either could not answer, and both record the union as unanswered, so
    // the same-items check still sees one set on each side.
    const gone = new Set([...(cand.unanswered ?? []), ...(champ.unanswered ?? [])].map(String));
    const drop = (r) => {
        const values = r.samples?.[metric];
        if (gone.size === 0 || !r.ids || !values)
            return r;
        const keep = r.ids.map((id) => !gone.has(String(id)));
        if (keep.every(Boolean))
            return { ...r, unanswered: [...gone] };
        const kept = values.filter((_, i) => keep[i]);
        const numeric = kept.filter((v) => typeof v === 'number');
        return {
            ...r,
            unanswered: [...gone],
            ids: r.ids.filter((_, i) => keep[i]),
            samples: { ...r.samples, [metric]: kept },
            n: kept.length,
            metrics: {
                ...r.metrics,
                [metric]: numeric.length === kept.length ? mean(numeric) : r.metrics[metric]
            }
        };
    };
    return [drop(cand), drop(champ)];
}
/**
 * Both sides of a regression must be measured on the same items (SPEC §9): different dataset
 * digests, or id sets that differ, are a GateError naming both sides and the counts. MLflow's own
 * validate_evaluation_results compares only aggregates; this never compares across data sets.
 */
function sameItems(cand, champ, championVersion) {
    const a = cand.dataset;
    const b = champ.dataset;
    if (a?.digest && b?.digest && a.digest !== b.digest)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .GateError */ .u(`the candidate was measured on dataset ${datasetName(a)} and champion version ` +
            `${championVersion} on ${datasetName(b)}: different data sets, so their values cannot be compared` +
            sources(cand, champ), 'evaluate both versions on the same dataset (same name and digest), then run the gate again');
    if (!cand.ids || !champ.ids)
        return;
    // Items a side could not answer are still part of its set; pairing then leaves them out.
    const candIds = new Set([...cand.ids, ...(cand.unanswered ?? [])].map(String));
    const champIds = new Set([...champ.ids, ...(champ.unanswered ?? [])].map(String));
    let onlyCand = 0;
    for (const id of candIds)
        if (!champIds.has(id))
            onlyCand++;
    let onlyChamp = 0;
    for (const id of champIds)
        if (!candIds.has(id))
            onlyChamp++;
    if (onlyCand === 0 && onlyChamp === 0)
        return;
    const example = [...candIds].find((id) => !champIds.has(id)) ?? [...champIds].find((id) => !candIds.has(id));
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .GateError */ .u(`the candidate has ${candIds.size} items and champion version ${championVersion} has ` +
        `${champIds.size}; ${onlyCand} only in the candidate's result, ${onlyChamp} only in the ` +
        `champion's (e.g. id '${clip(example ?? '')}'): the two evaluations were not on the same set` +
        sources(cand, champ), 'evaluate both versions on the same items with the same ids, then run the gate again');
}
function datasetName(d) {
    return `${d.name ?? '(unnamed)'}@${d.digest ?? '?'}`;
}
function sources(cand, champ) {
    return cand.origin && champ.origin
        ? ` (candidate: ${cand.origin}; champion: ${champ.origin})`
        : '';
}
function clip(s, max = 60) {
    const one = s.replace(/\s+/g, ' ');
    return one.length > max ? `${one.slice(0, max)}…` : one;
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
