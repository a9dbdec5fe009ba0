import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { GateError } from '../src/errors.js'
import { Evaluations } from '../src/gates/metric/evaluations.js'
import type { GateContext, GateResult } from '../src/gates/gate.js'
import { type ConditionReport, LineageGate } from '../src/gates/lineage.js'
import { HttpClient } from '../src/http/client.js'
import {
  combinedDigest,
  LINEAGE_TAG_PREFIX,
  lineageOf,
  lineageTags,
  MAX_TAG_VALUE
} from '../src/promotion/lineage.js'
import { MlflowRegistry, mlflowAuth } from '../src/registry/mlflow.js'
import type { ModelVersion, Registry, RunFacts, RunReader } from '../src/registry/registry.js'
import { LineageGateSchema, parseConfig } from '../src/settings/config.js'
import type { Settings } from '../src/settings/settings.js'

// ---------------------------------------------------------------- fakes

const BASE = 'meta-llama/Llama-3-8B'
const SHA_SYSTEM = 'a'.repeat(64)
const SHA_FEWSHOT = 'b'.repeat(64)

/** A registry that holds runs by id; `getRunFacts` behaves as MlflowRegistry's is meant to. */
class FakeRegistry implements Registry, RunReader {
  readonly kind = 'mlflow' as const
  readonly describe = 'fake registry'
  readonly runReads: string[] = []
  constructor(private readonly runs: Record<string, RunFacts | GateError> = {}) {}
  getVersion(): Promise<ModelVersion> {
    return Promise.reject(new Error('not used'))
  }
  resolveAlias(): Promise<ModelVersion | null> {
    return Promise.resolve(null)
  }
  setAlias(): Promise<void> {
    return Promise.resolve()
  }
  deleteAlias(): Promise<void> {
    return Promise.resolve()
  }
  setTags(): Promise<void> {
    return Promise.resolve()
  }
  compareVersions(a: string, b: string): number {
    return Number(a) - Number(b)
  }
  getRunFacts(version: ModelVersion): Promise<RunFacts | null> {
    if (!version.runId) return Promise.resolve(null)
    this.runReads.push(version.runId)
    const r = this.runs[version.runId]
    if (r instanceof GateError) return Promise.reject(r)
    if (!r)
      return Promise.reject(
        new GateError(`run ${version.runId} of version ${version.version} was not found`)
      )
    return Promise.resolve(r)
  }
}

/** A registry without the run-reading capability (as W&B is until it gains one). */
class TagsOnlyRegistry extends FakeRegistry {
  constructor() {
    super()
    Object.defineProperty(this, 'getRunFacts', { value: undefined })
  }
}

function version(v: string, tags: Record<string, string>, runId?: string): ModelVersion {
  return {
    model: 'cs-adapter',
    version: v,
    uri: `models:/cs-adapter/${v}`,
    runId,
    tags,
    aliases: []
  }
}

function run(id: string, over: Partial<RunFacts> = {}): RunFacts {
  return {
    id,
    url: `https://mlflow.example/#/experiments/1/runs/${id}`,
    status: 'FINISHED',
    deleted: false,
    params: { lora_r: '16', lora_alpha: '32', learning_rate: '0.0002', dataset: 'support-v3' },
    metrics: { val_loss: 0.298, val_accuracy: 0.918 },
    tags: { git_sha: 'abc0', 'mlflow.runName': 'train-1' },
    ...over
  }
}

const adapterTags = {
  base_model: BASE,
  base_model_version: 'v1.0',
  adapter_type: 'lora',
  rank: '16'
}

function gate(require: unknown[], extra: Record<string, unknown> = {}): LineageGate {
  return new LineageGate(
    LineageGateSchema.parse({ name: 'provenance', type: 'lineage', require, ...extra })
  )
}

function ctx(
  registry: Registry,
  candidate: ModelVersion,
  champion: ModelVersion | null = null
): GateContext {
  return {
    settings: { alias: 'champion' } as Settings,
    http: new HttpClient({ retries: 0 }),
    registry,
    candidate,
    champion,
    evaluations: new Evaluations(),
    signal: new AbortController().signal,
    deadline: Date.now() + 60_000
  }
}

