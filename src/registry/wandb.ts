import { log } from '../log.js'
import { GateError } from '../errors.js'
import type { HttpClient } from '../http/client.js'
import { nearest } from '../nearest.js'
import { redact } from '../secrets.js'
import type { ModelVersion, Registry, RunFacts, RunReader } from './registry.js'
import { PARTY, WandbGraphql, WandbGraphqlError } from './wandb-graphql.js'
import {
  GATE_ADD_ALIASES,
  GATE_ALIAS_HOLDER,
  GATE_ARTIFACT_CREATED_BY,
  GATE_ARTIFACT_MEMBERSHIPS_BY_ID,
  GATE_ARTIFACT_VERSION_BY_NAME,
  GATE_COLLECTION_ALIASES,
  GATE_COLLECTION_VERSIONS,
  GATE_DELETE_ALIASES,
  GATE_ORG_ENTITY_FROM_ENTITY,
  GATE_ORG_ENTITY_FROM_ORG,
  GATE_RUN_SUMMARY,
  GATE_UPDATE_ARTIFACT,
  GATE_VIEWER
} from './wandb-operations.js'

/**
 * W&B Registry and the legacy Model Registry behind the Registry seam. A "model" is a collection
 * (registered model / registry collection); a version is its membership `vN`; promotion moves an
 * alias with one `addAliases`, which W&B makes exclusive within the collection.
 *
 * Model paths:
 * - `entity/project/collection`: legacy `team/model-registry/name`, or any project's collection.
 * - `entity/wandb-registry-<registry>/collection`: entity may be a team, the org entity or the
 *   organization's name; it is resolved to the org entity that owns registry projects.
 * - `wandb-registry-<registry>/collection`: the org is found from the viewer's default entity.
 * Every lookup goes through `project.artifactCollectionMembership`, whose answer names the
 * collection's real entity/project; when that differs (a migrated legacy path redirecting to
 * W&B Registry) the real path is used from then on, with a warning.
 *
 * ModelVersion.model is that canonical `entity/project/collection`, so receipts and outputs name
 * where the alias actually lives, and passing it back in resolves to the same collection.
 */

interface WandbRegistryOptions {
  /** API URL, e.g. https://api.wandb.ai (WANDB_BASE_URL). */
  baseUrl: string
  /** WANDB_API_KEY; without it only public projects can be read and nothing can be written. */
  apiKey: string | undefined
}

interface CollectionRef {
  entity: string
  project: string
  collection: string
}

/** A model path as written, before the org entity of a registry path is known. */
interface ParsedModelPath {
  entity: string | undefined
  project: string
  collection: string
}

const REGISTRY_PREFIX = 'wandb-registry-'
const LEGACY_PROJECT = 'model-registry'
const VERSION_RE = /^v?(\d+)$/
/** Server-managed aliases: W&B ignores them in addAliases. */
const MANAGED_ALIAS_RE = /^(latest|v\d+)$/

interface AliasData {
  id: string
  alias: string
}

interface CollectionData {
  __typename?: string
  id: string
  name: string
  project: { name: string; entity: { name: string } } | null
}

interface ArtifactData {
  id: string
  digest: string
  versionIndex: number | null
  state: string
  description: string | null
  metadata: string | null
  createdAt: string
  updatedAt: string | null
  tags: Array<{ id: string; name: string }>
  artifactType: { name: string }
  artifactSequence: { name: string; project: { name: string; entity: { name: string } } | null }
}

interface RunLocation {
  entity: string
  project: string
  name: string
}

/** GateRunSummary's run, as W&B returns it. */
interface RunData {
  id: string
  name: string
  state: string | null
  tags: string[] | null
  summaryMetrics: string | null
  config: string | null
}

interface MembershipData {
  id: string
  versionIndex: number | null
  createdAt: string
  aliases: AliasData[]
  artifactCollection: CollectionData | null
  artifact: ArtifactData | null
}

/** A membership found by name, with the collection's canonical path. */
interface Found {
  ref: CollectionRef
  membership: MembershipData & { artifact: ArtifactData; versionIndex: number }
}

type VersionSpec =
  { kind: 'index'; index: number } | { kind: 'alias'; alias: string } | { kind: 'id'; id: string }

export class WandbRegistry implements Registry, RunReader {
  readonly kind = 'wandb' as const
  readonly describe: string
  private readonly gql: WandbGraphql
  /** model path as written → collection with the org entity resolved. */
  private readonly paths = new Map<string, CollectionRef>()
  /** `entity/project/collection` → where W&B says it really lives (legacy redirects). */
  private readonly redirects = new Map<string, CollectionRef>()
  private readonly orgEntities = new Map<string, string>()
  /** ModelVersion.uri → where its producing run lives (runId alone does not say). */
  private readonly runs = new Map<string, RunLocation>()
  // Several versions (and the same version resolved twice) can share a producing run: each
  // artifact's creator and each run are read once per action run, failures included.
  /** Artifact id → the run that logged it. */
  private readonly creators = new Map<string, Promise<RunLocation | undefined>>()
  /** `entity/project/run` → the run, or null when W&B no longer returns it. */
  private readonly runReads = new Map<string, Promise<RunData | null>>()

