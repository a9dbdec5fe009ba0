export const id = 649;
export const ids = [649];
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

/***/ 9649:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   WandbSource: () => (/* binding */ WandbSource)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);
/* harmony import */ var _nearest_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7909);
/* harmony import */ var _registry_registry_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7936);
/* harmony import */ var _items_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(137);




/**
 * `source: wandb` (SPEC §9): a key of the summary metrics of the run that logged the version
 * (`run.summary["eval/accuracy"]`, or a dot path into a nested summary: `eval.accuracy`). The W&B
 * registry already reads that run (GateRunSummary); this only picks the value out of it.
 */
class WandbSource {
    gate;
    constructor(gate) {
        this.gate = gate;
    }
    async read(version, side, ctx) {
        const { gate } = this;
        const label = side === 'champion' ? `champion ${version.version}` : version.version;
        if (ctx.registry.kind !== 'wandb' || !(0,_registry_registry_js__WEBPACK_IMPORTED_MODULE_2__/* .canReadRuns */ .N)(ctx.registry))
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .GateError */ .u(`gate '${gate.name}' reads source: wandb, but the registry is ${ctx.registry.describe}`, 'use source: wandb with registry type wandb, or source: mlflow for an MLflow registry');
        const facts = await ctx.registry.getRunFacts(version);
        if (!facts)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .GateError */ .u(`${version.model}:${label} was not logged by a run, so it has no run summary to read '${gate.metric}' from`, 'log the artifact from the evaluation run (run.log_artifact / run.link_model), or use another source');
        const summary = facts.summary ?? {};
        const where = `the summary of W&B run ${facts.id} (${version.model}:${label})`;
        const raw = lookup(summary, gate.metric);
        if (raw === undefined) {
            const keys = Object.keys(facts.metrics);
            const hint = (0,_nearest_js__WEBPACK_IMPORTED_MODULE_3__/* .nearest */ .p)(gate.metric, keys);
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .GateError */ .u(`${where} has no '${gate.metric}'` +
                (keys.length
                    ? ` (it has: ${keys.slice(0, 12).join(', ')}${keys.length > 12 ? ', …' : ''})`
                    : ''), hint.length
                ? `did you mean ${hint.map((h) => `'${h}'`).join(' or ')}?`
                : "log it with run.summary[...] (or wandb.log) in the evaluation run, or fix the gate's metric");
        }
        if (raw && typeof raw === 'object' && '_type' in raw)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .GateError */ .u(`${where}: '${gate.metric}' is a ${String(raw._type)}, not a number`, 'point the gate at a numeric summary key');
        const value = (0,_items_js__WEBPACK_IMPORTED_MODULE_1__/* .finiteValue */ .Rp)(raw, where, `'${gate.metric}'`, 'log a finite number for it (NaN is never a pass)');
        return {
            metrics: { [gate.metric]: value },
            origin: `W&B run ${facts.id}, summary ${gate.metric}`,
            details: facts.url ? { run_url: facts.url } : undefined
        };
    }
}
/** A summary key as written ("eval/accuracy", "eval.accuracy"), else a dot path into nested dicts. */
function lookup(summary, key) {
    if (key in summary)
        return summary[key];
    const parts = key.split('.');
    // Try the longest key prefix first: W&B keys may themselves contain dots.
    for (let i = parts.length - 1; i >= 1; i--) {
        const head = parts.slice(0, i).join('.');
        const v = summary[head];
        if (v && typeof v === 'object' && !Array.isArray(v)) {
            const found = lookup(v, parts.slice(i).join('.'));
            if (found !== undefined)
                return found;
        }
    }
    return undefined;
}


/***/ })

};
