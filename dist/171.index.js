export const id = 171;
export const ids = [171];
export const modules = {

/***/ 4171:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  LatencyGate: () => (/* binding */ LatencyGate)
});

// UNUSED EXPORTS: DEFAULT_RATE, buildPlan, defaultWarmup, judgeLoad, loadModel

// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/secrets.ts
var secrets = __webpack_require__(7194);
// EXTERNAL MODULE: ./src/settings/expand.ts
var expand = __webpack_require__(5537);
// EXTERNAL MODULE: ./src/gates/gate.ts
var gate = __webpack_require__(6457);
// EXTERNAL MODULE: ./src/format.ts
var format = __webpack_require__(6264);
// EXTERNAL MODULE: ./src/gates/template.ts
var template = __webpack_require__(420);
// EXTERNAL MODULE: ./src/stats/mcnemar.ts
var mcnemar = __webpack_require__(848);
;// CONCATENATED MODULE: ./src/stats/quantile-ci.ts
/**
 * Distribution-free confidence intervals for a quantile from order statistics (the convention of
 * vectors/quantile-ci.json). With the sample sorted ascending and ranks 1-based, [x_(lowerRank),
 * x_(upperRank)] covers the true q-quantile with probability ≥ confidence:
 *   lowerRank = the largest r with P(Binomial(n,q) ≤ r−1) ≤ (1−confidence)/2,
 *   upperRank = the smallest r with P(Binomial(n,q) ≥ r) ≤ (1−confidence)/2.
 * No such rank (too few samples) → null.
 */

function quantileCI(n, q, confidence) {
    const lowerRank = lowerRankOnly(n, q, confidence);
    if (lowerRank === null)
        return null;
    const tail = (1 - confidence) / 2;
    // P(B ≥ r) falls with r: the smallest r whose upper tail stays within `tail`.
    if (binomSf(n, n, q) > tail)
        return null;
    let lo = 1;
    let hi = n;
    while (lo < hi) {
        const mid = Math.floor((lo + hi) / 2);
        if (binomSf(mid, n, q) <= tail)
            hi = mid;
        else
            lo = mid + 1;
    }
    const upperRank = lo;
    const coverage = 1 - binomCdf(lowerRank - 1, n, q) - binomSf(upperRank, n, q);
    return { lowerRank, upperRank, coverage };
}
/**
 * The lower rank alone (the largest r with P(B ≤ r−1) ≤ (1−confidence)/2), which exists for far
 * fewer samples than the two-sided interval: enough to show a quantile is above a limit.
 */
function lowerRankOnly(n, q, confidence) {
    check(n, q, confidence);
    const tail = (1 - confidence) / 2;
    // P(B ≤ r−1) grows with r: the largest r whose lower tail stays within `tail`.
    if (binomCdf(0, n, q) > tail)
        return null;
    let lo = 1;
    let hi = n;
    while (lo < hi) {
        const mid = Math.ceil((lo + hi) / 2);
        if (binomCdf(mid - 1, n, q) <= tail)
            lo = mid;
        else
            hi = mid - 1;
    }
    return lo;
}
/** The smallest n for which quantileCI(n, q, confidence) has an interval (368 for p99 at 95 %). */
function samplesNeeded(q, confidence) {
    check(1, q, confidence);
    const tail = (1 - confidence) / 2;
    // Both conditions are monotone in n: (1−q)^n ≤ tail and q^n ≤ tail.
    let n = Math.max(1, Math.ceil(Math.log(tail) / Math.log(Math.max(q, 1 - q))) - 2);
    while (binomCdf(0, n, q) > tail || binomSf(n, n, q) > tail)
        n++;
    return n;
}
function check(n, q, confidence) {
    if (!Number.isInteger(n) || n < 1)
        throw new RangeError(`n must be a positive integer, got ${n}`);
    if (!(q > 0 && q < 1))
        throw new RangeError(`q must be in (0, 1), got ${q}`);
    if (!(confidence > 0 && confidence < 1))
        throw new RangeError(`confidence must be in (0, 1), got ${confidence}`);
}
/** P(B ≤ k) for B ~ Binomial(n, p): the one binomial implementation, shared with McNemar. */
const binomCdf = mcnemar/* binomialCdf */.HU;
/** P(B ≥ k) for B ~ Binomial(n, p), summed directly as the lower tail of n − B ~ Binomial(n, 1 − p). */
function binomSf(k, n, p) {
    if (k <= 0)
        return 1;
    if (k > n)
        return 0;
    return (0,mcnemar/* binomialCdf */.HU)(n - k, n, 1 - p);
}

;// CONCATENATED MODULE: ./src/gates/latency/judge.ts


/**
 * Verdicts on HDR histograms of microseconds. Percentiles use HDR's nearest-rank rule and report
 * the upper edge of the sample's bucket: at 3 significant digits that is at most 0.1 % above the
 * sample itself. Two quantisations stand between a request's true latency and the histogram: the
 * load generator rounds it to a whole µs (`recordMs`: up to 0.5 µs either way), and HDR puts it
 * in a bucket. For the p99 confidence interval the order statistics are read at their ranks, the
 * lower end at its bucket's lower edge less QUANTUM_US, the upper end at its upper edge plus
 * QUANTUM_US: both quantisations can then only widen the interval, never flip a verdict.
 *
 * The order-statistic interval assumes independent requests. Latencies that drift together
 * (a warming cache, a noisy neighbour, a queue) make the exceedances of p99 come in runs, and the
 * interval too narrow (issue 21 point 5: 64 % coverage for AR(1) in log with ρ = 0.9). Given the
 * latencies in the order the requests completed, `exceedanceInflation` estimates that dependence and
 * the interval is computed for the effective number of independent requests.
 */
const P99 = 0.99;
const ms = (us) => Math.round(us) / 1000;
/** What rounding to a whole µs may have moved a latency by (loadgen.ts `recordMs`). */
const QUANTUM_US = 0.5;
/**
 * Exceedances the dependence is estimated from: p99 itself gives only n/100 of them (4 in a run of
 * 400), too few to see runs in; the level is lowered until at least this many are expected.
 */