  constructor(http: HttpClient, options: WandbRegistryOptions) {
    this.gql = new WandbGraphql(http, options)
    this.describe = `W&B registry at ${this.gql.endpoint.replace(/\/graphql$/, '')}`
  }

  async getVersion(model: string, version: string): Promise<ModelVersion> {
    return this.toModelVersion(await this.findVersion(model, version))
  }

  async resolveAlias(model: string, alias: string): Promise<ModelVersion | null> {
    const name = checkAliasName(alias.replace(/^@/, ''), false)
    const found = await this.findAlias(await this.resolvePath(model), name)
    return found ? this.toModelVersion(found) : null
  }

  async setAlias(model: string, alias: string, version: string): Promise<void> {
    const name = checkAliasName(alias.replace(/^@/, ''), true)
    this.requireKey(`move alias '${name}'`)
    const target = await this.findVersion(model, version)
    const { ref, membership } = target
    try {
      // One call: W&B takes the alias off the previous holder itself. Deleting it first would
      // leave the collection without the alias in between.
      const data = await this.gql.request<{ result: { success: boolean } | null }>(
        GATE_ADD_ALIASES,
        { input: { artifactID: membership.artifact.id, aliases: [aliasInput(name, ref)] } },
        { idempotent: true }
      )
      if (!data.result?.success)
        throw new GateError(
          `${PARTY} did not confirm adding alias '${name}' to ${pathOf(ref)}:v${membership.versionIndex}`,
          'check the collection in the W&B UI and re-run'
        )
    } catch (err) {
      throw aliasWriteError(err, 'move', name, ref)
    }
    const after = await this.lookup(ref, name)
    if (after?.membership.versionIndex !== membership.versionIndex)
      throw new GateError(
        `${PARTY} accepted moving '${name}' to ${pathOf(ref)}:v${membership.versionIndex}, but ` +
          `reading it back, '${name}' ${after ? `points at v${after.membership.versionIndex}` : 'is not set'}`,
        'someone may have moved it at the same time; check the collection in the W&B UI and re-run'
      )
  }

  async deleteAlias(model: string, alias: string): Promise<void> {
    const name = checkAliasName(alias.replace(/^@/, ''), true)
    this.requireKey(`remove alias '${name}'`)
    const holder = await this.findAlias(await this.resolvePath(model), name)
    if (!holder) return
    const { ref, membership } = holder
    try {
      await this.gql.request(
        GATE_DELETE_ALIASES,
        { input: { artifactID: membership.artifact.id, aliases: [aliasInput(name, ref)] } },
        { idempotent: true }
      )
    } catch (err) {
      throw aliasWriteError(err, 'remove', name, ref)
    }
    const after = await this.lookup(ref, name)
    if (after)
      throw new GateError(
        `${PARTY} accepted removing '${name}' from ${pathOf(ref)}, but it still points at ` +
          `v${after.membership.versionIndex}`,
        'check the collection in the W&B UI and re-run'
      )
  }