function rows(r: GateResult): ConditionReport[] {
  return (r.details?.conditions ?? []) as ConditionReport[]
}

/** The rows of the configured conditions, without the base-model rule's implicit ones. */
function explicit(r: GateResult): ConditionReport[] {
  return rows(r).filter((x) => !x.implicit)
}

// ---------------------------------------------------------------- the gate

describe('lineage gate: conditions', () => {
  const registry = new FakeRegistry({ r13: run('r13') })
  const cand = version('13', adapterTags, 'r13')

  it('passes when every condition holds, and reports each value it saw', async () => {
    const r = await gate([
      { key: 'base_model', present: true },
      { key: 'tag.adapter_type', equals: 'lora' },
      { key: 'rank', equals: 16 },
      { key: 'base_model_version', matches: '^v\\d+\\.\\d+$' },
      { key: 'run.metric.val_loss', max: 0.35 },
      { key: 'run.param.lora_r', min: 8, max: 64 },
      { key: 'run.tag.git_sha', present: true },
      { key: 'run.status', equals: 'FINISHED' },
      { key: 'tag.retired', present: false }
    ]).run(ctx(registry, cand))
    expect(r.verdict).toBe('pass')
    // 9 configured + the base-model rule's 2 (no champion: reported, not compared).
    expect(r.message).toBe(
      "all 11 lineage conditions hold (no 'champion' yet, so nothing to compare with the champion)"
    )
    expect(r.value).toBe(11)
    expect(r.threshold).toBe('all 11')
    expect(explicit(r).map((x) => [x.key, x.condition, x.saw, x.verdict])).toEqual([
      ['base_model', 'present', BASE, 'pass'],
      ['tag.adapter_type', '= "lora"', 'lora', 'pass'],
      ['rank', '= 16', '16', 'pass'],
      ['base_model_version', 'matches /^v\\d+\\.\\d+$/', 'v1.0', 'pass'],
      ['run.metric.val_loss', '≤ 0.35', 0.298, 'pass'],
      ['run.param.lora_r', '≥ 8 and ≤ 64', '16', 'pass'],
      ['run.tag.git_sha', 'present', 'abc0', 'pass'],
      ['run.status', '= "FINISHED"', 'FINISHED', 'pass'],
      ['tag.retired', 'absent', null, 'pass']
    ])
    expect(r.details?.run).toEqual({
      id: 'r13',
      url: 'https://mlflow.example/#/experiments/1/runs/r13',
      status: 'FINISHED'
    })
  })

  it('fails each kind of condition with a message that says what it saw', async () => {
    const r = await gate([
      { key: 'prompt_template_sha256', present: true },
      { key: 'adapter_type', present: false },
      { key: 'adapter_type', equals: 'qlora' },
      { key: 'rank', equals: 8 },
      { key: 'base_model', matches: '^mistralai/' },
      { key: 'run.metric.val_loss', max: 0.25 },
      { key: 'run.metric.val_accuracy', min: 0.95 },
      { key: 'base_model', min: 1 }
    ]).run(ctx(registry, cand))
    expect(r.verdict).toBe('fail')
    expect(explicit(r).map((x) => x.message)).toEqual([
      'prompt_template_sha256 is absent',
      "adapter_type is 'lora' but must be absent",
      "adapter_type is 'lora', expected 'qlora'",
      "rank is '16', expected 8",
      `base_model '${BASE}' does not match /^mistralai\\//`,
      'run.metric.val_loss 0.298 is above the maximum 0.25',
      'run.metric.val_accuracy 0.918 is below the minimum 0.95',
      `base_model is '${BASE}', not a number`
    ])
    expect(explicit(r).every((x) => x.verdict === 'fail')).toBe(true)
    expect(r.value).toBe(2)
    expect(r.message).toMatch(
      /^8 of 10 lineage conditions failed: prompt_template_sha256 is absent; /
    )
    expect(r.message).toMatch(/\(and 3 more\)$/)
  })

  it('treats a bare key as tag.<key>, and a bare {key} as present: true', async () => {
    const r = await gate([{ key: 'base_model' }, { key: 'tag.missing' }]).run(
      ctx(registry, version('13', adapterTags))
    )
    expect(explicit(r).map((x) => [x.condition, x.verdict])).toEqual([
      ['present', 'pass'],
      ['present', 'fail']
    ])
    // A tag named like a run fact is still reachable through the tag. prefix.
    const odd = await gate([{ key: 'tag.run.status', equals: 'x' }]).run(
      ctx(registry, version('13', { 'run.status': 'x' }))
    )
    expect(odd.verdict).toBe('pass')
  })

  it('compares numbers numerically, text exactly, booleans case-insensitively', async () => {
    const v = version('13', { lr: '2e-4', flag: 'True', label: '1.0' }, 'r13')
    const r = await gate([
      { key: 'lr', equals: 0.0002 },
      { key: 'flag', equals: true },
      { key: 'label', equals: '1.0' },
      { key: 'label', equals: '1' },
      { key: 'run.metric.val_loss', equals: '0.298' }
    ]).run(ctx(registry, v))
    expect(rows(r).map((x) => x.verdict)).toEqual(['pass', 'pass', 'pass', 'fail', 'pass'])
  })

  it('fails a bound on a value that is not a finite number, naming what it saw', async () => {
    const reg = new FakeRegistry({ r13: run('r13', { metrics: { val_loss: NaN } }) })
    const r = await gate([
      { key: 'run.metric.val_loss', max: 0.35 },
      { key: 'run.param.dataset', min: 0 },
      { key: 'run.metric.absent', max: 1 }
    ]).run(ctx(reg, cand))
    expect(r.verdict).toBe('fail')
    expect(explicit(r).map((x) => [x.saw, x.message])).toEqual([
      ['NaN', 'run.metric.val_loss is NaN, not a number'],
      ['support-v3', "run.param.dataset is 'support-v3', not a number"],
      [null, 'run.metric.absent is absent, expected ≤ 1']
    ])
    // The receipt is JSON: a NaN must survive as text, not turn into null.
    const json = JSON.parse(JSON.stringify(rows(r))) as ConditionReport[]
    expect(json[0].saw).toBe('NaN')
  })

  it('does not round a value onto the limit it missed', async () => {
    const reg = new FakeRegistry({ r13: run('r13', { metrics: { val_loss: 0.350001 } }) })
    const r = await gate([{ key: 'run.metric.val_loss', max: 0.35 }]).run(ctx(reg, cand))
    expect(r.message).toContain('run.metric.val_loss 0.350001 is above the maximum 0.35')
  })

  it('compares with the champion, reporting both values', async () => {
    const reg = new FakeRegistry({
      r13: run('r13'),
      r12: run('r12', { params: { ...run('r12').params, lora_r: '8' } })
    })
    const champion = version('12', { ...adapterTags, adapter_type: 'qlora' }, 'r12')
    const r = await gate([
      { key: 'adapter_type', equals_champion: true },
      { key: 'run.param.lora_alpha', equals_champion: true },
      { key: 'run.param.lora_r', equals_champion: true },
      { key: 'eval_suite', equals_champion: true }
    ]).run(ctx(reg, cand, champion))
    expect(reg.runReads.sort()).toEqual(['r12', 'r13'])
    expect(r.verdict).toBe('fail')
    expect(rows(r).slice(0, 4)).toEqual([
      expect.objectContaining({
        key: 'adapter_type',
        condition: '= champion',
        saw: 'lora',
        champion: 'qlora',
        verdict: 'fail',
        message: "adapter_type 'lora' differs from champion version 12's 'qlora'"
      }),
      expect.objectContaining({ saw: '32', champion: '32', verdict: 'pass' }),
      expect.objectContaining({ saw: '16', champion: '8', verdict: 'fail' }),
      expect.objectContaining({
        saw: null,
        champion: null,
        verdict: 'pass',
        message: 'eval_suite is absent on both the candidate and champion version 12'
      })
    ])
    expect(r.details?.champion_run).toEqual(expect.objectContaining({ id: 'r12' }))
  })

  it('passes equals_champion when there is no champion yet, and says so', async () => {
    const reg = new FakeRegistry({ r13: run('r13') })
    const r = await gate([{ key: 'run.param.lora_r', equals_champion: true }]).run(
      ctx(reg, cand, null)
    )
    expect(r.verdict).toBe('pass')
    expect(rows(r)[0].message).toBe("no champion yet: run.param.lora_r '16' is not compared")
    expect(r.message).toContain("no 'champion' yet")
  })
})

