export const id = 340;
export const ids = [340];
export const modules = {

/***/ 137:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $9: () => (/* binding */ allBinary),
/* harmony export */   Hb: () => (/* binding */ sameItems),
/* harmony export */   K: () => (/* binding */ answeredOnBoth),
/* harmony export */   Rp: () => (/* binding */ finiteValue),
/* harmony export */   Zh: () => (/* binding */ requireUniqueIds),
/* harmony export */   ow: () => (/* binding */ itemsResult)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);
/* harmony import */ var _format_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6264);


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
        // One hash per id: a repeated id leaves the size as it was.
        const before = seen.size;
        seen.add(key);
        if (seen.size === before)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .GateError */ .u(`${where} has the id '${(0,_format_js__WEBPACK_IMPORTED_MODULE_1__/* .clip */ .$Q)(key, 60)}' more than once (item #${i + 1})`, fix);
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
    if (sameOrder(cand, champ))
        return;
    // Items a side could not answer are still part of its set; pairing then leaves them out.
    const candIds = idSet(cand);
    const champIds = idSet(champ);
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
        `champion's (e.g. id '${(0,_format_js__WEBPACK_IMPORTED_MODULE_1__/* .clip */ .$Q)(example ?? '', 60)}'): the two evaluations were not on the same set` +
        sources(cand, champ), 'evaluate both versions on the same items with the same ids, then run the gate again');
}
/** The common case, checked without building sets: both sides list the same ids in one order. */
function sameOrder(cand, champ) {
    const a = cand.ids ?? [];
    const b = champ.ids ?? [];
    if (a.length !== b.length || cand.unanswered?.length || champ.unanswered?.length)
        return false;
    for (let i = 0; i < a.length; i++)
        if (a[i] !== b[i] && String(a[i]) !== String(b[i]))
            return false;
    return true;
}
/** A side's ids and unanswered items as strings (built in one pass: sides have 100,000 items). */
function idSet(r) {
    const set = new Set();
    for (const list of [r.ids ?? [], r.unanswered ?? []])
        for (let i = 0; i < list.length; i++)
            set.add(String(list[i]));
    return set;
}
function datasetName(d) {
    return `${d.name ?? '(unnamed)'}@${d.digest ?? '?'}`;
}
function sources(cand, champ) {
    return cand.origin && champ.origin
        ? ` (candidate: ${cand.origin}; champion: ${champ.origin})`
        : '';
}


/***/ }),

/***/ 3340:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   MlflowSource: () => (/* binding */ MlflowSource)
/* harmony export */ });
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3916);
/* harmony import */ var _nearest_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(7909);
/* harmony import */ var _registry_mlflow_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9778);
/* harmony import */ var _format_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(6264);
/* harmony import */ var _items_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(137);






/**
 * `source: mlflow` (SPEC §9): what `mlflow.evaluate` / `mlflow.genai.evaluate` logged for the
 * version, read through the tracking server only. MLflow 3 links evaluation metrics to the logged
 * model behind a version (`model_version.model_id` → `logged-models/{id}`), each metric with the
 * dataset it was measured on; older versions have only the source run's metrics (`runs/get`).
 * Per-item samples come from the run's table artifact (mlflow.evaluate's eval_results_table.json,
 * written by MlflowClient.log_table as pandas "split" JSON: `{"columns": [...], "data": [[...]]}`).
 */
