export const id = 455;
export const ids = [455];
export const modules = {

/***/ 4455:
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
;// CONCATENATED MODULE: ./src/json/pick.ts
/**
 * Reads a few fields out of a large JSON document without building the rest of it (issue 16: a
 * 60 MB promptfoo results.json must be read in well under a second). `JSON.parse` builds every
 * object of every row, which is most of the time and memory; this walks the UTF-8 bytes once,
 * checks the whole document against the JSON grammar as it goes (anything `JSON.parse` refuses
 * is refused here too), and materialises only what the spec names.
 *
 * Streaming parsers on npm (stream-json, @streamparser/json, clarinet) emit an event or a value per
 * token from JavaScript and still build every field: more work than this walk, which only steps.
 */
class JsonSyntaxError extends SyntaxError {
    offset;
    constructor(message, offset) {
        super(message);
        this.offset = offset;
        this.name = 'JsonSyntaxError';
    }
}
/** The parts of `bytes` (a whole JSON document, UTF-8) that `spec` names. */
function pickJson(bytes, spec) {
    const walker = new Walker(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    walker.ws();
    const value = walker.pick(compile(spec));
    walker.ws();
    if (walker.i !== walker.b.length)
        walker.fail('unexpected data after the JSON value');
    return value;
}
const WHOLE = { kind: 'whole' };
const SHARED = { kind: 'shared' };
const compiled = new WeakMap();
function compile(spec) {
    if (spec === true)
        return WHOLE;
    if (spec === 'shared')
        return SHARED;
    let c = compiled.get(spec);
    if (c)
        return c;
    if (Array.isArray(spec))
        c = { kind: 'array', item: compile(spec[0]) };
    else {
        const keys = Object.entries(spec).map(([name, sub]) => ({
            name,
            bytes: Buffer.from(name, 'utf8'),
            sub: compile(sub)
        }));
        const byLength = [];
        for (const k of keys)
            (byLength[k.bytes.length] ??= []).push(k);
        c = { kind: 'object', keys, byLength };
    }
    compiled.set(spec, c);
    return c;
}
// Byte values of the JSON grammar.
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const MINUS = 0x2d;
const isDigit = (c) => c >= 0x30 && c <= 0x39;
const isHex = (c) => (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);
const isSpace = (c) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
// The escapes JSON allows besides \u: " \ / b f n r t.
const isSimpleEscape = (c) => c === 0x22 ||
    c === 0x5c ||
    c === 0x2f ||
    c === 0x62 ||
    c === 0x66 ||
    c === 0x6e ||
    c === 0x72 ||
    c === 0x74;
function fail(i, what) {
    throw new JsonSyntaxError(`${what} at byte ${i}`, i);
}
function skipSpace(b, i) {
    while (isSpace(b[i]))
        i++;
    return i;
}
/** 1 for the bytes a string holds as they are: printable ASCII but '"' and '\\'. */
const PLAIN_STRING_BYTE = new Uint8Array(256);
for (let c = 0x20; c < 0x80; c++)
    if (c !== QUOTE && c !== BACKSLASH)
        PLAIN_STRING_BYTE[c] = 1;
/**
 * Set by skipString: whether the string it stepped over held an escape or a byte outside ASCII
 * (then it must be decoded by JSON.parse rather than read as Latin-1).
 */
let stringWasPlain = true;
/** The index after the string whose opening quote is at `i`. */
function skipString(b, i) {
    let plain = true;
    i++;
    for (;;) {
        // Printable ASCII but the quote and backslash is the common case: one table look-up per byte.
        while (PLAIN_STRING_BYTE[b[i]] === 1)
            i++;
        const c = b[i];
        if (c === QUOTE)
            break;
        plain = false;
        if (c === BACKSLASH) {
            const e = b[i + 1];
            if (e === 0x75) {
                if (!(isHex(b[i + 2]) && isHex(b[i + 3]) && isHex(b[i + 4]) && isHex(b[i + 5])))
                    fail(i, 'bad \\u escape');
                i += 6;
            }
            else if (isSimpleEscape(e))
                i += 2;
            else
                fail(i, 'bad escape');
        }
        else if (c >= 0x80)
            i++;
        // The end of the input (undefined) or a raw control character: JSON strings hold neither.
        else
            fail(i, c === undefined ? 'unterminated string' : 'control character in a string');
    }
    stringWasPlain = plain;
    return i + 1;
}
function skipNumber(b, i) {
    if (b[i] === MINUS)
        i++;
    if (b[i] === 0x30)
        i++;
    else if (b[i] >= 0x31 && b[i] <= 0x39)
        while (isDigit(b[i]))
            i++;
    else
        fail(i, 'bad number');
    if (b[i] === 0x2e) {
        i++;
        if (!isDigit(b[i]))
            fail(i, 'bad number');
        while (isDigit(b[i]))
            i++;
    }
    if (b[i] === 0x65 || b[i] === 0x45) {
        i++;
        if (b[i] === 0x2b || b[i] === MINUS)
            i++;
        if (!isDigit(b[i]))
            fail(i, 'bad number');
        while (isDigit(b[i]))
            i++;
    }
    return i;
}
function skipLiteral(b, i, word) {
    for (let j = 0; j < word.length; j++)
        if (b[i + j] !== word.charCodeAt(j))
            fail(i + j, `expected ${word}`);
    return i + word.length;
}
/** `"key" :` in an object, from its opening quote; the index after the colon. */
function skipKey(b, i) {
    if (b[i] !== QUOTE)
        fail(i, 'expected a string key');
    i = skipSpace(b, skipString(b, i));
    if (b[i] !== COLON)
        fail(i, "expected ':'");
    return i + 1;
}
/** The open containers of skipValue, reused: '{' or '[' per level. */
let openStack = new Uint8Array(64);
/**
 * The index after the value at `i` (no leading space), its grammar checked. Iterative, so no
 * nesting depth can overflow the call stack.
 */
function skipValue(b, i) {
    let depth = 0;
    for (;;) {
        // A value is expected at i.
        i = skipSpace(b, i);
        const c = b[i];
        if (c === QUOTE)
            i = skipString(b, i);
        else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
            i = skipSpace(b, i + 1);
            // '{' + 2 is '}' and '[' + 2 is ']': an empty container is a whole value.
            if (b[i] === c + 2)
                i++;
            else {
                if (depth === openStack.length) {
                    const grown = new Uint8Array(depth * 2);
                    grown.set(openStack);
                    openStack = grown;
                }
                openStack[depth++] = c;
                if (c === OPEN_OBJECT)
                    i = skipKey(b, i);
                continue;
            }
        }
        else if (c === MINUS || isDigit(c))
            i = skipNumber(b, i);
        else if (c === 0x74)
            i = skipLiteral(b, i, 'true');
        else if (c === 0x66)
            i = skipLiteral(b, i, 'false');
        else if (c === 0x6e)
            i = skipLiteral(b, i, 'null');
        else
            fail(i, c === undefined ? 'unexpected end of the JSON' : 'expected a JSON value');
        // After a value: close containers, or go on to the next member after a comma.
        for (;;) {
            if (depth === 0)
                return i;
            i = skipSpace(b, i);
            const top = openStack[depth - 1];
            const d = b[i];
            if (d === top + 2) {
                i++;
                depth--;
                continue;
            }
            if (d !== COMMA)
                fail(i, `expected ',' or '${String.fromCharCode(top + 2)}'`);
            i = skipSpace(b, i + 1);
            if (top === OPEN_OBJECT)
                i = skipKey(b, i);
            break;
        }
    }
}
/** Walks the document, materialising what the spec names. */
class Walker {
    b;
    i = 0;
    constructor(b) {
        this.b = b;
    }
    fail(what) {
        return fail(this.i, what);
    }
    ws() {
        this.i = skipSpace(this.b, this.i);
    }
    pick(spec) {
        if (spec.kind === 'whole')
            return this.whole();
        if (spec.kind === 'shared')
            return this.shared();
        const b = this.b;
        const c = b[this.i];
        if (spec.kind === 'array') {
            if (c !== OPEN_ARRAY)
                return this.mismatch();
            const out = [];
            this.i = skipSpace(b, this.i + 1);
            if (b[this.i] === CLOSE_ARRAY) {
                this.i++;
                return out;
            }
            for (;;) {
                this.ws();
                out.push(this.pick(spec.item));
                if (this.afterMember(CLOSE_ARRAY))
                    return out;
            }
        }
        if (c !== OPEN_OBJECT)
            return this.mismatch();
        const out = {};
        this.i = skipSpace(b, this.i + 1);
        if (b[this.i] === CLOSE_OBJECT) {
            this.i++;
            return out;
        }
        for (;;) {
            this.ws();
            const wanted = this.key(spec);
            this.ws();
            if (wanted)
                out[wanted.name] = this.pick(wanted.sub);
            else
                this.i = b[this.i] === QUOTE ? skipString(b, this.i) : skipValue(b, this.i);
            if (this.afterMember(CLOSE_OBJECT))
                return out;
        }
    }
    /** After a member: true at the closing bracket (consumed), false after a comma. */
    afterMember(close) {
        const i = skipSpace(this.b, this.i);
        const c = this.b[i];
        this.i = i + 1;
        if (c === close)
            return true;
        if (c !== COMMA)
            fail(i, `expected ',' or '${String.fromCharCode(close)}'`);
        return false;
    }
    /** Reads `"key":`, returning the spec entry it names (undefined when it names none). */
    key(spec) {
        const b = this.b;
        const start = this.i;
        if (b[start] !== QUOTE)
            this.fail('expected a string key');
        const after = skipString(b, start);
        const plain = stringWasPlain;
        let i = skipSpace(b, after);
        if (b[i] !== COLON)
            fail(i, "expected ':'");
        this.i = i + 1;
        if (!plain) {
            // Rare: compare the decoded key, as JSON.parse would see it.
            const name = JSON.parse(b.toString('utf8', start, after));
            return spec.keys.find((k) => k.name === name);
        }
        const from = start + 1;
        const length = after - 1 - from;
        const candidates = spec.byLength[length];
        if (candidates === undefined)
            return undefined;
        for (let n = 0; n < candidates.length; n++) {
            const k = candidates[n];
            i = 0;
            while (i < length && b[from + i] === k.bytes[i])
                i++;
            if (i === length)
                return k;
        }
        return undefined;
    }
    /** A value of another kind than the spec wanted: scalars as they are, containers empty. */
    mismatch() {
        const c = this.b[this.i];
        if (c === OPEN_ARRAY || c === OPEN_OBJECT) {
            this.i = skipValue(this.b, this.i);
            return c === OPEN_ARRAY ? [] : {};
        }
        return this.whole();
    }
    /**
     * Short strings met before (provider ids and labels, prompt ids: the same few on every row) are
     * handed back from `seen` rather than decoded again, which is faster and keeps one copy of each.
     */
    seen = new Map();
    /** An ASCII string without escapes between `start` and `end`. */
    plainString(start, end) {
        const b = this.b;
        const length = end - start;
        if (length > 48 || length === 0)
            return b.toString('latin1', start, end);
        const hash = (length << 16) ^ (b[start] << 8) ^ b[end - 1] ^ (b[start + (length >> 1)] << 3);
        let bucket = this.seen.get(hash);
        if (bucket)
            for (let n = 0; n < bucket.length; n++) {
                const was = bucket[n].start;
                let i = 0;
                while (i < length && b[was + i] === b[start + i])
                    i++;
                if (i === length)
                    return bucket[n].text;
            }
        const text = b.toString('latin1', start, end);
        if (this.seen.size < 4096) {
            if (!bucket)
                this.seen.set(hash, (bucket = []));
            if (bucket.length < 8)
                bucket.push({ start, text });
        }
        return text;
    }
    /** Values of 'shared' leaves by their JSON text's length: where in the document, and the value. */
    sharedSeen = new Map();
    /** The value at the cursor, frozen, and the same value as an earlier one of the same text. */
    shared() {
        const b = this.b;
        const start = this.i;
        const end = (this.i = skipValue(b, start));
        const length = end - start;
        let bucket = this.sharedSeen.get(length);
        if (bucket)
            for (let n = 0; n < bucket.length; n++) {
                const was = bucket[n].start;
                let i = 0;
                while (i < length && b[was + i] === b[start + i])
                    i++;
                if (i === length)
                    return bucket[n].value;
            }
        const value = deepFreeze(JSON.parse(b.toString('utf8', start, end)));
        if (this.sharedSeen.size < 256) {
            if (!bucket)
                this.sharedSeen.set(length, (bucket = []));
            if (bucket.length < 16)
                bucket.push({ start, value });
        }
        return value;
    }
    /** The value at the cursor, materialised. */
    whole() {
        const b = this.b;
        const start = this.i;
        const c = b[start];
        const end = (this.i = skipValue(b, start));
        if (c === QUOTE)
            return stringWasPlain
                ? this.plainString(start + 1, end - 1)
                : JSON.parse(b.toString('utf8', start, end));
        if (c === MINUS || isDigit(c))
            return numberAt(b, start, end);
        if (c === 0x74)
            return true;
        if (c === 0x66)
            return false;
        if (c === 0x6e)
            return null;
        return JSON.parse(b.toString('utf8', start, end));
    }
}
/** A JSON number's value: small integers (test indexes) directly, others as JSON.parse reads them. */
function numberAt(b, start, end) {
    if (end - start <= 15) {
        let v = 0;
        let i = start;
        for (; i < end; i++) {
            const d = b[i] - 0x30;
            if (d < 0 || d > 9)
                break;
            v = v * 10 + d;
        }
        if (i === end)
            return v;
    }
    return Number(b.toString('latin1', start, end));
}
/** Freeze a value and all it holds; with a stack, not recursion: a file may nest deeply. */
function deepFreeze(value) {
    const open = [value];
    while (open.length) {
        const v = open.pop();
        if (!v || typeof v !== 'object' || Object.isFrozen(v))
            continue;
        Object.freeze(v);
        for (const x of Object.values(v))
            open.push(x);
    }
    return value;
}

// EXTERNAL MODULE: ./src/gates/template.ts
var template = __webpack_require__(420);
// EXTERNAL MODULE: ./src/gates/metric/items.ts
var items = __webpack_require__(137);
;// CONCATENATED MODULE: ./src/gates/metric/file-formats/jsonl.ts



/** `format: jsonl`: one `{"id": ..., "<metric>": number}` per line; blank lines are skipped. */
function readJsonl(content, file, metric) {
    const text = content.text;
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
            throw new errors/* GateError */.u(`${file} is not JSONL: expected one JSON object per line, found ${lineNo === 1 ? describeFound(content) : `line ${lineNo} that is not JSON`}`, `${fix}, or set format: to what the file is`);
        }
        if (!row || typeof row !== 'object' || Array.isArray(row))
            throw new errors/* GateError */.u(`${where}: line ${lineNo} is not a JSON object`, fix);
        const o = row;
        if (ids.length === 0 && !('id' in o)) {
            // A one-line JSON document of another tool is the wrong format, not a bad first row.
            const found = describeFound(content);
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
            `(an object with results{task: {"acc,none": ...}}), found ${describeFound(content)}`, "point the gate at lm_eval's results_*.json (a * in the file name picks the latest), or set format: to what the file is");
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

// EXTERNAL MODULE: ./src/format.ts
var format = __webpack_require__(6264);
;// CONCATENATED MODULE: ./src/gates/metric/file-formats/promptfoo.ts




/**
 * What is picked of each row: what the gate's metric reads, and what names and pairs the row.
 * namedScores and vars (which may hold whole documents) only when the gate reads them; the prompt
 * (its text and promptIdx) only for the rare file whose rows have no promptId.
 */
function rowSpec(metric, vars, prompt) {
    const reads = metric === 'pass_rate' ? 'success' : metric === 'score' ? 'score' : 'namedScores';
    const key = `${reads}:${+vars}${+prompt}`;
    let spec = rowSpecs.get(key);
    if (!spec) {
        const row = {
            // The same few providers on every row: built once each.
            provider: 'shared',
            testIdx: true,
            promptId: true,
            [reads]: true
        };
        if (vars)
            Object.assign(row, { vars: true, testCase: { vars: true } });
        if (prompt)
            Object.assign(row, { promptIdx: true, prompt: { label: true, raw: true } });
        spec = { results: { results: [row] } };
        rowSpecs.set(key, spec);
    }
    return spec;
}
const rowSpecs = new Map();
function pickRows(content, opts, prompt) {
    const spec = rowSpec(opts.metric, opts.idVar !== undefined, prompt);
    const doc = content.pick(spec);
    return doc?.results?.results;
}
function readPromptfoo(content, file, opts) {
    const where = `promptfoo ${file}`;
    let rows = pickRows(content, opts, false);
    // A row that is not an object (null, a number) is no result promptfoo writes: refuse the file.
    const odd = Array.isArray(rows)
        ? rows.findIndex((r) => typeof r !== 'object' || r === null || Array.isArray(r))
        : -1;
    if (odd >= 0)
        throw new errors/* GateError */.u(`${file} is not promptfoo output: results.results[${odd}] is ` +
            `${kindOfValue(rows[odd])}, not a result object`, "point the gate at promptfoo's -o JSON output, unedited");
    if (Array.isArray(rows) &&
        rows.some((r) => typeof r.promptId !== 'string' || !r.promptId))
        rows = pickRows(content, opts, true);
    if (!Array.isArray(rows))
        throw new errors/* GateError */.u(`${file} is not promptfoo output: expected the JSON that 'promptfoo eval -o ${file.split('/').pop()}' ` +
            `writes (an object with results.results[]), found ${describeFound(content)}`, "point the gate at promptfoo's -o JSON output, or set format: to what the file is");
    // One pass over every row (both sides' rows are in the file): the providers for messages, and
    // the rows of `want` when the gate names it.
    const providers = new Map();
    const lastId = new Map();
    let want = opts.provider;
    let chosen = [];
    for (const r of rows) {
        const { id, label } = providerOf(r);
        const key = label || id;
        // As promptfoo's rows name them: "label (id)", the last id seen under a label.
        if (lastId.get(key) !== id) {
            lastId.set(key, id);
            providers.set(key, label && id && label !== id ? `${label} (${id})` : key);
        }
        if (want !== undefined && (label === want || id === want))
            chosen.push(r);
    }
    if (want === undefined) {
        if (providers.size !== 1)
            throw new errors/* GateError */.u(`${where} has results of ${providers.size} providers (${[...providers.values()].join(', ')}), ` +
                `and the gate does not say which is the ${opts.side}`, 'set provider: {candidate: <label>, champion: <label>} on the gate (a label or id from the promptfoo config)');
        want = [...providers.keys()][0];
        // One provider: every row is its.
        chosen = rows;
    }
    if (!chosen.length)
        throw new errors/* GateError */.u(`${where} has no results of provider '${want}' (the ${opts.side}); providers in the file: ` +
            `${[...providers.values()].join(', ') || 'none'}`, "set the gate's provider to a label or id that promptfoo used for this side");
    const n = chosen.length;
    // promptIdx numbers prompt × provider columns, so it differs between the two providers of one
    // run; the prompt itself (promptId, a hash of the template) is what both sides share.
    const promptKeys = new Set();
    for (const r of chosen)
        promptKeys.add(promptKey(r));
    const ids = new Array(n);
    const values = new Array(n);
    const fix = 'fix the promptfoo config or the gate: every row of this provider needs the value';
    for (let i = 0; i < n; i++) {
        const r = chosen[i];
        ids[i] = itemId(r, opts.idVar, where, i, promptKeys.size > 1);
        // A row's name ("test 12") is built only for a message: there are 100,000 rows.
        if (opts.metric === 'pass_rate') {
            if (typeof r.success !== 'boolean')
                throw new errors/* GateError */.u(`${where}, provider ${want}: test ${String(r.testIdx)} has no boolean 'success'`, fix);
            values[i] = r.success ? 1 : 0;
        }
        else if (opts.metric === 'score') {
            values[i] =
                typeof r.score === 'number' && Number.isFinite(r.score)
                    ? r.score
                    : (0,items/* finiteValue */.Rp)(r.score, `${where}, provider ${want}`, `the score of test ${String(r.testIdx)}`, fix);
        }
        else {
            const item = `test ${String(r.testIdx)}`;
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
function providerOf(r) {
    const p = r.provider;
    if (typeof p === 'string')
        return { id: p, label: '' };
    const o = (p ?? {});
    return {
        id: typeof o.id === 'string' ? o.id : '',
        label: typeof o.label === 'string' ? o.label : ''
    };
}
function promptKey(r) {
    if (typeof r.promptId === 'string' && r.promptId)
        return shortPromptId(r.promptId);
    const label = r.prompt?.label ?? r.prompt?.raw;
    return typeof label === 'string' ? label : String(r.promptIdx);
}
/** The first 12 characters of a promptId; the same few on every row, so the last is kept. */
let lastPromptId = '';
let lastShort = '';
function shortPromptId(id) {
    if (id !== lastPromptId) {
        lastPromptId = id;
        lastShort = id.slice(0, 12);
    }
    return lastShort;
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
                (Object.keys(vars).length
                    ? ` (its vars: ${(0,format/* clip */.$Q)(Object.keys(vars).join(', '), 60)})`
                    : ''), `give every test a '${idVar}' var, or drop id_var to pair by test index`);
        test = String(v);
    }
    return several ? `${test}:${promptKey(r)}` : test;
}
/** What kind of JSON value a row is, for a message that never quotes the file's content. */
function kindOfValue(v) {
    if (v === null)
        return 'null';
    if (Array.isArray(v))
        return 'a list';
    return `a ${typeof v}`;
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
/**
 * The file `given` names inside `root` (the settings' workspace), or a GateError: the config may
 * come from a pull request, so `..`, an absolute path elsewhere and a symlink out are refused.
 * Results files and the evaluator's dataset alike. A `*` in the last segment picks the last
 * match by name (lm-eval's results_<timestamp>.json), and says so in `shown`.
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
        throw new errors/* GateError */.u(`'${given}' in the workspace is not a file`, 'point the gate at the file itself');
    if (info.size > maxBytes)
        throw new errors/* GateError */.u(`'${given}' is ${mb(info.size)} MB, over the ${mb(maxBytes)} MB a results file may have`, 'write a smaller results file (fewer items, or without per-item outputs), or split the evaluation');
    return {
        absolute: real,
        shown: external_node_path_default().relative(realRoot, real) || external_node_path_default().basename(real),
        size: info.size,
        mtimeMs: info.mtimeMs
    };
}
/** The text of a resolved file; read with the size checked again on the open handle. */
async function readWorkspaceText(file, maxBytes = MAX_FILE_BYTES) {
    return (await readWorkspaceBytes(file, maxBytes)).toString('utf8');
}
async function readWorkspaceBytes(file, maxBytes = MAX_FILE_BYTES) {
    const handle = await (0,promises_.open)(file.absolute, 'r');
    try {
        const info = await handle.stat();
        if (info.size > maxBytes)
            throw new errors/* GateError */.u(`'${file.shown}' is ${mb(info.size)} MB, over the ${mb(maxBytes)} MB a results file may have`, 'write a smaller results file, or split the evaluation');
        return await handle.readFile();
    }
    finally {
        await handle.close();
    }
}
/**
 * Both sides of a regression often read the same file (promptfoo's two providers), at the same
 * time: it is read once, and what is parsed from it is kept with it, for one content (size and
 * mtime) per path. A path read again after it changed replaces its entry.
 */
const loaded = new Map();
/**
 * At most this many files are kept, the oldest dropped first: both sides of one gate, so many
 * large files in one config cannot hold the runner's memory (each may be up to 256 MB). A dropped
 * file is read again if a later gate asks for it.
 */
const KEPT_FILES = 2;
async function loadWorkspaceFile(file) {
    // resolveWorkspaceFile has just read size and mtime: no second stat.
    const stamp = `${file.size}\u0000${file.mtimeMs}`;
    const hit = loaded.get(file.absolute);
    if (hit?.stamp === stamp)
        return hit.file;
    const entry = { stamp, file: readWorkspaceBytes(file).then(loadedFrom) };
    loaded.delete(file.absolute);
    loaded.set(file.absolute, entry);
    for (const oldest of loaded.keys()) {
        if (loaded.size <= KEPT_FILES)
            break;
        loaded.delete(oldest);
    }
    // A failed read is not kept: the next reader tries again.
    entry.file.catch(() => {
        if (loaded.get(file.absolute) === entry)
            loaded.delete(file.absolute);
    });
    return entry.file;
}
function loadedFrom(bytes) {
    let text;
    let parsed;
    const picked = new Map();
    // Where the JSON breaks, from the first walk that found it (each walk checks the whole file).
    let syntaxAt;
    const walk = (spec) => {
        try {
            const value = pickJson(bytes, spec);
            syntaxAt = { offset: undefined };
            return value;
        }
        catch (e) {
            if (!(e instanceof JsonSyntaxError))
                throw e;
            syntaxAt = { offset: e.offset };
            return undefined;
        }
    };
    const textOf = () => (text ??= bytes.toString('utf8'));
    return {
        bytes,
        get text() {
            return textOf();
        },
        json() {
            if (!parsed) {
                try {
                    parsed = { doc: JSON.parse(textOf()) };
                }
                catch {
                    parsed = { doc: undefined };
                }
            }
            return parsed.doc;
        },
        pick(spec) {
            if (!picked.has(spec))
                picked.set(spec, walk(spec));
            return picked.get(spec);
        },
        syntaxErrorAt() {
            if (!syntaxAt)
                walk({});
            return syntaxAt?.offset;
        }
    };
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
        const file = await resolveWorkspaceFile(given, ctx.settings.workspace);
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
                return readJsonl(content, file.shown, gate.metric);
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
function describeFound(content) {
    const text = content.text;
    const trimmed = text.trimStart();
    if (!trimmed)
        return 'an empty file';
    const offset = content.syntaxErrorAt();
    if (offset !== undefined) {
        const first = trimmed.split('\n', 1)[0];
        try {
            JSON.parse(first);
            return 'JSON Lines (one JSON value per line)';
        }
        catch {
            if (trimmed.startsWith('<'))
                return 'HTML or XML';
            return /^[[{]/.test(trimmed)
                ? `JSON that does not parse: ${jsonFault(content.bytes, offset, text)}`
                : 'text that is not JSON';
        }
    }
    const doc = content.json();
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
/**
 * Where a JSON document breaks, from the byte offset our parser stopped at: line and column,
 * never the text around it (V8's messages quote the content, which may be anything).
 */
function jsonFault(bytes, offset, text) {
    // The parser gave up at the very end: the document was cut off.
    if (offset >= Buffer.byteLength(text.trimEnd(), 'utf8'))
        return 'it ends before the document closes (a truncated or half-written file?)';
    const lineStart = offset > 0 ? bytes.lastIndexOf(0x0a, offset - 1) + 1 : 0;
    let line = 1;
    for (let i = bytes.indexOf(0x0a); i !== -1 && i < offset; i = bytes.indexOf(0x0a, i + 1))
        line++;
    return `it breaks at line ${line}, column ${bytes.toString('utf8', lineStart, offset).length + 1}`;
}


/***/ }),

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
