import type { Writable } from 'node:stream'
import type { GateResult, Verdict } from '../gates/gate.js'
import { fmt, shownValue } from '../format.js'
import type { Logger } from '../log.js'
import type { Progress } from '../progress.js'
import type { RunReport } from '../report.js'
import { redact } from '../secrets.js'
import { headline } from './markdown.js'
import { policyNote } from '../verdict.js'

/**
 * The run on a terminal (the CLI): log lines and a progress line on stderr, the gate table on
 * stdout. A terminal has no runner masking, so everything written here is scrubbed of registered
 * secrets (the build command writes to stderr directly, unscrubbed).
 */

interface Paint {
  verdict(v: Verdict, text: string): string
  dim(text: string): string
  bold(text: string): string
}

const SGR = { red: 31, green: 32, yellow: 33, magenta: 35 } as const
const VERDICT_COLOUR: Record<Verdict, keyof typeof SGR> = {
  pass: 'green',
  fail: 'red',
  inconclusive: 'yellow',
  error: 'magenta'
}

export function paint(colour: boolean): Paint {
  const sgr = (code: number, s: string): string => (colour ? `\x1b[${code}m${s}\x1b[0m` : s)
  return {
    verdict: (v, s) => sgr(SGR[VERDICT_COLOUR[v]], s),
    dim: (s) => sgr(2, s),
    bold: (s) => sgr(1, s)
  }
}

/**
 * Colour only on a terminal, and never when asked not to (`--no-color`, the NO_COLOR convention:
 * any non-empty value), as most command-line tools do.
 */
export function wantsColour(
  stream: { isTTY?: boolean },
  noColorFlag: boolean,
  env: NodeJS.ProcessEnv
): boolean {
  return Boolean(stream.isTTY) && !noColorFlag && !env.NO_COLOR
}

/** Gate, measure, value, threshold, CI, n, verdict: the job summary's table, in plain columns. */
export function renderGateTable(gates: GateResult[], p: Paint): string {
  if (gates.length === 0) return 'No gates ran.'
  const head = ['gate', 'measure', 'value', 'threshold', 'CI', 'n', 'verdict']
  const rows = gates.map((g) => {
    // The value and its CI at the CI's precision, as in the job summary.
    const shown = shownValue(g.value, g.ci)
    const value = shown.value
    const ci = g.ci ? `[${shown.low}, ${shown.high}] ${Math.round(g.ci.level * 100)}%` : ''
    return [
      g.name + (g.enforce ? '' : ' (not enforced)'),
      g.measure ?? g.type,
      value,
      g.threshold ?? '',
      ci,
      g.n !== undefined ? String(g.n) : '',
      g.verdict + policyNote(g)
    ]
  })
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => [...r[i]].length)))
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => c + ' '.repeat(widths[i] - [...c].length))
      .join('  ')
      .trimEnd()
  const out = [p.bold(line(head))]
  rows.forEach((r, i) => {
    const text = line(r)
    // Colour only the verdict cell; padding is computed on the plain text.
    const cut = text.lastIndexOf(r[6])
    out.push(text.slice(0, cut) + p.verdict(gates[i].verdict, r[6]))
  })
  return out.join('\n')
}

/** The whole report for a terminal: headline, gate table, why, what changed, the receipt. */
export function renderTerminalReport(
  report: RunReport,
  receiptPath: string | undefined,
  failure: string | undefined,
  p: Paint
): string {
  const parts: string[] = [p.verdict(report.verdict, p.bold(headline(report))), '']
  if (report.mode !== 'rollback') parts.push(renderGateTable(report.gates, p), '')
  for (const g of report.gates)
    if (g.enforce && g.verdict !== 'pass')
      parts.push(`${p.verdict(g.verdict, g.name)}: ${g.message}`)
  if (failure && report.error) parts.push(`${p.verdict('error', 'error')}: ${report.error}`)
  const before = report.championBefore ? `version ${report.championBefore}` : 'none'
  const after = report.championAfter ? `version ${report.championAfter}` : 'none'
  // A run that stopped before reading the alias knows nothing of it, not that it is unset.
  if (!report.model || report.championBefore === undefined) {
    if (report.model) parts.push(`'${report.alias}' was not read`)
  } else if (before !== after) parts.push(`'${report.alias}': ${before} → ${after}`)
  else
    parts.push(`'${report.alias}' ${report.championBefore ? `stays on ${before}` : 'is not set'}`)
  for (const a of report.actions) parts.push(p.dim(`· ${a}`))
  for (const n of report.notes) parts.push(p.dim(n))
  if (receiptPath) parts.push(p.dim(`receipt: ${receiptPath}`))
  return redact(parts.join('\n').replace(/\n{3,}/g, '\n\n')) + '\n'
}