class MlflowSource {
    gate;
    constructor(gate) {
        this.gate = gate;
    }
    async read(version, side, ctx) {
        const { gate } = this;
        const registry = ctx.registry;
        if (!(registry instanceof _registry_mlflow_js__WEBPACK_IMPORTED_MODULE_2__/* .MlflowRegistry */ .r))
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .GateError */ .u(`gate '${gate.name}' reads source: mlflow, but the registry is ${registry.describe}`, 'use source: mlflow with an MLflow registry, or source: wandb for W&B');
        const who = `${side === 'champion' ? 'champion ' : ''}version ${version.version} of '${version.model}'`;
        let reading = version.modelId ? await this.fromLoggedModel(registry, version, who) : undefined;
        if (!reading)
            reading = await this.fromRun(registry, version, who);
        const result = {
            metrics: { [gate.metric]: reading.value },
            origin: reading.origin,
            dataset: reading.dataset,
            details: { mlflow: reading.from }
        };
        if (gate.table) {
            if (!reading.runId)
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .GateError */ .u(`${who} has no run to read the table '${gate.table.artifact}' from`, 'register the version from the run that ran mlflow.evaluate, or drop table: from the gate');
            const table = await readTable(registry, reading.runId, gate.table, version.model, ctx.http.options.maxResponseBytes);
            result.samples = { [gate.metric]: table.values };
            result.ids = table.ids;
            result.n = table.values.length;
            result.origin += `, table ${gate.table.artifact} (${table.values.length} rows)`;
        }
        return result;
    }
    /** The logged model's metric of this key (and dataset), or undefined to fall back to the run. */
    async fromLoggedModel(registry, version, who) {
        const { gate } = this;
        const model = await registry.getLoggedModel(version.modelId, version.model);
        const all = model.data?.metrics ?? [];
        const keyed = all.filter((m) => m.key === gate.metric);
        if (!keyed.length && !gate.dataset)
            return undefined;
        const want = gate.dataset;
        const matching = keyed.filter((m) => (!want?.name || m.dataset_name === want.name) &&
            (!want?.digest || m.dataset_digest === want.digest));
        const datasets = [...new Set(keyed.map((m) => dsLabel(m.dataset_name, m.dataset_digest)))];
        if (!matching.length)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .GateError */ .u(`logged model ${short(model.info.model_id)} of ${who} has no metric '${gate.metric}'` +
                (want ? ` on dataset ${dsLabel(want.name, want.digest)}` : '') +
                (datasets.length
                    ? ` (it has it on: ${datasets.join(', ')})`
                    : metricList(all.map((m) => m.key))), want
                ? 'set dataset: to one the evaluation used, or evaluate the version on that dataset'
                : "fix the gate's metric name, or log it with mlflow.evaluate(model_id=...)");
        const onDatasets = new Set(matching.map((m) => dsLabel(m.dataset_name, m.dataset_digest)));
        if (onDatasets.size > 1)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .GateError */ .u(`logged model ${short(model.info.model_id)} of ${who} has '${gate.metric}' on ${onDatasets.size} datasets ` +
                `(${[...onDatasets].join(', ')}), and the gate does not say which`, 'set dataset: {name: ..., digest: ...} on the gate');
        const latest = matching.reduce((a, b) => (b.step ?? 0) > (a.step ?? 0) ||
            ((b.step ?? 0) === (a.step ?? 0) && (b.timestamp ?? 0) >= (a.timestamp ?? 0))
            ? b
            : a);
        const where = `logged model ${short(model.info.model_id)} of ${who}`;
        const value = (0,_items_js__WEBPACK_IMPORTED_MODULE_3__/* .finiteValue */ .Rp)(latest.value, where, `metric '${gate.metric}'`, 'the evaluation logged no valid number; re-run it (NaN is never a pass)');
        const dataset = latest.dataset_name || latest.dataset_digest
            ? { name: latest.dataset_name, digest: latest.dataset_digest }
            : undefined;
        return {
            value,
            runId: latest.run_id || model.info.source_run_id || version.runId,
            dataset,
            from: {
                logged_model: model.info.model_id,
                run_id: latest.run_id ?? model.info.source_run_id
            },
            origin: `MLflow logged model ${short(model.info.model_id)}, metric ${gate.metric}` +
                (dataset ? `, dataset ${dsLabel(dataset.name, dataset.digest)}` : '')
        };
    }
    async fromRun(registry, version, who) {
        const { gate } = this;
        if (gate.dataset)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .GateError */ .u(`gate '${gate.name}' picks metrics by dataset, but ${who} has no logged model (MLflow 3) whose metrics name their dataset`, 'register the version from a logged model (mlflow.<flavor>.log_model in MLflow 3), or drop dataset: from the gate');
        if (!version.runId)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .GateError */ .u(`${who} has neither a logged model nor a run (it was registered from ${version.source ?? 'a path'}), so MLflow holds no metrics for it`, 'register the version from the run that ran mlflow.evaluate, or use another source');
        const facts = await registry.getRunFacts(version);
        if (!facts)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .GateError */ .u(`${who} has no run`, 'register the version from the run that ran mlflow.evaluate');
        if (!(gate.metric in facts.metrics))
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .GateError */ .u(`run ${short(facts.id)} of ${who} has no metric '${gate.metric}'${metricList(Object.keys(facts.metrics))}`, hint(gate.metric, Object.keys(facts.metrics)) ??
                "fix the gate's metric name, or log it in the run (mlflow.evaluate logs e.g. accuracy_score, exact_match/v1)");
        const value = (0,_items_js__WEBPACK_IMPORTED_MODULE_3__/* .finiteValue */ .Rp)(facts.metrics[gate.metric], `run ${short(facts.id)} of ${who}`, `metric '${gate.metric}'`, 'the run logged no valid number; re-run the evaluation (NaN is never a pass)');
        return {
            value,
            runId: facts.id,
            from: { run_id: facts.id, run_url: facts.url },
            origin: `MLflow run ${short(facts.id)}, metric ${gate.metric}`
        };
    }
}
/** The table artifact of a run as per-item values: one per row, keyed by the id column. */
async function readTable(registry, runId, table, model, maxBytes) {
    const artifact = table.artifact.replace(/^\/+/, '');
    const dir = node_path__WEBPACK_IMPORTED_MODULE_0___default().posix.dirname(artifact) === '.' ? '' : node_path__WEBPACK_IMPORTED_MODULE_0___default().posix.dirname(artifact);
    const files = await registry.listArtifacts(runId, dir, model);
    const entry = files.find((f) => f.path === artifact && !f.isDir);
    if (!entry) {
        const json = files.filter((f) => !f.isDir && f.path.endsWith('.json')).map((f) => f.path);
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .GateError */ .u(`run ${short(runId)} has no artifact '${artifact}'` +
            (json.length ? ` (JSON artifacts there: ${json.slice(0, 8).join(', ')})` : ' (none there)'), 'point table.artifact at the table mlflow.evaluate logged (eval_results_table.json), or drop table:');
    }
    if (entry.size !== undefined && entry.size > maxBytes)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .GateError */ .u(`artifact '${artifact}' of run ${short(runId)} is ${size(entry.size)}, ` +
            `over the ${size(maxBytes)} a response may have`, 'raise http.max_response_mb in the config, or log a smaller table');
    const text = await registry.getArtifactText(runId, artifact, model);
    return parseSplitTable(text, `artifact '${artifact}' of run ${short(runId)}`, table);
}
/**
 * pandas `DataFrame.to_json(orient="split")` as log_table writes it: `columns` and `data` (rows),
 * and `index` which is ignored. A cell may be a number, a string, a bool or null.
 */
