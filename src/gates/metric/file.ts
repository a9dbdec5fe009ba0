import { open, readdir, realpath, stat } from 'node:fs/promises'
import path from 'node:path'
import { GateError } from '../../errors.js'
import type { ModelVersion } from '../../registry/registry.js'
import type { MetricGateOf } from '../../settings/config.js'
import { fillTemplate } from '../../settings/expand.js'
import { JsonSyntaxError, type PickSpec, pickJson } from '../../json/pick.js'
import { templateValues } from '../template.js'
import { readJsonl } from './file-formats/jsonl.js'
import { readLmEval } from './file-formats/lm-eval.js'
import { readPromptfoo } from './file-formats/promptfoo.js'
import type { MetricResult } from './result.js'
import type { MetricSource, Side, SourceContext } from './source.js'

/**
 * `source: file` (SPEC §9): a results file an earlier step of the same workflow wrote into the
 * workspace: promptfoo's `-o results.json`, lm-evaluation-harness's `results_*.json`, or JSONL.
 * A path that leaves the workspace (`..`, an absolute path elsewhere, a symlink out) is refused:
 * the config comes from the repository, and must not make the action read the runner's files.
 */

/** Larger files are refused before a byte is read. */
const MAX_FILE_BYTES = 256 * 1024 * 1024

export interface WorkspaceFile {
  /** Absolute, symlinks resolved. */
  absolute: string
  /** As the user reads it: relative to the workspace. */
  shown: string
  size: number
  /** With size, tells the file cache whether the file changed since it was read. */
  mtimeMs: number
}

/**
 * The file `given` names inside `root` (the settings' workspace), or a GateError: the config may
 * come from a pull request, so `..`, an absolute path elsewhere and a symlink out are refused.
 * Results files and the evaluator's dataset alike. A `*` in the last segment picks the last
 * match by name (lm-eval's results_<timestamp>.json), and says so in `shown`.
 */
export async function resolveWorkspaceFile(
  given: string,
  root: string,
  maxBytes = MAX_FILE_BYTES
): Promise<WorkspaceFile> {
  const fix =
    'give a path inside the workspace (relative to it), written by an earlier step of the job'
  if (given.split(/[\\/]+/).includes('..'))
    throw new GateError(
      `the file path '${given}' contains '..': files are read from the workspace only`,
      fix
    )
  const realRoot = await realpath(root).catch(() => path.resolve(root))
  let candidate = path.isAbsolute(given) ? path.normalize(given) : path.join(realRoot, given)
  if (!inside(candidate, realRoot) && !inside(candidate, path.resolve(root)))
    throw new GateError(
      `the file path '${given}' is outside the workspace (${root}): files are read from the workspace only`,
      fix
    )
  const base = path.basename(candidate)
  if (base.includes('*')) candidate = await pickGlob(path.dirname(candidate), base, given)
  let real: string
  try {
    real = await realpath(candidate)
  } catch {
    throw new GateError(
      `no file at '${given}' in the workspace (${root})`,
      'run the step that writes it before model-gate, in the same job, and check the path'
    )
  }
  if (!inside(real, realRoot))
    throw new GateError(
      `'${given}' is a symlink that leads out of the workspace (to ${real}): files are read from the workspace only`,
      fix
    )
  const info = await stat(real)
  if (!info.isFile())
    throw new GateError(
      `'${given}' in the workspace is not a file`,
      'point the gate at the file itself'
    )
  if (info.size > maxBytes)
    throw new GateError(
      `'${given}' is ${mb(info.size)} MB, over the ${mb(maxBytes)} MB a results file may have`,
      'write a smaller results file (fewer items, or without per-item outputs), or split the evaluation'
    )
  return {
    absolute: real,
    shown: path.relative(realRoot, real) || path.basename(real),
    size: info.size,
    mtimeMs: info.mtimeMs
  }
}

