export const id = 845;
export const ids = [845];
export const modules = {

/***/ 7845:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   LineageGate: () => (/* binding */ LineageGate)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);
/* harmony import */ var _registry_registry_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7936);
/* harmony import */ var _settings_lineage_keys_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8005);
/* harmony import */ var _gate_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6457);
/* harmony import */ var _format_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(6264);





/** The tags of the layered LLM scheme that tie an adapter to the base model it was trained on. */
const BASE_MODEL_KEYS = ['base_model', 'base_model_version'];
const needsRun = (ref) => ref.scope !== 'tag';
class LineageGate {
    config;
    exclusive = false;
    conditions = [];
    /** The config was checked when parsed (src/settings/lineage-keys.ts): keys, regexes, ranges. */
    constructor(config) {
        this.config = config;
        for (const c of config.require) {
            const ref = (0,_settings_lineage_keys_js__WEBPACK_IMPORTED_MODULE_2__/* .parseFactKey */ .$)(c.key);
            if (typeof ref === 'string')
                throw new Error(`unchecked lineage key: ${ref}`);
            const add = (check) => void this.conditions.push({ key: c.key, ref, check });
            const others = [c.equals, c.matches, c.min, c.max].some((v) => v !== undefined);
            if (c.present !== undefined)
                add({ kind: 'present', want: c.present });
            if (c.equals !== undefined)
                add({ kind: 'equals', want: c.equals });
            if (c.matches !== undefined)
                add({ kind: 'matches', re: new RegExp(c.matches) });
            if (c.min !== undefined || c.max !== undefined)
                add({ kind: 'range', min: c.min, max: c.max });
            if (c.equals_champion)
                add({ kind: 'equals_champion' });
            // A bare `{key: x}` asks for the fact to be there.
            if (c.present === undefined && !others && !c.equals_champion)
                add({ kind: 'present', want: true });
        }
    }
    async run(ctx) {
        const { config } = this;
        const base = { measure: 'lineage conditions held' };
        const { candidate } = ctx;
        const champion = ctx.champion;
        const rule = this.baseModelRule(candidate, champion);
        const conditions = [...this.conditions, ...rule.conditions];
        const cand = { label: `version ${candidate.version}`, version: candidate };
        if (conditions.some((c) => needsRun(c.ref)))
            Object.assign(cand, await readRun(ctx, cand));
        let champ = null;
        if (champion) {
            champ = { label: `champion version ${champion.version}`, version: champion };
            const compared = conditions.some((c) => c.check.kind === 'equals_champion' && needsRun(c.ref));
            if (compared)
                Object.assign(champ, champion.version === candidate.version
                    ? { run: cand.run, runError: cand.runError }
                    : await readRun(ctx, champ));
        }
        const rows = [
            ...conditions.map((c) => evaluate(c, cand, champ)),
            ...rule.rows
        ];
        const verdict = (0,_gate_js__WEBPACK_IMPORTED_MODULE_1__/* .worstVerdict */ .zP)(rows.map((r) => r.verdict));
        const held = rows.filter((r) => r.verdict === 'pass').length;
        const details = { conditions: rows };
        if (cand.run)
            details.run = runSummary(cand.run);
        if (champ?.run && champ.version.version !== candidate.version) {
            details.champion_run = runSummary(champ.run);
        }
        const extra = {
            ...base,
            value: held,
            threshold: `all ${rows.length}`,
            details,
            warnings: rule.warnings
        };
        if (verdict === 'pass') {
            const noChampion = !champion && conditions.some((c) => c.check.kind === 'equals_champion')
                ? ` (no '${ctx.settings.alias}' yet, so nothing to compare with the champion)`
                : '';
            return (0,_gate_js__WEBPACK_IMPORTED_MODULE_1__/* .resultFor */ .T2)(config, 'pass', `all ${rows.length} lineage condition${rows.length === 1 ? '' : 's'} hold${noChampion}`, extra);
        }
        const bad = rows.filter((r) => r.verdict !== 'pass');
        // Errors first: a fact that could not be read says more than one that was read and is wrong.
        bad.sort((a, b) => _gate_js__WEBPACK_IMPORTED_MODULE_1__/* .VERDICT_RANK */ .tG[b.verdict] - _gate_js__WEBPACK_IMPORTED_MODULE_1__/* .VERDICT_RANK */ .tG[a.verdict]);
        const errors = bad.filter((r) => r.verdict === 'error').length;
        const failed = bad.length - errors;
        const head = [
            failed ? `${failed} of ${rows.length} lineage conditions failed` : '',
            errors ? `${errors} could not be checked` : ''
        ]
            .filter(Boolean)
            .join(', ');
        const shown = bad.slice(0, 5).map((r) => r.message);
        const more = bad.length > shown.length ? ` (and ${bad.length - shown.length} more)` : '';
        return (0,_gate_js__WEBPACK_IMPORTED_MODULE_1__/* .resultFor */ .T2)(config, verdict, `${head}: ${shown.join('; ')}${more}`, extra);
    }
    /**
     * The layered scheme's invariant: an adapter only makes sense on the base model it was trained
     * on, so a candidate that changes base_model / base_model_version against the champion fails
     * unless the config says the change is intended. Explicit conditions on the same key win. With
     * allow_base_change the base model is still reported (and a change warned), for the receipt.
     */
    baseModelRule(candidate, champion) {
        const out = {
            conditions: [],
            rows: [],
            warnings: []
        };
        for (const key of BASE_MODEL_KEYS) {
            const c = nonEmpty(candidate.tags[key]);
            const b = champion ? nonEmpty(champion.tags[key]) : undefined;
            if (c === undefined && b === undefined)
                continue;
            if (this.config.allow_base_change) {
                const changed = champion !== null && c !== b;
                const message = changed
                    ? `${key} changes from ${show(b)} (champion version ${champion.version}) to ${show(c)} (allowed by allow_base_change)`
                    : `${key} is ${show(c)}${champion ? ', as on the champion' : ''}`;
                if (changed)
                    out.warnings.push(message);
                out.rows.push({
                    key,
                    condition: 'may differ from champion (allow_base_change)',
                    saw: c ?? null,
                    ...(champion ? { champion: b ?? null } : {}),
                    verdict: 'pass',
                    message,
                    implicit: true
                });
                continue;
            }
            const explicit = this.conditions.some((x) => x.check.kind === 'equals_champion' && x.ref.scope === 'tag' && x.ref.name === key);
            if (explicit)
                continue;
            out.conditions.push({
                key,
                ref: { scope: 'tag', name: key },
                check: {
                    kind: 'equals_champion',
                    hint: 'set allow_base_change: true on this gate if the new base model is intended'
                },
                implicit: true
            });
        }
        return out;
    }
}
async function readRun(ctx, side) {
    const registry = ctx.registry;
    if (!(0,_registry_registry_js__WEBPACK_IMPORTED_MODULE_3__/* .canReadRuns */ .N)(registry))
        return {
            runError: `${registry.describe} cannot read training runs, so run.* conditions cannot be checked`
        };
    let facts;
    try {
        facts = await registry.getRunFacts(side.version);
    }
    catch (err) {
        return { runError: `the source run of ${side.label} could not be read: ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .describeError */ .U)(err)}` };
    }
    if (!facts)
        return { runError: `${side.label} has no source run` };
    if (facts.deleted)
        return {
            runError: `the source run ${facts.id} of ${side.label} is deleted, so its lineage cannot be checked`
        };
    return { run: facts };
}
function lookup(ref, side) {
    switch (ref.scope) {
        case 'tag':
            return own(side.version.tags, ref.name);
        case 'run.param':
            return side.run && own(side.run.params, ref.name);
        case 'run.metric':
            return side.run && own(side.run.metrics, ref.name);
        case 'run.tag':
            return side.run && own(side.run.tags, ref.name);
        case 'run.status':
            return side.run?.status;
    }
}
function own(rec, key) {
    return Object.prototype.hasOwnProperty.call(rec, key) ? rec[key] : undefined;
}
function evaluate(c, cand, champ) {
    const condition = describeCheck(c.check);
    const row = (verdict, message, saw, extra = {}) => ({
        key: c.key,
        condition,
        saw: sawOf(saw),
        ...extra,
        verdict,
        message,
        ...(c.implicit ? { implicit: true } : {})
    });
    if (needsRun(c.ref) && cand.runError)
        return row('error', cand.runError, undefined);
    const v = lookup(c.ref, cand);
    const k = c.key;
    const check = c.check;
    switch (check.kind) {
        case 'present': {
            const there = isPresent(v);
            if (there === check.want)
                return row('pass', there ? `${k} is ${show(v)}` : `${k} is absent, as required`, v);
            return row('fail', there ? `${k} is ${show(v)} but must be absent` : `${k} is ${absentWord(v)}`, v);
        }
        case 'equals': {
            const want = check.want;
            if (!isPresent(v))
                return row('fail', `${k} is ${absentWord(v)}, expected ${show(want)}`, v);
            let same;
            if (typeof want === 'number' || typeof v === 'number') {
                const a = toNumber(v);
                const b = toNumber(want);
                if (a === undefined)
                    return row('fail', `${k} is ${show(v)}, not a number`, v);
                same = a === b;
            }
            else if (typeof want === 'boolean') {
                same = String(v).trim().toLowerCase() === String(want);
            }
            else
                same = v === want;
            return same
                ? row('pass', `${k} is ${show(v)}`, v)
                : row('fail', `${k} is ${show(v)}, expected ${show(want)}`, v);
        }
        case 'matches': {
            if (!isPresent(v))
                return row('fail', `${k} is ${absentWord(v)}, expected to match`, v);
            return check.re.test(String(v))
                ? row('pass', `${k} ${show(v)} matches /${check.re.source}/`, v)
                : row('fail', `${k} ${show(v)} does not match /${check.re.source}/`, v);
        }
        case 'range': {
            if (!isPresent(v))
                return row('fail', `${k} is ${absentWord(v)}, expected ${condition}`, v);
            const x = toNumber(v);
            if (x === undefined)
                return row('fail', `${k} is ${show(v)}, not a number`, v);
            if (check.min !== undefined && x < check.min)
                return row('fail', `${k} ${(0,_format_js__WEBPACK_IMPORTED_MODULE_4__/* .near */ .Zh)(x, check.min)} is below the minimum ${(0,_format_js__WEBPACK_IMPORTED_MODULE_4__/* .exact */ .e0)(check.min)}`, v);
            if (check.max !== undefined && x > check.max)
                return row('fail', `${k} ${(0,_format_js__WEBPACK_IMPORTED_MODULE_4__/* .near */ .Zh)(x, check.max)} is above the maximum ${(0,_format_js__WEBPACK_IMPORTED_MODULE_4__/* .exact */ .e0)(check.max)}`, v);
            return row('pass', `${k} ${(0,_format_js__WEBPACK_IMPORTED_MODULE_4__/* .fmt */ .Sc)(x)} meets ${condition}`, v);
        }
        case 'equals_champion': {
            if (!champ)
                return row('pass', `no champion yet: ${k} ${show(v)} is not compared`, v);
            if (needsRun(c.ref) && champ.runError)
                return row('error', champ.runError, v);
            const b = lookup(c.ref, champ);
            const extra = { champion: sawOf(b) };
            const cv = isPresent(v) ? v : undefined;
            const bv = isPresent(b) ? b : undefined;
            const same = typeof cv === 'number' && typeof bv === 'number' ? cv === bv : String(cv) === String(bv);
            const champName = `champion version ${champ.version.version}`;
            if (same)
                return row('pass', cv === undefined
                    ? `${k} is absent on both the candidate and ${champName}`
                    : `${k} ${show(cv)} matches ${champName}`, v, extra);
            return row('fail', `${k} ${show(cv)} differs from ${champName}'s ${show(bv)}` +
                (check.hint ? ` (${check.hint})` : ''), v, extra);
        }
    }
}
function describeCheck(check) {
    switch (check.kind) {
        case 'present':
            return check.want ? 'present' : 'absent';
        case 'equals':
            return `= ${typeof check.want === 'string' ? JSON.stringify(check.want) : String(check.want)}`;
        case 'matches':
            return `matches /${check.re.source}/`;
        case 'range':
            return [
                check.min !== undefined ? `≥ ${(0,_format_js__WEBPACK_IMPORTED_MODULE_4__/* .exact */ .e0)(check.min)}` : '',
                check.max !== undefined ? `≤ ${(0,_format_js__WEBPACK_IMPORTED_MODULE_4__/* .exact */ .e0)(check.max)}` : ''
            ]
                .filter(Boolean)
                .join(' and ');
        case 'equals_champion':
            return '= champion';
    }
}
/** An empty tag value records nothing, so it counts as absent. */
function isPresent(v) {
    return v !== undefined && (typeof v === 'number' || v.trim() !== '');
}
function nonEmpty(v) {
    return isPresent(v) ? v : undefined;
}
function absentWord(v) {
    return v === undefined ? 'absent' : 'empty';
}
function toNumber(v) {
    if (typeof v === 'number')
        return Number.isFinite(v) ? v : undefined;
    if (typeof v === 'boolean')
        return undefined;
    const s = v.trim();
    if (s === '')
        return undefined;
    const n = Number(s);
    return Number.isFinite(n) ? n : undefined;
}
/** Rounded for reading, unless rounding would make it look equal to the limit it missed. */
/** JSON has no NaN: a non-finite metric is kept as its text so the receipt still shows it. */
function sawOf(v) {
    if (v === undefined)
        return null;
    if (typeof v === 'number' && !Number.isFinite(v))
        return String(v);
    return v;
}
function show(v) {
    if (v === undefined)
        return 'absent';
    if (typeof v === 'number')
        return (0,_format_js__WEBPACK_IMPORTED_MODULE_4__/* .fmt */ .Sc)(v);
    if (typeof v === 'boolean')
        return String(v);
    const s = v.length > 120 ? `${v.slice(0, 117)}…` : v;
    return `'${s}'`;
}
function runSummary(run) {
    return { id: run.id, url: run.url, status: run.status };
}


/***/ })

};