  /**
   * The receipt: tags become top-level keys of the artifact's metadata. W&B's updateArtifact
   * replaces the whole metadata document, so read, merge, write the merge, then read back and
   * check that the new keys arrived and every other key, the description and the tags survived.
   */
  async setTags(model: string, version: string, tags: Record<string, string>): Promise<void> {
    this.requireKey('write the receipt to the artifact metadata')
    const found = await this.findVersion(model, version)
    const { ref, membership } = found
    const artifact = membership.artifact
    const where = `${pathOf(ref)}:v${membership.versionIndex}`
    const current = strictMetadata(artifact.metadata, where)
    const clean: Record<string, string> = {}
    for (const [k, v] of Object.entries(tags)) clean[k] = redact(v)
    const merged = { ...current, ...clean }
    const unchanged = Object.entries(clean).every(([k, v]) => current[k] === v)
    if (!unchanged) {
      try {
        // Safe to repeat: the same complete document is written each time.
        await this.gql.request(
          GATE_UPDATE_ARTIFACT,
          { input: { artifactID: artifact.id, metadata: JSON.stringify(merged) } },
          { idempotent: true }
        )
      } catch (err) {
        if (err instanceof WandbGraphqlError && err.kind === 'permission') {
          const src = sourceOf(artifact)
          throw new GateError(
            `W&B denied writing the receipt to the metadata of ${where}${err.messages.length ? `: ${err.messages.join('; ')}` : ''}`,
            'the user or service account behind WANDB_API_KEY needs write access to the artifact' +
              (src ? ` (logged in ${src.split(':')[0]})` : '') +
              ' and Member or Admin on the registry',
            { cause: err }
          )
        }
        throw err
      }
    }
    const after = await this.lookup(ref, `v${membership.versionIndex}`)
    if (!after)
      throw new GateError(
        `${where} disappeared while its receipt was written`,
        'check the collection in the W&B UI'
      )
    const got = strictMetadata(after.membership.artifact.metadata, where)
    const wrong = Object.keys(clean).filter((k) => got[k] !== clean[k])
    const lost = Object.keys(current).filter(
      (k) => !(k in clean) && JSON.stringify(got[k]) !== JSON.stringify(current[k])
    )
    const problems: string[] = []
    if (wrong.length) problems.push(`receipt keys not stored: ${wrong.join(', ')}`)
    if (lost.length) problems.push(`existing metadata keys changed: ${lost.join(', ')}`)
    if ((after.membership.artifact.description ?? '') !== (artifact.description ?? ''))
      problems.push('the description changed')
    const tagNames = (a: ArtifactData): string =>
      a.tags
        .map((t) => t.name)
        .sort()
        .join(',')
    if (tagNames(after.membership.artifact) !== tagNames(artifact))
      problems.push('the tags changed')
    if (problems.length)
      throw new GateError(
        `the receipt on ${where} did not verify after writing (${problems.join('; ')})`,
        'someone may have edited the artifact at the same time; check its metadata in the W&B UI ' +
          'and re-run (re-running is harmless)'
      )
  }

  compareVersions(a: string, b: string): number {
    return versionNumber(a) - versionNumber(b)
  }

  // ------------------------------------------------------------------ resolution

  /** The collection a model path names, org entity resolved and known redirects applied. */
  async resolvePath(model: string): Promise<CollectionRef> {
    let ref = this.paths.get(model)
    if (!ref) {
      const parsed = parseModelPath(model)
      const entity =
        parsed.project.startsWith(REGISTRY_PREFIX) || parsed.entity === undefined
          ? await this.orgEntity(parsed.entity, model)
          : parsed.entity
      ref = { entity, project: parsed.project, collection: parsed.collection }
      this.paths.set(model, ref)
    }
    return this.redirects.get(pathOf(ref)) ?? ref
  }

  private async findVersion(model: string, version: string): Promise<Found> {
    const spec = parseVersionSpec(version)
    const ref = await this.resolvePath(model)
    if (spec.kind === 'alias') {
      const found = await this.findAlias(ref, spec.alias)
      if (found) return found
      throw await this.aliasNotSet(ref, spec.alias)
    }
    const index = spec.kind === 'id' ? await this.indexOfArtifact(ref, spec.id) : spec.index
    const found = await this.lookup(ref, `v${index}`)
    if (found) return found
    const ctx = await this.explainMissing(ref)
    if (!sameRef(ctx.ref, ref)) {
      const again = await this.lookup(ctx.ref, `v${index}`)
      if (again) return again
    }
    const versions = await this.listVersions(ctx.ref, ctx.typeName)
    const numbers = versions.map(versionNumber).sort((x, y) => x - y)
    const near = [...numbers]
      .sort((x, y) => Math.abs(x - index) - Math.abs(y - index) || y - x)
      .slice(0, 3)
      .sort((x, y) => x - y)
    const listing = numbers.length
      ? `; nearest existing: ${near.map((n) => `v${n}`).join(', ')} ` +
        `(${numbers.length} version${numbers.length === 1 ? '' : 's'}, latest v${numbers[numbers.length - 1]})`
      : '; it has no committed versions'
    throw new GateError(
      `W&B collection ${pathOf(ctx.ref)} has no version v${index}${listing}`,
      'use an existing version (v12 or 12), or @<alias> for the version an alias points at'
    )
  }

  /** The alias holder, following a redirect that only a successful lookup can reveal. */
  private async findAlias(ref: CollectionRef, alias: string): Promise<Found | null> {
    const found = await this.lookup(ref, alias)
    if (found) return found
    const ctx = await this.explainMissing(ref)
    if (sameRef(ctx.ref, ref)) return null
    return this.lookup(ctx.ref, alias)
  }