describe('lineage gate: the base-model rule', () => {
  const reg = new FakeRegistry()
  const champion = version('12', adapterTags)

  it('adds implicit equals_champion checks on base_model and base_model_version', async () => {
    const r = await gate([{ key: 'adapter_type', equals: 'lora' }]).run(
      ctx(reg, version('13', adapterTags), champion)
    )
    expect(r.verdict).toBe('pass')
    expect(rows(r).slice(1)).toEqual([
      expect.objectContaining({ key: 'base_model', saw: BASE, champion: BASE, implicit: true }),
      expect.objectContaining({ key: 'base_model_version', saw: 'v1.0', implicit: true })
    ])
  })

  it('fails a candidate on another base model, and says how to allow it', async () => {
    const moved = version('13', { ...adapterTags, base_model_version: 'v1.1' })
    const r = await gate([{ key: 'adapter_type', equals: 'lora' }]).run(ctx(reg, moved, champion))
    expect(r.verdict).toBe('fail')
    expect(r.message).toBe(
      "1 of 3 lineage conditions failed: base_model_version 'v1.1' differs from champion version " +
        "12's 'v1.0' (set allow_base_change: true on this gate if the new base model is intended)"
    )
  })

  it('fails when only the champion names a base model', async () => {
    const r = await gate([{ key: 'adapter_type' }]).run(
      ctx(reg, version('13', { adapter_type: 'lora' }), champion)
    )
    expect(r.verdict).toBe('fail')
    expect(rows(r).filter((x) => x.implicit)).toEqual([
      expect.objectContaining({ key: 'base_model', saw: null, champion: BASE, verdict: 'fail' }),
      expect.objectContaining({ key: 'base_model_version', saw: null, verdict: 'fail' })
    ])
  })

  it('with allow_base_change, passes and still reports the change', async () => {
    const moved = version('13', { ...adapterTags, base_model: 'meta-llama/Llama-3.1-8B' })
    const r = await gate([{ key: 'adapter_type' }], { allow_base_change: true }).run(
      ctx(reg, moved, champion)
    )
    expect(r.verdict).toBe('pass')
    expect(rows(r).filter((x) => x.implicit)).toEqual([
      expect.objectContaining({
        key: 'base_model',
        saw: 'meta-llama/Llama-3.1-8B',
        champion: BASE,
        verdict: 'pass',
        message: `base_model changes from '${BASE}' (champion version 12) to 'meta-llama/Llama-3.1-8B' (allowed by allow_base_change)`
      }),
      expect.objectContaining({ key: 'base_model_version', verdict: 'pass' })
    ])
    expect(r.warnings).toEqual([expect.stringContaining('base_model changes from')])
  })

  it('passes without a champion and says nothing was compared', async () => {
    const r = await gate([{ key: 'adapter_type' }]).run(ctx(reg, version('1', adapterTags), null))
    expect(r.verdict).toBe('pass')
    expect(
      rows(r)
        .filter((x) => x.implicit)
        .map((x) => x.message)
    ).toEqual([
      `no champion yet: base_model '${BASE}' is not compared`,
      "no champion yet: base_model_version 'v1.0' is not compared"
    ])
  })

  it('adds nothing when neither version names a base model', async () => {
    const r = await gate([{ key: 'adapter_type' }]).run(
      ctx(reg, version('13', { adapter_type: 'lora' }), version('12', {}))
    )
    expect(rows(r)).toHaveLength(1)
  })
})

