import { afterEach, describe, expect, it } from '@jest/globals'
import { GateError } from '../src/errors.js'
import { HttpClient } from '../src/http/client.js'
import { WandbGraphqlError } from '../src/registry/wandb-graphql.js'
import { WandbRegistry, flattenMetadata, parseVersionSpec } from '../src/registry/wandb.js'
import {
  startWandbStandin,
  type StandinOptions,
  type WandbStandin
} from '../test-support/wandb-standin.js'

const KEY = 'wb-test-key-5f3c9a1e7d'
const LEGACY = { entity: 'ml-team', project: 'model-registry', collection: 'chatbot' }
const REG = { entity: 'acme-org', project: 'wandb-registry-model', collection: 'chatbot' }
const REG_PATH = 'acme-org/wandb-registry-model/chatbot'

interface World {
  standin: WandbStandin
  http: HttpClient
  registry: WandbRegistry
}

const open: World[] = []

afterEach(async () => {
  for (const w of open.splice(0)) {
    await w.http.close()
    await w.standin.close()
  }
})

/** A stand-in with an org (team ml-team), a legacy registered model and a registry collection. */
async function world(options: StandinOptions = {}, apiKey: string | null = KEY): Promise<World> {
  const standin = await startWandbStandin({
    apiKey: KEY,
    viewer: { username: 'gate-bot', entity: 'ml-team' },
    ...options
  })
  standin.seedOrg('Acme Corp', 'acme-org', { teams: ['ml-team'], members: ['gate-bot'] })
  standin.seedCollection(LEGACY.entity, LEGACY.project, LEGACY.collection, [
    { metadata: { val_accuracy: 0.88 } },
    { metadata: { val_accuracy: 0.9 } },
    { metadata: { val_accuracy: 0.91 }, aliases: ['staging'] },
    {
      index: 12,
      metadata: { val_accuracy: 0.918, base: { model: 'llama-3-8b', rank: 16 }, langs: ['en'] },
      aliases: ['candidate'],
      runName: 'run-abc123'
    }
  ])
  standin.seedCollection(
    REG.entity,
    REG.project,
    REG.collection,
    [
      { metadata: { val_accuracy: 0.85 } },
      { metadata: { val_accuracy: 0.9 }, aliases: ['champion'], runName: 'run-1' },
      {
        metadata: { base_model: 'llama', nested: { k: 1 } },
        description: 'LoRA-tuned Llama-3',
        tags: ['lora'],
        aliases: ['staging'],
        runName: 'run-2',
        run: {
          state: 'finished',
          tags: ['baseline'],
          config: {
            lr: { value: 0.0002, desc: null },
            lora: { value: { rank: 16 }, desc: null },
            _wandb: { value: { cli_version: '0.21' } }
          },
          summary: {
            accuracy: 0.918,
            eval: { loss: 0.34 },
            _step: 100,
            samples: { _type: 'table-file', path: 'x' },
            _wandb: { runtime: 12 }
          }
        }
      },
      { metadata: {} }
    ],
    { source: { entity: 'ml-team', project: 'llm-fine-tuning' } }
  )
  const http = new HttpClient({ retries: 3, backoffBaseMs: 5, backoffMaxMs: 3_000 })
  const registry = new WandbRegistry(http, {
    baseUrl: `${standin.url}/`,
    apiKey: apiKey ?? undefined
  })
  const w = { standin, http, registry }
  open.push(w)
  return w
}

const ops = (s: WandbStandin, name: string) => s.requests.filter((r) => r.operationName === name)

async function failure(p: Promise<unknown>): Promise<GateError> {
  try {
    await p
  } catch (err) {
    expect(err).toBeInstanceOf(GateError)
    return err as GateError
  }
  throw new Error('expected a GateError')
}