  /** `collection:<name>` in a project; null when W&B has no such membership. */
  private async lookup(ref: CollectionRef, name: string): Promise<Found | null> {
    const data = await this.gql.request<{
      project: { artifactCollectionMembership: MembershipData | null } | null
    }>(GATE_ARTIFACT_VERSION_BY_NAME, {
      entity: ref.entity,
      project: ref.project,
      name: `${ref.collection}:${name}`
    })
    if (!data.project) throw this.projectNotFound(ref)
    const m = data.project.artifactCollectionMembership
    if (!m) return null
    if (!m.artifact || m.versionIndex === null || m.versionIndex === undefined)
      throw new GateError(
        `${PARTY} returned ${pathOf(ref)}:${name} without its artifact or version number`,
        'the version may be pending or deleted; check it in the W&B UI'
      )
    const canonical = collectionRefOf(m.artifactCollection) ?? ref
    this.adopt(ref, canonical)
    return { ref: canonical, membership: m as Found['membership'] }
  }

  /** Remember where W&B really keeps a collection; warn when a legacy path was redirected. */
  private adopt(asked: CollectionRef, real: CollectionRef): void {
    if (sameRef(asked, real) || this.redirects.has(pathOf(asked))) return
    this.redirects.set(pathOf(asked), real)
    if (asked.project !== real.project)
      log.warning(
        `W&B redirected ${pathOf(asked)} to ${pathOf(real)} (the Model Registry was migrated to ` +
          `W&B Registry); model-gate uses the new path. Update the model path to ${pathOf(real)}.`
      )
  }

  /**
   * After a lookup came back empty: does the collection exist, and where does it really live?
   * A `latest` lookup answers both when the collection has versions (and reveals a redirect);
   * otherwise the type-free collection lookup tells "empty" from "absent".
   */
  private async explainMissing(
    ref: CollectionRef
  ): Promise<{ ref: CollectionRef; typeName: string; collectionId: string }> {
    const probe = await this.lookup(ref, 'latest')
    if (probe?.membership.artifactCollection)
      return {
        ref: probe.ref,
        typeName: probe.membership.artifact.artifactType.name,
        collectionId: probe.membership.artifactCollection.id
      }
    const data = await this.gql.request<{
      project: { artifactCollection: CollectionData | null } | null
    }>(GATE_ALIAS_HOLDER, { ...ref, alias: 'latest' })
    if (!data.project) throw this.projectNotFound(ref)
    const collection = data.project.artifactCollection
    if (!collection)
      throw new GateError(
        `W&B project ${ref.entity}/${ref.project} has no collection '${ref.collection}'`,
        ref.project.startsWith(REGISTRY_PREFIX)
          ? `check the collection name in registry '${ref.project.slice(REGISTRY_PREFIX.length)}' ` +
              '(W&B has no API to list collections without a type, so no suggestions)'
          : 'check the registered model / collection name (names are case-sensitive)'
      )
    return {
      ref: collectionRefOf(collection) ?? ref,
      typeName: 'model',
      collectionId: collection.id
    }
  }

  private async aliasNotSet(ref: CollectionRef, alias: string): Promise<GateError> {
    const ctx = await this.explainMissing(ref)
    const inUse = await this.listAliases(ctx.collectionId)
    const near = nearest(alias, inUse)
    const hint = near.length
      ? ` (did you mean ${near.map((a) => `'${a}'`).join(', ')}?)`
      : inUse.length
        ? `; aliases in use: ${inUse.slice(0, 10).join(', ')}`
        : '; no aliases are set'
    return new GateError(
      `alias '${alias}' is not set on W&B collection ${pathOf(ctx.ref)}${hint}`,
      'use an alias that is set, or a version number (v12)'
    )
  }

  private async indexOfArtifact(ref: CollectionRef, id: string): Promise<number> {
    type Edge = {
      node: { versionIndex: number | null; artifactCollection: CollectionData | null } | null
    }
    const data = await this.gql.request<{
      artifact: { id: string; artifactMemberships: { edges: Edge[] } } | null
    }>(GATE_ARTIFACT_MEMBERSHIPS_BY_ID, { id })
    if (!data.artifact)
      throw new GateError(
        `W&B has no artifact with id ${id} visible to this API key`,
        'check the version the automation sent, or give a version number (v12)'
      )
    const candidates = [ref, this.redirects.get(pathOf(ref))].filter(Boolean) as CollectionRef[]
    const linked: string[] = []
    for (const edge of data.artifact.artifactMemberships.edges) {
      const at = collectionRefOf(edge.node?.artifactCollection ?? null)
      if (!at || edge.node?.versionIndex == null) continue
      linked.push(`${pathOf(at)}:v${edge.node.versionIndex}`)
      if (candidates.some((c) => sameRef(c, at))) return edge.node.versionIndex
    }
    // A legacy path that redirects only shows up under its new name; match the collection name.
    const byName = data.artifact.artifactMemberships.edges.filter(
      (e) => e.node?.artifactCollection?.name === ref.collection && e.node.versionIndex != null
    )
    if (byName.length === 1 && byName[0].node?.versionIndex != null)
      return byName[0].node.versionIndex
    throw new GateError(
      `W&B artifact ${id} is not linked into ${pathOf(ref)}` +
        (linked.length ? `; it is linked as ${linked.slice(0, 5).join(', ')}` : ''),
      'link the version into the collection first, or check the model path'
    )
  }