describe('lineage gate: facts that cannot be read are errors, never passes', () => {
  it('errors when a run.* condition meets a version without a source run', async () => {
    const r = await gate([{ key: 'run.metric.val_loss', max: 0.35 }]).run(
      ctx(new FakeRegistry(), version('13', adapterTags))
    )
    expect(r.verdict).toBe('error')
    expect(r.message).toBe('1 could not be checked: version 13 has no source run')
  })

  it('errors on a deleted run', async () => {
    const reg = new FakeRegistry({ r13: run('r13', { deleted: true }) })
    const r = await gate([{ key: 'run.status', equals: 'FINISHED' }]).run(
      ctx(reg, version('13', adapterTags, 'r13'))
    )
    expect(r.verdict).toBe('error')
    expect(r.message).toContain('the source run r13 of version 13 is deleted')
  })

  it('errors with the registry message when the run cannot be read', async () => {
    const reg = new FakeRegistry({
      r13: new GateError('MLflow run r13 was not found', 'Check the tracking server')
    })
    const r = await gate([
      { key: 'adapter_type', equals: 'lora' },
      { key: 'run.param.lora_r', equals: 16 }
    ]).run(ctx(reg, version('13', adapterTags, 'r13')))
    expect(r.verdict).toBe('error')
    expect(rows(r).map((x) => x.verdict)).toEqual(['pass', 'error', 'pass', 'pass'])
    expect(r.message).toBe(
      '1 could not be checked: the source run of version 13 could not be read: ' +
        'MLflow run r13 was not found. Check the tracking server'
    )
  })

  it('errors when the champion run needed for a comparison is missing', async () => {
    const reg = new FakeRegistry({ r13: run('r13') })
    const r = await gate([{ key: 'run.param.lora_r', equals_champion: true }]).run(
      ctx(reg, version('13', adapterTags, 'r13'), version('12', adapterTags))
    )
    expect(r.verdict).toBe('error')
    expect(rows(r)[0]).toEqual(
      expect.objectContaining({
        verdict: 'error',
        saw: '16',
        message: 'champion version 12 has no source run'
      })
    )
  })

  it('errors when the registry cannot read runs at all', async () => {
    const r = await gate([{ key: 'run.metric.val_loss', max: 0.35 }]).run(
      ctx(new TagsOnlyRegistry(), version('13', adapterTags, 'r13'))
    )
    expect(r.verdict).toBe('error')
    expect(r.message).toContain('fake registry cannot read training runs')
  })

  it('does not read runs when only tags are checked', async () => {
    const reg = new FakeRegistry()
    const r = await gate([{ key: 'adapter_type', equals: 'lora' }]).run(
      ctx(reg, version('13', adapterTags, 'r13'), version('12', adapterTags, 'r12'))
    )
    expect(r.verdict).toBe('pass')
    expect(reg.runReads).toEqual([])
  })

  it('refuses a misconfigured gate when the config is parsed, naming the path of each problem', () => {
    const yaml = [
      'gates:',
      '  - name: provenance',
      '    type: lineage',
      '    require:',
      '      - {key: adapter_type, matches: "^(lora"}',
      '      - {key: run.metrics.val_loss, max: 1}',
      '      - {key: run.param., present: true}',
      '      - {key: x, min: 2, max: 1}',
      '      - {key: y, present: false, equals: z}'
    ].join('\n')
    let message = ''
    try {
      parseConfig(yaml, 'model-gate.yml')
    } catch (err) {
      message = (err as Error).message
    }
    // Before any registry call: the run never starts, so the registry is never touched.
    expect(message).toContain(
      'gates[0].require[0].matches: "^(lora" is not a valid regular expression (Invalid regular expression'
    )
    expect(message).toContain(
      "gates[0].require[1].key: 'run.metrics.val_loss' is not a run fact (use run.param.<key>"
    )
    expect(message).toContain(
      "gates[0].require[2].key: 'run.param.' names no key after 'run.param.'"
    )
    expect(message).toContain('gates[0].require[3]: min 2 is above max 1')
    expect(message).toContain(
      'gates[0].require[4]: present: false cannot be combined with other checks'
    )
  })
})