const DEPENDENCE_EXCEEDANCES = 50;
/**
 * How much dependence between successive requests inflates the variance of the count of
 * requests above the q-quantile, by batch means (Geyer, "Practical Markov chain Monte Carlo",
 * Stat Sci 1992;7:473–483, §3.2): the exceedance indicators are cut into b batches of
 * m = ⌈√n⌉ requests, and the variance of the batch counts, over m, is set against the
 * independent p(1 − p). 1 (never less) unless the dependence is significant; n / factor is the
 * effective n. Two choices, both from bench/calibration-audit.ts (p99-ar1, p99-burst):
 *  - the indicators are those of the quantile `level` = min(1 − 2(1 − q), 1 − 50 / n), p98 or
 *    lower for p99: at p99 a run of 1000 has 10 exceedances, and with AR(1) ρ = 0.9 the estimate
 *    missed the dependence in most runs (80 % coverage, 4.4 % false passes; at 400, 49 % and
 *    13 %). Latencies whose dependence fades towards the tail (a drifting load) are then widened
 *    a little more than p99 needs, which costs power, not coverage;
 *  - the batch with the most exceedances is left out: one burst of slow answers (a reset, a
 *    retry, a stall) is one event, not evidence that every stretch of the run is worth fewer
 *    requests. Dependence that recurs across the run still shows in the other batches; twice
 *    p99's exceedances at least (p98) make up for what leaving one batch out takes from the
 *    estimate (at 10,000 requests and ρ = 0.9, coverage 93 % at p99, 96 % at p98).
 */
function exceedanceInflation(seriesUs, q) {
    const n = seriesUs.length;
    const batch = Math.ceil(Math.sqrt(n));
    const batches = Math.floor(n / batch);
    const level = Math.max(0.5, Math.min(1 - 2 * (1 - q), 1 - DEPENDENCE_EXCEEDANCES / Math.max(1, n)));
    const none = { factor: 1, batch, batches, level, significant: false };
    // Leaving one batch out, at least two must remain to compare.
    if (batches < 3)
        return none;
    const sorted = Float64Array.from(seriesUs).sort();
    const cut = sorted[Math.min(n - 1, Math.ceil(level * n) - 1)];
    const counts = new Float64Array(batches);
    let burst = 0;
    for (let j = 0; j < batches; j++) {
        let k = 0;
        for (let i = j * batch; i < (j + 1) * batch; i++)
            if (seriesUs[i] > cut)
                k++;
        counts[j] = k;
        if (k > counts[burst])
            burst = j;
    }
    const kept = batches - 1;
    let above = 0;
    for (let j = 0; j < batches; j++)
        if (j !== burst)
            above += counts[j];
    const p = above / (kept * batch);
    if (p <= 0 || p >= 1)
        return none;
    const mean = above / kept;
    let ss = 0;
    for (let j = 0; j < batches; j++)
        if (j !== burst)
            ss += (counts[j] - mean) ** 2;
    // Independent requests: the batch counts are binomial, and D = Σ(k − k̄)² / (m·p(1 − p)) is
    // about χ² with b − 1 degrees of freedom (fewer, with the largest count left out, so the test
    // errs towards "independent"). It is applied only when D is beyond χ²'s 99th percentile
    // (Wilson–Hilferty): dependence shown, not guessed, or noise would take the interval of a few
    // hundred independent requests.
    const dispersion = ss / (batch * p * (1 - p));
    const df = kept - 1;
    const critical = df * (1 - 2 / (9 * df) + 2.3263 * Math.sqrt(2 / (9 * df))) ** 3;
    const factor = Math.max(1, dispersion / df);
    const significant = dispersion > critical && factor > 1;
    return { factor: significant ? factor : 1, batch, batches, level, significant };
}
function quantileStats(h) {
    const n = h.count;
    if (!n)
        return { n: 0, min: null, mean: null, p50: null, p90: null, p95: null, p99: null, max: null };
    return {
        n,
        min: ms(h.min),
        mean: ms(h.mean),
        p50: ms(h.percentile(50)),
        p90: ms(h.percentile(90)),
        p95: ms(h.percentile(95)),
        p99: ms(h.percentile(99)),
        max: ms(h.max)
    };
}
/**
 * The value of the rank-th smallest sample (1-based) as the upper edge of its HDR bucket. HDR
 * picks the sample at count round(p/100·N + 0.5); asking for p = 100·(rank − ¼)/N lands on `rank`
 * with room for floating-point error either way.
 */
function valueAtRank(h, rank) {
    return h.percentile((100 * (rank - 0.25)) / h.count);
}
/**
 * The lower edge of the bucket whose upper edge is `v`, for histograms with lowest = 1 and 3
 * significant digits: 2048 sub-buckets, of width 1 below 2048 and doubling with each power of two.
 */
function lowestEquivalent(v) {
    if (v < 2048)
        return v;
    const width = 2 ** (Math.floor(Math.log2(v)) - 10);
    return v - width + 1;
}
/**
 * p99 against a threshold by the order-statistic CI: fail if its lower end is above the
 * threshold, pass if its upper end is at or below it, else inconclusive.
 */
