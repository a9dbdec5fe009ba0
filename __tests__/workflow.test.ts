import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import * as workflow from '../src/workflow.js'

// What the runner reads must be byte for byte what @actions/core wrote before src/workflow.ts
// replaced it: the expectations below are @actions/core 3.0.1's output for the same calls.

let stdout: string[]
const saved = { ...process.env }
let dir: string

beforeEach(async () => {
  stdout = []
  jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout.push(String(chunk))
    return true
  })
  dir = await mkdtemp(path.join(os.tmpdir(), 'workflow-'))
})
afterEach(() => {
  jest.restoreAllMocks()
  process.env = { ...saved }
  process.exitCode = undefined
})

describe('workflow commands', () => {
  it('escape the message and the annotation properties as @actions/core does', () => {
    workflow.error('50% of items\r\nfailed: a, b', {
      title: 'model-gate: acc, fail: 100%',
      file: 'c:\\cfg.yml',
      startLine: 3
    })
    workflow.warning('w', { title: 't', startLine: 0, endLine: 2, startColumn: 1, endColumn: 4 })
    workflow.notice(new Error('boom'))
    expect(stdout).toEqual([
      '::error title=model-gate%3A acc%2C fail%3A 100%25,file=c%3A\\cfg.yml,line=3::50%25 of items%0D%0Afailed: a, b\n',
      '::warning title=t,endLine=2,col=1,endColumn=4::w\n',
      '::notice::Error: boom\n'
    ])
  })

  it('mask secrets, group lines, log debug and info', () => {
    workflow.setSecret('s3cr%t\nline2')
    workflow.startGroup('gates')
    workflow.debug('d: 1%')
    workflow.info('plain :: text %')
    workflow.endGroup()
    expect(stdout.join('')).toBe(
      '::add-mask::s3cr%25t%0Aline2\n::group::gates\n::debug::d: 1%25\nplain :: text %\n::endgroup::\n'
    )
  })

  it('setFailed sets exit code 1 and writes an error annotation', () => {
    workflow.setFailed('model-gate: no')
    expect(process.exitCode).toBe(1)
    expect(stdout).toEqual(['::error::model-gate: no\n'])
  })
})

describe('inputs', () => {
  it('read INPUT_<NAME> with spaces as underscores, trimmed, empty when unset', () => {
    process.env['INPUT_GITHUB-TOKEN'] = '  tok \n'
    process.env['INPUT_MY_INPUT'] = 'x'
    expect(workflow.getInput('github-token')).toBe('tok')
    expect(workflow.getInput('my input')).toBe('x')
    expect(workflow.getInput('absent')).toBe('')
  })
})

describe('file commands', () => {
  it('append each output as a heredoc block with a random delimiter', async () => {
    const file = path.join(dir, 'out')
    await writeFile(file, 'earlier=1\n')
    process.env.GITHUB_OUTPUT = file
    workflow.setOutput('verdict', 'pass')
    workflow.setOutput('multi', 'a\nb')
    workflow.setOutput('json', { n: 1 })
    const text = await readFile(file, 'utf8')
    const block = /(\w+)<<(ghadelimiter_[0-9a-f-]{36})\n([\s\S]*?)\n\2\n/g
    const outputs = [...text.matchAll(block)].map((m) => [m[1], m[3]])
    expect(text.startsWith('earlier=1\n')).toBe(true)
    expect(outputs).toEqual([
      ['verdict', 'pass'],
      ['multi', 'a\nb'],
      ['json', '{"n":1}']
    ])
    // A fresh delimiter per output.
    expect(new Set([...text.matchAll(block)].map((m) => m[2])).size).toBe(3)
  })

  it('refuse an output file that is missing', () => {
    process.env.GITHUB_OUTPUT = path.join(dir, 'missing')
    expect(() => workflow.setOutput('v', '1')).toThrow(/Missing file at path/)
  })

  it('without GITHUB_OUTPUT, fall back to ::set-output', () => {
    delete process.env.GITHUB_OUTPUT
    workflow.setOutput('v', 'a,b:c')
    expect(stdout).toEqual(['\n', '::set-output name=v::a,b:c\n'])
  })

  it('append the job summary with a line end, and fail on a missing summary file', async () => {
    const file = path.join(dir, 'summary')
    await writeFile(file, '# earlier step\n')
    process.env.GITHUB_STEP_SUMMARY = file
    await workflow.appendSummary('## model-gate')
    expect(await readFile(file, 'utf8')).toBe('# earlier step\n## model-gate\n')
    // The runner creates the file; one that is not there is not created behind its back.
    process.env.GITHUB_STEP_SUMMARY = path.join(dir, 'missing')
    await expect(workflow.appendSummary('x')).rejects.toThrow(/Unable to access summary file/)
  })
})
