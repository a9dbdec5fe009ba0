export const id = 807;
export const ids = [807];
export const modules = {

/***/ 3807:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   RegressionGate: () => (/* binding */ RegressionGate),
/* harmony export */   applyHolm: () => (/* binding */ applyHolm)
/* harmony export */ });
/* unused harmony exports DEFAULT_SEED, MIN_CLUSTERS */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);
/* harmony import */ var _stats_mcnemar_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(848);
/* harmony import */ var _stats_paired_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8725);
/* harmony import */ var _metric_items_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(137);
/* harmony import */ var _metric_source_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3624);
/* harmony import */ var _metric_result_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(8084);
/* harmony import */ var _gate_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(6457);
/* harmony import */ var _format_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(6264);








/**
 * `regression`: the candidate may be worse than the champion by at most `max_drop`
 * (non-inferiority, SPEC §5). The champion is re-evaluated now through the named metric gate's
 * source rather than trusting an old number. With per-item samples on both sides the items are
 * paired by id: McNemar and Newcombe's interval for 0/1 samples, a seeded paired (or cluster)
 * bootstrap otherwise. Without samples, Newcombe's interval for two independent proportions when
 * both sides give n, and `inconclusive` (never a pass) when they do not.
 *
 * The verdict is what the interval says. `on_inconclusive` is carried beside it as `policy` and
 * read only by src/verdict.ts, for the step and the check conclusion (issue 14 point 3).
 */
/** Used when the config gives no seed; recorded in the receipt either way. */
const DEFAULT_SEED = 20_261_126;
/**
 * Below this many clusters a clustered comparison is `inconclusive` at best. The cluster bootstrap
 * and the cluster-robust t-interval both lean on the clusters being many; with 0/1 samples in
 * 20 clusters the percentile cluster bootstrap passed 7.0 % of runs at Δ = −max_drop (issue 21
 * point 4). bench/calibration-audit.ts `clusters` measures the interval used here against the
 * cluster count; bench/RESULTS-regression.md has the figures that set this value.
 */