// ---------------------------------------------------------------- lineage record and tags

describe('lineageOf and lineageTags on a LoRA adapter version', () => {
  const adapter = version(
    '13',
    {
      ...adapterTags,
      'prompt_template.prompts/system_prompt.txt.sha256': SHA_SYSTEM,
      'prompt_template.prompts/few_shot_examples.json.sha256': `sha256:${SHA_FEWSHOT.toUpperCase()}`
    },
    'r13'
  )
  const facts = run('r13')

  it('reads the layered scheme, the run, its data and its hyperparameters', () => {
    const l = lineageOf(adapter, facts)
    // Recomputed by hand, as an auditor would: LC_ALL=C sort of the `path:sha256` lines.
    const expected = createHash('sha256')
      .update(
        `prompts/few_shot_examples.json:${SHA_FEWSHOT}\nprompts/system_prompt.txt:${SHA_SYSTEM}\n`
      )
      .digest('hex')
    expect(l).toEqual({
      source_run_id: 'r13',
      source_run_url: 'https://mlflow.example/#/experiments/1/runs/r13',
      base_model: BASE,
      base_model_version: 'v1.0',
      adapter_type: 'lora',
      prompt_template_digest: expected,
      prompt_templates: [
        { path: 'prompts/few_shot_examples.json', sha256: SHA_FEWSHOT },
        { path: 'prompts/system_prompt.txt', sha256: SHA_SYSTEM }
      ],
      data: 'support-v3',
      hyperparameters: facts.params
    })
  })

  it('writes model_gate.lineage.* tags that MLflow accepts', () => {
    const l = lineageOf(adapter, facts)
    const tags = lineageTags(l)
    expect(tags).toEqual({
      'model_gate.lineage.source_run_id': 'r13',
      'model_gate.lineage.source_run_url': 'https://mlflow.example/#/experiments/1/runs/r13',
      'model_gate.lineage.base_model': BASE,
      'model_gate.lineage.base_model_version': 'v1.0',
      'model_gate.lineage.adapter_type': 'lora',
      'model_gate.lineage.prompt_template_digest': l.prompt_template_digest,
      'model_gate.lineage.prompt_templates': `prompts/few_shot_examples.json:${SHA_FEWSHOT}\nprompts/system_prompt.txt:${SHA_SYSTEM}`,
      'model_gate.lineage.data': 'support-v3',
      'model_gate.lineage.hyperparameters':
        '{"dataset":"support-v3","learning_rate":"0.0002","lora_alpha":"32","lora_r":"16"}'
    })
    // The listed lines hash to the recorded digest, so the tags verify themselves.
    const lines = tags['model_gate.lineage.prompt_templates']
    expect(createHash('sha256').update(`${lines}\n`).digest('hex')).toBe(
      tags['model_gate.lineage.prompt_template_digest']
    )
    for (const [k, v] of Object.entries(tags)) {
      expect(k).toMatch(/^[A-Za-z0-9_\-. :/]{1,250}$/)
      expect(v.length).toBeLessThanOrEqual(MAX_TAG_VALUE)
    }
  })

  it('cuts a long parameter list at a whole entry and says so', () => {
    const params = Object.fromEntries(
      Array.from({ length: 400 }, (_, i) => [`p${String(i).padStart(3, '0')}`, 'x'.repeat(20)])
    )
    const tags = lineageTags(lineageOf(adapter, run('r13', { params })))
    const hp = tags['model_gate.lineage.hyperparameters']
    expect(hp.length).toBeLessThanOrEqual(MAX_TAG_VALUE)
    const kept = Object.keys(JSON.parse(hp) as Record<string, string>).length
    expect(kept).toBeGreaterThan(100)
    expect(kept).toBeLessThan(400)
    expect(tags['model_gate.lineage.omitted']).toBe(
      `hyperparameters: ${400 - kept} of 400 params not listed (see the source run)`
    )
    expect(
      JSON.stringify(Object.fromEntries(Object.entries(params).slice(0, kept + 1))).length
    ).toBeGreaterThan(MAX_TAG_VALUE)
  })

  it('accepts the other prompt-template forms and agrees on the digest', () => {
    const want = combinedDigest([
      { path: 'prompts/few_shot_examples.json', sha256: SHA_FEWSHOT },
      { path: 'prompts/system_prompt.txt', sha256: SHA_SYSTEM }
    ])
    const forms: Array<Record<string, string>> = [
      {
        prompt_templates: JSON.stringify([
          { path: 'prompts/system_prompt.txt', sha256: SHA_SYSTEM },
          { path: 'prompts/few_shot_examples.json', sha256: SHA_FEWSHOT }
        ])
      },
      {
        prompt_templates: JSON.stringify({
          'prompts/system_prompt.txt': SHA_SYSTEM,
          'prompts/few_shot_examples.json': SHA_FEWSHOT
        })
      },
      {
        prompt_templates: `prompts/system_prompt.txt:${SHA_SYSTEM}, prompts/few_shot_examples.json:${SHA_FEWSHOT}`
      },
      // W&B metadata {"prompt_templates": {"<path>": "<hex>"}} after flattening.
      {
        'prompt_templates.prompts/system_prompt.txt': SHA_SYSTEM,
        'prompt_templates.prompts/few_shot_examples.json': SHA_FEWSHOT
      }
    ]
    for (const tags of forms)
      expect(lineageOf(version('13', tags), null).prompt_template_digest).toBe(want)
  })

  it('records a single prompt_template_sha256 as given, and no run facts without a run', () => {
    const l = lineageOf(
      version('13', { ...adapterTags, prompt_template_sha256: SHA_SYSTEM, dataset: 'tagged' }),
      null
    )
    expect(l).toEqual({
      base_model: BASE,
      base_model_version: 'v1.0',
      adapter_type: 'lora',
      prompt_template_digest: SHA_SYSTEM,
      data: 'tagged'
    })
    const withPath = lineageOf(
      version('13', {
        prompt_template: 'prompts/system_prompt.txt',
        prompt_template_sha256: SHA_SYSTEM
      }),
      null
    )
    expect(withPath.prompt_templates).toEqual([
      { path: 'prompts/system_prompt.txt', sha256: SHA_SYSTEM }
    ])
    expect(lineageTags({})).toEqual({})
    expect(Object.keys(lineageTags(l)).every((k) => k.startsWith(LINEAGE_TAG_PREFIX))).toBe(true)
  })
})