function parseSplitTable(text, where, table) {
    let doc;
    try {
        doc = JSON.parse(text);
    }
    catch {
        // pandas writes NaN as null, but a hand-made file may carry a bare NaN.
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .GateError */ .u(`${where} is not JSON${/\bNaN\b/.test(text) ? ' (it holds a bare NaN)' : ''}`, 'log the table with mlflow.log_table (pandas "split" JSON)');
    }
    const o = doc;
    if (!o || !Array.isArray(o.columns) || !Array.isArray(o.data))
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .GateError */ .u(`${where} is not a table: expected pandas "split" JSON ({"columns": [...], "data": [[...]]}) as mlflow.log_table writes it`, 'point table.artifact at a table logged with mlflow.log_table or mlflow.evaluate');
    const columns = o.columns.map(String);
    const col = (name, role) => {
        const i = columns.indexOf(name);
        if (i < 0)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .GateError */ .u(`${where} has no ${role} column '${name}' (columns: ${(0,_format_js__WEBPACK_IMPORTED_MODULE_4__/* .clip */ .$Q)(columns.join(', '), 200)})`, `set table.${role === 'id' ? 'id_column' : role} to one of its columns` +
                (role === 'id' ? ' (add an id column to the evaluation data so items can be paired)' : ''));
        return i;
    };
    const idIdx = col(table.id_column, 'id');
    const scoreIdx = table.column !== undefined ? col(table.column, 'column') : -1;
    const predIdx = table.column === undefined && table.prediction ? col(table.prediction, 'prediction') : -1;
    const targetIdx = table.column === undefined && table.target ? col(table.target, 'target') : -1;
    if (scoreIdx < 0 && (predIdx < 0 || targetIdx < 0))
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .GateError */ .u(`gate table: needs column:, or prediction: and target:`, 'name the score column, or the prediction and target columns');
    const rows = o.data;
    const n = rows.length;
    if (!n)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .GateError */ .u(`${where} has no rows`, 'log the evaluation table with its rows');
    const ids = new Array(n);
    const values = new Array(n);
    const fix = 'every row needs an id and a numeric score (pandas writes a missing value as null)';
    for (let r = 0; r < n; r++) {
        const row = rows[r];
        if (!Array.isArray(row))
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .GateError */ .u(`${where}: row ${r + 1} is not a list of cells`, fix);
        const id = row[idIdx];
        if (typeof id !== 'string' && typeof id !== 'number')
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .GateError */ .u(`${where}: row ${r + 1} has no id in '${table.id_column}'`, fix);
        ids[r] = id;
        if (scoreIdx < 0)
            values[r] = sameCell(row[predIdx], row[targetIdx]);
        else {
            const cell = row[scoreIdx];
            // The row's description is built only for a cell that is not a plain number.
            values[r] =
                typeof cell === 'number' && Number.isFinite(cell)
                    ? cell
                    : (0,_items_js__WEBPACK_IMPORTED_MODULE_3__/* .finiteValue */ .Rp)(cell, where, `'${table.column}' of row ${r + 1} (id ${(0,_format_js__WEBPACK_IMPORTED_MODULE_4__/* .clip */ .$Q)(String(id), 60)})`, fix);
        }
    }
    (0,_items_js__WEBPACK_IMPORTED_MODULE_3__/* .requireUniqueIds */ .Zh)(ids, where, `each row needs its own '${table.id_column}'; de-duplicate the evaluation data`);
    return { ids, values };
}
function sameCell(a, b) {
    if (typeof a === 'string' && typeof b === 'string')
        return a.trim() === b.trim() ? 1 : 0;
    // A number target against a numeric string prediction ("1" vs 1) is still a match.
    const scalar = (v) => typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string' ? String(v) : undefined;
    return a === b || (scalar(a) !== undefined && scalar(a) === scalar(b)) ? 1 : 0;
}
function size(bytes) {
    return bytes >= 100 * 1024
        ? `${(bytes / 1024 / 1024).toFixed(1)} MB`
        : `${Math.ceil(bytes / 1024)} KB`;
}
function short(id) {
    return id.length > 10 ? `${id.slice(0, 8)}…` : id;
}
function dsLabel(name, digest) {
    return `${name ?? '(unnamed)'}@${digest ? short(digest) : '?'}`;
}
function metricList(keys) {
    return keys.length
        ? ` (it has: ${keys.slice(0, 12).join(', ')}${keys.length > 12 ? ', …' : ''})`
        : ' (it has no metrics)';
}
function hint(name, keys) {
    const near = (0,_nearest_js__WEBPACK_IMPORTED_MODULE_5__/* .nearest */ .p)(name, keys);
    return near.length ? `did you mean ${near.map((k) => `'${k}'`).join(' or ')}?` : undefined;
}


/***/ })

};