function judgeP99(h, label, thresholdMs, confidence, 
/** The recorded µs values in the order the requests completed, to estimate their dependence. */
seriesUs, 
/**
 * Widen the interval by the dependence found (`correlation: widen`, the gate's default), or
 * only report it (`report`): see the README's Measurement section.
 */
widen = true) {
    const stats = quantileStats(h);
    const level = Math.round(confidence * 1000) / 10;
    const limit = thresholdMs !== undefined ? ` ≤ ${(0,format/* exact */.e0)(thresholdMs)} ms` : '';
    if (!stats.n)
        return {
            ...stats,
            ci: null,
            threshold_ms: thresholdMs,
            verdict: thresholdMs !== undefined ? 'inconclusive' : undefined,
            message: `no successful requests to measure ${label} on`
        };
    // Dependence shrinks the information to that of nEff independent requests: the interval is
    // the one nEff requests give, its ranks scaled back to the n measured.
    const dependence = seriesUs && seriesUs.length === stats.n ? exceedanceInflation(seriesUs, P99) : undefined;
    const found = dependence?.factor ?? 1;
    const factor = widen ? found : 1;
    const nEff = Math.floor(stats.n / factor);
    const effRanks = nEff >= 1 ? quantileCI(nEff, P99, confidence) : null;
    const ranks = factor === 1
        ? effRanks
        : effRanks && Math.ceil((effRanks.upperRank * stats.n) / nEff) <= stats.n
            ? {
                lowerRank: Math.max(1, Math.floor((effRanks.lowerRank * stats.n) / nEff)),
                upperRank: Math.ceil((effRanks.upperRank * stats.n) / nEff),
                coverage: effRanks.coverage
            }
            : null;
    const correlated = factor > 1
        ? {
            inflation: Math.round(factor * 1000) / 1000,
            effective_n: nEff,
            batch: dependence?.batch,
            level: dependence?.level
        }
        : undefined;
    // Found but not applied: reported beside the interval, which stays the independent one.
    const unapplied = !widen && found > 1
        ? {
            dependence: {
                inflation: Math.round(found * 1000) / 1000,
                effective_n: Math.floor(stats.n / found),
                batch: dependence?.batch,
                level: dependence?.level,
                applied: false
            }
        }
        : {};
    // Beside every verdict, including those without an interval.
    const dependenceRecord = correlated ? { dependence: correlated } : unapplied;
    const p99 = stats.p99;
    if (!ranks && thresholdMs !== undefined) {
        // Too few (effective) samples for both ends, but the lower end alone may show p99 is over.
        const lowerEff = nEff >= 1 ? lowerRankOnly(nEff, P99, confidence) : null;
        const lowerRank = lowerEff ? Math.max(1, Math.floor((lowerEff * stats.n) / nEff)) : null;
        const lowMs = lowerRank
            ? (lowestEquivalent(valueAtRank(h, lowerRank)) - QUANTUM_US) / 1000
            : undefined;
        if (lowMs !== undefined && lowMs > thresholdMs)
            return {
                ...stats,
                ci: null,
                lower_bound_ms: lowMs,
                ...dependenceRecord,
                threshold_ms: thresholdMs,
                verdict: 'fail',
                message: `${label} ${(0,format/* near */.Zh)(p99, thresholdMs)} ms exceeds${limit}: too few ` +
                    (correlated ? `effective samples (${nEff} of ${stats.n})` : `samples (${stats.n})`) +
                    ` for a two-sided interval, but its ${level}% lower bound ` +
                    `${(0,format/* near */.Zh)(lowMs, thresholdMs)} ms is above it`
            };
    }
    if (!ranks) {
        const needed = Math.ceil(samplesNeeded(P99, confidence) * factor);
        return {
            ...stats,
            ci: null,
            samples_needed: needed,
            ...dependenceRecord,
            threshold_ms: thresholdMs,
            verdict: thresholdMs !== undefined ? 'inconclusive' : undefined,
            message: `${label} ${(0,format/* fmt */.Sc)(p99)} ms from only ${stats.n} samples` +
                (correlated ? ` (correlated: worth ${nEff} independent ones)` : '') +
                `: a two-sided ${level}% confidence interval for p99 needs at least ${needed}` +
                (thresholdMs !== undefined ? `, so it cannot be judged against${limit}` : '')
        };
    }
    const lowUs = lowestEquivalent(valueAtRank(h, ranks.lowerRank)) - QUANTUM_US;
    const highUs = valueAtRank(h, ranks.upperRank) + QUANTUM_US;
    const low = lowUs / 1000;
    const high = highUs / 1000;
    const ci = {
        low,
        high,
        level: confidence,
        lower_rank: ranks.lowerRank,
        upper_rank: ranks.upperRank,
        coverage: Math.round(ranks.coverage * 1e6) / 1e6
    };
    // p99 and its interval at the precision the interval supports (src/format.ts).
    const shown = thresholdMs !== undefined
        ? (0,format/* fmtInterval */.XB)(p99, low, high, thresholdMs)
        : (0,format/* fmtInterval */.XB)(p99, low, high);
    const ciText = `${level}% CI ${shown.low}–${shown.high} ms, n=${stats.n}` +
        (correlated ? `, correlated requests worth ${nEff} independent ones` : '');
    const extra = dependenceRecord;
    if (thresholdMs === undefined)
        return { ...stats, ci, ...extra, message: `${label} ${shown.value} ms (${ciText})` };
    let verdict;
    let message;
    if (low > thresholdMs) {
        verdict = 'fail';
        message = `${label} ${shown.value} ms exceeds${limit}: even the interval's lower end is above it (${ciText})`;
    }
    else if (high <= thresholdMs) {
        verdict = 'pass';
        message = `${label} ${shown.value} ms meets${limit} (${ciText})`;
    }
    else {
        verdict = 'inconclusive';
        message =
            `${label} ${shown.value} ms cannot be told apart from${limit}: the interval straddles it ` +
                `(${ciText}); more requests narrow it`;
    }
    return { ...stats, ci, ...extra, threshold_ms: thresholdMs, verdict, message };
}

// EXTERNAL MODULE: external "node:perf_hooks"
var external_node_perf_hooks_ = __webpack_require__(643);
// EXTERNAL MODULE: ./node_modules/undici/lib/dispatcher/pool.js
var pool = __webpack_require__(628);
var pool_default = /*#__PURE__*/__webpack_require__.n(pool);
// EXTERNAL MODULE: ./src/http/client.ts
var client = __webpack_require__(3329);
;// CONCATENATED MODULE: ./src/gates/latency/sse.ts
/**
 * A server-sent events parser (WHATWG HTML §9.2 "event stream interpretation") fed raw bytes as
 * they arrive. Chunks may split anywhere: inside a line, between CR and LF, or inside a UTF-8
 * sequence (the streaming TextDecoder holds partial sequences back).
 */
class SseParser {
    onEvent;
    decoder = new TextDecoder('utf-8');
    buffer = '';
    /** The previous chunk ended in CR: a LF at the start of the next one belongs to it. */
    pendingCR = false;
    eventType = '';
    data = [];
    hasData = false;
    lastId;
    constructor(onEvent) {
        this.onEvent = onEvent;
    }
    /** Feed the next chunk of the body. */
    push(chunk) {
        this.feedText(this.decoder.decode(chunk, { stream: true }));
    }
    /** The body ended. An event without its terminating blank line is discarded, as the standard says. */
    end() {
        this.feedText(this.decoder.decode());
        this.buffer = '';
        this.pendingCR = false;
        this.data = [];
        this.hasData = false;
        this.eventType = '';
    }
    feedText(text) {
        if (!text)
            return;
        let start = 0;
        if (this.pendingCR) {
            this.pendingCR = false;
            if (text.charCodeAt(0) === 10)
                start = 1;
        }
        let buf = this.buffer;
        for (let i = start; i < text.length; i++) {
            const c = text.charCodeAt(i);
            if (c !== 10 && c !== 13)
                continue;
            const piece = text.slice(start, i);
            this.line(buf ? buf + piece : piece);
            buf = '';
            if (c === 13) {
                if (i + 1 < text.length) {
                    if (text.charCodeAt(i + 1) === 10)
                        i++;
                }
                else
                    this.pendingCR = true;
            }
            start = i + 1;
        }
        this.buffer = buf + text.slice(start);
    }
    line(line) {
        if (line === '') {
            if (this.hasData) {
                const ev = { event: this.eventType || 'message', data: this.data.join('\n') };
                if (this.lastId !== undefined)
                    ev.id = this.lastId;
                this.onEvent(ev);
            }
            this.data = [];
            this.hasData = false;
            this.eventType = '';
            return;
        }
        // Comments (`:keepalive`) carry nothing.
        if (line.charCodeAt(0) === 58)
            return;
        const colon = line.indexOf(':');
        let field;
        let value;
        if (colon < 0) {
            field = line;
            value = '';
        }
        else {
            field = line.slice(0, colon);
            value = line.charCodeAt(colon + 1) === 32 ? line.slice(colon + 2) : line.slice(colon + 1);
        }
        switch (field) {
            case 'data':
                this.data.push(value);
                this.hasData = true;
                break;
            case 'event':
                this.eventType = value;
                break;
            case 'id':
                if (!value.includes('\0'))
                    this.lastId = value;
                break;
            // `retry` and unknown fields do not matter to a measurement.
        }
    }
}
/**
 * `data: [DONE]` ends the stream; `event: error` or a payload with an `error` member is an error;
 * a chunk with non-empty `choices[0].delta.content` (chat) or `choices[0].text` (completions) is a
 * token; anything else (role-only deltas, usage chunks) is empty. A payload that is not JSON is an
 * error too: the endpoint does not speak the protocol, and that must not pass silently.
 */