// ---------------------------------------------------------------- MLflow runs/get

/** contracts/mlflow/captures/010-runs-get.json, response_body. */
const CAPTURE_010 = {
  run: {
    info: {
      run_uuid: '323ce11581f6450b955c07cd59ab918b',
      experiment_id: '1',
      run_name: 'train-1',
      user_id: '',
      status: 'RUNNING',
      start_time: 1795687650972,
      artifact_uri: '/srv/mlflow/artifacts/1/323ce11581f6450b955c07cd59ab918b/artifacts',
      lifecycle_stage: 'active',
      run_id: '323ce11581f6450b955c07cd59ab918b'
    },
    data: {
      metrics: [
        { key: 'accuracy', value: 0.92, timestamp: 1795687651972, step: 1 },
        { key: 'loss', value: 0.08999999999999997, timestamp: 1795687651972, step: 1 }
      ],
      params: [{ key: 'lr', value: '0.01' }],
      tags: [
        { key: 'mlflow.runName', value: 'train-1' },
        { key: 'git_sha', value: 'abc0' }
      ]
    },
    inputs: {},
    outputs: {}
  }
}
/** contracts/mlflow/captures/064-ERR-runs-get-unknown.json, response_body. */
const CAPTURE_064 = {
  error_code: 'RESOURCE_DOES_NOT_EXIST',
  message: 'Run with id=0123456789abcdef0123456789abcdef not found'
}
const RUN_ID = '323ce11581f6450b955c07cd59ab918b'

