export const id = 533;
export const ids = [533];
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

/***/ 8084:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   a: () => (/* binding */ metricValue)
/* harmony export */ });
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8816);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);


const finite = zod__WEBPACK_IMPORTED_MODULE_1__/* .number */ .aig().refine(Number.isFinite, 'must be a finite number');
/** The named metric as a finite number, or a GateError that says what was wrong with it. */
function metricValue(result, metric, party) {
    if (!(metric in result.metrics)) {
        const names = Object.keys(result.metrics);
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .GateError */ .u(`${party} returned no metric '${metric}' (it returned: ${names.length ? names.join(', ') : 'none'})`, "make the source return it, or fix the gate's metric name");
    }
    const v = finite.safeParse(result.metrics[metric]);
    if (!v.success)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .GateError */ .u(`${party} returned metric '${metric}' as ${describeValue(result.metrics[metric])}, not a finite number`, 'the source must give a number (NaN is never a pass)');
    return v.data;
}
function describeValue(v) {
    if (v === null)
        return 'null';
    if (typeof v === 'string')
        return 'a string';
    if (typeof v === 'number')
        return String(v);
    return Array.isArray(v) ? 'an array' : typeof v === 'object' ? 'an object' : typeof v;
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

/***/ 848:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   HU: () => (/* binding */ binomialCdf),
/* harmony export */   Zl: () => (/* binding */ normalQuantile),
/* harmony export */   op: () => (/* binding */ mcnemar),
/* harmony export */   vr: () => (/* binding */ normalCdf)
/* harmony export */ });
/* unused harmony exports MCNEMAR_EXACT_BELOW, erfc, chiSquare1Sf */
/**
 * McNemar's test for paired 0/1 outcomes, and the few distribution functions it and the paired
 * statistics need (written here rather than pulled in as a dependency: they are small).
 *
 * b = items the champion got right and the candidate got wrong; c = the reverse. Only these
 * discordant pairs carry information about a difference (McNemar 1947).
 */
/** Below this many discordant pairs the exact binomial test is used, at or above it χ². */
const MCNEMAR_EXACT_BELOW = 25;
/**
 * McNemar's test. The exact conditional test is used when b + c < 25 (the χ² approximation is
 * poor there), the continuity-corrected χ² otherwise; both are always reported. Stable for b + c
 * into the millions: the binomial tail is summed in a saddle-point form, never from factorials.
 */
function mcnemar(b, c) {
    for (const [name, v] of [
        ['b', b],
        ['c', c]
    ]) {
        if (!Number.isSafeInteger(v) || v < 0)
            throw new RangeError(`McNemar's ${name} must be a non-negative integer count, got ${v}`);
    }
    const n = b + c;
    const exactP = n === 0 ? 1 : Math.min(1, 2 * binomialCdf(Math.min(b, c), n, 0.5));
    // The correction never makes the statistic negative: b = c gives 0, not 1/(b + c).
    const chi2 = n === 0 ? null : Math.max(0, Math.abs(b - c) - 1) ** 2 / n;
    const chi2P = chi2 === null ? 1 : chiSquare1Sf(chi2);
    const method = n < MCNEMAR_EXACT_BELOW ? 'exact' : 'chi2-cc';
    return { b, c, exactP, chi2, chi2P, p: method === 'exact' ? exactP : chi2P, method };
}
// ---------------------------------------------------------------------------------------------
// Binomial distribution, after Loader, "Fast and accurate computation of binomial probabilities"
// (2000), the method behind R's dbinom: the pmf is exp of a sum of small, accurately computed terms,
// so it neither overflows nor loses digits to cancellation of huge log-factorials.
const LN_2PI = 1.8378770664093453; // ln(2π)
const LN_SQRT_2PI = 0.9189385332046728; // ln(√(2π))
/** stirlerr(n) = ln(n!) − [(n + ½)·ln(n) − n + ln√(2π)], the error of Stirling's formula. */
function stirlerr(n) {
    if (n <= 15) {
        let lnFact = 0;
        for (let k = 2; k <= n; k++)
            lnFact += Math.log(k);
        return lnFact - (n + 0.5) * Math.log(n) + n - LN_SQRT_2PI;
    }
    // Asymptotic series 1/(12n) − 1/(360n³) + 1/(1260n⁵) − 1/(1680n⁷) + 1/(1188n⁹).
    const nn = n * n;
    const S0 = 1 / 12;
    const S1 = 1 / 360;
    const S2 = 1 / 1260;
    const S3 = 1 / 1680;
    const S4 = 1 / 1188;
    if (n > 500)
        return (S0 - S1 / nn) / n;
    if (n > 80)
        return (S0 - (S1 - S2 / nn) / nn) / n;
    if (n > 35)
        return (S0 - (S1 - (S2 - S3 / nn) / nn) / nn) / n;
    return (S0 - (S1 - (S2 - (S3 - S4 / nn) / nn) / nn) / nn) / n;
}
/** bd0(x, np) = x·ln(x/np) + np − x, by a series where the direct form would cancel. */
function bd0(x, np) {
    if (Math.abs(x - np) < 0.1 * (x + np)) {
        const v = (x - np) / (x + np);
        let s = (x - np) * v;
        let ej = 2 * x * v;
        const v2 = v * v;
        for (let j = 1; j < 1000; j++) {
            ej *= v2;
            const s1 = s + ej / (2 * j + 1);
            if (s1 === s)
                return s1;
            s = s1;
        }
        return s;
    }
    return x * Math.log(x / np) + np - x;
}
/** P(X = x), X ~ Binomial(n, p), for integers 0 ≤ x ≤ n. */
function binomialPmf(x, n, p) {
    const q = 1 - p;
    if (p === 0)
        return x === 0 ? 1 : 0;
    if (q === 0)
        return x === n ? 1 : 0;
    if (x === 0)
        return n === 0 ? 1 : Math.exp(n * Math.log1p(-p));
    if (x === n)
        return Math.exp(n * Math.log(p));
    const lc = stirlerr(n) - stirlerr(x) - stirlerr(n - x) - bd0(x, n * p) - bd0(n - x, n * q);
    const lf = LN_2PI + Math.log(x) + Math.log1p(-x / n);
    return Math.exp(lc - 0.5 * lf);
}
/**
 * P(X ≤ k), X ~ Binomial(n, p). Sums from k downwards (pmf(j−1) = pmf(j)·j/(n−j+1)·q/p), which
 * only shrinks while k is at or below the mean; above it the upper tail is summed instead.
 */
function binomialCdf(k, n, p) {
    if (k < 0)
        return 0;
    if (k >= n)
        return 1;
    if (k > n * p)
        return 1 - binomialCdf(n - k - 1, n, 1 - p);
    const ratio = (1 - p) / p;
    let term = binomialPmf(k, n, p);
    let sum = term;
    for (let j = k; j > 0 && term > sum * 1e-17; j--) {
        term *= (j / (n - j + 1)) * ratio;
        sum += term;
    }
    return Math.min(1, sum);
}
// ---------------------------------------------------------------------------------------------
// Normal and χ² distributions, through the regularized incomplete gamma function (Numerical
// Recipes, 3rd ed., §6.2: series below a + 1, Lentz's continued fraction above), which is
// accurate to a few ulps with no table of magic coefficients to get wrong.
const LN_SQRT_PI = 0.5723649429247001; // lnΓ(½)
const EPS = 1e-16;
/** Q(½, x) = Γ(½, x)/Γ(½), the upper regularized incomplete gamma at a = ½. */
function gammaQHalf(x) {
    const a = 0.5;
    if (x <= 0)
        return 1;
    const front = Math.exp(-x + a * Math.log(x) - LN_SQRT_PI);
    if (x < a + 1) {
        let term = 1 / a;
        let sum = term;
        for (let k = 1; k < 1000; k++) {
            term *= x / (a + k);
            sum += term;
            if (Math.abs(term) < Math.abs(sum) * EPS)
                break;
        }
        return 1 - sum * front;
    }
    const tiny = 1e-300;
    let b = x + 1 - a;
    let c = 1 / tiny;
    let d = 1 / b;
    let h = d;
    for (let i = 1; i < 1000; i++) {
        const an = -i * (i - a);
        b += 2;
        d = an * d + b;
        if (Math.abs(d) < tiny)
            d = tiny;
        c = b + an / c;
        if (Math.abs(c) < tiny)
            c = tiny;
        d = 1 / d;
        const delta = d * c;
        h *= delta;
        if (Math.abs(delta - 1) < EPS)
            break;
    }
    return front * h;
}
/** The complementary error function, to near machine precision (relative, also in the tail). */
function erfc(x) {
    if (Number.isNaN(x))
        return NaN;
    if (x < 0)
        return 2 - erfc(-x);
    return gammaQHalf(x * x);
}
/** Upper tail of χ² with one degree of freedom: P(χ²₁ > x) = erfc(√(x/2)). */
function chiSquare1Sf(x) {
    return x <= 0 ? 1 : erfc(Math.sqrt(x / 2));
}
/** Φ(z), the standard normal distribution function. */
function normalCdf(z) {
    return 0.5 * erfc(-z / Math.SQRT2);
}
/**
 * Φ⁻¹(p). A starting value from Abramowitz & Stegun 26.2.23 (error < 4.5e-4), then Halley steps
 * on Φ(x) − p, which converge cubically to full double precision.
 */
