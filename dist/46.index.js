export const id = 46;
export const ids = [46];
export const modules = {

/***/ 46:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  MetricGate: () => (/* binding */ MetricGate)
});

// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/format.ts
var format = __webpack_require__(6264);
// EXTERNAL MODULE: ./src/gates/gate.ts
var gate = __webpack_require__(6457);
// EXTERNAL MODULE: ./src/gates/metric/measurements.ts
var measurements = __webpack_require__(816);
// EXTERNAL MODULE: ./src/stats/mcnemar.ts
var mcnemar = __webpack_require__(848);
// EXTERNAL MODULE: ./src/stats/paired.ts + 4 modules
var paired = __webpack_require__(8725);
// EXTERNAL MODULE: ./src/gates/metric/items.ts
var items = __webpack_require__(137);
;// CONCATENATED MODULE: ./src/gates/metric/interval.ts



/** The seed of the one-sample bootstrap: fixed, so the same data always gives the same interval. */
const INTERVAL_SEED = 20_261_207;
const RESAMPLES = 4000;
async function valueInterval(result, metric, value, confidence) {
    const samples = result.samples?.[metric];
    if (samples &&
        samples.length > 0 &&
        samples.every((v) => typeof v === 'number' && Number.isFinite(v))) {
        const xs = samples;
        if ((0,items/* allBinary */.$9)(xs)) {
            const x = xs.reduce((a, b) => a + b, 0);
            return { ...wilson(x, xs.length, confidence), n: xs.length, method: 'Wilson score interval' };
        }
        const r = await (0,paired/* pairedBootstrap */.Wx)(xs, new Float64Array(xs.length), {
            resamples: RESAMPLES,
            seed: INTERVAL_SEED,
            confidence,
            threads: 1
        });
        return {
            low: r.low,
            high: r.high,
            level: confidence,
            n: xs.length,
            method: `percentile bootstrap of the mean (${RESAMPLES} resamples, seed ${INTERVAL_SEED})`
        };
    }
    const n = result.n;
    if (n && n > 0 && result.shares?.includes(metric) && value >= 0 && value <= 1) {
        return {
            ...wilson(Math.round(value * n), n, confidence),
            n,
            method: 'Wilson score interval (from the value and n)'
        };
    }
    return undefined;
}
/** Wilson's score interval for x successes in n (Wilson 1927). */
function wilson(x, n, confidence) {
    const z = (0,mcnemar/* normalQuantile */.Zl)(1 - (1 - confidence) / 2);
    const p = x / n;
    const z2 = z * z;
    const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
    const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
    return { low: Math.max(0, centre - half), high: Math.min(1, centre + half), level: confidence };
}

// EXTERNAL MODULE: ./src/gates/metric/result.ts
var metric_result = __webpack_require__(8084);
// EXTERNAL MODULE: ./src/gates/metric/source.ts
var source = __webpack_require__(3624);
;// CONCATENATED MODULE: ./src/gates/metric/gate.ts







/**
 * `metric`: the candidate's value against `min` and/or `max`. Every value with n or per-item
 * samples gets its confidence interval beside it. `decide_on: point` (the default) judges the
 * value; `decide_on: interval` judges the interval as the latency gate judges p99: pass when it
 * clears the limit, fail when it misses it entirely, inconclusive when it straddles it.
 */
class MetricGate {
    config;
    exclusive = false;
    constructor(config) {
        this.config = config;
    }
    async run(ctx) {
        const { config } = this;
        const threshold = [
            config.min !== undefined ? `≥ ${(0,format/* exact */.e0)(config.min)}` : '',
            config.max !== undefined ? `≤ ${(0,format/* exact */.e0)(config.max)}` : ''
        ]
            .filter(Boolean)
            .join(' and ');
        const base = { measure: config.metric, threshold };
        let value;
        let n;
        let result;
        let interval;
        try {
            result = await ctx.evaluations.get(config, ctx.candidate, ctx);
            // Repeated measurements (source: prometheus) are judged by their count, not one value.
            const measured = (0,measurements/* judgeMeasurements */.JS)(config, result, base);
            if (measured)
                return measured;
            value = (0,metric_result/* metricValue */.a)(result, config.metric, (0,source/* sourceParty */.Y)(config));
            n = result.n ?? result.samples?.[config.metric]?.length;
            interval = await valueInterval(result, config.metric, value, config.confidence);
            if (config.decide_on === 'interval' && !interval)
                throw new errors/* GateError */.u(`decide_on: interval needs per-item samples or n, and ${result.origin ?? 'the source'} gave only a value`, 'make the source return per-item samples (an MLflow table:, a promptfoo or JSONL file), or use decide_on: point');
        }
        catch (err) {
            return (0,gate/* resultFor */.T2)(config, 'error', (0,errors/* describeError */.U)(err), base);
        }
        const extra = {
            ...base,
            value,
            n: interval?.n ?? n,
            ci: interval ? { low: interval.low, high: interval.high, level: interval.level } : undefined,
            details: {
                // The source's own facts (failing items, dataset sha256, …) for the reports and receipt.
                ...result.details,
                origin: result.origin,
                dataset: result.dataset,
                decide_on: config.decide_on,
                interval_method: interval?.method
            }
        };
        if (config.decide_on === 'interval')
            return this.onInterval(value, interval, extra);
        const judged = (0,measurements/* judgeValue */.hy)(value, config);
        if (judged.verdict === 'fail')
            return (0,gate/* resultFor */.T2)(config, 'fail', `${config.metric} ${judged.reason}`, extra);
        // With an interval beside it in the reports, the value is shown at the interval's precision.
        const limits = [config.min, config.max].filter((l) => l !== undefined);
        const shown = interval
            ? (0,format/* fmtInterval */.XB)(value, interval.low, interval.high, ...limits).value
            : (0,format/* fmt */.Sc)(value);
        return (0,gate/* resultFor */.T2)(config, 'pass', `${config.metric} ${shown} meets ${threshold}`, extra);
    }
    onInterval(value, ci, extra) {
        const { config } = this;
        const { min, max, metric } = config;
        const limits = [min, max].filter((l) => l !== undefined);
        const shown = (0,format/* fmtInterval */.XB)(value, ci.low, ci.high, ...limits);
        const range = `${shown.value}, ${(0,format/* fmt */.Sc)(ci.level * 100)}% CI [${shown.low}, ${shown.high}] (n=${ci.n})`;
        const misses = (min !== undefined && ci.high < min) || (max !== undefined && ci.low > max);
        if (misses)
            return (0,gate/* resultFor */.T2)(config, 'fail', `${metric} ${range}: the whole interval is ${min !== undefined && ci.high < min ? `below the minimum ${(0,format/* exact */.e0)(min)}` : `above the maximum ${(0,format/* exact */.e0)(max)}`}`, extra);
        const clears = (min === undefined || ci.low >= min) && (max === undefined || ci.high <= max);
        if (clears)
            return (0,gate/* resultFor */.T2)(config, 'pass', `${metric} ${range}: the whole interval meets ${extra.threshold ?? ''}`, extra);
        return (0,gate/* resultFor */.T2)(config, 'inconclusive', `${metric} ${range} straddles the limit: the data cannot tell whether it meets ${extra.threshold ?? ''}; ` +
            'evaluate on more items to decide', extra);
    }
}


/***/ }),

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


/***/ })

};