  private async listVersions(ref: CollectionRef, typeName: string): Promise<string[]> {
    const out: string[] = []
    let cursor: string | null = null
    // Enough for suggestions; a collection with thousands of versions still answers quickly.
    for (let page = 0; page < 10; page++) {
      const data: {
        project: {
          artifactType: {
            artifactCollection: {
              artifacts: {
                pageInfo: { endCursor: string | null; hasNextPage: boolean }
                edges: Array<{ version: string }>
              } | null
            } | null
          } | null
        } | null
      } = await this.gql.request(GATE_COLLECTION_VERSIONS, {
        ...ref,
        type: typeName,
        cursor,
        perPage: 100,
        filters: JSON.stringify({ state: 'COMMITTED' })
      })
      const conn = data.project?.artifactType?.artifactCollection?.artifacts
      if (!conn) break
      for (const e of conn.edges) if (VERSION_RE.test(e.version)) out.push(e.version)
      if (!conn.pageInfo.hasNextPage || !conn.pageInfo.endCursor) break
      cursor = conn.pageInfo.endCursor
    }
    return out
  }

  private async listAliases(collectionId: string): Promise<string[]> {
    const data = await this.gql.request<{
      artifactCollection: { aliases: { edges: Array<{ node: AliasData | null }> } } | null
    }>(GATE_COLLECTION_ALIASES, { id: collectionId, perPage: 100 })
    const names = (data.artifactCollection?.aliases.edges ?? [])
      .map((e) => e.node?.alias)
      .filter((a): a is string => !!a && !MANAGED_ALIAS_RE.test(a))
    return [...new Set(names)].sort()
  }

  /** The org entity that owns `wandb-registry-*` projects, from a team, org or the viewer. */
  private async orgEntity(start: string | undefined, model: string): Promise<string> {
    const key = start ?? ''
    const cached = this.orgEntities.get(key)
    if (cached) return cached
    let entity = start
    if (!entity) {
      if (!this.gql.hasCredentials)
        throw new GateError(
          `model path '${model}' has no entity, and without WANDB_API_KEY model-gate cannot find ` +
            'your organization',
          `set WANDB_API_KEY, or write the path as <org-entity>/${model}`
        )
      const data = await this.gql.request<{
        viewer: { username: string | null; entity: string | null } | null
      }>(GATE_VIEWER, {})
      entity = data.viewer?.entity ?? data.viewer?.username ?? undefined
      if (!entity)
        throw new GateError(
          'W&B did not say which entity WANDB_API_KEY belongs to',
          `write the path as <org-entity>/${model}`
        )
    }
    const org = await this.orgOf(entity, start === undefined, model)
    this.orgEntities.set(key, org)
    return org
  }

  private async orgOf(entity: string, fromViewer: boolean, model: string): Promise<string> {
    type Org = { name: string; orgEntity: { name: string } | null }
    const data = await this.gql.request<{
      entity: {
        name: string
        organization: Org | null
        user: { organizations: Org[] } | null
      } | null
    }>(GATE_ORG_ENTITY_FROM_ENTITY, { entity })
    const e = data.entity
    if (e) {
      if (e.organization?.orgEntity?.name) return e.organization.orgEntity.name
      const orgs = (e.user?.organizations ?? []).filter((o) => o.orgEntity?.name)
      if (orgs.length === 1) return orgs[0].orgEntity!.name
      const rest = model.split('/').slice(-2).join('/')
      if (orgs.length > 1)
        throw new GateError(
          `entity '${entity}' belongs to several W&B organizations ` +
            `(${orgs.map((o) => `${o.name}: ${o.orgEntity!.name}`).join(', ')}), so '${model}' is ambiguous`,
          `write the path with the org entity, e.g. ${orgs[0].orgEntity!.name}/${rest}`
        )
      // An explicit entity with no organization above it is taken to be the org entity itself.
      if (!fromViewer) return entity
      throw new GateError(
        `the default entity '${entity}' of WANDB_API_KEY belongs to no W&B organization, so ` +
          `'${model}' cannot be resolved`,
        `write the path with the org entity, e.g. <org-entity>/${rest}`
      )
    }
    const byOrg = await this.gql.request<{ organization: Org | null }>(GATE_ORG_ENTITY_FROM_ORG, {
      org: entity
    })
    if (byOrg.organization?.orgEntity?.name) return byOrg.organization.orgEntity.name
    throw new GateError(
      `W&B has no entity or organization named '${entity}' visible to this API key`,
      'check the first part of the model path (a team, the org entity or the organization name)'
    )
  }

