/**
 * docs/other-ci.md: every YAML snippet parses, and every model-gate command in it (GitLab script
 * lines, the Jenkins `sh` step, the Argo container's args) uses only flags the CLI accepts.
 */
import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import YAML from 'yaml'
import { parseFlags } from '../src/cli/args.js'
import { ROOT } from '../test-support/run-action.js'

const doc = readFileSync(path.join(ROOT, 'docs', 'other-ci.md'), 'utf8')
const blocks = [...doc.matchAll(/```(\w+)\n([\s\S]*?)```/g)].map((m) => ({
  lang: m[1],
  body: m[2]
}))

/** Split a shell command line into words; quoted `"$VAR"` stays one word. */
function words(line: string): string[] {
  return [...line.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3])
}

/** The flags after `model-gate` (or after the package spec of `npx ... model-gate#v1`). */
function cliArgsIn(line: string): string[] | undefined {
  const w = words(line)
  const at = w.findIndex((x) => x === 'model-gate' || /model-gate#/.test(x))
  if (at < 0 || w[at - 1] === 'install' || w[at - 1] === '--global') return undefined
  const rest = w.slice(at + 1)
  const comment = rest.findIndex((x) => x.startsWith('#'))
  return comment < 0 ? rest : rest.slice(0, comment)
}

function expectAccepted(args: string[]): void {
  // Shell variables stand in for values; the flag names are what is checked.
  expect(() => parseFlags(args.map((a) => (a.startsWith('$') ? 'value' : a)))).not.toThrow()
}

describe('docs/other-ci.md', () => {
  it('has a GitLab CI file, a Jenkins stage and an Argo Workflows template', () => {
    expect(blocks.map((b) => b.lang)).toEqual(['sh', 'yaml', 'groovy', 'yaml'])
  })

  it('every YAML snippet parses', () => {
    for (const b of blocks.filter((x) => x.lang === 'yaml')) {
      const docs = YAML.parseAllDocuments(b.body)
      expect(docs.flatMap((d) => d.errors.map((e) => e.message))).toEqual([])
    }
  })

  it('the GitLab file has a merge-request check and a manual deploy job on the default branch', () => {
    const gitlab = YAML.parse(blocks[1].body) as Record<
      string,
      { rules?: Array<{ if?: string; when?: string }>; script?: string[] }
    >
    expect(gitlab['model-gate:check'].rules?.[0].if).toContain('merge_request_event')
    expect(gitlab['model-gate:check'].script?.join(' ')).toContain('--mode evaluate')
    expect(gitlab['model-gate:promote'].rules?.[0]).toMatchObject({
      if: expect.stringContaining('CI_DEFAULT_BRANCH'),
      when: 'manual'
    })
    expect(gitlab['model-gate:promote'].script?.join(' ')).toContain('--mode promote')
  })

  it('every model-gate command uses flags the CLI accepts', () => {
    const commands: string[][] = []
    for (const b of blocks.filter((x) => x.lang !== 'yaml'))
      for (const line of b.body.split('\n')) {
        const args = cliArgsIn(line.replace(/^\s*sh '|'$/g, ''))
        if (args) commands.push(args)
      }
    const gitlab = YAML.parse(blocks[1].body) as Record<string, { script?: string[] }>
    for (const job of Object.values(gitlab))
      for (const line of job.script ?? []) {
        const args = cliArgsIn(line)
        if (args) commands.push(args)
      }
    const argo = YAML.parse(blocks[3].body) as {
      spec: { templates: Array<{ container?: { command: string[]; args: string[] } }> }
    }
    for (const t of argo.spec.templates)
      if (t.container?.command[0] === 'model-gate')
        commands.push(t.container.args.map((a) => a.replace(/\{\{[^}]+\}\}/g, 'value')))
    // The README's three, the two GitLab jobs, Jenkins and Argo.
    expect(commands.length).toBeGreaterThanOrEqual(7)
    for (const args of commands) expectAccepted(args)
  })
})