function classifyStreamEvent(ev) {
    if (ev.event === 'error')
        return 'error';
    const data = ev.data.trim();
    if (data === '[DONE]')
        return 'done';
    let payload;
    try {
        payload = JSON.parse(data);
    }
    catch {
        return 'error';
    }
    if (!payload || typeof payload !== 'object')
        return 'error';
    const obj = payload;
    if (obj.error !== undefined && obj.error !== null)
        return 'error';
    const first = Array.isArray(obj.choices) ? obj.choices[0] : undefined;
    if (first && typeof first === 'object') {
        const choice = first;
        const content = choice.delta?.content;
        if (typeof content === 'string' && content.length > 0)
            return 'content';
        if (typeof choice.text === 'string' && choice.text.length > 0)
            return 'content';
    }
    return 'empty';
}

;// CONCATENATED MODULE: ./src/gates/latency/loadgen.ts




/** Sampling interval of the event-loop delay monitor, which reports whole intervals. */
const LOOP_RESOLUTION_MS = 10;
/** A dispatch later than this after its intended time counts as late. */
const LATE_MS = 1;
/** 1 µs … 1 h; larger values are clamped rather than silently dropped by the histogram. */
const HIGHEST_US = 3_600_000_000;
function newHistogram() {
    return (0,external_node_perf_hooks_.createHistogram)({ lowest: 1, highest: HIGHEST_US, figures: 3 });
}
/** Record a duration given in ms into a µs histogram; returns the µs recorded. */
function recordMs(h, ms) {
    const us = Math.min(HIGHEST_US, Math.max(1, Math.round(ms * 1000)));
    h.record(us);
    return us;
}
/**
 * Open model connection cap: enough for one second of backlog at the target rate, within
 * [8, 512]. Beyond it requests wait in the pool's queue, still measured from their intended time,
 * so a slow server is charged for the wait rather than hidden by it.
 */
function openConnections(rate) {
    return Math.min(512, Math.max(8, Math.ceil(rate)));
}
class Timeout extends Error {
    constructor() {
        super('request timed out');
        this.name = 'TimeoutError';
    }
}
const TIMEOUT = new Timeout();
class StreamError extends Error {
}
/** An error event in the stream: the request ends there, whatever the server does next. */
const STREAM_ERROR = new StreamError('error event in the stream');
/** The kind of a failed request, from undici's and Node's error codes. */
function classifyError(err) {
    if (err instanceof Timeout)
        return 'timeout';
    if (err instanceof StreamError)
        return 'stream_error';
    const code = (0,client/* errorCode */.CA)(err);
    switch (code) {
        case 'UND_ERR_HEADERS_TIMEOUT':
        case 'UND_ERR_BODY_TIMEOUT':
        case 'ETIMEDOUT':
            return 'timeout';
        case 'ECONNREFUSED':
        case 'UND_ERR_CONNECT_TIMEOUT':
        case 'ENOTFOUND':
        case 'EAI_AGAIN':
        case 'EHOSTUNREACH':
        case 'ENETUNREACH':
        case 'EADDRNOTAVAIL':
            return 'connect';
        case 'ECONNRESET':
        case 'EPIPE':
        case 'ECONNABORTED':
        case 'UND_ERR_SOCKET':
        case 'UND_ERR_CLOSED':
            return 'reset';
        case 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH':
        case 'UND_ERR_INFO':
            return 'protocol';
    }
    if (code.startsWith('HPE_'))
        return 'protocol';
    // TLS failures happen while connecting.
    if (code.startsWith('ERR_TLS_') || code.includes('CERT') || code.startsWith('ERR_SSL_'))
        return 'connect';
    return 'other';
}
function statusKind(status) {
    if (status >= 200 && status < 300)
        return undefined;
    if (status >= 500 && status < 600)
        return 'http_5xx';
    if (status >= 400 && status < 500)
        return 'http_4xx';
    if (status >= 300 && status < 400)
        return 'http_3xx';
    return 'http_other';
}
/**
 * One request. It is its own undici handler (the legacy callback interface, which undici 7 runs
 * natively; the controller interface adds a wrapper and header parsing per response).
 */