describe('MlflowRegistry.getRunFacts against captured runs/get answers', () => {
  const client = new HttpClient({ retries: 0 })
  const readRun = (v: ModelVersion, env: NodeJS.ProcessEnv = {}): Promise<RunFacts | null> =>
    new MlflowRegistry(client, base, mlflowAuth(env)).getRunFacts(v)
  const seen: Array<{ url: string; auth?: string }> = []
  let server: http.Server
  let base = ''
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      seen.push({ url: req.url ?? '', auth: req.headers.authorization })
      const url = new URL(req.url ?? '/', 'http://x')
      const id = url.searchParams.get('run_id')
      const json = (status: number, body: unknown): void => {
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body))
      }
      if (req.method !== 'GET' || url.pathname !== '/api/2.0/mlflow/runs/get')
        return void res.writeHead(404, { 'content-type': 'text/html' }).end('<html>404</html>')
      if (id === RUN_ID) return json(200, CAPTURE_010)
      if (id === 'deleted-run')
        return json(200, {
          run: {
            ...CAPTURE_010.run,
            info: { ...CAPTURE_010.run.info, run_id: id, lifecycle_stage: 'deleted' }
          }
        })
      if (id === 'nan-run')
        return json(200, {
          run: {
            info: { run_id: id, experiment_id: '4', status: 'FINISHED' },
            data: {
              metrics: [
                { key: 'val_loss', value: 'NaN', step: 3, timestamp: 1 },
                { key: 'val_loss', value: 0.5, step: 1, timestamp: 2 }
              ]
            }
          }
        })
      if (id === 'forbidden')
        return json(403, { error_code: 'PERMISSION_DENIED', message: 'no READ on experiment 1' })
      return json(404, CAPTURE_064)
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(async () => {
    await client.close()
    server.closeAllConnections()
    await new Promise<void>((r) => server.close(() => r()))
  })

  it('maps the captured run to RunFacts', async () => {
    const facts = await readRun(version('2', {}, RUN_ID), {
      MLFLOW_TRACKING_USERNAME: 'user',
      MLFLOW_TRACKING_PASSWORD: 'pass'
    })
    expect(facts).toEqual({
      id: RUN_ID,
      url: `${base}/#/experiments/1/runs/${RUN_ID}`,
      status: 'RUNNING',
      deleted: false,
      params: { lr: '0.01' },
      metrics: { accuracy: 0.92, loss: 0.08999999999999997 },
      tags: { 'mlflow.runName': 'train-1', git_sha: 'abc0' }
    })
    expect(seen.at(-1)).toEqual({
      url: `/api/2.0/mlflow/runs/get?run_id=${RUN_ID}`,
      auth: 'Basic dXNlcjpwYXNz'
    })
  })

  it('sends no credentials to an open server', async () => {
    await readRun(version('2', {}, RUN_ID))
    expect(seen.at(-1)?.auth).toBeUndefined()
  })

  it('returns null for a version registered without a run, without asking the server', async () => {
    const before = seen.length
    expect(await readRun(version('3', {}))).toBeNull()
    expect(seen.length).toBe(before)
  })

  it('turns the captured 404 into an error naming the run and the version', async () => {
    const p = readRun(version('7', {}, '0123456789abcdef0123456789abcdef'))
    await expect(p).rejects.toBeInstanceOf(GateError)
    await expect(p).rejects.toThrow(
      'run 0123456789abcdef0123456789abcdef of version 7 was not found (deleted or on another tracking server)'
    )
  })

  it('marks a deleted run, keeps non-finite metrics, and takes the latest step', async () => {
    const del = await readRun(version('2', {}, 'deleted-run'))
    expect(del?.deleted).toBe(true)
    const nan = await readRun(version('2', {}, 'nan-run'))
    expect(nan?.metrics.val_loss).toBeNaN()
    expect(nan).toEqual(expect.objectContaining({ params: {}, tags: {}, status: 'FINISHED' }))
  })

  it("reports the server's error code on other failures", async () => {
    const p = readRun(version('2', {}, 'forbidden'))
    await expect(p).rejects.toThrow('PERMISSION_DENIED: no READ on experiment 1')
    await expect(p).rejects.toMatchObject({
      fix: expect.stringContaining('READ permission on the experiment that holds the run')
    })
  })
})