/**
 * Log lines and the progress line share stderr: the progress line is drawn last and redrawn
 * after each log line, so they never interleave. On a non-terminal there is no line to redraw:
 * a gate still running says so every `heartbeatMs`.
 */
export class TerminalLog implements Logger, Progress {
  private readonly running = new Map<
    string,
    { since: number; done?: number; total?: number; unit?: string }
  >()
  private timer: NodeJS.Timeout | undefined
  private drawn = false

  constructor(
    private readonly err: Writable & { isTTY?: boolean },
    private readonly p: Paint,
    private readonly opts: { debug: boolean; heartbeatMs?: number } = { debug: false }
  ) {}

  debug(m: string): void {
    if (this.opts.debug) this.line(this.p.dim(`debug: ${m}`))
  }
  info(m: string): void {
    this.line(m)
  }
  notice(m: string): void {
    this.line(`notice: ${m}`)
  }
  warning(m: string): void {
    this.line(`${this.p.verdict('inconclusive', 'warning')}: ${m}`)
  }
  error(m: string): void {
    this.line(`${this.p.verdict('fail', 'error')}: ${m}`)
  }
  startGroup(name: string): void {
    this.line(this.p.bold(`── ${name}`))
  }
  endGroup(): void {
    this.line(this.p.dim('──'))
  }
  mask(): void {
    // Nothing masks a terminal: every line written here goes through redact() instead.
  }
  buildStdout(): number {
    // stderr's descriptor: the build writes to it directly (no pipe a leftover background
    // process could hold open), unscrubbed, as in the action's log before the runner masks it.
    return 2
  }

  gateStarted(name: string): void {
    this.running.set(name, { since: Date.now() })
    this.timer ??= setInterval(
      () => this.tick(),
      this.err.isTTY ? 250 : (this.opts.heartbeatMs ?? 15_000)
    ).unref()
  }
  advanced(name: string, done: number, total: number, unit: string): void {
    const r = this.running.get(name)
    if (r) Object.assign(r, { done, total, unit })
  }
  gateFinished(name: string, verdict: Verdict, durationMs: number): void {
    this.running.delete(name)
    if (this.running.size === 0 && this.timer) {
      clearInterval(this.timer)
      this.timer = undefined
    }
    this.line(
      `gate ${name}: ${this.p.verdict(verdict, verdict)} ${this.p.dim(`(${fmt(durationMs / 1000)} s)`)}`
    )
  }

  /** What the progress line says: each running gate, how far, and for how long. */
  status(now = Date.now()): string {
    return [...this.running.entries()]
      .map(([name, r]) => {
        const count = r.total ? ` ${r.done}/${r.total} ${r.unit}` : ''
        return `${name}${count} · ${Math.floor((now - r.since) / 1000)} s`
      })
      .join(' | ')
  }

  private tick(): void {
    if (this.running.size === 0) return
    if (this.err.isTTY) this.draw()
    else this.line(`… running: ${this.status()}`)
  }

  private draw(): void {
    const text = `⋯ ${this.status()}`
    const width = (this.err as { columns?: number }).columns ?? 100
    this.err.write(`\r\x1b[K${this.p.dim(text.slice(0, width - 1))}`)
    this.drawn = true
  }

  private line(m: string): void {
    if (this.drawn) {
      this.err.write('\r\x1b[K')
      this.drawn = false
    }
    this.err.write(`${redact(m)}\n`)
    if (this.err.isTTY && this.running.size) this.draw()
  }

  /** Stop the progress line (the run is over). */
  close(): void {
    if (this.timer) clearInterval(this.timer)
    this.timer = undefined
    if (this.drawn) this.err.write('\r\x1b[K')
    this.drawn = false
  }
}