const MIN_CLUSTERS = 10;
class RegressionGate {
    config;
    of;
    exclusive = false;
    last;
    constructor(config, of) {
        this.config = config;
        this.of = of;
    }
    get higherIsBetter() {
        const { of } = this;
        return this.config.higher_is_better ?? !(of.max !== undefined && of.min === undefined);
    }
    async run(ctx) {
        const { config, of } = this;
        const base = { measure: `Δ ${of.metric}`, threshold: `Δ > −${config.max_drop}` };
        this.last = undefined;
        if (!ctx.champion)
            return (0,_gate_js__WEBPACK_IMPORTED_MODULE_5__/* .resultFor */ .T2)(config, 'pass', `no '${ctx.settings.alias}' yet: first promotion, nothing to regress against`, base);
        if (ctx.champion.version === ctx.candidate.version)
            return (0,_gate_js__WEBPACK_IMPORTED_MODULE_5__/* .resultFor */ .T2)(config, 'pass', `the candidate is already the champion`, {
                ...base,
                value: 0
            });
        const party = (0,_metric_source_js__WEBPACK_IMPORTED_MODULE_3__/* .sourceParty */ .Y)(of);
        const championParty = (0,_metric_source_js__WEBPACK_IMPORTED_MODULE_3__/* .readingParty */ .J)(of, 'champion', ctx.champion);
        let candResult;
        let champResult;
        let cand;
        let champ;
        try {
            ;
            [candResult, champResult] = (0,_metric_items_js__WEBPACK_IMPORTED_MODULE_2__/* .answeredOnBoth */ .K)(...(await Promise.all([
                ctx.evaluations.get(of, ctx.candidate, ctx),
                ctx.evaluations.get(of, ctx.champion, ctx)
            ])), of.metric);
            cand = (0,_metric_result_js__WEBPACK_IMPORTED_MODULE_4__/* .metricValue */ .a)(candResult, of.metric, party);
            champ = (0,_metric_result_js__WEBPACK_IMPORTED_MODULE_4__/* .metricValue */ .a)(champResult, of.metric, championParty);
            // Different dataset digests are always an error; differing id sets too, unless max_missing
            // lets `pair` count up to that many missing items against the candidate.
            if (config.max_missing === 0)
                (0,_metric_items_js__WEBPACK_IMPORTED_MODULE_2__/* .sameItems */ .Hb)(candResult, champResult, ctx.champion.version);
            else
                (0,_metric_items_js__WEBPACK_IMPORTED_MODULE_2__/* .sameItems */ .Hb)({ ...candResult, ids: undefined }, { ...champResult, ids: undefined }, ctx.champion.version);
        }
        catch (err) {
            return (0,_gate_js__WEBPACK_IMPORTED_MODULE_5__/* .resultFor */ .T2)(config, 'error', (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .describeError */ .U)(err), base);
        }
        const common = {
            candidate: cand,
            champion: champ,
            champion_version: ctx.champion.version,
            higher_is_better: this.higherIsBetter,
            origin: { candidate: candResult.origin, champion: champResult.origin }
        };
        const candSamples = candResult.samples?.[of.metric];
        const champSamples = champResult.samples?.[of.metric];
        if (!candSamples || !champSamples || !candResult.ids || !champResult.ids) {
            const missing = !candSamples || !candResult.ids ? 'candidate' : 'champion';
            return this.measure(this.unpaired({ value: cand, n: candResult.n }, { value: champ, n: champResult.n }, ctx.champion.version, base, common, `the ${missing}'s result has no per-item samples with ids`));
        }
        let pairing;
        try {
            pairing = this.pair({ ids: candResult.ids, values: numbers(candSamples, party), clusters: candResult.clusters }, {
                ids: champResult.ids,
                values: numbers(champSamples, championParty),
                clusters: champResult.clusters
            });
        }
        catch (err) {
            return (0,_gate_js__WEBPACK_IMPORTED_MODULE_5__/* .resultFor */ .T2)(config, 'error', (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .describeError */ .U)(err), base);
        }
        return this.measure(this.paired(pairing, base, common));
    }
    /**
     * The one place the two results are matched item by item, and so where any check that both
     * evaluations ran on the same items belongs, before a statistic sees the pairs.
     *
     * An item only one result holds is never dropped silently (issue 21 point 2: a candidate that
     * left out its own misses would look better on the intersection). Up to `max_missing` (default
     * 0) such items count against the candidate by worst-case imputation (`completeWorstCase`);
     * more make the gate an error.
     */
    pair(candidate, champion) {
        const first = (0,_stats_paired_js__WEBPACK_IMPORTED_MODULE_1__/* .pairByIds */ .WL)(candidate, champion);
        // championOnly: items the candidate's result lacks; candidateOnly: the champion's.
        const missing = { candidate: first.championOnly, champion: first.candidateOnly };
        const total = missing.candidate + missing.champion;
        if (total === 0)
            return { paired: first, missing, imputed: null };
        const max = this.config.max_missing;
        if (total > max)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .GateError */ .u(`the candidate's result has ${candidate.ids.length} items and the champion's ` +
                `${champion.ids.length}: ${missing.candidate} are missing from the candidate and ` +
                `${missing.champion} from the champion, and max_missing: ${max} allows ` +
                `${max === 0 ? 'none' : `at most ${max}`}`, 'evaluate both versions on the same items, or raise max_missing to count that many ' +
                'missing items against the candidate (worst-case imputation)');
        // The worst value a 0/1 metric can take; for other metrics the worst value observed on
        // either side (the metric's own range may go further, so this is a lower bound on the harm).
        // One loop, no spread: 100,000 values as arguments overflow the call stack.
        const binary = isBinary(candidate.values) && isBinary(champion.values);
        let lowest = binary ? 0 : Infinity;
        let highest = binary ? 1 : -Infinity;
        if (!binary)
            for (const side of [candidate.values, champion.values])
                for (let i = 0; i < side.length; i++) {
                    if (side[i] < lowest)
                        lowest = side[i];
                    if (side[i] > highest)
                        highest = side[i];
                }
        const worst = this.higherIsBetter ? lowest : highest;
        const best = this.higherIsBetter ? highest : lowest;
        const completed = (0,_stats_paired_js__WEBPACK_IMPORTED_MODULE_1__/* .completeWorstCase */ .d6)(candidate, champion, worst, best);
        return {
            paired: (0,_stats_paired_js__WEBPACK_IMPORTED_MODULE_1__/* .pairByIds */ .WL)(completed.candidate, completed.champion),
            missing,
            imputed: { worst, best }
        };
    }
    /** Judges and renders a measurement, keeping it for `rejudge`. */
    async measure(m) {
        if (!('judge' in m))
            return m;
        this.last = m;
        return m.render(await m.judge(this.config.confidence));
    }
    /**
     * Re-judge the last measurement at another confidence level (Holm's correction across several
     * regression gates). Returns undefined when the last run measured no interval.
     */
    async rejudge(level, capAtInconclusive) {
        if (!this.last)
            return undefined;
        const result = this.last.render(await this.last.judge(level));
        result.details = { ...result.details, correction: 'holm', corrected_confidence: level };
        result.message += ` (Holm-corrected confidence ${(0,_format_js__WEBPACK_IMPORTED_MODULE_6__/* .fmt */ .Sc)(level * 100)}%)`;
        if (capAtInconclusive && result.verdict === 'pass') {
            result.verdict = 'inconclusive';
            result.message +=
                '; an earlier gate in Holm order did not pass, so this one cannot' +
                    inconclusivePolicyText(this.config);
        }
        return result;
    }
    paired(pairing, base, common) {
        const { config } = this;
        const { paired, missing, imputed } = pairing;
        const higherIsBetter = this.higherIsBetter;
        const clusters = paired.clusterCount;
        const binary = isBinary(paired.candidate) && isBinary(paired.champion);
        const judge = async (level) => {
            let raw;
            let mde;
            let method;
            let details;
            if (binary && clusters === undefined) {
                const r = (0,_stats_paired_js__WEBPACK_IMPORTED_MODULE_1__/* .pairedDifferenceCI01 */ .o$)(paired.candidate, paired.champion, level);
                raw = r;
                method = 'paired 0/1: Newcombe hybrid score interval, McNemar test';
                mde = (0,_stats_paired_js__WEBPACK_IMPORTED_MODULE_1__/* .minimumDetectableEffect */ .nv)({
                    n: r.n,
                    discordant: r.table.b + r.table.c,
                    confidence: level
                });
                details = {
                    table: r.table,
                    discordant_rate: r.discordantRate,
                    mcnemar: { b: r.mcnemar.b, c: r.mcnemar.c, p: r.mcnemar.p, method: r.mcnemar.method }
                };
            }
            else {
                // BCa, for skewed differences (rare, large losses), and the t-interval with units − 1
                // degrees of freedom, for few units: the wider of the two at each end.
                const seed = config.seed ?? DEFAULT_SEED;
                const r = await (0,_stats_paired_js__WEBPACK_IMPORTED_MODULE_1__/* .pairedBootstrap */ .Wx)(paired.candidate, paired.champion, {
                    resamples: config.resamples,
                    seed,
                    confidence: level,
                    clusters: paired.clusters,
                    interval: 'robust'
                });
                raw = r;
                method = `${r.method === 'cluster-bootstrap' ? 'cluster' : 'paired'} bootstrap (BCa ∪ t)`;
                mde = (0,_stats_paired_js__WEBPACK_IMPORTED_MODULE_1__/* .minimumDetectableEffect */ .nv)({ se: Math.max(r.se, r.t?.se ?? 0), confidence: level });
                // Enough to recompute the interval: the seed and the draws' algorithm (src/stats/resample.ts).
                details = {
                    seed,
                    resamples: r.resamples,
                    se: r.se,
                    units: r.units,
                    percentile: r.percentile,
                    bca: r.bca,
                    t: r.t,
                    generator: 'xoshiro256** (SplitMix64 seeding, 250 resamples per stream)',
                    engine: r.engine
                };
            }
            const ci = (0,_stats_paired_js__WEBPACK_IMPORTED_MODULE_1__/* .orient */ .sh)(raw, higherIsBetter);
            return {
                ci,
                level,
                method,
                n: paired.paired,
                mde,
                pNonInferiority: pOf(ci, level, config.max_drop),
                details
            };
        };
        const render = (j) => {
            const warnings = [];
            const total = missing.candidate + missing.champion;
            if (imputed)
                warnings.push(`${total} items were in only one result and were counted against the candidate ` +
                    `(${missing.candidate} missing from the candidate scored ${(0,_format_js__WEBPACK_IMPORTED_MODULE_6__/* .fmt */ .Sc)(imputed.worst)}, ` +
                    `${missing.champion} missing from the champion scored ${(0,_format_js__WEBPACK_IMPORTED_MODULE_6__/* .fmt */ .Sc)(imputed.best)})`);
            const few = clusters !== undefined && clusters < MIN_CLUSTERS
                ? `only ${clusters} clusters: an interval over fewer than ${MIN_CLUSTERS} clusters is ` +
                    'not trusted, so the gate cannot pass or fail'
                : undefined;
            return this.render(j, base, {
                warnings,
                holdBack: few,
                details: {
                    ...common,
                    paired: paired.paired,
                    candidate_only: missing.champion,
                    champion_only: missing.candidate,
                    ...(imputed ? { imputed: { ...missing, ...imputed } } : {}),
                    ...(clusters !== undefined ? { clusters } : {})
                }
            });
        };
        return { judge, render };
    }
    /**
     * Without per-item samples (issue 21 point 1): Newcombe's interval for two independent
     * proportions when both results give n and both values are in [0, 1]. Otherwise there is no
     * interval, and the verdict is `inconclusive`: a bare difference of two numbers cannot tell a
     * regression from noise, so it can never pass.
     */
    unpaired(cand, champ, championVersion, base, common, why) {
        const { config, of } = this;
        const delta = (this.higherIsBetter ? 1 : -1) * (cand.value - champ.value);
        const warnings = [
            `${why}: the two evaluations are compared as if independent, which cannot use the pairing ` +
                'of items; return per-item samples with ids to get a paired test'
        ];
        const intro = `${of.metric} ${(0,_format_js__WEBPACK_IMPORTED_MODULE_6__/* .fmt */ .Sc)(cand.value)} vs champion version ${championVersion} ` +
            `${(0,_format_js__WEBPACK_IMPORTED_MODULE_6__/* .fmt */ .Sc)(champ.value)}: Δ ${(0,_format_js__WEBPACK_IMPORTED_MODULE_6__/* .fmt */ .Sc)(delta)}`;
        let cannot;
        const noN = [cand.n === undefined ? 'candidate' : '', champ.n === undefined ? 'champion' : '']
            .filter(Boolean)
            .map((side) => `the ${side}'s`);
        if (noN.length)
            cannot =
                `${noN.join(' and ')} ${noN.length > 1 ? 'results give' : 'result gives'} no n, so the ` +
                    'difference has no interval and cannot pass';
        else if (![cand.value, champ.value].every((v) => v >= 0 && v <= 1))
            cannot =
                `a value is outside [0, 1]: without per-item samples only a proportion (or a mean of ` +
                    'scores in [0, 1]) over n items has an interval, so the difference cannot pass';
        else if (![cand.n, champ.n].every((n) => Number.isInteger(n) && n >= 1))
            cannot = `n must be a whole number of items ≥ 1, so the difference has no interval`;
        if (cannot)
            return (0,_gate_js__WEBPACK_IMPORTED_MODULE_5__/* .resultFor */ .T2)(config, 'inconclusive', `${intro}, but ${cannot}${inconclusivePolicyText(config)}`, {
                ...base,
                value: delta,
                policy: config.on_inconclusive,
                warnings,
                details: { ...common, method: 'unpaired point estimate', why }
            });
        const n1 = cand.n;
        const n2 = champ.n;
        const judge = (level) => {
            const raw = (0,_stats_paired_js__WEBPACK_IMPORTED_MODULE_1__/* .newcombeUnpairedCI */ .pU)(cand.value, n1, champ.value, n2, level);
            const ci = (0,_stats_paired_js__WEBPACK_IMPORTED_MODULE_1__/* .orient */ .sh)(raw, this.higherIsBetter);
            const z = (0,_stats_mcnemar_js__WEBPACK_IMPORTED_MODULE_7__/* .normalQuantile */ .Zl)(1 - (1 - level) / 2);
            const se = (raw.high - raw.low) / (2 * z);
            return Promise.resolve({
                ci,
                level,
                method: 'unpaired: Newcombe hybrid score interval for two independent proportions',
                n: Math.min(n1, n2),
                mde: (0,_stats_paired_js__WEBPACK_IMPORTED_MODULE_1__/* .minimumDetectableEffect */ .nv)({ se, confidence: level }),
                pNonInferiority: pOf(ci, level, config.max_drop),
                details: { n_candidate: n1, n_champion: n2 }
            });
        };
        const render = (j) => this.render(j, base, { warnings, details: { ...common, why } });
        return { judge, render };
    }
    /** One result from a judged interval: the verdict it reads, and what n would settle it. */
    render(j, base, extra) {
        const { config, of } = this;
        const measured = (0,_stats_paired_js__WEBPACK_IMPORTED_MODULE_1__/* .nonInferiority */ .k4)(j.ci, config.max_drop);
        const verdict = extra.holdBack ? 'inconclusive' : measured;
        const needed = samplesNeeded(j.n, j.mde, config.max_drop);
        const warnings = [...extra.warnings];
        // Δ and its interval at the precision the interval supports (src/format.ts).
        const shown = (0,_format_js__WEBPACK_IMPORTED_MODULE_6__/* .fmtInterval */ .XB)(j.ci.estimate, j.ci.low, j.ci.high, -config.max_drop);
        const interval = `[${shown.low}, ${shown.high}]`;
        const reading = measured === 'pass'
            ? `its lower bound is above −${config.max_drop}`
            : measured === 'fail'
                ? `its upper bound is below −${config.max_drop}: a real regression`
                : `it straddles −${config.max_drop}: the data cannot tell`;
        let tail;
        if (verdict === 'inconclusive') {
            if (j.mde > config.max_drop)
                warnings.push(`this eval set is too small to detect a regression of ${config.max_drop}: the minimum ` +
                    `detectable effect at n=${j.n} is ${(0,_format_js__WEBPACK_IMPORTED_MODULE_6__/* .fmt */ .Sc)(j.mde)} (80% power)`);
            tail =
                (extra.holdBack ? `; but ${extra.holdBack}` : '') +
                    `. inconclusive: ${count(j.n)} items detect a drop of ${(0,_format_js__WEBPACK_IMPORTED_MODULE_6__/* .fmt */ .Sc)(j.mde)} at most` +
                    (needed === null
                        ? '; no number of items detects a drop of 0'
                        : needed > j.n
                            ? `; about ${count(needed)} are needed`
                            : `; the true Δ is close to −${config.max_drop}, and more items narrow the interval`) +
                    inconclusivePolicyText(config);
        }
        else
            tail = needed === null ? '' : `; about ${count(needed)} items would detect ${config.max_drop}`;
        return (0,_gate_js__WEBPACK_IMPORTED_MODULE_5__/* .resultFor */ .T2)(config, verdict, `Δ ${of.metric} ${shown.value}, ${(0,_format_js__WEBPACK_IMPORTED_MODULE_6__/* .pct */ .Oe)(j.level)} CI ${interval} (${j.method}, n=${j.n}): ${reading}${tail}`, {
            ...base,
            value: j.ci.estimate,
            ci: { low: j.ci.low, high: j.ci.high, level: j.level },
            n: j.n,
            policy: config.on_inconclusive,
            warnings,
            details: {
                ...extra.details,
                method: j.method,
                minimum_detectable_effect: j.mde,
                samples_needed: needed,
                p_noninferiority: j.pNonInferiority,
                ...j.details
            }
        });
    }
}
/**
 * About how many items would detect a drop of `maxDrop` with 80 % power: the MDE shrinks as
 * 1/√n, so n·(MDE/max_drop)². null for max_drop 0, which no n detects.
 */