function normalQuantile(p) {
    if (!(p >= 0 && p <= 1))
        throw new RangeError(`a probability must be in [0, 1], got ${p}`);
    if (p === 0)
        return -Infinity;
    if (p === 1)
        return Infinity;
    if (p === 0.5)
        return 0;
    const tail = Math.min(p, 1 - p);
    const t = Math.sqrt(-2 * Math.log(tail));
    let x = t -
        (2.515517 + t * (0.802853 + t * 0.010328)) /
            (1 + t * (1.432788 + t * (0.189269 + t * 0.001308)));
    if (p < 0.5)
        x = -x;
    for (let i = 0; i < 8; i++) {
        // Work in the tail nearer x so Φ(x) − p keeps its relative precision.
        const e = x < 0 ? normalCdf(x) - p : 1 - p - normalCdf(-x);
        const u = e * Math.sqrt(2 * Math.PI) * Math.exp((x * x) / 2);
        const step = u / (1 + (x * u) / 2);
        x -= step;
        if (Math.abs(step) <= 1e-15 * Math.max(1, Math.abs(x)))
            break;
    }
    return x;
}


/***/ }),

/***/ 8725:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  d6: () => (/* binding */ completeWorstCase),
  nv: () => (/* binding */ minimumDetectableEffect),
  pU: () => (/* binding */ newcombeUnpairedCI),
  k4: () => (/* binding */ nonInferiority),
  sh: () => (/* binding */ orient),
  WL: () => (/* binding */ pairByIds),
  Wx: () => (/* binding */ pairedBootstrap),
  o$: () => (/* binding */ pairedDifferenceCI01)
});

// UNUSED EXPORTS: bonferroniConfidence, differenceSd, holm, holmConfidenceLevels, newcombePairedCI, pairedBootstrapSync, pairedTable, weightedMean

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/stats/mcnemar.ts
var mcnemar = __webpack_require__(848);
;// CONCATENATED MODULE: ./src/stats/student-t.ts
/**
 * Student's t distribution, for the cluster-robust interval of the regression gate: with G
 * clusters the standardised mean is referred to t with G − 1 degrees of freedom, which is what
 * keeps the interval honest when G is small (Cameron & Miller, "A Practitioner's Guide to
 * Cluster-Robust Inference", J Human Resources 2015;50:317–372, §VI).
 *
 * CDF through the regularised incomplete beta function, I_x(a, b), evaluated by its continued
 * fraction (modified Lentz), and the quantile by bisection on the CDF: slow by numerical-library
 * standards, but called a handful of times per gate.
 */
/** ln Γ(x) for x > 0: Lanczos (g = 7, 9 terms), relative error below 1e-13. */
function logGamma(x) {
    if (x < 0.5)
        return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
    const c = [
        0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
        -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
        1.5056327351493116e-7
    ];
    const z = x - 1;
    let sum = c[0];
    for (let i = 1; i < 9; i++)
        sum += c[i] / (z + i);
    const t = z + 7.5;
    return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}
/** The regularised incomplete beta function I_x(a, b), a, b > 0, x in [0, 1]. */
function incompleteBeta(x, a, b) {
    if (x <= 0)
        return 0;
    if (x >= 1)
        return 1;
    const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
    // The continued fraction converges fast for x < (a + 1)/(a + b + 2); use the symmetry otherwise.
    if (x > (a + 1) / (a + b + 2))
        return 1 - (front * betaFraction(1 - x, b, a)) / b;
    return (front * betaFraction(x, a, b)) / a;
}
function betaFraction(x, a, b) {
    const tiny = 1e-300;
    let c = 1;
    let d = 1 - ((a + b) * x) / (a + 1);
    if (Math.abs(d) < tiny)
        d = tiny;
    d = 1 / d;
    let h = d;
    for (let m = 1; m <= 500; m++) {
        const m2 = 2 * m;
        // Even step: d_{2m} = m(b − m)x / ((a + 2m − 1)(a + 2m)).
        let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
        d = 1 + aa * d;
        if (Math.abs(d) < tiny)
            d = tiny;
        c = 1 + aa / c;
        if (Math.abs(c) < tiny)
            c = tiny;
        d = 1 / d;
        h *= d * c;
        // Odd step: d_{2m+1} = −(a + m)(a + b + m)x / ((a + 2m)(a + 2m + 1)).
        aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
        d = 1 + aa * d;
        if (Math.abs(d) < tiny)
            d = tiny;
        c = 1 + aa / c;
        if (Math.abs(c) < tiny)
            c = tiny;
        d = 1 / d;
        const step = d * c;
        h *= step;
        if (Math.abs(step - 1) < 1e-15)
            break;
    }
    return h;
}
/** P(T ≤ t) for T ~ t(df), df > 0. */
function studentTCdf(t, df) {
    if (!(df > 0))
        throw new RangeError(`degrees of freedom must be > 0, got ${df}`);
    const tail = 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5);
    return t >= 0 ? 1 - tail : tail;
}
/** The p-quantile of t(df), p in (0, 1). */
function studentTQuantile(p, df) {
    if (!(p > 0 && p < 1))
        throw new RangeError(`p must be in (0, 1), got ${p}`);
    if (p === 0.5)
        return 0;
    if (p < 0.5)
        return -studentTQuantile(1 - p, df);
    let lo = 0;
    let hi = 1;
    while (studentTCdf(hi, df) < p)
        hi *= 2;
    for (let i = 0; i < 200 && hi - lo > 1e-12 * hi; i++) {
        const mid = (lo + hi) / 2;
        if (studentTCdf(mid, df) < p)
            lo = mid;
        else
            hi = mid;
    }
    return (lo + hi) / 2;
}

// EXTERNAL MODULE: ./src/log.ts
var log = __webpack_require__(5625);
// EXTERNAL MODULE: external "node:worker_threads"
var external_node_worker_threads_ = __webpack_require__(5919);
;// CONCATENATED MODULE: ./src/stats/kernel/resample-wasm.ts
// Generated by script/build-wasm.mjs from resample.wat (553 bytes). Do not edit.
const RESAMPLE_WASM_BASE64 = 'AGFzbQEAAAABCgFgBn9/f39/fwADAgEABQMBAAEHFQIGbWVtb3J5AgAIcmVzYW1wbGUAAAryAwHvAwUIfgR/AX4BfwJ8IAUp' +
    'AwAhBiAFKQMIIQcgBSkDECEIIAUpAxghCSAFKAIgIRMgBSkDKCESIACtIQ1CgICAgBAgDYKnIQ5BACEQAkADQCAQIARPDQFE' +
    'AAAAAAAAAAAhFEQAAAAAAAAAACEVIAAhDyATBEBBACETIBIgDX4hDCAMpyAOTwRAIAxCIIinQQN0IREgFCABIBFqKwMAoCEU' +
    'IAIEQCAVIAIgEWorAwCgIRULIA9BAWshDwsLAkADQCAPRQ0BIAdCBX5CB4lCCX4hCiAHQhGGIQsgCCAGhSEIIAkgB4UhCSAH' +
    'IAiFIQcgBiAJhSEGIAggC4UhCCAJQi2JIQkgCkL/////D4MgDX4hDCAMpyAOTwRAIAxCIIinQQN0IREgFCABIBFqKwMAoCEU' +
    'IAIEQCAVIAIgEWorAwCgIRULIA9BAWshDwsgD0UEQCAKQiCIIRJBASETDAILIApCIIggDX4hDCAMpyAOTwRAIAxCIIinQQN0' +
    'IREgFCABIBFqKwMAoCEUIAIEQCAVIAIgEWorAwCgIRULIA9BAWshDwsMAAsLIAMgEEEDdGogFCAVIAC4IAIbozkDACAQQQFq' +
    'IRAMAAsLIAUgBjcDACAFIAc3AwggBSAINwMQIAUgCTcDGCAFIBM2AiAgBSASNwMoCw==';