/** The text of a resolved file; read with the size checked again on the open handle. */
export async function readWorkspaceText(
  file: WorkspaceFile,
  maxBytes = MAX_FILE_BYTES
): Promise<string> {
  return (await readWorkspaceBytes(file, maxBytes)).toString('utf8')
}

async function readWorkspaceBytes(file: WorkspaceFile, maxBytes = MAX_FILE_BYTES): Promise<Buffer> {
  const handle = await open(file.absolute, 'r')
  try {
    const info = await handle.stat()
    if (info.size > maxBytes)
      throw new GateError(
        `'${file.shown}' is ${mb(info.size)} MB, over the ${mb(maxBytes)} MB a results file may have`,
        'write a smaller results file, or split the evaluation'
      )
    return await handle.readFile()
  } finally {
    await handle.close()
  }
}

/**
 * A file's bytes and, each worked out once on first use: its text, its JSON (undefined when it is
 * not JSON), and the parts of its JSON a reader picks (`pickJson`, undefined when it is not JSON).
 */
export interface LoadedFile {
  bytes: Buffer
  readonly text: string
  json(): unknown
  pick(spec: PickSpec): unknown
  /** The byte at which the file stops being JSON, or undefined when it is JSON. */
  syntaxErrorAt(): number | undefined
}

/**
 * Both sides of a regression often read the same file (promptfoo's two providers), at the same
 * time: it is read once, and what is parsed from it is kept with it, for one content (size and
 * mtime) per path. A path read again after it changed replaces its entry.
 */
const loaded = new Map<string, { stamp: string; file: Promise<LoadedFile> }>()
/**
 * At most this many files are kept, the oldest dropped first: both sides of one gate, so many
 * large files in one config cannot hold the runner's memory (each may be up to 256 MB). A dropped
 * file is read again if a later gate asks for it.
 */
const KEPT_FILES = 2

async function loadWorkspaceFile(file: WorkspaceFile): Promise<LoadedFile> {
  // resolveWorkspaceFile has just read size and mtime: no second stat.
  const stamp = `${file.size}\u0000${file.mtimeMs}`
  const hit = loaded.get(file.absolute)
  if (hit?.stamp === stamp) return hit.file
  const entry = { stamp, file: readWorkspaceBytes(file).then(loadedFrom) }
  loaded.delete(file.absolute)
  loaded.set(file.absolute, entry)
  for (const oldest of loaded.keys()) {
    if (loaded.size <= KEPT_FILES) break
    loaded.delete(oldest)
  }
  // A failed read is not kept: the next reader tries again.
  entry.file.catch(() => {
    if (loaded.get(file.absolute) === entry) loaded.delete(file.absolute)
  })
  return entry.file
}

function loadedFrom(bytes: Buffer): LoadedFile {
  let text: string | undefined
  let parsed: { doc: unknown } | undefined
  const picked = new Map<PickSpec, unknown>()
  // Where the JSON breaks, from the first walk that found it (each walk checks the whole file).
  let syntaxAt: { offset: number | undefined } | undefined
  const walk = (spec: PickSpec): unknown => {
    try {
      const value = pickJson(bytes, spec)
      syntaxAt = { offset: undefined }
      return value
    } catch (e) {
      if (!(e instanceof JsonSyntaxError)) throw e
      syntaxAt = { offset: e.offset }
      return undefined
    }
  }
  const textOf = (): string => (text ??= bytes.toString('utf8'))
  return {
    bytes,
    get text() {
      return textOf()
    },
    json() {
      if (!parsed) {
        try {
          parsed = { doc: JSON.parse(textOf()) as unknown }
        } catch {
          parsed = { doc: undefined }
        }
      }
      return parsed.doc
    },
    pick(spec) {
      if (!picked.has(spec)) picked.set(spec, walk(spec))
      return picked.get(spec)
    },
    syntaxErrorAt() {
      if (!syntaxAt) walk({})
      return syntaxAt?.offset
    }
  }
}

function inside(p: string, root: string): boolean {
  const rel = path.relative(root, p)
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel))
}