function samplesNeeded(n, mde, maxDrop) {
    if (!(maxDrop > 0))
        return null;
    return Math.max(1, Math.ceil(n * (mde / maxDrop) ** 2));
}
/** What `on_inconclusive` does with an inconclusive verdict, as the message says it. */
function inconclusivePolicyText(config) {
    switch (config.on_inconclusive) {
        case 'pass':
            return '; on_inconclusive: pass lets it through';
        case 'neutral':
            return '; on_inconclusive: neutral fails promote and gives a PR check a neutral conclusion';
        default:
            return '; on_inconclusive: fail fails the step';
    }
}
/** Normal approximation from the interval's width, only to order gates for Holm. */
function pOf(ci, level, maxDrop) {
    const z = (0,_stats_mcnemar_js__WEBPACK_IMPORTED_MODULE_7__/* .normalQuantile */ .Zl)(1 - (1 - level) / 2);
    const se = (ci.high - ci.low) / (2 * z) || Number.EPSILON;
    return 1 - (0,_stats_mcnemar_js__WEBPACK_IMPORTED_MODULE_7__/* .normalCdf */ .vr)((ci.estimate + maxDrop) / se);
}
function count(n) {
    return n.toLocaleString('en-US');
}
/**
 * Holm–Bonferroni across several regression gates (`regression_correction: holm`): walk them from
 * the smallest non-inferiority p-value up, judge the k-th of m at 1 − α/(m − k + 1), and stop
 * passing at the first that does not pass.
 */