;// CONCATENATED MODULE: ./src/stats/rng.ts
/**
 * A seeded, reproducible pseudo-random generator, so that a bootstrap verdict can be recomputed
 * bit for bit by anyone holding the seed.
 *
 * Algorithm (arithmetic mod 2^64 on the state, mod 2^32 on words):
 *
 * - Generator: xoshiro256** 1.0 (Blackman & Vigna, "Scrambled linear pseudorandom number
 *   generators", ACM TOMS 2021; reference code https://prng.di.unimi.it/xoshiro256starstar.c).
 *   State s[0..3] of 64 bits; each step outputs rotl(s[1]·5, 7)·9, then t = s[1] << 17,
 *   s[2] ^= s[0], s[3] ^= s[1], s[1] ^= s[2], s[0] ^= s[3], s[2] ^= t, s[3] = rotl(s[3], 45).
 * - Words: the generator is read as a stream of 32-bit words, each 64-bit output giving its low
 *   32 bits first, then its high 32 bits (as NumPy's `next32` does).
 * - Seeding: the seed (an integer 0 ≤ seed < 2^53) is the initial state of SplitMix64 (Vigna's
 *   recommended seeder; z += 0x9E3779B97F4A7C15, z = (z ^ z>>30)·0xBF58476D1CE4E5B9,
 *   z = (z ^ z>>27)·0x94D049BB133111EB, output z ^ z>>31), whose first four outputs are s[0..3].
 * - Streams: stream k is the seeded state advanced by k applications of the reference jump()
 *   (each is 2^128 steps), so streams never overlap.
 * - `int(n)`: Lemire's multiply-and-reject ("Fast random integer generation in an interval", ACM
 *   TOMACS 2019): x = next word, m = x·n (exact, 64-bit), l = m mod 2^32; while l < (2^32 mod n)
 *   draw again; return floor(m / 2^32). Exactly uniform, no modulo bias.
 * - `next()`: 53 bits from two words a then b: ((a >>> 5)·2^26 + (b >>> 6)) / 2^53, in [0, 1).
 * - `normal()`: Box–Muller on two `next()` values u1, u2: sqrt(−2 ln(1 − u1))·cos(2π u2).
 *
 * The bootstrap's hot loop runs the same generator in WebAssembly (kernel/resample.wat); here
 * each 64-bit word is kept as two signed 32-bit halves, which JavaScript computes exactly.
 */