  // ------------------------------------------------------------------ mapping

  private async toModelVersion(found: Found): Promise<ModelVersion> {
    const { ref, membership } = found
    const a = membership.artifact
    const version = `v${membership.versionIndex}`
    const model = pathOf(ref)
    const created = Date.parse(membership.createdAt ?? a.createdAt)
    const uri = `wandb-artifact://${model}:${version}`
    const run = await this.producingRun(a.id)
    if (run) this.runs.set(uri, run)
    return {
      model,
      version,
      // The form the wandb SDK parses (util.parse_artifact_string): no third slash.
      uri,
      source: sourceOf(a),
      runId: run?.name,
      tags: flattenMetadata(looseMetadata(a.metadata)),
      aliases: membership.aliases.map((x) => x.alias).filter((x) => !/^v\d+$/.test(x)),
      createdAt: Number.isFinite(created) ? created : undefined
    }
  }

  private producingRun(artifactId: string): Promise<RunLocation | undefined> {
    let creator = this.creators.get(artifactId)
    if (!creator) this.creators.set(artifactId, (creator = this.readProducingRun(artifactId)))
    return creator
  }

  /** The run that logged the artifact; lineage is a nicety, so a hidden run is not an error. */
  private async readProducingRun(artifactId: string): Promise<RunLocation | undefined> {
    try {
      const data = await this.gql.request<{
        artifact: {
          createdBy: {
            __typename: string
            name?: string
            project?: { name: string; entity: { name: string } } | null
          } | null
        } | null
      }>(GATE_ARTIFACT_CREATED_BY, { id: artifactId })
      const by = data.artifact?.createdBy
      if (by?.__typename !== 'Run' || !by.name || !by.project) return undefined
      return { entity: by.project.entity.name, project: by.project.name, name: by.name }
    } catch (err) {
      if (!(err instanceof WandbGraphqlError) || err.kind === 'auth') throw err
      log.debug(`W&B: producing run of ${artifactId} not readable: ${err.message}`)
      return undefined
    }
  }

  /**
   * The producing run for lineage gates: state, config (as params), summary (as final metrics)
   * and tags. Config values come unwrapped from W&B's {value, desc} form; nested values are
   * dotted like metadata tags. A run W&B no longer returns is an error, not "no run".
   */
  async getRunFacts(version: ModelVersion): Promise<RunFacts | null> {
    if (!version.runId) return null
    let at = this.runs.get(version.uri)
    if (!at) {
      const fresh = await this.getVersion(version.model, version.version)
      at = this.runs.get(fresh.uri)
    }
    if (!at) return null
    const key = `${at.entity}/${at.project}/${at.name}`
    let read = this.runReads.get(key)
    if (!read) this.runReads.set(key, (read = this.readRun(at)))
    const run = await read
    if (!run)
      throw new GateError(
        `run ${at.name} in ${at.entity}/${at.project}, which produced ${version.model}:${version.version}, ` +
          'was not found (deleted, or not visible to this API key)',
        'give the key read access to the training project, or drop run.* conditions from the gate'
      )
    const summary = looseMetadata(run.summaryMetrics)
    return {
      id: run.name,
      url: `${appUrl(this.gql.endpoint)}/${at.entity}/${at.project}/runs/${run.name}`,
      status: run.state ?? undefined,
      deleted: false,
      params: runParams(looseMetadata(run.config)),
      metrics: runMetrics(summary),
      tags: Object.fromEntries((run.tags ?? []).map((t) => [t, 'true'])),
      summary
    }
  }

  private async readRun(at: RunLocation): Promise<RunData | null> {
    const data = await this.gql.request<{ project: { run: RunData | null } | null }>(
      GATE_RUN_SUMMARY,
      { entity: at.entity, project: at.project, run: at.name }
    )
    return data.project?.run ?? null
  }

  private requireKey(what: string): void {
    if (!this.gql.hasCredentials)
      throw new GateError(
        `WANDB_API_KEY is not set, so model-gate cannot ${what}`,
        'set WANDB_API_KEY in the step env from a repository secret (evaluate mode works without it ' +
          'on public projects)'
      )
  }

  private projectNotFound(ref: CollectionRef): GateError {
    const registry = ref.project.startsWith(REGISTRY_PREFIX)
    return new GateError(
      `W&B project ${ref.entity}/${ref.project} was not found or is not visible` +
        (this.gql.hasCredentials ? ' to this API key' : ' without an API key'),
      !this.gql.hasCredentials
        ? 'set WANDB_API_KEY from a repository secret'
        : registry
          ? `check the registry name and that the key's user or service account is a member of ` +
            `registry '${ref.project.slice(REGISTRY_PREFIX.length)}'`
          : 'check the entity and project in the model path (entity/project/collection) and that ' +
            "the key's user or service account can see the project"
    )
  }
}