async function applyHolm(gates, results) {
    // The p-value comes from each gate's recorded result, not from state kept on the gate: a gate
    // that timed out is recorded as an error (its run may finish later and set that state), and
    // must stay an error rather than be re-judged into a pass.
    const pOf = (g) => {
        const r = results.get(g);
        const p = r?.details?.p_noninferiority;
        return r && r.verdict !== 'error' && typeof p === 'number' ? p : undefined;
    };
    const judged = gates.filter((g) => pOf(g) !== undefined);
    if (judged.length < 2)
        return;
    const m = judged.length;
    const order = [...judged].sort((a, b) => (pOf(a) ?? 1) - (pOf(b) ?? 1));
    let blocked = false;
    for (let k = 0; k < m; k++) {
        const gate = order[k];
        const alpha = 1 - gate.config.confidence;
        const result = await gate.rejudge(1 - alpha / (m - k), blocked);
        if (!result)
            continue;
        results.set(gate, result);
        if (result.verdict !== 'pass')
            blocked = true;
    }
}
function numbers(values, party) {
    return values.map((v, i) => {
        if (typeof v !== 'number' || !Number.isFinite(v))
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .GateError */ .u(`${party} returned a per-item sample #${i} that is not a finite number`, 'samples must be JSON numbers (0/1 for correctness)');
        return v;
    });
}
function isBinary(xs) {
    for (let i = 0; i < xs.length; i++)
        if (xs[i] !== 0 && xs[i] !== 1)
            return false;
    return true;
}


/***/ })

};