const TWO32 = 4294967296;
const INV_TWO32 = 1 / TWO32;
const MASK64 = (1n << 64n) - 1n;
// Hot paths avoid looking up the global `Math` object: inside a vm context (jest runs tests in
// one) every global lookup is an intercepted, unoptimisable access, about 100 times slower.
const { cos, log: rng_log, sqrt } = Math;
const TWO_PI = 2 * Math.PI;
/** xoshiro256** jump polynomial from the reference code (2^128 steps), as 32-bit halves lo, hi. */
const JUMP = [
    0x3cfd0aba, 0x180ec6d3, 0xf0c9392c, 0xd5a61266, 0xe03fc9aa, 0xa9582618, 0x29b1661c, 0x39abdc45
];
/** SplitMix64 outputs, as BigInt (seeding only, so speed does not matter). */
function splitMix64(seed, count) {
    let z = seed;
    const out = [];
    for (let i = 0; i < count; i++) {
        z = (z + 0x9e3779b97f4a7c15n) & MASK64;
        let r = z;
        r = ((r ^ (r >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
        r = ((r ^ (r >> 27n)) * 0x94d049bb133111ebn) & MASK64;
        out.push(r ^ (r >> 31n));
    }
    return out;
}
/**
 * The xoshiro256** state for a seed and stream, as eight signed 32-bit words: s[0] low, s[0]
 * high, s[1] low, … (the little-endian layout of four 64-bit words, as the kernel reads them).
 */
function seedState(seed, stream = 0) {
    if (!Number.isSafeInteger(seed) || seed < 0)
        throw new RangeError(`seed must be an integer from 0 to 2^53−1, got ${seed}`);
    if (!Number.isSafeInteger(stream) || stream < 0)
        throw new RangeError(`stream must be a non-negative integer, got ${stream}`);
    const s = new Int32Array(8);
    splitMix64(BigInt(seed), 4).forEach((w, i) => {
        s[2 * i] = Number(w & 0xffffffffn);
        s[2 * i + 1] = Number(w >> 32n);
    });
    // The all-zero state is the one fixed point; SplitMix64 cannot produce it in four outputs.
    const rng = new Rng(s);
    for (let k = 0; k < stream; k++)
        rng.jump();
    return rng.state();
}
/**
 * One step of Lemire's method for a 32-bit output x and 1 ≤ n ≤ 2^32: the index ⌊x·n / 2^32⌋,
 * or −1 when the step rejects x (x·n mod 2^32 < 2^32 mod n) and another output must be drawn.
 */
function lemireIndex(x, n) {
    // hi = floor(x·n / 2^32), lo = x·n mod 2^32, exactly; `>>> 0` floors non-negative quotients
    // below 2^32. Below 2^21 the double product is exact; above, x is split into 16-bit halves so
    // that no partial product passes 2^53.
    let hi;
    let lo;
    if (n < 2097152) {
        const m = x * n;
        hi = (m * INV_TWO32) >>> 0;
        lo = m - hi * TWO32;
    }
    else {
        const a = (x >>> 16) * n;
        const aHigh = (a / 65536) >>> 0;
        const low = (a - aHigh * 65536) * 65536 + (x & 0xffff) * n;
        const carry = (low * INV_TWO32) >>> 0;
        hi = aHigh + carry;
        lo = low - carry * TWO32;
    }
    // 2^32 mod n is below n, so the modulo is needed only when lo < n.
    return lo >= n || lo >= TWO32 % n ? hi : -1;
}
class Rng {
    // s[i] as (low, high) signed 32-bit halves.
    a0;
    a1;
    b0;
    b1;
    c0;
    c1;
    d0;
    d1;
    /** The high half of the last 64-bit output, while it has not been read. */
    pending = -1;
    /** From a seed (see the module comment), or from raw state words as `state()` returns them. */
    constructor(seed, stream = 0) {
        const s = typeof seed === 'number' ? seedState(seed, stream) : seed;
        if (s.length !== 8)
            throw new RangeError('an xoshiro256** state has 8 32-bit words');
        this.a0 = s[0] | 0;
        this.a1 = s[1] | 0;
        this.b0 = s[2] | 0;
        this.b1 = s[3] | 0;
        this.c0 = s[4] | 0;
        this.c1 = s[5] | 0;
        this.d0 = s[6] | 0;
        this.d1 = s[7] | 0;
        let any = 0;
        for (let i = 0; i < 8; i++)
            any |= s[i];
        if (any === 0)
            throw new RangeError('all-zero state');
    }
    /** The next 32-bit word, as an unsigned integer. */
    nextUint32() {
        if (this.pending >= 0) {
            const high = this.pending;
            this.pending = -1;
            return high;
        }
        // result = rotl(s1·5, 7)·9, with ·5 and ·9 as shift-and-add carried across the halves (no
        // Math.imul: see the note above).
        const b0 = this.b0;
        const b1 = this.b1;
        let lo = (b0 << 2) >>> 0;
        let sum = lo + (b0 >>> 0);
        let v0 = sum >>> 0;
        let v1 = ((b1 << 2) | (b0 >>> 30)) + b1 + (sum >= TWO32 ? 1 : 0);
        const w0 = (v0 << 7) | (v1 >>> 25);
        const w1 = (v1 << 7) | (v0 >>> 25);
        lo = (w0 << 3) >>> 0;
        sum = lo + (w0 >>> 0);
        v0 = sum >>> 0;
        v1 = (((w1 << 3) | (w0 >>> 29)) + w1 + (sum >= TWO32 ? 1 : 0)) >>> 0;
        // t = s1 << 17; then the xors; s3 = rotl(s3, 45) = rotl(swap halves, 13).
        const t0 = b0 << 17;
        const t1 = (b1 << 17) | (b0 >>> 15);
        this.c0 ^= this.a0;
        this.c1 ^= this.a1;
        this.d0 ^= b0;
        this.d1 ^= b1;
        this.b0 = b0 ^ this.c0;
        this.b1 = b1 ^ this.c1;
        this.a0 ^= this.d0;
        this.a1 ^= this.d1;
        this.c0 ^= t0;
        this.c1 ^= t1;
        const d0 = this.d0;
        const d1 = this.d1;
        this.d0 = (d1 << 13) | (d0 >>> 19);
        this.d1 = (d0 << 13) | (d1 >>> 19);
        this.pending = v1;
        return v0;
    }
    /** A uniform double in [0, 1) with 53 random bits. */
    next() {
        const a = this.nextUint32() >>> 5;
        const b = this.nextUint32() >>> 6;
        return (a * 67108864 + b) / 9007199254740992;
    }
    /** A uniform integer in [0, n), 1 ≤ n ≤ 2^32, without bias (Lemire 2019). */
    int(n) {
        if (!(n >= 1 && n <= TWO32 && n % 1 === 0))
            throw new RangeError(`int(n) needs an integer 1 ≤ n ≤ 2^32, got ${n}`);
        for (;;) {
            const i = lemireIndex(this.nextUint32(), n);
            if (i >= 0)
                return i;
        }
    }
    /** A standard normal variate (Box–Muller; one of the pair is discarded for simplicity). */
    normal() {
        const u1 = this.next();
        const u2 = this.next();
        return sqrt(-2 * rng_log(1 - u1)) * cos(TWO_PI * u2);
    }
    /** Advance 2^128 steps (the reference jump()); only between 64-bit outputs. */
    jump() {
        this.assertWhole('jump()');
        const t = new Int32Array(8);
        for (const word of JUMP) {
            for (let b = 0; b < 32; b++) {
                if ((word >>> b) & 1) {
                    t[0] ^= this.a0;
                    t[1] ^= this.a1;
                    t[2] ^= this.b0;
                    t[3] ^= this.b1;
                    t[4] ^= this.c0;
                    t[5] ^= this.c1;
                    t[6] ^= this.d0;
                    t[7] ^= this.d1;
                }
                this.nextUint32();
                this.pending = -1;
            }
        }
        ;
        [this.a0, this.a1, this.b0, this.b1, this.c0, this.c1, this.d0, this.d1] = t;
    }
    /**
     * The state words (see `seedState`), to hand to a copy of the generator elsewhere; only between
     * 64-bit outputs, since a half-read output is not part of them.
     */
    state() {
        this.assertWhole('state()');
        return Int32Array.of(this.a0, this.a1, this.b0, this.b1, this.c0, this.c1, this.d0, this.d1);
    }
    assertWhole(what) {
        if (this.pending >= 0)
            throw new Error(`${what} needs an even number of words read; the high half is pending`);
    }
}

;// CONCATENATED MODULE: ./src/stats/resample.ts

/**
 * How the bootstrap draws its resamples, and the engine that runs them: a WebAssembly kernel
 * (kernel/resample.wat), on worker threads when the job is large.
 *
 * The draws, precisely (this is what a receipt's seed reproduces):
 * - Resamples come in chunks of BOOTSTRAP_CHUNK = 250. Chunk k draws from stream k of the seed
 *   (the seeded xoshiro256** state jumped k times; rng.ts), resample after resample.
 * - A resample of `units` units makes `units` draws `Rng.int(units)` (Lemire's method on the
 *   stream's 32-bit words), with replacement. The words run on from one resample to the next:
 *   a high half left over when a resample is complete is the first word of the next one.
 * - For the mean, its value is Σ sums[i] over the drawn indices, added in the order drawn,
 *   divided by `units` (or by Σ sizes[i] over the same indices for a cluster bootstrap).
 *
 * Thread count never changes a number: chunks are independent, wherever they run.
 */



/** Resamples per chunk (one stream each); changing it changes every bootstrap result. */
const BOOTSTRAP_CHUNK = 250;
/** Below this many random draws (units × resamples) worker threads cost more than they save. */
const PARALLEL_MIN_DRAWS = 100_000_000;
/**
 * A conservative bound for the kernel's 32-bit memory (its byte offsets reach ~2^30 here, 16·units
 * plus a little, and overflow only near 2^28 units): beyond it the TypeScript reference runs.
 */
const KERNEL_MAX_UNITS = 1 << 26;
/** The chunks for `resamples` resamples from `seed`. */
function chunkJobs(seed, resamples) {
    const rng = new Rng(seed);
    const jobs = [];
    for (let from = 0; from < resamples; from += BOOTSTRAP_CHUNK) {
        jobs.push({ from, count: Math.min(BOOTSTRAP_CHUNK, resamples - from), state: rng.state() });
        rng.jump();
    }
    return jobs;
}
/**
 * The mean's resamples in plain TypeScript: the specification of the kernel (the tests hold the
 * two to identical results) and the engine where WebAssembly is missing.
 */
function resampleReference(sums, sizes, out, job) {
    const units = sums.length;
    const rng = new Rng(job.state);
    for (let r = 0; r < job.count; r++) {
        let sum = 0;
        let total = 0;
        for (let j = 0; j < units; j++) {
            const i = rng.int(units);
            sum += sums[i];
            if (sizes !== null)
                total += sizes[i];
        }
        out[job.from + r] = sum / (sizes === null ? units : total);
    }
}
let compiled;
/** The compiled kernel, or null where this runtime cannot run it. */
function kernelModule() {
    if (compiled === undefined) {
        const bytes = Buffer.from(RESAMPLE_WASM_BASE64, 'base64');
        try {
            compiled = WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
        }
        catch {
            compiled = null;
        }
    }
    return compiled;
}
/**
 * Runs chunks through the kernel: one instance, the per-unit sums (and sizes) copied into its
 * memory once, then per chunk its stream's state in and `resample` called on slices of about a
 * million draws (a long first call would run entirely in V8's baseline tier; short calls let the
 * optimised code take over after a few), the results out. Self-contained on purpose: its source
 * text is also what each worker thread runs.
 */
function runKernel(module, sums, sizes, out, jobs) {
    const units = sums.length;
    let most = 0;
    for (const job of jobs)
        most = Math.max(most, job.count);
    const STATE = 0;
    const SUMS = 64;
    const SIZES = SUMS + 8 * units;
    const OUT = SIZES + (sizes === null ? 0 : 8 * units);
    const instance = new WebAssembly.Instance(module, {});
    const memory = instance.exports.memory;
    const pages = Math.ceil((OUT + 8 * most) / 65536);
    const have = memory.buffer.byteLength / 65536;
    if (pages > have)
        memory.grow(pages - have);
    const heap = memory.buffer;
    new Float64Array(heap, SUMS, units).set(sums);
    if (sizes !== null)
        new Float64Array(heap, SIZES, units).set(sizes);
    // Words 0-7: the xoshiro256** state; 8: whether a high half is pending (then in words 10-11).
    const state = new Int32Array(heap, STATE, 12);
    const results = new Float64Array(heap, OUT, most);
    const resample = instance.exports.resample;
    const slice = Math.max(1, Math.floor(1_000_000 / units));
    for (const job of jobs) {
        state.fill(0);
        state.set(job.state);
        for (let r = 0; r < job.count; r += slice) {
            const n = Math.min(slice, job.count - r);
            resample(units, SUMS, sizes === null ? 0 : SIZES, OUT + 8 * r, n, STATE);
        }
        out.set(results.subarray(0, job.count), job.from);
    }
}
/**
 * All resamples of the mean for these per-unit sums (and sizes): on worker threads when the job
 * is large and `threads` > 1, else on the calling thread; the same numbers either way.
 */
async function resampleMeans(sums, sizes, jobs, resamples, threads) {
    const module = kernelModule();
    const workers = Math.min(threads, jobs.length);
    if (module !== null &&
        sums.length <= KERNEL_MAX_UNITS &&
        workers > 1 &&
        sums.length * resamples >= PARALLEL_MIN_DRAWS) {
        const out = await resampleInWorkers(module, sums, sizes, jobs, resamples, workers);
        if (out)
            return { out, threads: workers, engine: 'wasm' };
    }
    return resample_resampleMeansSync(sums, sizes, jobs, resamples);
}
/** `resampleMeans` on the calling thread. */
function resample_resampleMeansSync(sums, sizes, jobs, resamples) {
    const out = new Float64Array(resamples);
    const module = kernelModule();
    if (module !== null && sums.length <= KERNEL_MAX_UNITS) {
        try {
            runKernel(module, sums, sizes, out, jobs);
            return { out, threads: 1, engine: 'wasm' };
        }
        catch {
            // No memory for an instance (or the runtime refused one): the reference gives the same
            // numbers, only slower. Every chunk is recomputed, so nothing half-written survives.
        }
    }
    for (const job of jobs)
        resampleReference(sums, sizes, out, job);
    return { out, threads: 1, engine: 'typescript' };
}
/** The worker: the kernel on its share of the chunks, results into shared memory. */
const WORKER_SOURCE = `'use strict'
const { workerData } = require('node:worker_threads')
const runKernel = (${runKernel.toString()})
const { module, sums, sizes, out, jobs } = workerData
runKernel(module, sums, sizes, out, jobs)
`;
/** Chunks dealt round-robin to workers; null if any worker failed (the caller then runs inline). */
async function resampleInWorkers(module, sumsIn, sizesIn, jobs, resamples, workers) {
    const share = (a) => {
        const copy = new Float64Array(new SharedArrayBuffer(a.byteLength));
        copy.set(a);
        return copy;
    };
    const sums = share(sumsIn);
    const sizes = sizesIn && share(sizesIn);
    const out = new Float64Array(new SharedArrayBuffer(8 * resamples));
    const shares = Array.from({ length: workers }, () => []);
    jobs.forEach((job, k) => shares[k % workers].push(job));
    const done = await Promise.all(shares.map((mine) => runWorker({ module, sums, sizes, out, jobs: mine })));
    return done.every(Boolean) ? out : null;
}
function runWorker(workerData) {
    return new Promise((resolve) => {
        let worker;
        try {
            worker = new external_node_worker_threads_.Worker(WORKER_SOURCE, { eval: true, workerData });
        }
        catch (err) {
            // The caller recomputes inline with the same numbers; say so, so a slow run is explained.
            log/* log */.R.debug(`bootstrap worker could not start (${describe(err)}); resampling inline`);
            resolve(false);
            return;
        }
        // The script ends when its work is done; exit code 0 means every result is in shared memory.
        worker.on('error', (err) => log/* log */.R.debug(`bootstrap worker failed (${describe(err)}); resampling inline`));
        worker.on('exit', (code) => {
            if (code !== 0)
                log/* log */.R.debug(`bootstrap worker exited with code ${code}; resampling inline`);
            resolve(code === 0);
        });
    });
}
function describe(err) {
    return err instanceof Error ? err.message : String(err);
}

;// CONCATENATED MODULE: ./src/stats/paired.ts
/**
 * Paired statistics for the regression gate: is the candidate worse than the champion by more than
 * max_drop, or is the difference noise? Both models are scored on the same items, and hard items
 * are hard for both, so Var(Δ) = Var(A) + Var(B) − 2·Cov(A, B): pairing by item is where the power
 * comes from (notes/measurement.md §4).
 *
 * Δ is always candidate − champion, higher is better; `orient` flips a lower-is-better metric.
 */






/**
 * Pairs two models' per-item results by id. Ids compare as strings (1 and "1" are the same item).
 * Throws a GateError on results that cannot be paired honestly: ids and values of different
 * lengths, a repeated id, a non-finite value, or an item whose two sides disagree on its cluster.
 */
function pairByIds(candidate, champion) {
    const inOrder = pairInOrder(candidate, champion);
    if (inOrder)
        return inOrder;
    const cand = indexById(candidate, 'candidate');
    const champ = indexById(champion, 'champion');
    const withClusters = candidate.clusters !== undefined || champion.clusters !== undefined;
    const ids = [];
    const candValues = [];
    const champValues = [];
    const clusterIndex = new Map();
    const clusters = [];
    for (const [id, i] of cand) {
        const j = champ.get(id);
        if (j === undefined)
            continue;
        ids.push(id);
        candValues.push(candidate.values[i]);
        champValues.push(champion.values[j]);
        if (withClusters) {
            const label = clusterLabel(id, candidate.clusters?.[i], champion.clusters?.[j]);
            let k = clusterIndex.get(label);
            if (k === undefined)
                clusterIndex.set(label, (k = clusterIndex.size));
            clusters.push(k);
        }
    }
    const paired = ids.length;
    return {
        ids,
        candidate: Float64Array.from(candValues),
        champion: Float64Array.from(champValues),
        ...(withClusters
            ? { clusters: Int32Array.from(clusters), clusterCount: clusterIndex.size }
            : {}),
        paired,
        candidateOnly: cand.size - paired,
        championOnly: champ.size - paired
    };
}
/**
 * Worst-case imputation for items only one result holds (issue 21 point 2): the candidate's result
 * gets each item it lacks at `worst` (what its worst answer scores), the champion's each item it
 * lacks at `best`. Both count against the candidate, as a non-inferiority trial imputes missing
 * outcomes (failure in the new arm, success in the reference arm): a result that leaves out the
 * items it got wrong cannot look better for it, and a champion's gap cannot make a candidate
 * pass. Pairing the completed results leaves nothing unpaired. A missing item takes its cluster
 * label from the side that has it.
 */
function completeWorstCase(candidate, champion, worst, best) {
    const candIds = new Set(candidate.ids.map(String));
    const champIds = new Set(champion.ids.map(String));
    const extend = (s, from, have, value) => {
        const ids = [...s.ids];
        const values = Array.from(s.values);
        const clusters = s.clusters || from.clusters ? [...(s.clusters ?? s.ids.map(() => undefined))] : undefined;
        from.ids.forEach((id, i) => {
            if (have.has(String(id)))
                return;
            ids.push(id);
            values.push(value);
            clusters?.push(from.clusters?.[i]);
        });
        return { ids, values, ...(clusters ? { clusters } : {}) };
    };
    return {
        candidate: extend(candidate, champion, candIds, worst),
        champion: extend(champion, candidate, champIds, best)
    };
}
const ONE_PER_ID = `make the eval endpoint return one value (and one cluster, if any) per id, each id once`;
/**
 * The common case, without an index per side: both sides list the same ids in the same order and
 * give no clusters (a results file's two providers, an evaluation table per version). The same
 * checks as indexById, in its order; undefined when the case does not apply.
 */
function pairInOrder(candidate, champion) {
    const n = candidate.ids.length;
    if (candidate.clusters !== undefined || champion.clusters !== undefined)
        return undefined;
    if (champion.ids.length !== n || candidate.values.length !== n || champion.values.length !== n)
        return undefined;
    const ids = new Array(n);
    for (let i = 0; i < n; i++) {
        const id = String(candidate.ids[i]);
        if (id !== String(champion.ids[i]))
            return undefined;
        ids[i] = id;
    }
    // The same ids in one order: a repeat on one side is a repeat on the other, the candidate's first.
    const seen = new Set();
    for (let i = 0; i < n; i++) {
        const before = seen.size;
        seen.add(ids[i]);
        if (seen.size === before)
            throw new errors/* GateError */.u(`the candidate's results list id ${quote(ids[i])} twice`, ONE_PER_ID);
        if (!Number.isFinite(candidate.values[i]))
            throw new errors/* GateError */.u(`the candidate's sample for id ${quote(ids[i])} is not a finite number`, ONE_PER_ID);
    }
    for (let i = 0; i < n; i++)
        if (!Number.isFinite(champion.values[i]))
            throw new errors/* GateError */.u(`the champion's sample for id ${quote(ids[i])} is not a finite number`, ONE_PER_ID);
    return {
        ids,
        candidate: Float64Array.from(candidate.values),
        champion: Float64Array.from(champion.values),
        paired: n,
        candidateOnly: 0,
        championOnly: 0
    };
}
function indexById(s, side) {
    const fix = ONE_PER_ID;
    if (s.ids.length !== s.values.length)
        throw new errors/* GateError */.u(`the ${side}'s results have ${s.ids.length} ids but ${s.values.length} samples`, fix);
    if (s.clusters !== undefined && s.clusters.length !== s.ids.length)
        throw new errors/* GateError */.u(`the ${side}'s results have ${s.ids.length} ids but ${s.clusters.length} clusters`, fix);
    const index = new Map();
    for (let i = 0; i < s.ids.length; i++) {
        const id = String(s.ids[i]);
        if (!Number.isFinite(s.values[i]) && !index.has(id))
            throw new errors/* GateError */.u(`the ${side}'s sample for id ${quote(id)} is not a finite number`, fix);
        // One hash per id (sides have 100,000): a repeated id leaves the size as it was.
        const before = index.size;
        index.set(id, i);
        if (index.size === before)
            throw new errors/* GateError */.u(`the ${side}'s results list id ${quote(id)} twice`, fix);
    }
    return index;
}
function clusterLabel(id, a, b) {
    if (a !== undefined && b !== undefined && String(a) !== String(b))
        throw new errors/* GateError */.u(`item ${quote(id)} is in cluster ${quote(String(a))} for the candidate but ` +
            `${quote(String(b))} for the champion`, 'clusters describe the eval set, so both evaluations must label each item the same way');
    // An item without a label on either side is its own cluster.
    return a !== undefined ? `c:${String(a)}` : b !== undefined ? `c:${String(b)}` : `i:${id}`;
}
/** An id or label from a response, quoted and cut short: messages never carry response bodies. */
function quote(text) {
    return `'${text.length > 40 ? `${text.slice(0, 40)}…` : text}'`;
}
/** Counts the paired 2×2 table; every sample must be exactly 0 or 1. */
function pairedTable(cand01, champ01) {
    if (cand01.length !== champ01.length)
        throw new RangeError(`paired samples differ in length: ${cand01.length} vs ${champ01.length}`);
    const t = { a: 0, b: 0, c: 0, d: 0 };
    for (let i = 0; i < cand01.length; i++) {
        const x = cand01[i];
        const y = champ01[i];
        if ((x !== 0 && x !== 1) || (y !== 0 && y !== 1))
            throw new errors/* GateError */.u(`a 0/1 metric has a sample that is not 0 or 1 (item ${i}: ${x} vs ${y})`, 'score each item 1 (right) or 0 (wrong), or treat the metric as continuous');
        if (x === 1) {
            if (y === 1)
                t.a++;
            else
                t.c++;
        }
        else if (y === 1)
            t.b++;
        else
            t.d++;
    }
    return t;
}
/** Wilson's score interval for x successes in n (Wilson 1927; Newcombe 1998a, method 3). */
function wilson(x, n, z) {
    const z2 = z * z;
    const centre = 2 * x + z2;
    const spread = z * Math.sqrt(z2 + 4 * x * (1 - x / n));
    return [(centre - spread) / (2 * (n + z2)), (centre + spread) / (2 * (n + z2))];
}
/**
 * Newcombe's hybrid score ("square-and-add") interval for the difference of paired proportions,
 * candidate − champion: Newcombe, "Improved confidence intervals for the difference between
 * binomial proportions based on paired data", Stat Med 1998;17:2635–2650, method 10, in the form
 * of Fagerland, Lydersen & Laake, "Statistical Analysis of Contingency Tables" (2017), §8.5:
 *
 *   L = Δ − √((p₁ − l₁)² − 2φ(p₁ − l₁)(u₂ − p₂) + (u₂ − p₂)²)
 *   U = Δ + √((p₂ − l₂)² − 2φ(p₂ − l₂)(u₁ − p₁) + (u₁ − p₁)²)
 *
 * with (lᵢ, uᵢ) the Wilson intervals of each model's accuracy pᵢ and φ the correlation of the two
 * outcomes, its numerator ad − bc replaced by ad − bc − n/2 when above n/2, by 0 in [0, n/2], and
 * kept when negative; φ = 0 when a margin is empty. Unlike Wald, it stays sensible with few
 * discordant pairs and at accuracies near 0 or 1, and it never leaves [−1, 1].
 */
function newcombePairedCI(table, confidence = 0.95) {
    const { a, b, c, d } = table;
    const n = a + b + c + d;
    if (n === 0)
        throw new RangeError('a confidence interval needs at least one paired item');
    const z = zFor(confidence);
    const x1 = a + c; // candidate right
    const x2 = a + b; // champion right
    const p1 = x1 / n;
    const p2 = x2 / n;
    const [l1, u1] = wilson(x1, n, z);
    const [l2, u2] = wilson(x2, n, z);
    const margins = (a + c) * (b + d) * (a + b) * (c + d);
    let phi = 0;
    if (margins > 0) {
        const cross = a * d - b * c;
        phi = (cross > n / 2 ? cross - n / 2 : cross < 0 ? cross : 0) / Math.sqrt(margins);
    }
    const estimate = p1 - p2;
    const down = Math.sqrt(Math.max(0, (p1 - l1) ** 2 - 2 * phi * (p1 - l1) * (u2 - p2) + (u2 - p2) ** 2));
    const up = Math.sqrt(Math.max(0, (p2 - l2) ** 2 - 2 * phi * (p2 - l2) * (u1 - p1) + (u1 - p1) ** 2));
    return { estimate, low: Math.max(-1, estimate - down), high: Math.min(1, estimate + up) };
}
/**
 * Newcombe's hybrid score interval for the difference of two independent proportions p₁ − p₂
 * (Newcombe, "Interval estimation for the difference between independent proportions", Stat Med
 * 1998;17:873–890, method 10): with (lᵢ, uᵢ) the Wilson intervals of pᵢ over nᵢ items,
 *
 *   L = Δ − √((p₁ − l₁)² + (u₂ − p₂)²),   U = Δ + √((u₁ − p₁)² + (p₂ − l₂)²).
 *
 * The regression gate's fallback when a result gives only its metric and n. Two evaluations of the
 * same items are positively correlated, so treating them as independent widens the interval: it
 * errs towards inconclusive, never towards a pass. For a mean of per-item scores in [0, 1] (not
 * only 0/1) the binomial variance p(1 − p)/n is the largest a mean p can have, so it still holds.
 */
function newcombeUnpairedCI(p1, n1, p2, n2, confidence = 0.95) {
    for (const [p, n] of [
        [p1, n1],
        [p2, n2]
    ]) {
        if (!(p >= 0 && p <= 1))
            throw new RangeError(`a proportion must be in [0, 1], got ${p}`);
        if (!(n >= 1))
            throw new RangeError(`a proportion needs n ≥ 1, got ${n}`);
    }
    const z = zFor(confidence);
    const [l1, u1] = wilson(p1 * n1, n1, z);
    const [l2, u2] = wilson(p2 * n2, n2, z);
    const estimate = p1 - p2;
    return {
        estimate,
        low: Math.max(-1, estimate - Math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)),
        high: Math.min(1, estimate + Math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2))
    };
}
/** Δ = accuracy(candidate) − accuracy(champion) on paired 0/1 samples, its interval, and McNemar. */
function pairedDifferenceCI01(cand01, champ01, confidence = 0.95) {
    const table = pairedTable(cand01, champ01);
    const n = cand01.length;
    return {
        ...newcombePairedCI(table, confidence),
        method: 'newcombe-hybrid-score',
        confidence,
        n,
        table,
        candidate: (table.a + table.c) / n,
        champion: (table.a + table.b) / n,
        discordantRate: (table.b + table.c) / n,
        mcnemar: (0,mcnemar/* mcnemar */.op)(table.b, table.c)
    };
}
/** Σ wᵢxᵢ / Σ wᵢ, the default statistic; the bootstrap recognises it and takes a fast path. */
function weightedMean(values, weights) {
    let sum = 0;
    let total = 0;
    for (let i = 0; i < values.length; i++) {
        sum += weights[i] * values[i];
        total += weights[i];
    }
    return sum / total;
}
/**
 * The percentile bootstrap of Δ = statistic(candidate) − statistic(champion) (Efron & Tibshirani,
 * "An Introduction to the Bootstrap", 1993, §13.3), resampling paired items — or, with `clusters`,
 * whole clusters (Davison & Hinkley 1997, §3.8) — with replacement. Each resample draws as many
 * units as there are, using `Rng.int(units)` on its chunk's stream (resample.ts says exactly how);
 * the interval's ends are the (1 − confidence)/2 and (1 + confidence)/2 quantiles of the Δ*
 * (Hyndman & Fan type 7, R's default).
 *
 * For the mean the draws only need per-unit sums of the differences (and per-cluster item counts),
 * so nothing is allocated per resample; a WebAssembly kernel draws them, in worker threads when
 * the job is large.
 */
async function pairedBootstrap(cand, champ, options = {}) {
    const plan = planBootstrap(cand, champ, options);
    if (!plan.fast)
        return finish(plan, resampleStatistic(plan), 1, 'typescript');
    const threads = Math.max(1, Math.floor(options.threads ?? (0,external_node_os_.availableParallelism)()));
    const run = await resampleMeans(plan.sums, plan.sizes, plan.jobs, plan.resamples, threads);
    return finish(plan, run.out, run.threads, run.engine);
}
/** `pairedBootstrap` on the calling thread: the same numbers, for small inputs and simulations. */
function pairedBootstrapSync(cand, champ, options = {}) {
    const plan = planBootstrap(cand, champ, options);
    if (!plan.fast)
        return finish(plan, resampleStatistic(plan), 1, 'typescript');
    const run = resampleMeansSync(plan.sums, plan.sizes, plan.jobs, plan.resamples);
    return finish(plan, run.out, 1, run.engine);
}
function planBootstrap(candIn, champIn, options) {
    const { resamples = 10_000, seed = 0, confidence = 0.95, statistic = weightedMean, interval = 'percentile' } = options;
    if (candIn.length !== champIn.length)
        throw new RangeError(`paired samples differ in length: ${candIn.length} vs ${champIn.length}`);
    const n = candIn.length;
    if (n === 0)
        throw new RangeError('the bootstrap needs at least one paired item');
    if (!Number.isSafeInteger(resamples) || resamples < 1)
        throw new RangeError(`resamples must be a positive integer, got ${resamples}`);
    zFor(confidence);
    const cand = Float64Array.from(candIn);
    const champ = Float64Array.from(champIn);
    for (let i = 0; i < n; i++) {
        if (!Number.isFinite(cand[i]) || !Number.isFinite(champ[i]))
            throw new RangeError(`paired sample ${i} is not a finite number`);
    }
    let unitOf = null;
    let units = n;
    if (options.clusters !== undefined) {
        if (options.clusters.length !== n)
            throw new RangeError(`${options.clusters.length} cluster labels for ${n} paired items`);
        unitOf = new Int32Array(n);
        const index = new Map();
        for (let i = 0; i < n; i++) {
            const label = options.clusters[i];
            let k = index.get(label);
            if (k === undefined)
                index.set(label, (k = index.size));
            unitOf[i] = k;
        }
        units = index.size;
    }
    const sums = new Float64Array(units);
    const sizes = unitOf ? new Float64Array(units) : null;
    for (let i = 0; i < n; i++) {
        const u = unitOf ? unitOf[i] : i;
        sums[u] += cand[i] - champ[i];
        if (sizes)
            sizes[u]++;
    }
    const fast = statistic === weightedMean;
    if (interval === 'robust' && !fast)
        throw new RangeError('the robust interval (BCa ∪ t) is defined for the mean only');
    return {
        interval,
        cand,
        champ,
        n,
        unitOf,
        units,
        sums,
        sizes,
        statistic,
        fast,
        resamples,
        seed,
        confidence,
        jobs: chunkJobs(seed, resamples)
    };
}
/** Any statistic: the same draws as the mean's, as item weights, then both sides evaluated. */
function resampleStatistic(plan) {
    const { cand, champ, n, unitOf, units, statistic, resamples } = plan;
    const out = new Float64Array(resamples);
    const weights = new Float64Array(n);
    const drawn = unitOf ? new Float64Array(units) : weights;
    for (const job of plan.jobs) {
        const rng = new Rng(job.state);
        for (let r = job.from; r < job.from + job.count; r++) {
            drawn.fill(0);
            for (let j = 0; j < units; j++)
                drawn[rng.int(units)]++;
            if (unitOf)
                for (let i = 0; i < n; i++)
                    weights[i] = drawn[unitOf[i]];
            out[r] = statistic(cand, weights) - statistic(champ, weights);
        }
    }
    return out;
}
function finish(plan, out, threads, engine) {
    const { n, statistic, cand, champ, confidence, resamples } = plan;
    let estimate;
    if (plan.fast) {
        let sum = 0;
        for (const s of plan.sums)
            sum += s;
        estimate = sum / n;
    }
    else {
        const ones = new Float64Array(n).fill(1);
        estimate = statistic(cand, ones) - statistic(champ, ones);
    }
    let mean = 0;
    for (const x of out)
        mean += x;
    mean /= resamples;
    let ss = 0;
    for (const x of out)
        ss += (x - mean) ** 2;
    out.sort();
    const alpha = 1 - confidence;
    const percentile = { low: quantile(out, alpha / 2), high: quantile(out, 1 - alpha / 2) };
    const bca = plan.interval === 'percentile' ? undefined : bcaInterval(plan, out, estimate);
    const t = plan.fast ? tInterval(plan, estimate) : undefined;
    const chosen = !bca
        ? percentile
        : plan.interval === 'bca' || !t
            ? bca
            : { low: Math.min(bca.low, t.low), high: Math.max(bca.high, t.high) };
    return {
        method: plan.unitOf ? 'cluster-bootstrap' : 'paired-bootstrap',
        estimate,
        low: chosen.low,
        high: chosen.high,
        interval: plan.interval,
        percentile,
        ...(bca ? { bca } : {}),
        ...(t ? { t } : {}),
        confidence,
        se: resamples > 1 ? Math.sqrt(ss / (resamples - 1)) : 0,
        resamples,
        seed: plan.seed,
        n,
        units: plan.units,
        threads,
        engine
    };
}
/**
 * BCa (Efron, JASA 1987;82:171–185; Efron & Tibshirani 1993, §14.3): the percentiles moved by the
 * bias correction z₀ = Φ⁻¹(share of Δ* below Δ̂, ties counted half) and the acceleration a, from
 * the jackknife over units (leave one item, or one cluster, out):
 *
 *   a = Σ (θ̄ − θ₍ᵤ₎)³ / (6 · (Σ (θ̄ − θ₍ᵤ₎)²)^1.5),   αᵢ = Φ(z₀ + (z₀ + z_αᵢ) / (1 − a(z₀ + z_αᵢ))).
 *
 * The percentile interval assumes the Δ* are distributed around Δ̂ as Δ̂ is around Δ; with rare,
 * large losses they are skewed, and the lower end sits too high (issue 21 point 3: 7.7 % false
 * passes at n = 100). a corrects for that skew to second order.
 */
function bcaInterval(plan, sorted, estimate) {
    const B = sorted.length;
    let below = 0;
    let ties = 0;
    for (const x of sorted) {
        if (x < estimate)
            below++;
        else if (x === estimate)
            ties++;
    }
    const share = Math.min(1 - 0.5 / B, Math.max(0.5 / B, (below + ties / 2) / B));
    const z0 = (0,mcnemar/* normalQuantile */.Zl)(share);
    const jack = jackknife(plan);
    let acceleration = 0;
    if (jack.length > 1) {
        let mean = 0;
        for (const x of jack)
            mean += x;
        mean /= jack.length;
        let s2 = 0;
        let s3 = 0;
        for (const x of jack) {
            s2 += (mean - x) ** 2;
            s3 += (mean - x) ** 3;
        }
        acceleration = s2 > 0 ? s3 / (6 * s2 ** 1.5) : 0;
    }
    const alpha = 1 - plan.confidence;
    const at = (tail) => {
        const z = (0,mcnemar/* normalQuantile */.Zl)(tail);
        const p = (0,mcnemar/* normalCdf */.vr)(z0 + (z0 + z) / (1 - acceleration * (z0 + z)));
        return quantile(sorted, Math.min(1, Math.max(0, p)));
    };
    return { low: at(alpha / 2), high: at(1 - alpha / 2), z0, acceleration };
}
/** The statistic with each unit left out in turn; empty with fewer than 2 units. */
function jackknife(plan) {
    const { units, n, unitOf, sums, sizes } = plan;
    if (units < 2)
        return new Float64Array(0);
    const out = new Float64Array(units);
    if (plan.fast) {
        let total = 0;
        for (const x of sums)
            total += x;
        for (let u = 0; u < units; u++)
            out[u] = (total - sums[u]) / (n - (sizes ? sizes[u] : 1));
        return out;
    }
    const weights = new Float64Array(n);
    for (let u = 0; u < units; u++) {
        for (let i = 0; i < n; i++)
            weights[i] = (unitOf ? unitOf[i] : i) === u ? 0 : 1;
        out[u] = plan.statistic(plan.cand, weights) - plan.statistic(plan.champ, weights);
    }
    return out;
}
/**
 * The t-interval for the mean difference with the cluster-robust (CR1) standard error and
 * units − 1 degrees of freedom: se² = G/(G − 1) · Σ_g (S_g − Δ̂·n_g)² / N². With one item per
 * unit this is the paired t-interval, sd/√n. Undefined (absent) with fewer than 2 units.
 */
function tInterval(plan, estimate) {
    const { units, n, sums, sizes } = plan;
    if (units < 2)
        return undefined;
    let ss = 0;
    for (let u = 0; u < units; u++)
        ss += (sums[u] - estimate * (sizes ? sizes[u] : 1)) ** 2;
    const se = Math.sqrt((units / (units - 1)) * ss) / n;
    const df = units - 1;
    const half = studentTQuantile(1 - (1 - plan.confidence) / 2, df) * se;
    return { low: estimate - half, high: estimate + half, se, df };
}
/** Hyndman & Fan type 7 quantile of sorted data: linear between order statistics. */
function quantile(sorted, p) {
    const h = (sorted.length - 1) * p;
    const lo = Math.floor(h);
    const hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}
/**
 * Non-inferiority with margin maxDrop (SPEC §5): pass if the whole interval of Δ lies above
 * −maxDrop, fail if it lies wholly below, inconclusive when it straddles (or touches) the margin.
 */
function nonInferiority(ci, maxDrop) {
    if (!(maxDrop >= 0) || !Number.isFinite(maxDrop))
        throw new RangeError(`max_drop must be a finite number ≥ 0, got ${maxDrop}`);
    if (ci.low > -maxDrop)
        return 'pass';
    if (ci.high < -maxDrop)
        return 'fail';
    return 'inconclusive';
}
/**
 * Turns Δ = candidate − champion into "improvement" for the metric's direction: unchanged when
 * higher is better, negated (and the interval's ends swapped) when lower is better, so that
 * `nonInferiority` can always read a drop as negative.
 */
function orient(ci, higherIsBetter) {
    if (higherIsBetter)
        return ci;
    return { ...ci, estimate: -ci.estimate, low: -ci.high, high: -ci.low };
}
/**
 * The smallest true drop the gate would detect with the given power (default 80%) at this n:
 *
 *   MDE = (z₁₋α/₂ + z_power) · SE,  α = 1 − confidence,
 *
 * with z₁₋α/₂ because the verdict reads one end of a two-sided interval (a one-sided test at α/2).
 * SE is, for 0/1 samples, √(p_d / n) with p_d = (b + c)/n the discordant rate (the variance of a
 * paired difference near Δ = 0; Connor, Biometrics 1987;43:207–211, dropping the −Δ² term, which
 * errs on the large side), p_d counted as at least 1/n so that an eval with no disagreement does
 * not claim to detect everything; for other metrics sd(differences)/√n; or a standard error given
 * directly (e.g. the bootstrap's `se`, which also accounts for clustering).
 */
function minimumDetectableEffect(input) {
    const { confidence = 0.95, power = 0.8 } = input;
    if (!(power > 0 && power < 1))
        throw new RangeError(`power must be in (0, 1), got ${power}`);
    let se;
    if ('se' in input)
        se = input.se;
    else {
        if (!(input.n >= 1))
            throw new RangeError(`the MDE needs n ≥ 1, got ${input.n}`);
        se =
            'discordant' in input
                ? Math.sqrt(Math.max(input.discordant, 1)) / input.n
                : input.sd / Math.sqrt(input.n);
    }
    if (!(se >= 0))
        throw new RangeError(`a standard error must be ≥ 0, got ${se}`);
    return (zFor(confidence) + (0,mcnemar/* normalQuantile */.Zl)(power)) * se;
}
/** Sample standard deviation (n − 1) of the per-item differences candidate − champion. */
function differenceSd(cand, champ) {
    const n = cand.length;
    if (n !== champ.length)
        throw new RangeError('paired samples differ in length');
    if (n < 2)
        return 0;
    let mean = 0;
    for (let i = 0; i < n; i++)
        mean += cand[i] - champ[i];
    mean /= n;
    let ss = 0;
    for (let i = 0; i < n; i++)
        ss += (cand[i] - champ[i] - mean) ** 2;
    return Math.sqrt(ss / (n - 1));
}
// ---------------------------------------------------------------------------------------------
// Several regression gates at once: Holm–Bonferroni
/**
 * Holm's step-down adjusted p-values (Holm, Scand J Statist 1979;6:65–70), in the input order:
 * with p₍₁₎ ≤ … ≤ p₍ₘ₎, adj₍ᵢ₎ = max over j ≤ i of min(1, (m − j + 1)·p₍ⱼ₎).
 */
function holm(pValues) {
    const m = pValues.length;
    const order = rankOrder(pValues);
    const adjusted = new Array(m);
    let running = 0;
    order.forEach((index, rank) => {
        running = Math.max(running, Math.min(1, (m - rank) * pValues[index]));
        adjusted[index] = running;
    });
    return adjusted;
}
/**
 * Per-gate confidence levels for Holm applied to intervals: the gate with the k-th smallest
 * p-value (k = 1 … m) reads a two-sided interval at 1 − α/(m − k + 1), α = 1 − confidence — the
 * Holm-adjusted level of its rank. The first gate is held to Bonferroni's 1 − α/m, the last to the
 * unadjusted level. Holm is a step-down procedure: walk the gates in rank order and stop at the
 * first that does not pass; the ones after it cannot pass (report them inconclusive at best).
 * The p-values should be those of the non-inferiority hypotheses (Δ ≤ −max_drop) being tested.
 * For simultaneous coverage of all the intervals, use `bonferroniConfidence` instead.
 */
function holmConfidenceLevels(pValues, confidence = 0.95) {
    zFor(confidence);
    const m = pValues.length;
    const levels = new Array(m);
    rankOrder(pValues).forEach((index, rank) => {
        levels[index] = 1 - (1 - confidence) / (m - rank);
    });
    return levels;
}
/** 1 − α/m: m intervals at this level hold simultaneously with probability ≥ confidence. */
function bonferroniConfidence(confidence, m) {
    zFor(confidence);
    if (!Number.isInteger(m) || m < 1)
        throw new RangeError(`m must be a positive integer, got ${m}`);
    return 1 - (1 - confidence) / m;
}
/** Indices sorted by ascending p (ties keep input order); NaN is refused. */
function rankOrder(pValues) {
    for (const p of pValues)
        if (!(p >= 0 && p <= 1))
            throw new RangeError(`a p-value must be in [0, 1], got ${p}`);
    return pValues.map((_, i) => i).sort((i, j) => pValues[i] - pValues[j] || i - j);
}
/** z₁₋α/₂ for a two-sided level, validating it. */
function zFor(confidence) {
    if (!(confidence > 0 && confidence < 1))
        throw new RangeError(`confidence must be in (0, 1), got ${confidence}`);
    return (0,mcnemar/* normalQuantile */.Zl)(1 - (1 - confidence) / 2);
}


/***/ })

};