class Call {
    run;
    start;
    measured;
    status = 0;
    done = false;
    /** performance.now() after which the request times out. */
    deadline = 0;
    /** Neighbours in the run's list of requests in flight, oldest first. */
    prev;
    next;
    abort;
    parser;
    chunkAt = 0;
    firstToken = -1;
    lastToken = -1;
    events = 0;
    constructor(run, 
    /** Latency reference: intended time (open) or dispatch time (closed). */
    start, measured) {
        this.run = run;
        this.start = start;
        this.measured = measured;
    }
    onConnect(abort) {
        // Timed out while still waiting for a connection: give up as soon as undici hands it over.
        if (this.done)
            abort(TIMEOUT);
        else
            this.abort = abort;
    }
    onHeaders(statusCode) {
        // 1xx informational responses come first; only the final status counts.
        if (statusCode >= 200 || this.status === 0)
            this.status = statusCode;
        if (this.run.stream && statusCode >= 200 && statusCode < 300 && !this.parser)
            this.parser = new SseParser((ev) => this.onEvent(ev));
        return true;
    }
    onData(chunk) {
        if (this.parser && !this.done) {
            this.chunkAt = external_node_perf_hooks_.performance.now();
            this.parser.push(chunk);
        }
        return true;
    }
    onComplete() {
        this.parser?.end();
        this.run.finish(this, undefined);
    }
    onError(err) {
        this.run.finish(this, err);
    }
    onEvent(ev) {
        if (this.done)
            return;
        this.events++;
        const kind = classifyStreamEvent(ev);
        if (kind === 'error') {
            this.run.finish(this, STREAM_ERROR);
            this.abort?.(STREAM_ERROR);
        }
        else if (kind === 'content') {
            const now = this.chunkAt;
            if (this.firstToken < 0)
                this.firstToken = now;
            else if (this.measured && this.run.itl)
                recordMs(this.run.itl, now - this.lastToken);
            this.lastToken = now;
            if (this.measured)
                this.run.contentEvents++;
        }
    }
}
class LoadRun {
    plan;
    stream;
    latency = newHistogram();
    /**
     * One slot per measured request, allocated once: the hot path only stores a number. Whole µs
     * below HIGHEST_US fit 32 bits: 40 MB at the config's most requests (10,000,000).
     */
    latencySeries;
    seriesLength = 0;
    ttft;
    itl;
    slippage;
    errors = {};
    pool;
    path;
    opts;
    total;
    connections;
    loopDelay = (0,external_node_perf_hooks_.monitorEventLoopDelay)({ resolution: LOOP_RESOLUTION_MS });
    contentEvents = 0;
    withoutContent = 0;
    issued = 0;
    sent = 0;
    finished = 0;
    allFinished = 0;
    late = 0;
    queued = 0;
    firstSend = -1;
    lastSend = -1;
    lastEnd = -1;
    stopped = false;
    dispatching = false;
    aborted = false;
    timer;
    sweeper;
    /**
     * Requests in flight, in dispatch order. With one timeout for all, that is also deadline order,
     * so a periodic sweep from the head finds every expired request; one list and one interval
     * cost less per request than a timer each.
     */
    head;
    tail;
    t0 = 0;
    interval = 0;
    resolve;
    constructor(plan) {
        this.plan = plan;
        this.stream = plan.stream;
        if (plan.stream) {
            this.ttft = newHistogram();
            this.itl = newHistogram();
        }
        if (plan.model.kind === 'open')
            this.slippage = newHistogram();
        const url = new URL(plan.url);
        this.path = url.pathname + url.search;
        this.total = plan.warmup + plan.requests;
        this.latencySeries = new Uint32Array(plan.requests);
        this.connections =
            plan.connections ??
                (plan.model.kind === 'open' ? openConnections(plan.model.rate) : plan.model.concurrency);
        // undici's own idle timeouts only back up ours, which covers the whole request.
        const backstop = plan.requestTimeoutMs + 1000;
        this.pool = new (pool_default())(url.origin, {
            connections: this.connections,
            pipelining: 1,
            connect: { timeout: Math.min(plan.requestTimeoutMs, 30_000) },
            headersTimeout: backstop,
            bodyTimeout: backstop,
            keepAliveTimeout: 10_000
        });
        this.opts = {
            path: this.path,
            method: plan.method,
            headers: plan.headers,
            // Encoded once: undici would turn a string body into a Buffer on every request.
            body: typeof plan.body === 'string' ? Buffer.from(plan.body) : plan.body
        };
    }
    async run() {
        const { plan } = this;
        const done = new Promise((resolve) => (this.resolve = resolve));
        const onAbort = () => this.stop();
        plan.signal?.addEventListener('abort', onAbort, { once: true });
        this.loopDelay.enable();
        // Timeouts fire within a tenth of the timeout (5–250 ms) of their due time.
        const every = Math.min(250, Math.max(5, plan.requestTimeoutMs / 10));
        this.sweeper = setInterval(this.sweep, every);
        try {
            if (plan.signal?.aborted)
                this.stop();
            else if (this.total === 0)
                this.resolve();
            else if (plan.model.kind === 'open') {
                this.interval = 1000 / plan.model.rate;
                this.t0 = external_node_perf_hooks_.performance.now() + 1;
                this.tick();
            }
            else {
                const n = Math.min(plan.model.concurrency, this.total);
                for (let i = 0; i < n; i++)
                    this.next();
            }
            await done;
        }
        finally {
            plan.signal?.removeEventListener('abort', onAbort);
            this.loopDelay.disable();
            clearInterval(this.sweeper);
            if (this.timer) {
                clearTimeout(this.timer);
                clearImmediate(this.timer);
            }
            await (this.aborted ? this.pool.destroy() : this.pool.close()).catch(() => undefined);
        }
        return this.result();
    }
    /**
     * Open-model scheduler. setTimeout fires on a millisecond clock and often up to 1 ms late, so it
     * only sleeps until ~1.5 ms before the next due time; setImmediate then polls (still serving
     * I/O between polls) to dispatch within a few µs of it.
     */
    tick = () => {
        this.timer = undefined;
        if (this.stopped)
            return;
        const now = external_node_perf_hooks_.performance.now();
        let burst = 0;
        // Catch up on everything due, a bounded batch at a time so replies are still read meanwhile.
        while (this.issued < this.total && this.t0 + this.issued * this.interval <= now) {
            this.next();
            if (++burst >= 256)
                break;
        }
        if (this.issued >= this.total || this.stopped)
            return;
        const wait = this.t0 + this.issued * this.interval - external_node_perf_hooks_.performance.now();
        this.timer = wait > 2 ? setTimeout(this.tick, wait - 1.5) : setImmediate(this.tick);
    };
    /** Dispatch the next request of the plan. */
    next() {
        if (this.stopped)
            return;
        const index = this.issued++;
        const measured = index >= this.plan.warmup;
        const now = external_node_perf_hooks_.performance.now();
        let start = now;
        if (this.plan.model.kind === 'open') {
            start = this.t0 + index * this.interval;
            if (measured) {
                const lag = now - start;
                recordMs(this.slippage, lag);
                if (lag > LATE_MS)
                    this.late++;
                if (this.issued - 1 - this.allFinished >= this.connections)
                    this.queued++;
            }
        }
        if (measured) {
            this.sent++;
            if (this.firstSend < 0)
                this.firstSend = now;
            this.lastSend = now;
        }
        const call = new Call(this, start, measured);
        call.deadline = now + this.plan.requestTimeoutMs;
        if (this.tail) {
            this.tail.next = call;
            call.prev = this.tail;
        }
        else
            this.head = call;
        this.tail = call;
        this.dispatching = true;
        this.pool.dispatch(this.opts, call);
        this.dispatching = false;
    }
    sweep = () => {
        const now = external_node_perf_hooks_.performance.now();
        while (this.head && this.head.deadline <= now) {
            const call = this.head;
            // Finish first (it unlinks the call): the abort reports back through onError, ignored then.
            this.finish(call, TIMEOUT);
            call.abort?.(TIMEOUT);
        }
    };
    finish(call, err) {
        if (call.done)
            return;
        call.done = true;
        if (call.prev)
            call.prev.next = call.next;
        else
            this.head = call.next;
        if (call.next)
            call.next.prev = call.prev;
        else
            this.tail = call.prev;
        call.prev = call.next = undefined;
        this.allFinished++;
        if (this.stopped) {
            if (this.allFinished >= this.issued)
                this.resolve();
            return;
        }
        const now = external_node_perf_hooks_.performance.now();
        if (call.measured) {
            this.finished++;
            this.lastEnd = now;
            let kind;
            if (err)
                kind = classifyError(err);
            else
                kind = statusKind(call.status);
            if (!kind && this.stream) {
                // An error event finished the call already (STREAM_ERROR); a stream with no event is one too.
                if (call.events === 0)
                    kind = 'stream_error';
                else if (call.firstToken < 0)
                    this.withoutContent++;
            }
            if (kind) {
                this.errors[kind] = (this.errors[kind] ?? 0) + 1;
                // A timeout is a latency too (at least this long): dropping it would flatter p99.
                if (kind === 'timeout')
                    this.recordLatency(now - call.start);
            }
            else {
                this.recordLatency(now - call.start);
                if (this.ttft && call.firstToken >= 0)
                    recordMs(this.ttft, call.firstToken - call.start);
            }
            if (this.plan.onProgress && (this.finished & 1023) === 0)
                this.plan.onProgress(this.finished);
        }
        if (this.plan.model.kind === 'closed' && this.issued < this.total) {
            // A request that fails inside dispatch() must not start the next one from within it:
            // a run of such failures would recurse once per request.
            if (this.dispatching)
                setImmediate(() => this.next());
            else
                this.next();
        }
        else if (this.allFinished >= this.total)
            this.resolve();
    }
    recordLatency(ms) {
        const us = recordMs(this.latency, ms);
        this.latencySeries[this.seriesLength++] = us;
    }
    stop() {
        if (this.stopped)
            return;
        this.stopped = true;
        this.aborted = true;
        if (this.allFinished >= this.issued)
            this.resolve();
        // Destroying the pool fails every request in flight; finish() ignores them once stopped.
        else
            void this.pool.destroy().catch(() => undefined);
    }
    result() {
        const { model } = this.plan;
        let achievedRate;
        const span = this.lastEnd - this.firstSend;
        if (model.kind === 'open')
            achievedRate =
                this.sent >= 2 && this.lastSend > this.firstSend
                    ? ((this.sent - 1) * 1000) / (this.lastSend - this.firstSend)
                    : 0;
        else
            achievedRate = span > 0 ? (this.finished * 1000) / span : 0;
        // The monitor records each whole sampling interval; the delay is what exceeds it.
        const errorCount = Object.values(this.errors).reduce((a, b) => a + (b ?? 0), 0);
        const ns = (x) => Number.isFinite(x) ? Math.max(0, x / 1e6 - LOOP_RESOLUTION_MS) : 0;
        return {
            model,
            connections: this.connections,
            latency: this.latency,
            latencySeries: this.latencySeries.subarray(0, this.seriesLength),
            ttft: this.ttft,
            itl: this.itl,
            slippage: this.slippage,
            sent: this.sent,
            finished: this.finished,
            ok: this.finished - errorCount,
            errors: this.errors,
            errorCount,
            late: this.late,
            queued: this.queued,
            achievedRate,
            durationMs: span > 0 ? span : 0,
            aborted: this.aborted,
            eventLoopDelay: {
                p99Ms: this.loopDelay.count ? ns(this.loopDelay.percentile(99)) : 0,
                maxMs: this.loopDelay.count ? ns(this.loopDelay.max) : 0
            },
            stream: this.stream
                ? { contentEvents: this.contentEvents, withoutContent: this.withoutContent }
                : undefined
        };
    }
}
/** Run a load plan to the end, or until its signal aborts. */
function runLoad(plan) {
    if (!(plan.requests >= 0 && plan.warmup >= 0))
        throw new RangeError('bad request counts');
    if (plan.model.kind === 'open' && !(plan.model.rate > 0))
        throw new RangeError('rate must be > 0');
    if (plan.model.kind === 'closed' && !(plan.model.concurrency >= 1))
        throw new RangeError('concurrency must be ≥ 1');
    return new LoadRun(plan).run();
}