// -------------------------------------------------------------------- pure helpers

function parseModelPath(model: string): ParsedModelPath {
  const path = model.trim()
  const example = 'team/model-registry/<name>, or wandb-registry-<registry>/<collection>'
  if (path.includes(':'))
    throw new GateError(
      `W&B model path '${path}' contains a version or alias after ':'`,
      `put the collection path in 'model' and the version in 'version' (e.g. model ${path.split(':')[0]}, version ${path.split(':').slice(1).join(':')})`
    )
  const parts = path.split('/')
  if (parts.some((p) => !p))
    throw new GateError(`W&B model path '${path}' has an empty part`, `write it as ${example}`)
  if (parts.length === 3) return { entity: parts[0], project: parts[1], collection: parts[2] }
  if (parts.length === 2 && parts[0].startsWith(REGISTRY_PREFIX))
    return { entity: undefined, project: parts[0], collection: parts[1] }
  throw new GateError(
    `W&B model path '${path}' is not entity/project/collection`,
    parts.length === 2
      ? `add the entity (${parts[0] === LEGACY_PROJECT ? `<team>/${path}` : `<entity>/${path}`}), or write ${example}`
      : `write it as ${example}`
  )
}

/** `v12`, `12`, `@alias`, a bare alias (W&B's own `name:alias` form), or an automation's id URI. */
export function parseVersionSpec(version: string): VersionSpec {
  const v = version.trim()
  const num = VERSION_RE.exec(v)
  if (num) return { kind: 'index', index: Number(num[1]) }
  if (v.startsWith('wandb-artifact://')) {
    const rest = v.slice('wandb-artifact://'.length).replace(/^\/+/, '')
    if (rest.startsWith('_id/') && rest.split('/')[1])
      return { kind: 'id', id: decodeURIComponent(rest.split('/')[1]) }
    const colon = rest.lastIndexOf(':')
    if (colon > 0) return parseVersionSpec(rest.slice(colon + 1))
    throw new GateError(
      `W&B version '${v}' is not a wandb-artifact:// reference model-gate understands`,
      'use v12, 12, @<alias> or wandb-artifact://_id/<artifact id>'
    )
  }
  if (v.startsWith('@')) return { kind: 'alias', alias: checkAliasName(v.slice(1), false) }
  if (!v) throw new GateError('the W&B version is empty', 'use v12, 12 or @<alias>')
  return { kind: 'alias', alias: checkAliasName(v, false) }
}

/** W&B's alias rules (no '/' or ':', at most 128); `writing` also refuses server-managed ones. */
function checkAliasName(alias: string, writing: boolean): string {
  if (!alias || alias.length > 128 || /[/:]/.test(alias))
    throw new GateError(
      `'${alias}' is not a valid W&B alias`,
      "aliases are 1–128 characters without '/' or ':'"
    )
  if (writing && MANAGED_ALIAS_RE.test(alias))
    throw new GateError(
      `W&B manages the alias '${alias}' itself and ignores attempts to set or remove it`,
      "choose another alias name (the default is 'champion')"
    )
  return alias
}

function versionNumber(v: string): number {
  const m = VERSION_RE.exec(v.trim())
  if (!m) throw new GateError(`'${v}' is not a W&B version number`, 'W&B versions look like v12')
  return Number(m[1])
}

function pathOf(ref: CollectionRef): string {
  return `${ref.entity}/${ref.project}/${ref.collection}`
}

function sameRef(a: CollectionRef, b: CollectionRef): boolean {
  return a.entity === b.entity && a.project === b.project && a.collection === b.collection
}

function collectionRefOf(c: CollectionData | null): CollectionRef | undefined {
  if (!c?.project) return undefined
  return { entity: c.project.entity.name, project: c.project.name, collection: c.name }
}

function aliasInput(alias: string, ref: CollectionRef): Record<string, string> {
  return {
    alias,
    entityName: ref.entity,
    projectName: ref.project,
    artifactCollectionName: ref.collection
  }
}

/** The logged artifact a registry version links to: `entity/project/name:vK`. */
function sourceOf(a: ArtifactData): string | undefined {
  const s = a.artifactSequence
  if (!s?.project) return undefined
  return `${s.project.entity.name}/${s.project.name}/${s.name}${a.versionIndex != null ? `:v${a.versionIndex}` : ''}`
}