describe('W&B registry: paths and versions', () => {
  it('reads a legacy Model Registry version as v12 and 12', async () => {
    const { registry, standin } = await world()
    const a = await registry.getVersion('ml-team/model-registry/chatbot', 'v12')
    const b = await registry.getVersion('ml-team/model-registry/chatbot', '12')
    expect(b).toEqual(a)
    expect(a).toMatchObject({
      model: 'ml-team/model-registry/chatbot',
      version: 'v12',
      uri: 'wandb-artifact://ml-team/model-registry/chatbot:v12',
      runId: 'run-abc123',
      source: 'ml-team/training/chatbot-run:v12',
      aliases: ['candidate', 'latest'],
      tags: {
        val_accuracy: '0.918',
        'base.model': 'llama-3-8b',
        'base.rank': '16',
        langs: '["en"]'
      }
    })
    expect(typeof a.createdAt).toBe('number')
    const lookups = ops(standin, 'GateArtifactVersionByName')
    expect(lookups[0].variables).toEqual({
      entity: 'ml-team',
      project: 'model-registry',
      name: 'chatbot:v12'
    })
  })

  it.each([
    ['wandb-registry-model/chatbot'],
    ['ml-team/wandb-registry-model/chatbot'],
    ['Acme Corp/wandb-registry-model/chatbot'],
    ['acme-org/wandb-registry-model/chatbot']
  ])('resolves registry path %s to the org entity', async (path) => {
    const { registry, standin } = await world()
    const v = await registry.getVersion(path, 'v1')
    expect(v.model).toBe(REG_PATH)
    expect(v.uri).toBe(`wandb-artifact://${REG_PATH}:v1`)
    expect(v.aliases).toContain('champion')
    expect(ops(standin, 'GateArtifactVersionByName')[0].variables.entity).toBe('acme-org')
    // The org is looked up once per path form, not per call.
    await registry.getVersion(path, 'v2')
    const orgLookups = ops(standin, 'GateOrgEntityFromEntity').length
    expect(orgLookups).toBeLessThanOrEqual(1)
  })

  it('finds the org from a personal entity that belongs to one organization', async () => {
    const { registry } = await world({ viewer: { username: 'gate-bot', entity: 'gate-bot' } })
    expect((await registry.getVersion('wandb-registry-model/chatbot', 'v0')).model).toBe(REG_PATH)
  })

  it('refuses to guess between several organizations', async () => {
    const { registry, standin } = await world({
      viewer: { username: 'gate-bot', entity: 'gate-bot' }
    })
    standin.seedOrg('Beta Inc', 'beta-org', { members: ['gate-bot'] })
    const err = await failure(registry.getVersion('wandb-registry-model/chatbot', 'v0'))
    expect(err.message).toMatch(/several W&B organizations/)
    expect(err.message).toMatch(/acme-org/)
    expect(err.message).toMatch(/beta-org/)
    expect(err.fix).toMatch(/acme-org\/wandb-registry-model\/chatbot/)
  })

  it('resolves @alias and aliases, and keeps aliases to this collection', async () => {
    const { registry, standin } = await world()
    // The same artifact holds `production` in another collection; that must not leak in.
    standin.link(REG, 'v2', { ...REG, collection: 'chatbot-eu' }, ['production'])
    const byAt = await registry.getVersion(REG_PATH, '@staging')
    const bare = await registry.getVersion(REG_PATH, 'staging')
    const viaAlias = await registry.resolveAlias(REG_PATH, 'staging')
    expect(byAt.version).toBe('v2')
    expect(bare).toEqual(byAt)
    expect(viaAlias).toEqual(byAt)
    expect(byAt.aliases).toEqual(['staging'])
    expect(await registry.resolveAlias(REG_PATH, 'production')).toBeNull()
  })

  it('accepts the id URI a W&B automation sends as ${artifact_version}', async () => {
    const { registry, standin } = await world()
    const { id } = standin.artifactOf(REG, 'v2')
    const v = await registry.getVersion(REG_PATH, `wandb-artifact://_id/${id}`)
    expect(v.version).toBe('v2')
    expect(parseVersionSpec(`wandb-artifact://${REG_PATH}:v7`)).toEqual({ kind: 'index', index: 7 })
  })

  it('lists the nearest versions for an unknown version', async () => {
    const { registry } = await world()
    const err = await failure(registry.getVersion('ml-team/model-registry/chatbot', 'v7'))
    expect(err.message).toMatch(/has no version v7/)
    expect(err.message).toMatch(/nearest existing: v1, v2, v12 \(4 versions/)
    expect(err.message).toMatch(/latest v12/)
  })

  it('suggests the alias meant for a misspelt one', async () => {
    const { registry } = await world()
    const err = await failure(registry.getVersion(REG_PATH, '@champoin'))
    expect(err.message).toMatch(/alias 'champoin' is not set/)
    expect(err.message).toMatch(/did you mean 'champion'/)
  })

  it('names an unknown collection and an unknown project', async () => {
    const { registry } = await world()
    const c = await failure(registry.getVersion('ml-team/model-registry/chatbto', 'v1'))
    expect(c.message).toMatch(/ml-team\/model-registry has no collection 'chatbto'/)
    const p = await failure(registry.getVersion('ml-team/model-registy/chatbot', 'v1'))
    expect(p.message).toMatch(/project ml-team\/model-registy was not found or is not visible/)
  })

  it('rejects malformed model paths and versions with a fix', async () => {
    const { registry } = await world()
    expect((await failure(registry.getVersion('chatbot', 'v1'))).fix).toMatch(/model-registry/)
    expect((await failure(registry.getVersion(`${REG_PATH}:v1`, 'v1'))).fix).toMatch(/version v1/)
    expect((await failure(registry.getVersion('model-registry/chatbot', 'v1'))).fix).toMatch(
      /<team>\/model-registry\/chatbot/
    )
    expect((await failure(registry.getVersion(REG_PATH, 'a/b'))).message).toMatch(/not a valid/)
  })

  it('compares versions by number', async () => {
    const { registry } = await world()
    expect(registry.compareVersions('v2', 'v10')).toBeLessThan(0)
    expect(registry.compareVersions('12', 'v12')).toBe(0)
    expect(registry.compareVersions('v13', '9')).toBeGreaterThan(0)
    expect(() => registry.compareVersions('latest', 'v1')).toThrow(GateError)
  })
})

describe('W&B registry: producing run for lineage gates', () => {
  it('reads state, config as params, summary as metrics, and tags', async () => {
    const { registry } = await world()
    const v = await registry.getVersion(REG_PATH, 'v2')
    expect(v.runId).toBe('run-2')
    expect(await registry.getRunFacts(v)).toEqual({
      id: 'run-2',
      url: expect.stringMatching(/\/ml-team\/llm-fine-tuning\/runs\/run-2$/) as unknown as string,
      status: 'finished',
      deleted: false,
      params: { lr: '0.0002', 'lora.rank': '16' },
      metrics: { accuracy: 0.918, 'eval.loss': 0.34, _step: 100 },
      tags: { baseline: 'true' },
      // The summary as W&B holds it, nested, for `source: wandb` gates.
      summary: expect.objectContaining({ accuracy: 0.918, eval: { loss: 0.34 } }) as unknown
    })
  })

  it('has no facts for a version without a run, and an error for a deleted run', async () => {
    const { registry, standin } = await world()
    expect(await registry.getRunFacts(await registry.getVersion(REG_PATH, 'v0'))).toBeNull()
    const v = await registry.getVersion(REG_PATH, 'v2')
    standin.deleteRun('ml-team', 'llm-fine-tuning', 'run-2')
    await expect(registry.getRunFacts(v)).rejects.toThrow(
      /run run-2 in ml-team\/llm-fine-tuning, .* was not found/
    )
  })

  it('reads a producing run once, however many versions it produced and however often they resolve', async () => {
    const { registry, standin } = await world()
    // v4 was logged by the same training run as v2.
    standin.seedCollection(REG.entity, REG.project, REG.collection, [{ runName: 'run-2' }], {
      source: { entity: 'ml-team', project: 'llm-fine-tuning' }
    })
    const v2 = await registry.getVersion(REG_PATH, 'v2')
    const v2Again = await registry.resolveAlias(REG_PATH, 'staging')
    const v4 = await registry.getVersion(REG_PATH, 'v4')
    expect([v2Again?.version, v4.runId]).toEqual(['v2', 'run-2'])
    // One creator read per artifact: v2's is not asked again when the alias resolves to it.
    expect(ops(standin, 'GateArtifactCreatedBy')).toHaveLength(2)
    const facts = await Promise.all([v2, v2Again, v4].map((v) => registry.getRunFacts(v!)))
    expect(ops(standin, 'GateRunSummary')).toHaveLength(1)
    expect(facts.map((f) => f?.metrics.accuracy)).toEqual([0.918, 0.918, 0.918])
  })

  it('finds the run of a version it has not read yet (a fresh registry instance)', async () => {
    const { registry, standin, http } = await world()
    const v = await registry.getVersion(REG_PATH, 'v2')
    const other = new WandbRegistry(http, { baseUrl: standin.url, apiKey: KEY })
    expect((await other.getRunFacts(v))?.metrics.accuracy).toBe(0.918)
  })
})

describe('W&B registry: redirects of migrated legacy paths', () => {
  const OLD = { entity: 'ml-team', project: 'model-registry', collection: 'old-bot' }
  const NEW = { entity: 'acme-org', project: 'wandb-registry-model', collection: 'old-bot' }

  async function migrated(): Promise<World> {
    const w = await world()
    w.standin.seedCollection(OLD.entity, OLD.project, OLD.collection, [
      { aliases: ['champion'] },
      { runName: 'r1' },
      {}
    ])
    w.standin.migrate(OLD, NEW)
    return w
  }

  it('follows the redirect and writes to the new collection', async () => {
    const { registry, standin } = await migrated()
    const v = await registry.getVersion('ml-team/model-registry/old-bot', 'v1')
    expect(v.model).toBe('acme-org/wandb-registry-model/old-bot')
    await registry.setAlias('ml-team/model-registry/old-bot', 'champion', 'v1')
    const [add] = ops(standin, 'GateAddAliases')
    expect(add.variables).toEqual({
      input: {
        artifactID: standin.artifactOf(NEW, 'v1').id,
        aliases: [
          {
            alias: 'champion',
            entityName: 'acme-org',
            projectName: 'wandb-registry-model',
            artifactCollectionName: 'old-bot'
          }
        ]
      }
    })
    expect(standin.aliasHolder(NEW, 'champion')).toBe('v1')
    // The read-only legacy copy is never written.
    expect(standin.aliasHolder(OLD, 'champion')).toBe('v0')
  })

  it('reads an alias from the new collection, not the stale legacy copy', async () => {
    const { registry, standin, http } = await migrated()
    // Moved in W&B Registry after the migration; the legacy copy still says v0.
    await new WandbRegistry(http, {
      baseUrl: standin.url,
      apiKey: KEY
    }).setAlias('acme-org/wandb-registry-model/old-bot', 'champion', 'v2')
    expect(
      (await registry.resolveAlias('ml-team/model-registry/old-bot', 'champion'))?.version
    ).toBe('v2')
    // An alias set nowhere is null, also on a redirected path.
    expect(await registry.resolveAlias('ml-team/model-registry/old-bot', 'rollback')).toBeNull()
  })
})

describe('W&B registry: moving aliases', () => {
  it('moves an alias with exactly one addAliases and no delete', async () => {
    const { registry, standin } = await world()
    expect(standin.aliasHolder(REG, 'champion')).toBe('v1')
    await registry.setAlias(REG_PATH, 'champion', 'v2')
    const adds = ops(standin, 'GateAddAliases')
    expect(adds).toHaveLength(1)
    expect(ops(standin, 'GateDeleteAliases')).toHaveLength(0)
    expect(adds[0].variables).toEqual({
      input: {
        artifactID: standin.artifactOf(REG, 'v2').id,
        aliases: [
          {
            alias: 'champion',
            entityName: 'acme-org',
            projectName: 'wandb-registry-model',
            artifactCollectionName: 'chatbot'
          }
        ]
      }
    })
    expect(standin.aliasHolder(REG, 'champion')).toBe('v2')
    // The previous holder lost it (the server moved it).
    expect((await registry.getVersion(REG_PATH, 'v1')).aliases).not.toContain('champion')
    expect((await registry.resolveAlias(REG_PATH, '@champion'))?.version).toBe('v2')
  })

  it('is harmless to repeat', async () => {
    const { registry, standin } = await world()
    await registry.setAlias(REG_PATH, 'champion', 'v2')
    await registry.setAlias(REG_PATH, 'champion', 'v2')
    expect(standin.aliasHolder(REG, 'champion')).toBe('v2')
  })

  it('says a protected alias needs a registry Admin', async () => {
    const { registry, standin } = await world()
    standin.setProtectedAlias(REG, 'champion')
    const err = await failure(registry.setAlias(REG_PATH, 'champion', 'v2'))
    expect(err.message).toMatch(
      /alias 'champion' is protected in acme-org\/wandb-registry-model\/chatbot/
    )
    expect(err.message).toMatch(/registry Admin/)
    expect(err.fix).toMatch(/Admin role on registry 'model'/)
    expect(standin.aliasHolder(REG, 'champion')).toBe('v1')
    standin.setRole('admin')
    await registry.setAlias(REG_PATH, 'champion', 'v2')
    expect(standin.aliasHolder(REG, 'champion')).toBe('v2')
  })

  it('says so when the permission error comes as HTTP 403', async () => {
    const { registry, standin } = await world({ permissionStatus: 403 })
    standin.setProtectedAlias(REG, 'champion')
    const err = await failure(registry.setAlias(REG_PATH, 'champion', 'v2'))
    expect(err.message).toMatch(/protected/)
    // 403 is final: not retried.
    expect(ops(standin, 'GateAddAliases')).toHaveLength(1)
  })

  it('explains a Viewer role', async () => {
    const { registry, standin } = await world()
    standin.setRole('viewer')
    const err = await failure(registry.setAlias(REG_PATH, 'staging', 'v3'))
    expect(err.message).toMatch(/denied permission to move alias 'staging'/)
    expect(err.fix).toMatch(/Member or Admin role on registry 'model'/)
  })

  it('refuses server-managed aliases before calling W&B', async () => {
    const { registry, standin } = await world()
    await expect(registry.setAlias(REG_PATH, 'latest', 'v1')).rejects.toThrow(/manages the alias/)
    await expect(registry.setAlias(REG_PATH, 'v3', 'v1')).rejects.toThrow(/manages the alias/)
    expect(ops(standin, 'GateAddAliases')).toHaveLength(0)
  })

  it('notices when the alias did not move', async () => {
    const { registry, standin } = await world()
    standin.ignoreNext('GateAddAliases')
    const err = await failure(registry.setAlias(REG_PATH, 'champion', 'v2'))
    expect(err.message).toMatch(/reading it back, 'champion' points at v1/)
  })

  it('deletes an alias, and deleting an unset alias is a no-op', async () => {
    const { registry, standin } = await world()
    await registry.deleteAlias(REG_PATH, 'staging')
    expect(standin.aliasHolder(REG, 'staging')).toBeNull()
    await registry.deleteAlias(REG_PATH, 'staging')
    expect(ops(standin, 'GateDeleteAliases')).toHaveLength(1)
  })

  it('needs WANDB_API_KEY to write', async () => {
    const { registry, standin } = await world({}, null)
    const err = await failure(registry.setAlias(REG_PATH, 'champion', 'v2'))
    expect(err.message).toMatch(/WANDB_API_KEY is not set/)
    expect(standin.requests).toHaveLength(0)
  })
})

describe('W&B registry: the receipt in artifact metadata', () => {
  const receipt = {
    'model_gate.verdict': 'pass',
    'model_gate.previous_version': 'v1',
    'model_gate.gate.accuracy': '0.918'
  }

  it('merges into metadata and keeps everything the user stored', async () => {
    const { registry, standin } = await world()
    await registry.setTags(REG_PATH, 'v2', receipt)
    const after = standin.artifactOf(REG, 'v2')
    expect(after.metadata).toEqual({ base_model: 'llama', nested: { k: 1 }, ...receipt })
    expect(after.description).toBe('LoRA-tuned Llama-3')
    expect(after.tags).toEqual(['lora'])
    const [update] = ops(standin, 'GateUpdateArtifact')
    // Only metadata is sent, so description, tags and TTL are left alone.
    expect(Object.keys(update.variables.input as object).sort()).toEqual(['artifactID', 'metadata'])
    const v = await registry.getVersion(REG_PATH, 'v2')
    expect(v.tags).toMatchObject({ base_model: 'llama', 'nested.k': '1', ...receipt })
  })

  it('overwrites its own keys on a re-run and skips the write when nothing changed', async () => {
    const { registry, standin } = await world()
    await registry.setTags(REG_PATH, 'v2', receipt)
    await registry.setTags(REG_PATH, 'v2', { 'model_gate.verdict': 'fail' })
    expect(standin.metadataOf(REG, 'v2')['model_gate.verdict']).toBe('fail')
    expect(standin.metadataOf(REG, 'v2')['model_gate.previous_version']).toBe('v1')
    await registry.setTags(REG_PATH, 'v2', { 'model_gate.verdict': 'fail' })
    expect(ops(standin, 'GateUpdateArtifact')).toHaveLength(2)
  })

  it('verifies the write and says when it did not stick', async () => {
    const { registry, standin } = await world()
    standin.ignoreNext('GateUpdateArtifact')
    const err = await failure(registry.setTags(REG_PATH, 'v2', receipt))
    expect(err.message).toMatch(/did not verify/)
    expect(err.message).toMatch(/receipt keys not stored: model_gate.verdict/)
  })

  it('will not rewrite metadata it cannot read', async () => {
    const { registry, standin } = await world()
    standin.setRawMetadata(REG, 'v2', '[1, 2]')
    await expect(registry.setTags(REG_PATH, 'v2', receipt)).rejects.toThrow(/not a JSON object/)
    expect(ops(standin, 'GateUpdateArtifact')).toHaveLength(0)
  })

  it('flattens nested metadata into dotted string tags', () => {
    expect(flattenMetadata({ a: { b: 1, c: { d: true } }, 'a.b': 'top', n: null, e: {} })).toEqual({
      'a.b': 'top',
      'a.c.d': 'true',
      n: 'null',
      e: '{}'
    })
  })
})

describe('W&B registry: transport and errors', () => {
  it('sends Basic api:<key> and valid documents only', async () => {
    const { registry, standin } = await world()
    await registry.getVersion(REG_PATH, 'v1')
    await registry.setAlias(REG_PATH, 'champion', 'v2')
    await registry.setTags(REG_PATH, 'v2', { 'model_gate.verdict': 'pass' })
    const basic = `Basic ${Buffer.from(`api:${KEY}`).toString('base64')}`
    expect(standin.requests.length).toBeGreaterThan(5)
    for (const r of standin.requests) {
      expect(r.authorization).toBe(basic)
      // The stand-in answers 200 without `errors` only for documents that validated.
      expect(r.status).toBe(200)
    }
  })

  it('rejects an invalid document like a GraphQL server (200 or 400 by Accept)', async () => {
    const { standin } = await world()
    const auth = `Basic ${Buffer.from(`api:${KEY}`).toString('base64')}`
    const send = (accept: string) =>
      fetch(`${standin.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept, authorization: auth },
        body: JSON.stringify({ query: '{ project(name: "x", entityName: "y") { nope } }' })
      })
    const json = await send('application/json')
    expect(json.status).toBe(200)
    expect(
      ((await json.json()) as { errors: Array<{ message: string }> }).errors[0].message
    ).toMatch(/Cannot query field "nope"/)
    expect((await send('application/graphql-response+json')).status).toBe(400)
  })

  it('names WANDB_API_KEY on a bad key and never shows the key', async () => {
    const bad = 'not-the-key-9d8c7b6a5f4e'
    const { registry, standin } = await world({ echoAuthInErrors: true }, bad)
    const err = await failure(registry.getVersion(REG_PATH, 'v1'))
    expect(err).toBeInstanceOf(WandbGraphqlError)
    expect((err as WandbGraphqlError).kind).toBe('auth')
    const text = `${err.message} ${err.fix ?? ''} ${err.userMessage}`
    expect(text).toMatch(/WANDB_API_KEY/)
    expect(text).toMatch(/HTTP 401/)
    expect(text).not.toContain(bad)
    expect(text).not.toContain(Buffer.from(`api:${bad}`).toString('base64'))
    // 401 is final.
    expect(standin.requests).toHaveLength(1)
  })

  it('reports a GraphQL error that comes with HTTP 200, without retrying', async () => {
    const { registry, standin } = await world()
    standin.failNext({
      status: 200,
      message: 'resolver exploded',
      operation: 'GateArtifactVersionByName'
    })
    const err = await failure(registry.getVersion(REG_PATH, 'v1'))
    expect(err.message).toMatch(/rejected GateArtifactVersionByName: resolver exploded/)
    expect(ops(standin, 'GateArtifactVersionByName')).toHaveLength(1)
  })

  it('recognises a permission error that comes with HTTP 200', async () => {
    const { registry, standin } = await world()
    standin.failNext({ status: 200, message: 'Permission denied on project' })
    const err = (await failure(registry.getVersion(REG_PATH, 'v1'))) as WandbGraphqlError
    expect(err.kind).toBe('permission')
  })

  it('retries a 500 carrying GraphQL errors, and reports it when it persists', async () => {
    const { registry, standin } = await world()
    const op = 'GateArtifactVersionByName'
    standin.failNext({ status: 500, message: 'database unavailable', operation: op })
    expect((await registry.getVersion(REG_PATH, 'v1')).version).toBe('v1')
    expect(ops(standin, 'GateArtifactVersionByName')[0].status).toBe(500)

    standin.failNext({ status: 500, message: 'database unavailable', operation: op, times: 10 })
    const err = (await failure(registry.getVersion(REG_PATH, 'v2'))) as WandbGraphqlError
    expect(err.kind).toBe('server')
    expect(err.message).toMatch(/HTTP 500/)
    expect(err.message).toMatch(/database unavailable/)
  })

  it('waits for Retry-After on 429 and then succeeds', async () => {
    const { registry, standin } = await world()
    standin.failNext({
      operation: 'GateArtifactVersionByName',
      status: 429,
      body: { error: 'rate limit exceeded' },
      headers: { 'retry-after': '1', 'ratelimit-remaining': '0', 'ratelimit-reset': '1' }
    })
    const v = await registry.getVersion(REG_PATH, 'v1')
    expect(v.version).toBe('v1')
    const [first, second] = ops(standin, 'GateArtifactVersionByName')
    expect(first.status).toBe(429)
    expect(second.operationName).toBe(first.operationName)
    expect(second.at - first.at).toBeGreaterThanOrEqual(950)
  })

  it('does not retry a 400', async () => {
    const { registry, standin } = await world()
    const op = 'GateArtifactVersionByName'
    standin.failNext({ status: 400, message: 'bad request', operation: op })
    const err = (await failure(registry.getVersion(REG_PATH, 'v1'))) as WandbGraphqlError
    expect(err.kind).toBe('request')
    expect(err.message).toMatch(/HTTP 400/)
    expect(ops(standin, op)).toHaveLength(1)
  })

  it('explains a base URL that serves HTML', async () => {
    const { registry, standin } = await world()
    standin.failNext({
      status: 200,
      body: '<html>app</html>',
      headers: { 'content-type': 'text/html' }
    })
    const err = await failure(registry.getVersion(REG_PATH, 'v1'))
    expect(err.message).toMatch(/not JSON/)
    expect(err.fix).toMatch(/W&B API URL/)
  })

  it('refuses the W&B app URL as a base URL before sending anything', () => {
    const http = new HttpClient()
    for (const baseUrl of ['https://wandb.ai', 'http://api.wandb.ai', 'not a url'])
      expect(() => new WandbRegistry(http, { baseUrl, apiKey: KEY })).toThrow(GateError)
    expect(
      new WandbRegistry(http, { baseUrl: 'https://api.wandb.ai/', apiKey: KEY }).describe
    ).toBe('W&B registry at https://api.wandb.ai')
    return http.close()
  })

  it('describes itself', async () => {
    const { registry, standin } = await world()
    expect(registry.kind).toBe('wandb')
    expect(registry.describe).toBe(`W&B registry at ${standin.url}`)
  })
})