async function pickGlob(dir: string, pattern: string, given: string): Promise<string> {
  const re = new RegExp(
    '^' +
      pattern
        .split('*')
        .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*') +
      '$'
  )
  const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => re.test(n)).sort()
  if (!names.length)
    throw new GateError(
      `no file matches '${given}' in the workspace`,
      'run the step that writes it before model-gate, in the same job, and check the path'
    )
  return path.join(dir, names[names.length - 1])
}

function mb(bytes: number): string {
  return String(Math.round((bytes / 1024 / 1024) * 10) / 10)
}

export class FileSource implements MetricSource {
  constructor(private readonly gate: MetricGateOf<'file'>) {}

  async read(version: ModelVersion, side: Side, ctx: SourceContext): Promise<MetricResult> {
    const { gate } = this
    const given = fillTemplate(gate.path, templateValues(ctx, version))
    const file = await resolveWorkspaceFile(given, ctx.settings.workspace)
    const content = await loadWorkspaceFile(file)
    switch (gate.format) {
      case 'promptfoo':
        return readPromptfoo(content, file.shown, {
          metric: gate.metric,
          provider: providerFor(gate.provider, side),
          side,
          idVar: gate.id_var
        })
      case 'jsonl':
        return readJsonl(content, file.shown, gate.metric)
      case 'lm-eval':
        return readLmEval(content, file, { metric: gate.metric, task: gate.task })
    }
  }
}

function providerFor(
  p: string | { candidate: string; champion: string } | undefined,
  side: Side
): string | undefined {
  if (p === undefined || typeof p === 'string') return p
  return p[side]
}

/** What a file holds, for "expected X, found Y": a guess from its shape, never its content. */
export function describeFound(content: LoadedFile): string {
  const text = content.text
  const trimmed = text.trimStart()
  if (!trimmed) return 'an empty file'
  const offset = content.syntaxErrorAt()
  if (offset !== undefined) {
    const first = trimmed.split('\n', 1)[0]
    try {
      JSON.parse(first)
      return 'JSON Lines (one JSON value per line)'
    } catch {
      if (trimmed.startsWith('<')) return 'HTML or XML'
      return /^[[{]/.test(trimmed)
        ? `JSON that does not parse: ${jsonFault(content.bytes, offset, text)}`
        : 'text that is not JSON'
    }
  }
  const doc = content.json()
  if (Array.isArray(doc)) return 'a JSON array'
  if (!doc || typeof doc !== 'object') return `a bare JSON ${typeof doc}`
  const o = doc as Record<string, unknown>
  const inner = o.results as Record<string, unknown> | undefined
  if (inner && typeof inner === 'object' && Array.isArray(inner.results))
    return 'promptfoo results (results.results[])'
  if (inner && typeof inner === 'object' && ('n-samples' in o || 'configs' in o || 'versions' in o))
    return 'lm-evaluation-harness results (results{task: metrics})'
  if ('columns' in o && 'data' in o) return 'a pandas "split" table (columns, data)'
  const keys = Object.keys(o).slice(0, 6)
  return `a JSON object with keys ${keys.length ? keys.join(', ') : '(none)'}`
}

/**
 * Where a JSON document breaks, from the byte offset our parser stopped at: line and column,
 * never the text around it (V8's messages quote the content, which may be anything).
 */
function jsonFault(bytes: Buffer, offset: number, text: string): string {
  // The parser gave up at the very end: the document was cut off.
  if (offset >= Buffer.byteLength(text.trimEnd(), 'utf8'))
    return 'it ends before the document closes (a truncated or half-written file?)'
  const lineStart = offset > 0 ? bytes.lastIndexOf(0x0a, offset - 1) + 1 : 0
  let line = 1
  for (let i = bytes.indexOf(0x0a); i !== -1 && i < offset; i = bytes.indexOf(0x0a, i + 1)) line++
  return `it breaks at line ${line}, column ${bytes.toString('utf8', lineStart, offset).length + 1}`
}
