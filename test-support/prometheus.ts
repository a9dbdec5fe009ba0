import { type ChildProcess, spawn } from 'node:child_process'
import { accessSync, constants } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'

/**
 * A real Prometheus server for tests (Debian's `prometheus` package; .ci/run installs it). Our
 * own instance: our config, a temporary storage directory, a free loopback port, a 1 s scrape
 * interval. The package's own service (if the system started one) is left alone.
 */

export interface RealPrometheus {
  url: string
  /** What the server wrote to stderr (its log), for a failing test's message. */
  log(): string
  /** The answer body of an instant query, parsed. */
  query(promql: string): Promise<PromAnswer>
  /** Polls an instant query until `until` holds for its answer (or throws after `timeoutMs`). */
  waitFor(promql: string, until: (a: PromAnswer) => boolean, timeoutMs?: number): Promise<void>
  close(): Promise<void>
}

export interface PromAnswer {
  status: string
  data?: { resultType: string; result: unknown }
  errorType?: string
  error?: string
}

/** The binary: $PROMETHEUS_BIN, else `prometheus` on PATH; undefined when there is none. */
export function findPrometheus(): string | undefined {
  const candidates = [
    process.env.PROMETHEUS_BIN,
    ...(process.env.PATH ?? '').split(path.delimiter).map((d) => d && path.join(d, 'prometheus'))
  ]
  for (const c of candidates) {
    if (!c) continue
    try {
      accessSync(c, constants.X_OK)
      return c
    } catch {
      // not here
    }
  }
  return undefined
}

/**
 * Whether a Prometheus test suite runs: always in CI (where a missing binary must fail the suite,
 * not skip it), and elsewhere only when the binary is installed.
 */
export function prometheusAvailable(suite: string): boolean {
  const ci = process.env.CI
  if (findPrometheus() || (ci && ci !== 'false' && ci !== '0')) return true
  console.warn(
    `${suite}: skipped, prometheus is not installed (apt-get install prometheus, or set ` +
      'PROMETHEUS_BIN). In CI (CI set) these tests fail instead.'
  )
  return false
}

/**
 * Starts Prometheus scraping `targets` (job "vllm"), then waits for readiness (/-/ready) and for
 * the first successful scrape of every target (`up == 1`), by polling: no fixed sleeps.
 */
export async function startPrometheus(targets: string[]): Promise<RealPrometheus> {
  const bin = findPrometheus()
  if (!bin)
    throw new Error(
      'prometheus is not installed: .ci/run installs it (apt-get install -y --no-install-recommends prometheus)'
    )
  const dir = await mkdtemp(path.join(os.tmpdir(), 'model-gate-prometheus-'))
  const config = path.join(dir, 'prometheus.yml')
  await writeFile(
    config,
    [
      'global: {scrape_interval: 1s, scrape_timeout: 1s, evaluation_interval: 1s}',
      'scrape_configs:',
      '  - job_name: vllm',
      `    static_configs: [{targets: [${targets.map((t) => JSON.stringify(t)).join(', ')}]}]`,
      ''
    ].join('\n')
  )
  let lastError: unknown
  // A free port can be taken between our probe and Prometheus' bind: try a few.
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort()
    try {
      return await launch(bin, dir, config, port, targets.length)
    } catch (err) {
      lastError = err
    }
  }
  await rm(dir, { recursive: true, force: true })
  throw lastError
}

async function launch(
  bin: string,
  dir: string,
  config: string,
  port: number,
  targetCount: number
): Promise<RealPrometheus> {
  const url = `http://127.0.0.1:${port}`
  const child: ChildProcess = spawn(
    bin,
    [
      `--config.file=${config}`,
      `--storage.tsdb.path=${path.join(dir, `data-${port}`)}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn'
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] }
  )
  let stderr = ''
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()))
  const exited = new Promise<string>((resolve) =>
    child.once('exit', (code, signal) => resolve(`prometheus exited (${code ?? signal})`))
  )
  let stopped = false
  const close = async (): Promise<void> => {
    if (stopped) return
    stopped = true
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM')
      await exited
    }
    await rm(dir, { recursive: true, force: true })
  }
  const query = async (promql: string): Promise<PromAnswer> => {
    const res = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(promql)}`)
    return (await res.json()) as PromAnswer
  }
  const waitFor = async (
    promql: string,
    until: (a: PromAnswer) => boolean,
    timeoutMs = 20_000
  ): Promise<void> => {
    const end = Date.now() + timeoutMs
    for (;;) {
      const answer = await query(promql).catch(() => undefined)
      if (answer && until(answer)) return
      if (Date.now() > end)
        throw new Error(`prometheus: '${promql}' did not hold within ${timeoutMs} ms\n${stderr}`)
      await pause(100)
    }
  }
  try {
    const ready = readiness(url)
    const outcome = await Promise.race([ready.then(() => ''), exited])
    if (outcome) throw new Error(`${outcome} before it was ready:\n${stderr}`)
    // Every target scraped once; later scrapes follow every second.
    await waitFor(
      'count(up{job="vllm"} == 1)',
      (a) => vectorValues(a).length === 1 && vectorValues(a)[0] === targetCount
    )
  } catch (err) {
    await close()
    throw err
  }
  return { url, log: () => stderr, query, waitFor, close }
}

async function readiness(url: string, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs
  for (;;) {
    const ok = await fetch(`${url}/-/ready`)
      .then((r) => r.status === 200)
      .catch(() => false)
    if (ok) return
    if (Date.now() > end) throw new Error(`prometheus at ${url} was not ready in ${timeoutMs} ms`)
    await pause(100)
  }
}

/** The numbers of a vector answer, in order. */
export function vectorValues(a: PromAnswer): number[] {
  if (a.status !== 'success' || a.data?.resultType !== 'vector') return []
  return (a.data.result as Array<{ value: [number, string] }>).map((s) => Number(s.value[1]))
}

/** The pause between two polls of a condition: a poll interval, never a wait for an outcome. */
function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

async function freePort(): Promise<number> {
  const server = net.createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as net.AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}