function aliasWriteError(
  err: unknown,
  verb: 'move' | 'remove',
  alias: string,
  ref: CollectionRef
): unknown {
  if (!(err instanceof WandbGraphqlError) || err.kind !== 'permission') return err
  const said = err.messages.length ? `: ${err.messages.join('; ')}` : ''
  const registry = ref.project.startsWith(REGISTRY_PREFIX)
    ? ref.project.slice(REGISTRY_PREFIX.length)
    : undefined
  const text = err.messages.join(' ')
  if (/protected/i.test(text))
    return new GateError(
      `alias '${alias}' is protected in ${pathOf(ref)}: only a registry Admin (or an Admin ` +
        `service account) can ${verb} it${said}`,
      `give the user or service account behind WANDB_API_KEY the Admin role on registry ` +
        `'${registry ?? ref.project}', or have a registry admin ${verb} it; protected aliases ` +
        'are listed in the registry settings in the W&B UI',
      { cause: err }
    )
  if (!registry && ref.project === LEGACY_PROJECT && /read[- ]?only/i.test(text))
    return new GateError(
      `${pathOf(ref)} is read-only (the legacy Model Registry was migrated to W&B Registry)${said}`,
      'use the collection path in W&B Registry (<org-entity>/wandb-registry-<registry>/<collection>)',
      { cause: err }
    )
  return new GateError(
    `W&B denied permission to ${verb} alias '${alias}' in ${pathOf(ref)}${said}`,
    registry
      ? `the user or service account behind WANDB_API_KEY needs the Member or Admin role on ` +
          `registry '${registry}' (Viewer cannot change aliases; a protected alias needs Admin)`
      : `the user or service account behind WANDB_API_KEY needs write access to ${ref.entity}/${ref.project}`,
    { cause: err }
  )
}

/** Metadata as an object; unreadable metadata reads as empty (it is only shown, not written). */
function looseMetadata(raw: string | null): Record<string, unknown> {
  try {
    const v = raw ? (JSON.parse(raw) as unknown) : {}
    return isRecord(v) ? v : {}
  } catch {
    return {}
  }
}

/** Metadata we are about to rewrite: anything unreadable stops the write so nothing is lost. */
function strictMetadata(raw: string | null, where: string): Record<string, unknown> {
  if (raw === null || raw === '') return {}
  try {
    const v = JSON.parse(raw) as unknown
    if (v === null) return {}
    if (isRecord(v)) return v
  } catch {
    // fall through
  }
  throw new GateError(
    `the metadata of ${where} is not a JSON object, so model-gate will not rewrite it`,
    'fix the artifact metadata in the W&B UI or SDK, then re-run'
  )
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/**
 * Nested metadata → dotted keys with string values ({a: {b: 1}} → {"a.b": "1"}); arrays and
 * other non-scalars keep their JSON form. A top-level dotted key wins over a nested path.
 */
export function flattenMetadata(meta: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {}
  const walk = (prefix: string, value: unknown): void => {
    if (isRecord(value) && Object.keys(value).length) {
      for (const [k, v] of Object.entries(value)) walk(prefix ? `${prefix}.${k}` : k, v)
      return
    }
    if (prefix in out) return
    out[prefix] = typeof value === 'string' ? value : (JSON.stringify(value) ?? 'null')
  }
  // Top-level keys first so they take precedence over an equal dotted path from nesting.
  for (const [k, v] of Object.entries(meta)) if (!isRecord(v)) walk(k, v)
  for (const [k, v] of Object.entries(meta)) if (isRecord(v)) walk(k, v)
  return out
}

/** The app URL for links, as the SDK derives it: api.wandb.ai → wandb.ai, api.x → app.x. */
function appUrl(endpoint: string): string {
  const url = new URL(endpoint)
  if (url.hostname === 'api.wandb.ai') url.hostname = 'wandb.ai'
  else if (url.hostname.startsWith('api.')) url.hostname = `app.${url.hostname.slice(4)}`
  return url.origin
}

/** Run config → params: {k: {value, desc}} unwrapped, W&B's internal `_wandb` dropped. */
function runParams(config: Record<string, unknown>): Record<string, string> {
  const plain: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(config)) {
    if (k.startsWith('_wandb')) continue
    plain[k] = isRecord(v) && 'value' in v ? v.value : v
  }
  return flattenMetadata(plain)
}

/** Run summary → final metrics: finite numbers only; media entries ({_type: ...}) skipped. */
function runMetrics(summary: Record<string, unknown>): Record<string, number> {
  const out: Record<string, number> = {}
  const walk = (prefix: string, value: unknown): void => {
    if (typeof value === 'number' && Number.isFinite(value)) out[prefix] = value
    else if (isRecord(value) && !('_type' in value))
      for (const [k, v] of Object.entries(value)) walk(`${prefix}.${k}`, v)
  }
  for (const [k, v] of Object.entries(summary)) if (!k.startsWith('_wandb')) walk(k, v)
  return out
}