;// CONCATENATED MODULE: ./src/gates/latency/gate.ts








/**
 * `latency`: a load run against the candidate's serving endpoint, judged on the p99 of total
 * latency (and, for streams, of time to first token and inter-token latency) by an
 * order-statistic confidence interval, and on the error rate. Runs alone (`exclusive`), so other
 * gates' traffic does not inflate its percentiles.
 */
/** Neither `rate` nor `concurrency`: an open model at this rate (the SPEC's example). */
const DEFAULT_RATE = 50;
/** The generator must dispatch at least this share of the target rate for a verdict to stand. */
const MIN_RATE_SHARE = 0.95;
/** Dispatch slippage p99 above this share of the tightest threshold (and above LATE_MS) is too much. */
const MAX_SLIPPAGE_SHARE = 0.05;
/** Default warm-up: max(50, 5 % of the measured requests). */
function defaultWarmup(requests) {
    return Math.max(50, Math.ceil(requests * 0.05));
}
function loadModel(config) {
    if (config.concurrency !== undefined)
        return { kind: 'closed', concurrency: config.concurrency };
    return { kind: 'open', rate: config.rate ?? DEFAULT_RATE };
}
class LatencyGate {
    config;
    exclusive = true;
    constructor(config) {
        this.config = config;
    }
    async run(ctx) {
        const { config } = this;
        const base = baseOf(config);
        if (!config.stream && (config.ttft_p99_ms !== undefined || config.itl_p99_ms !== undefined))
            return (0,gate/* resultFor */.T2)(config, 'error', `gate '${config.name}' sets ttft_p99_ms or itl_p99_ms, which are only measured on a ` +
                'streamed response. Add stream: true (an OpenAI-compatible streaming endpoint)', base);
        let built;
        try {
            built = buildPlan(config, (0,template/* templateValues */.n)(ctx, ctx.candidate), ctx.signal);
        }
        catch (err) {
            return (0,gate/* resultFor */.T2)(config, 'error', (0,errors/* describeError */.U)(err), base);
        }
        const { plan } = built;
        if (plan.model.kind === 'open') {
            const needS = (plan.warmup + plan.requests) / plan.model.rate;
            const leftS = (ctx.deadline - Date.now()) / 1000;
            if (needS > leftS)
                return (0,gate/* resultFor */.T2)(config, 'error', `${plan.warmup + plan.requests} requests at ${(0,format/* fmt */.Sc)(plan.model.rate)} req/s take ` +
                    `${(0,format/* fmt */.Sc)(needS)} s, more than the ${(0,format/* fmt */.Sc)(Math.max(0, leftS))} s left before the gate's ` +
                    "timeout. Raise the gate's timeout, or lower requests or warmup", base);
        }
        let load;
        const { progress } = ctx;
        if (progress)
            plan.onProgress = (finished) => progress.advanced(config.name, finished, plan.requests, 'requests');
        try {
            load = await runLoad(plan);
        }
        catch (err) {
            return (0,gate/* resultFor */.T2)(config, 'error', (0,errors/* describeError */.U)(err), base);
        }
        return judgeLoad(config, plan, load, built.warnings);
    }
}
/** The number the summary shows: total latency when p99_ms is set, else TTFT, else ITL. */
function headlineOf(config) {
    if (config.p99_ms !== undefined)
        return 'latency';
    return config.ttft_p99_ms !== undefined ? 'ttft' : 'itl';
}
const MEASURE = {
    latency: 'p99 latency (ms)',
    ttft: 'p99 time to first token (ms)',
    itl: 'p99 inter-token latency (ms)'
};
function baseOf(config) {
    const h = headlineOf(config);
    const t = { latency: config.p99_ms, ttft: config.ttft_p99_ms, itl: config.itl_p99_ms }[h];
    return { measure: MEASURE[h], threshold: t !== undefined ? `≤ ${(0,format/* exact */.e0)(t)} ms` : undefined };
}
/** The requests to send, filled with the candidate's values (`templateValues`). */
function buildPlan(config, values, signal) {
    const warnings = [];
    const what = `latency target of gate '${config.name}'`;
    let parsed;
    try {
        parsed = new URL((0,expand/* fillTemplate */.ou)(config.target, values));
    }
    catch {
        throw new errors/* GateError */.u(`${what} is not a valid URL`, 'use an absolute http(s) URL');
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
        throw new errors/* GateError */.u(`${what} uses ${parsed.protocol.replace(':', '')}, not http or https`, 'only http(s) endpoints are allowed');
    const headers = {};
    for (const [k, v] of Object.entries(config.headers ?? {}))
        headers[k] = (0,expand/* fillTemplate */.ou)(v, values);
    const has = (name) => Object.keys(headers).some((k) => k.toLowerCase() === name);
    let body;
    if (config.body !== undefined) {
        if (config.method === 'GET')
            warnings.push('the body is not sent with method GET; use POST or PUT to send it');
        else {
            let filled = (0,expand/* fillTemplateDeep */.Oe)(config.body, values);
            // An OpenAI-compatible server streams only when the body asks it to.
            if (config.stream && isPlainObject(filled) && !('stream' in filled))
                filled = { ...filled, stream: true };
            if (typeof filled === 'string')
                body = filled;
            else {
                body = JSON.stringify(filled);
                if (!has('content-type'))
                    headers['content-type'] = 'application/json';
            }
        }
    }
    if (config.stream && !has('accept'))
        headers['accept'] = 'text/event-stream';
    const plan = {
        url: parsed.href,
        method: config.method,
        headers,
        body,
        requests: config.requests,
        warmup: config.warmup ?? defaultWarmup(config.requests),
        model: loadModel(config),
        requestTimeoutMs: config.request_timeout_ms,
        stream: config.stream,
        signal
    };
    return { plan, warnings };
}
function isPlainObject(v) {
    return typeof v === 'object' && v !== null && !Array.isArray(v);
}
const round3 = (x) => Math.round(x * 1000) / 1000;
/** Turn a finished load run into the gate's result (exported for tests of the verdict logic). */
function judgeLoad(config, plan, load, planWarnings = []) {
    const warnings = [...planWarnings];
    const conf = config.confidence;
    const latency = judgeP99(load.latency, 'p99 latency', config.p99_ms, conf, load.latencySeries, config.correlation === 'widen');
    const ttft = load.ttft
        ? judgeP99(load.ttft, 'p99 time to first token', config.ttft_p99_ms, conf)
        : undefined;
    const itl = load.itl
        ? judgeP99(load.itl, 'p99 inter-token latency', config.itl_p99_ms, conf)
        : undefined;
    // The error rate is over every measured request that finished, whatever went wrong with it.
    const errorRate = load.finished ? load.errorCount / load.finished : 0;
    const errorVerdict = !load.finished
        ? 'inconclusive'
        : errorRate > config.max_error_rate
            ? 'fail'
            : 'pass';
    const kinds = Object.entries(load.errors)
        .filter(([, c]) => c)
        .sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0))
        .map(([k, c]) => `${c} ${k}`)
        .join(', ');
    const errorMessage = `error rate ${(0,format/* pct */.Oe)(errorRate)} (${load.errorCount}/${load.finished}` +
        (kinds ? `: ${kinds}` : '') +
        `) ${errorVerdict === 'fail' ? 'exceeds' : 'is within'} the maximum ${(0,format/* pct */.Oe)(config.max_error_rate)}`;
    // Could the generator keep its schedule? Only the open model has one.
    let limited;
    /** The server never saw the intended load: no measure can pass. */
    let rateShort = false;
    let slippage;
    let slipMax = 0;
    if (load.model.kind === 'open' && load.slippage) {
        const rate = load.model.rate;
        const s = load.slippage;
        const slipP99 = s.count ? s.percentile(99) / 1000 : 0;
        slipMax = s.count ? s.max / 1000 : 0;
        // Slippage delays requests before they are sent: it inflates latency and time to first token
        // (both measured from the intended send time), never the gaps between tokens of a response.
        const thresholds = [config.p99_ms, config.ttft_p99_ms].filter((x) => x !== undefined);
        const slipLimit = Math.max(LATE_MS, thresholds.length ? Math.min(...thresholds) * MAX_SLIPPAGE_SHARE : 0);
        const reasons = [];
        if (load.sent >= 10 && load.achievedRate < rate * MIN_RATE_SHARE) {
            rateShort = true;
            reasons.push(`it sent ${(0,format/* fmt */.Sc)(load.achievedRate)} req/s, below ${(0,format/* pct */.Oe)(MIN_RATE_SHARE)} of the target ` +
                `${(0,format/* fmt */.Sc)(rate)} req/s`);
        }
        if (thresholds.length && slipP99 > slipLimit)
            reasons.push(`its dispatch slippage p99 is ${(0,format/* fmt */.Sc)(slipP99)} ms, above ${(0,format/* fmt */.Sc)(slipLimit)} ms ` +
                `(${(0,format/* pct */.Oe)(MAX_SLIPPAGE_SHARE)} of the tightest latency or time-to-first-token threshold)`);
        if (reasons.length)
            limited =
                `the load generator could not keep the open-model schedule: ${reasons.join(' and ')}. ` +
                    (rateShort
                        ? 'The server never saw the intended load, so a pass cannot stand. '
                        : "Latencies measured from the intended send times include the client's own delay, " +
                            'which only adds to them: a pass stands, a fail must survive taking the delay off. ') +
                    'Lower the rate or use a larger runner';
        else if (load.late > load.sent * 0.01)
            warnings.push(`${load.late} of ${load.sent} requests were dispatched more than ${LATE_MS} ms late ` +
                `(slippage p99 ${(0,format/* fmt */.Sc)(slipP99)} ms); the delay counts toward their latency`);
        slippage = {
            late_ms: LATE_MS,
            late: load.late,
            late_fraction: round3(load.late / Math.max(1, load.sent)),
            queued: load.queued,
            p50: s.count ? round3(s.percentile(50) / 1000) : null,
            p99: s.count ? round3(slipP99) : null,
            max: s.count ? round3(slipMax) : null,
            limit_ms: round3(slipLimit),
            generator_limited: limited !== undefined
        };
        if (load.queued)
            warnings.push(`${load.queued} requests found all ${load.connections} connections busy when due ` +
                '(a server backlog); their wait counts toward latency');
    }
    const timeouts = load.errors.timeout ?? 0;
    if (timeouts)
        warnings.push(`${timeouts} requests timed out after ${(0,format/* fmt */.Sc)(config.request_timeout_ms)} ms; they count as ` +
            'errors and, at their elapsed time, toward the latency percentiles');
    if (config.p99_ms !== undefined && config.request_timeout_ms <= config.p99_ms)
        warnings.push(`request_timeout_ms (${config.request_timeout_ms}) is not above p99_ms (${config.p99_ms}), ` +
            'so slow requests are cut off before they can exceed the threshold');
    if (load.stream?.withoutContent)
        warnings.push(`${load.stream.withoutContent} streams ended without a content token; ` +
            'time to first token leaves them out');
    // The worst part decides. A send delay only adds to what it inflates (latency, time to first
    // token, measured from the intended send time), and a late generator that kept the rate sent
    // the server burstier load, never lighter: a pass stands. A fail of those stands only if it
    // survives taking the largest client delay off the interval's lower end. Below the target
    // rate the server never saw the intended load, so no pass stands (inter-token gaps, which lie
    // within a response, are doubted only then).
    const parts = [];
    const doubted = (j, delayed) => {
        if (!limited || (!delayed && !rateShort))
            return j.verdict;
        if (j.verdict === 'pass')
            return rateShort ? 'inconclusive' : 'pass';
        if (j.verdict !== 'fail')
            return j.verdict;
        // The interval's lower end, or the one-sided bound that failed it with too few samples.
        const low = j.ci?.low ?? j.lower_bound_ms;
        const robust = delayed
            ? low !== undefined && j.threshold_ms !== undefined && low - slipMax > j.threshold_ms
            : true;
        return robust ? 'fail' : 'inconclusive';
    };
    for (const [j, delayed] of [
        [latency, true],
        [ttft, true],
        [itl, false]
    ])
        if (j?.verdict)
            parts.push({ verdict: doubted({ ...j, verdict: j.verdict }, delayed), message: j.message });
    parts.push({ verdict: errorVerdict, message: errorMessage });
    let verdict = (0,gate/* worstVerdict */.zP)(parts.map((p) => p.verdict));
    const lead = [];
    const onlyConnect = load.ok === 0 && load.errorCount > 0 && Object.keys(load.errors).every((k) => k === 'connect');
    if (load.aborted) {
        verdict = 'error';
        lead.push(`the run was stopped (gate timeout or cancellation) after ${load.finished} of ` +
            `${plan.requests} measured requests`);
    }
    else if (onlyConnect) {
        verdict = 'error';
        lead.push(`could not connect to the latency target of gate '${config.name}' ` +
            `(${(0,secrets/* redact */.E$)(new URL(plan.url).origin)}): all ${load.errorCount} requests failed to ` +
            'connect. Check that the candidate is deployed and the URL is right');
    }
    else if (limited) {
        lead.push(limited);
        warnings.push(limited);
    }
    parts.sort((a, b) => gate/* VERDICT_RANK */.tG[b.verdict] - gate/* VERDICT_RANK */.tG[a.verdict]);
    const loadText = load.model.kind === 'open'
        ? `open model at ${(0,format/* fmt */.Sc)(load.model.rate)} req/s (achieved ${(0,format/* fmt */.Sc)(load.achievedRate)})`
        : `closed model, ${load.model.concurrency} concurrent (${(0,format/* fmt */.Sc)(load.achievedRate)} req/s)`;
    const message = [...lead, ...parts.map((p) => p.message), loadText].join('; ');
    const headline = headlineOf(config);
    const head = { latency, ttft, itl }[headline];
    const details = {
        mode: load.model.kind,
        rate: load.model.kind === 'open' ? load.model.rate : undefined,
        concurrency: load.model.kind === 'closed' ? load.model.concurrency : undefined,
        connections: load.connections,
        requests: plan.requests,
        warmup: plan.warmup,
        request_timeout_ms: config.request_timeout_ms,
        stream: plan.stream,
        sent: load.sent,
        finished: load.finished,
        ok: load.ok,
        achieved_rate: round3(load.achievedRate),
        duration_ms: round3(load.durationMs),
        latency,
        ttft,
        itl,
        errors: {
            total: load.errorCount,
            rate: Math.round(errorRate * 1e6) / 1e6,
            max_rate: config.max_error_rate,
            verdict: errorVerdict,
            by_kind: load.errors
        },
        slippage,
        event_loop_delay_ms: {
            p99: round3(load.eventLoopDelay.p99Ms),
            max: round3(load.eventLoopDelay.maxMs)
        },
        streams: load.stream
            ? { content_events: load.stream.contentEvents, without_content: load.stream.withoutContent }
            : undefined,
        verdicts: stripUndefined({
            latency: latency.verdict,
            ttft: ttft?.verdict,
            itl: itl?.verdict,
            errors: errorVerdict,
            generator_limited: limited !== undefined
        }),
        method: 'percentiles: nearest rank from HDR histograms (µs, 3 significant digits, ≤ 0.1% ' +
            'quantization); p99 CI: distribution-free order-statistic interval; ' +
            (load.model.kind === 'open'
                ? 'latency from each request’s intended send time (open model)'
                : 'latency from each actual send (closed model: a server stall delays sends instead of ' +
                    'showing in p99)')
    };
    return (0,gate/* resultFor */.T2)(config, verdict, message, {
        ...baseOf(config),
        value: head?.p99 ?? undefined,
        ci: head?.ci ? { low: head.ci.low, high: head.ci.high, level: head.ci.level } : undefined,
        n: head?.n,
        warnings,
        details: stripUndefined(details)
    });
}
function stripUndefined(o) {
    return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
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


/***/ })

};
