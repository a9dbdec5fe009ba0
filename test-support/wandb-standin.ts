import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { readFileSync } from 'node:fs'
import { fixturePath } from './fixtures.js'
import { buildSchema, execute, GraphQLError, parse, validate, type DocumentNode } from 'graphql'

/**
 * A W&B GraphQL stand-in for tests: a node:http server that speaks the contract in the project's
 * W&B contract notes (README §1–§4; see test-support/fixtures/README.md) closely enough to exercise
 * the client end to end.
 *
 * Every request is checked like a real GraphQL server would: the document is parsed and
 * validated against the reconstructed schema subset with graphql-js, then EXECUTED with
 * graphql-js against that schema (resolvers are plain objects and functions on rootValue), so
 * selection sets, fragments, variables, nullability and `__typename` behave as on a server.
 *
 * Semantics implemented (contract references in brackets):
 * - Basic auth `api:<key>` [§1]; a wrong key → HTTP 401 `{errors}`; no header → anonymous, who sees
 *   no project and no viewer.
 * - Aliases are unique per collection: addAliases moves an alias off its previous holder [§4];
 *   `latest` and `vN` are server-managed and ignored when added [§2.4].
 * - Memberships have their own versionIndex and aliases; metadata, description and tags belong to
 *   the artifact, shared by every collection it is linked into [§2.1].
 * - migrate(): the legacy collection is copied to a registry collection and becomes read-only;
 *   `artifactCollectionMembership` on the legacy path answers from the new collection (so the
 *   membership names the new entity/project), `artifactCollection(name)` on the legacy path still
 *   returns the stale read-only copy [§3 Migration].
 * - Protected aliases need the Admin role; the Viewer role cannot change aliases or metadata [§3].
 * - updateArtifact replaces the whole metadata document and leaves absent fields alone [§2.4].
 * - Invalid documents: HTTP 200 with `{errors}` when the client accepts application/json (the
 *   GraphQL-over-HTTP rule for that media type), 400 when it asks for
 *   application/graphql-response+json; `invalidDocumentStatus` overrides. The contract leaves the
 *   status open (§8.4) and the client must handle both.
 */

export type Role = 'admin' | 'member' | 'viewer'

export interface SeedVersion {
  /** Version number in the collection; defaults to the next one (gaps allowed, as on W&B). */
  index?: number
  metadata?: Record<string, unknown>
  description?: string
  tags?: string[]
  aliases?: string[]
  /** The producing run's name (run id); none means the artifact has no run. */
  runName?: string
  /** The producing run's facts (config in W&B's {key: {value, desc}} form, as the server keeps it). */
  run?: {
    config?: Record<string, unknown>
    summary?: Record<string, unknown>
    state?: string
    tags?: string[]
  }
  type?: string
}

export interface StandinOptions {
  apiKey?: string
  viewer?: { username: string; entity: string }
  /** HTTP status for documents that fail to parse or validate (default: by Accept header). */
  invalidDocumentStatus?: number
  /** HTTP status that accompanies permission errors (default 200, GraphQL errors only). */
  permissionStatus?: number
  /** Put the received Authorization header in auth errors (a hostile server, for redaction). */
  echoAuthInErrors?: boolean
}

export interface RecordedRequest {
  operationName: string | undefined
  query: string
  variables: Record<string, unknown>
  authorization: string | undefined
  accept: string | undefined
  status: number
  at: number
}

export interface FailSpec {
  /** Only requests for this operation name fail (default: any). */
  operation?: string
  status?: number
  /** Sent as `{errors:[{message}]}` unless `body` is given. */
  message?: string
  body?: unknown
  headers?: Record<string, string>
  /** How many matching requests fail (default 1). */
  times?: number
}

export interface CollectionPath {
  entity: string
  project: string
  collection: string
}

export interface WandbStandin {
  url: string
  requests: RecordedRequest[]
  close(): Promise<void>
  /** Create (or extend) a collection with versions; returns the version labels created. */
  seedCollection(
    entity: string,
    project: string,
    collection: string,
    versions: SeedVersion[],
    options?: { source?: { entity: string; project: string } }
  ): string[]
  /** Link an existing version of one collection into another (same artifact, new membership). */
  link(from: CollectionPath, version: string, to: CollectionPath, aliases?: string[]): string
  /** An organization with its org entity, team entities and member usernames. */
  seedOrg(name: string, orgEntity: string, options?: { teams?: string[]; members?: string[] }): void
  /** Move a legacy collection to W&B Registry; the old path redirects and turns read-only. */
  migrate(from: CollectionPath, to: { entity: string; project: string; collection?: string }): void
  setProtectedAlias(path: CollectionPath, alias: string): void
  setRole(role: Role): void
  /** Delete a run: project.run(name) answers null from then on. */
  deleteRun(entity: string, project: string, name: string): void
  /** Which version holds an alias in exactly this collection (no redirect): "v3" or null. */
  aliasHolder(path: CollectionPath, alias: string): string | null
  /** Another writer moves `alias` to `version` (`v0`), as addAliases does: off its old holder. */
  moveAlias(path: CollectionPath, alias: string, version: string): void
  metadataOf(path: CollectionPath, version: string): Record<string, unknown>
  artifactOf(
    path: CollectionPath,
    version: string
  ): { id: string; metadata: Record<string, unknown>; description: string | null; tags: string[] }
  /** Overwrite an artifact's raw metadata string (e.g. to plant something unreadable). */
  setRawMetadata(path: CollectionPath, version: string, raw: string | null): void
  /** Answer the next matching request(s) with an error instead of executing them. */
  failNext(spec: FailSpec): void
  /** Answer the next `operation` mutation with success without applying it (lost write). */
  ignoreNext(operation: 'GateAddAliases' | 'GateDeleteAliases' | 'GateUpdateArtifact'): void
}

interface SArtifact {
  id: string
  type: string
  source: { entity: string; project: string; name: string; index: number }
  metadata: string | null
  description: string | null
  tags: string[]
  runName?: string
  createdAt: string
  updatedAt: string
}

interface SMembership {
  id: string
  index: number
  artifact: SArtifact
  aliases: Set<string>
  createdAt: string
}

interface SCollection {
  id: string
  entity: string
  project: string
  name: string
  type: string
  memberships: SMembership[]
  protectedAliases: Set<string>
  readOnly: boolean
  redirectTo?: SCollection
  createdAt: string
}

interface SRun {
  config: Record<string, unknown>
  summary: Record<string, unknown>
  state: string
  tags: string[]
  deleted: boolean
}

interface SOrg {
  name: string
  orgEntity: string
  teams: Set<string>
  members: Set<string>
}

interface Ctx {
  user: { username: string; entity: string } | null
}

const MANAGED = /^(latest|v\d+)$/

function b64(s: string): string {
  return Buffer.from(s).toString('base64')
}

function connection<T>(
  items: T[],
  after: string | null | undefined,
  first: number | null | undefined
) {
  const start = after ? Number(Buffer.from(after, 'base64').toString()) + 1 : 0
  const count = first ?? 50
  const slice = items.slice(start, start + count)
  const edges = slice.map((node, i) => ({ node, cursor: b64(String(start + i)) }))
  return {
    edges,
    pageInfo: {
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
      hasNextPage: start + count < items.length,
      hasPreviousPage: start > 0
    }
  }
}

export async function startWandbStandin(options: StandinOptions = {}): Promise<WandbStandin> {
  const apiKey = options.apiKey ?? 'standin-api-key-0123456789'
  const viewer = options.viewer ?? { username: 'gate-bot', entity: 'gate-bot' }
  const schema = buildSchema(wandbSchemaSdl())
  const collections: SCollection[] = []
  const orgs: SOrg[] = []
  const failures: FailSpec[] = []
  const ignored: string[] = []
  const requests: RecordedRequest[] = []
  const runs = new Map<string, SRun>()
  let role: Role = 'member'
  let nextId = 1
  const now = (): string => new Date().toISOString()

  // ---------------------------------------------------------------- lookups

  const findCollection = (entity: string, project: string, name: string): SCollection | undefined =>
    collections.find((c) => c.entity === entity && c.project === project && c.name === name)

  const mustCollection = (p: CollectionPath): SCollection => {
    const c = findCollection(p.entity, p.project, p.collection)
    if (!c) throw new Error(`stand-in: no collection ${p.entity}/${p.project}/${p.collection}`)
    return c
  }

  const versionIndex = (v: string): number => {
    const m = /^v?(\d+)$/.exec(v)
    if (!m) throw new Error(`stand-in: '${v}' is not a version`)
    return Number(m[1])
  }

  const mustMembership = (p: CollectionPath, v: string): SMembership => {
    const m = mustCollection(p).memberships.find((x) => x.index === versionIndex(v))
    if (!m) throw new Error(`stand-in: no ${v} in ${p.entity}/${p.project}/${p.collection}`)
    return m
  }

  const latestOf = (c: SCollection): SMembership | undefined =>
    c.memberships.reduce<SMembership | undefined>(
      (a, m) => (!a || m.index > a.index ? m : a),
      undefined
    )

  const aliasesOf = (c: SCollection, m: SMembership): string[] => {
    const out = [...m.aliases]
    if (latestOf(c) === m) out.push('latest')
    return out
  }

  const memberByRef = (c: SCollection, ref: string): SMembership | undefined => {
    const v = /^v(\d+)$/.exec(ref)
    if (v) return c.memberships.find((m) => m.index === Number(v[1]))
    if (ref === 'latest') return latestOf(c)
    return c.memberships.find((m) => m.aliases.has(ref))
  }

  const projectExists = (entity: string, project: string): boolean =>
    collections.some(
      (c) =>
        (c.entity === entity && c.project === project) ||
        c.memberships.some(
          (m) => m.artifact.source.entity === entity && m.artifact.source.project === project
        )
    )

  const orgOfEntity = (name: string): SOrg | undefined =>
    orgs.find((o) => o.orgEntity === name || o.teams.has(name))

  const entityExists = (name: string): boolean =>
    name === viewer.entity ||
    !!orgOfEntity(name) ||
    collections.some(
      (c) => c.entity === name || c.memberships.some((m) => m.artifact.source.entity === name)
    )

  const allArtifacts = (): SArtifact[] => [
    ...new Set(collections.flatMap((c) => c.memberships.map((m) => m.artifact)))
  ]

  const membershipsOfArtifact = (a: SArtifact): Array<[SCollection, SMembership]> =>
    collections.flatMap((c) =>
      c.memberships.filter((m) => m.artifact === a).map((m) => [c, m] as [SCollection, SMembership])
    )

  // ---------------------------------------------------------------- GraphQL objects

  const orgObj = (o: SOrg) => ({
    id: b64(`Organization:${o.name}`),
    name: o.name,
    orgEntity: () => entityObj(o.orgEntity)
  })

  const userObj = (u: { username: string; entity: string }) => ({
    id: b64(`User:${u.username}`),
    name: u.username,
    username: u.username,
    email: null,
    entity: u.entity,
    organizations: () => orgs.filter((o) => o.members.has(u.username)).map(orgObj)
  })

  const entityObj = (name: string): Record<string, unknown> | null => {
    if (!entityExists(name)) return null
    const org = orgOfEntity(name)
    const personal = name === viewer.entity && !org
    return {
      id: b64(`Entity:${name}`),
      name,
      isTeam: !personal,
      entityType: org?.orgEntity === name ? 'ORGANIZATION' : personal ? 'USER' : 'TEAM',
      organization: org ? orgObj(org) : null,
      user: personal ? userObj(viewer) : null,
      project: ({ name: p }: { name?: string }) =>
        p && projectExists(name, p) ? projectObj(name, p) : null
    }
  }

  const runObj = (entity: string, project: string, name: string) => {
    const r = runs.get(`${entity}/${project}/${name}`)
    return {
      __typename: 'Run',
      id: b64(`Run:${entity}/${project}/${name}`),
      name,
      displayName: `${name}-display`,
      state: r?.state ?? 'finished',
      jobType: 'train',
      group: null,
      tags: r?.tags ?? [],
      createdAt: now(),
      heartbeatAt: null,
      project: () => projectObj(entity, project),
      user: null,
      config: () => JSON.stringify(r?.config ?? {}),
      summaryMetrics: () => JSON.stringify(r?.summary ?? {})
    }
  }

  const artifactObj = (a: SArtifact): Record<string, unknown> => ({
    id: a.id,
    digest: b64(`digest:${a.id}`).slice(0, 32),
    commitHash: () => null,
    versionIndex: () => a.source.index,
    description: a.description,
    metadata: a.metadata,
    state: 'COMMITTED',
    size: 0,
    fileCount: 0,
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
    ttlDurationSeconds: -1,
    ttlIsInherited: true,
    historyStep: null,
    artifactType: { id: b64(`ArtifactType:${a.type}`), name: a.type },
    artifactSequence: () => sequenceObj(a),
    aliases: ({ artifactCollectionName }: { artifactCollectionName?: string }) =>
      membershipsOfArtifact(a)
        .filter(([c]) => !artifactCollectionName || c.name === artifactCollectionName)
        .flatMap(([c, m]) => aliasesOf(c, m).map((alias) => aliasObj(c, m, alias))),
    tags: a.tags.map((t) => ({ id: b64(`Tag:${t}`), name: t })),
    createdBy: () => (a.runName ? runObj(a.source.entity, a.source.project, a.runName) : null),
    usedBy: () => ({ totalCount: 0, ...connection([], null, 0) }),
    artifactMemberships: ({ after, first }: { after?: string; first?: number }) =>
      connection(
        membershipsOfArtifact(a).map(([c, m]) => membershipObj(c, m)),
        after,
        first
      )
  })

  const sequenceObj = (a: SArtifact) => ({
    __typename: 'ArtifactSequence',
    id: b64(`ArtifactSequence:${a.source.entity}/${a.source.project}/${a.source.name}`),
    name: a.source.name,
    description: null,
    createdAt: a.createdAt,
    updatedAt: null,
    state: 'READY',
    project: () => projectObj(a.source.entity, a.source.project),
    defaultArtifactType: { id: b64(`ArtifactType:${a.type}`), name: a.type },
    tags: connection([], null, 0),
    aliases: () => connection([], null, 0),
    artifactMembership: () => null,
    artifactMemberships: () => connection([], null, 0),
    artifacts: () => ({ totalCount: 0, ...connection([], null, 0) }),
    latestArtifact: null
  })

  const aliasObj = (c: SCollection, m: SMembership, alias: string) => ({
    id: b64(`ArtifactAlias:${c.id}:${alias}`),
    alias,
    artifactCollectionName: c.name,
    artifactCollection: () => collectionObj(c),
    artifact: () => artifactObj(m.artifact)
  })

  const membershipObj = (c: SCollection, m: SMembership) => ({
    id: m.id,
    versionIndex: m.index,
    createdAt: m.createdAt,
    commitHash: null,
    aliases: () => aliasesOf(c, m).map((alias) => aliasObj(c, m, alias)),
    artifactCollection: () => collectionObj(c),
    artifact: () => artifactObj(m.artifact)
  })

  const collectionObj = (c: SCollection): Record<string, unknown> => ({
    __typename: 'ArtifactPortfolio',
    id: c.id,
    name: c.name,
    description: null,
    createdAt: c.createdAt,
    updatedAt: null,
    state: 'READY',
    project: () => projectObj(c.entity, c.project),
    defaultArtifactType: { id: b64(`ArtifactType:${c.type}`), name: c.type },
    tags: connection([], null, 0),
    aliases: ({ after, first }: { after?: string; first?: number }) =>
      connection(
        [...c.memberships]
          .sort((x, y) => x.index - y.index)
          .flatMap((m) => aliasesOf(c, m).map((alias) => aliasObj(c, m, alias))),
        after,
        first
      ),
    artifactMembership: ({ aliasName }: { aliasName: string }) => {
      const m = memberByRef(c, aliasName)
      return m ? membershipObj(c, m) : null
    },
    artifactMemberships: ({ after, first }: { after?: string; first?: number }) =>
      connection(
        [...c.memberships].sort((x, y) => y.index - x.index).map((m) => membershipObj(c, m)),
        after,
        first
      ),
    artifacts: ({
      after,
      first,
      filters
    }: {
      after?: string
      first?: number
      filters?: string
    }) => {
      if (filters) JSON.parse(filters) // a malformed JSONString is an error, as on the server
      const sorted = [...c.memberships].sort((x, y) => y.index - x.index)
      const conn = connection(sorted, after, first)
      return {
        totalCount: sorted.length,
        pageInfo: conn.pageInfo,
        edges: conn.edges.map((e) => ({
          cursor: e.cursor,
          version: `v${e.node.index}`,
          node: artifactObj(e.node.artifact)
        }))
      }
    }
  })

  const projectObj = (entity: string, project: string): Record<string, unknown> => ({
    id: b64(`Project:${entity}/${project}`),
    internalId: b64(`${entity}/${project}`),
    name: project,
    entity: () => entityObj(entity),
    run: ({ name }: { name: string }) => {
      const r = runs.get(`${entity}/${project}/${name}`)
      return r && !r.deleted ? runObj(entity, project, name) : null
    },
    artifactType: ({ name }: { name: string }) => {
      const ofType = collections.filter(
        (c) => c.entity === entity && c.project === project && c.type === name
      )
      if (!ofType.length) return null
      return {
        id: b64(`ArtifactType:${entity}/${project}/${name}`),
        name,
        artifactCollection: ({ name: cn }: { name: string }) => {
          const c = ofType.find((x) => x.name === cn)
          return c ? collectionObj(c) : null
        }
      }
    },
    // The stale legacy copy, if any: only membership lookups follow a migration.
    artifactCollection: ({ name }: { name: string }) => {
      const c = findCollection(entity, project, name)
      return c ? collectionObj(c) : null
    },
    artifactCollectionMembership: ({ name }: { name: string }) => {
      const i = name.lastIndexOf(':')
      const cn = i < 0 ? name : name.slice(0, i)
      const ref = i < 0 ? 'latest' : name.slice(i + 1)
      let c = findCollection(entity, project, cn)
      while (c?.redirectTo) c = c.redirectTo
      if (!c) return null
      const m = memberByRef(c, ref)
      return m ? membershipObj(c, m) : null
    },
    artifact: () => null
  })

  // ---------------------------------------------------------------- mutations

  const permissionError = (message: string): GraphQLError =>
    new GraphQLError(`permission denied: ${message}`, { extensions: { code: 'PERMISSION_DENIED' } })

  const aliasMutation = (
    input: {
      artifactID: string
      aliases: Array<{
        alias: string
        entityName: string
        projectName: string
        artifactCollectionName: string
      }>
    },
    ctx: Ctx,
    op: 'GateAddAliases' | 'GateDeleteAliases'
  ) => {
    if (!ctx.user)
      throw new GraphQLError('unauthenticated', { extensions: { code: 'UNAUTHENTICATED' } })
    const plan: Array<() => void> = []
    for (const a of input.aliases) {
      if (!a.alias || a.alias.length > 128 || /[/:]/.test(a.alias))
        throw new GraphQLError(`invalid alias '${a.alias}'`)
      const c = findCollection(a.entityName, a.projectName, a.artifactCollectionName)
      if (!c)
        throw new GraphQLError(
          `artifact collection ${a.entityName}/${a.projectName}/${a.artifactCollectionName} not found`
        )
      if (c.readOnly) throw permissionError(`project ${c.project} is read-only (migrated)`)
      if (role === 'viewer') throw permissionError(`role viewer cannot modify aliases`)
      if (c.protectedAliases.has(a.alias) && role !== 'admin')
        throw permissionError(
          `alias '${a.alias}' is protected; only registry admins can add or remove it`
        )
      const m = c.memberships.find((x) => x.artifact.id === input.artifactID)
      if (!m) throw new GraphQLError(`artifact ${input.artifactID} is not in collection ${c.name}`)
      if (MANAGED.test(a.alias)) continue
      plan.push(() => {
        if (op === 'GateAddAliases') {
          // One alias per collection: adding it takes it from whoever held it.
          for (const other of c.memberships) other.aliases.delete(a.alias)
          m.aliases.add(a.alias)
        } else m.aliases.delete(a.alias)
      })
    }
    if (!takeIgnored(op)) for (const apply of plan) apply()
    return { success: true, clientMutationId: null }
  }

  const takeIgnored = (op: string): boolean => {
    const i = ignored.indexOf(op)
    if (i < 0) return false
    ignored.splice(i, 1)
    return true
  }

  const rootValue = {
    viewer: (_: unknown, ctx: Ctx) => (ctx.user ? userObj(ctx.user) : null),
    serverInfo: () => ({ features: [] }),
    project: ({ name, entityName }: { name?: string; entityName?: string }, ctx: Ctx) =>
      ctx.user && name && entityName && projectExists(entityName, name)
        ? projectObj(entityName, name)
        : null,
    entity: ({ name }: { name?: string }, ctx: Ctx) => (ctx.user && name ? entityObj(name) : null),
    organization: ({ name }: { name?: string }, ctx: Ctx) => {
      const o = ctx.user ? orgs.find((x) => x.name === name) : undefined
      return o ? orgObj(o) : null
    },
    artifact: ({ id }: { id: string }, ctx: Ctx) => {
      const a = ctx.user ? allArtifacts().find((x) => x.id === id) : undefined
      return a ? artifactObj(a) : null
    },
    artifactCollection: ({ id }: { id: string }, ctx: Ctx) => {
      const c = ctx.user ? collections.find((x) => x.id === id) : undefined
      return c ? collectionObj(c) : null
    },
    addAliases: ({ input }: { input: Parameters<typeof aliasMutation>[0] }, ctx: Ctx) =>
      aliasMutation(input, ctx, 'GateAddAliases'),
    deleteAliases: ({ input }: { input: Parameters<typeof aliasMutation>[0] }, ctx: Ctx) =>
      aliasMutation(input, ctx, 'GateDeleteAliases'),
    updateArtifact: (
      {
        input
      }: { input: { artifactID: string; description?: string | null; metadata?: string | null } },
      ctx: Ctx
    ) => {
      if (!ctx.user)
        throw new GraphQLError('unauthenticated', { extensions: { code: 'UNAUTHENTICATED' } })
      const a = allArtifacts().find((x) => x.id === input.artifactID)
      if (!a) throw new GraphQLError(`artifact ${input.artifactID} not found`)
      if (role === 'viewer') throw permissionError('role viewer cannot update artifacts')
      if (input.metadata !== undefined && input.metadata !== null) {
        try {
          JSON.parse(input.metadata)
        } catch {
          throw new GraphQLError('metadata is not valid JSON')
        }
      }
      if (!takeIgnored('GateUpdateArtifact')) {
        // Absent fields stay as they are; metadata replaces the whole document.
        if ('description' in input) a.description = input.description ?? null
        if ('metadata' in input) a.metadata = input.metadata ?? null
        a.updatedAt = now()
      }
      return { artifact: artifactObj(a), clientMutationId: null }
    }
  }

  // ---------------------------------------------------------------- HTTP

  const send = (
    res: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {}
  ): number => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers })
    res.end(typeof body === 'string' ? body : JSON.stringify(body))
    return status
  }

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const raw = Buffer.concat(chunks).toString('utf8')
    const record: RecordedRequest = {
      operationName: undefined,
      query: '',
      variables: {},
      authorization: req.headers.authorization,
      accept: req.headers.accept,
      status: 0,
      at: Date.now()
    }
    requests.push(record)
    if (req.method !== 'POST' || req.url?.split('?')[0] !== '/graphql') {
      record.status = send(res, req.method === 'POST' ? 404 : 405, { error: 'not found' })
      return
    }
    let body: { query?: unknown; variables?: unknown; operationName?: unknown }
    try {
      body = JSON.parse(raw) as typeof body
    } catch {
      record.status = send(res, 400, { errors: [{ message: 'request body is not JSON' }] })
      return
    }
    record.query = typeof body.query === 'string' ? body.query : ''
    record.operationName = typeof body.operationName === 'string' ? body.operationName : undefined
    record.variables =
      body.variables && typeof body.variables === 'object'
        ? (body.variables as Record<string, unknown>)
        : {}

    const fi = failures.findIndex((f) => !f.operation || f.operation === record.operationName)
    if (fi >= 0) {
      const f = failures[fi]
      f.times = (f.times ?? 1) - 1
      if (f.times <= 0) failures.splice(fi, 1)
      record.status = send(
        res,
        f.status ?? 500,
        f.body ?? { errors: [{ message: f.message ?? 'internal server error' }] },
        f.headers
      )
      return
    }

    let user: Ctx['user'] = null
    const auth = req.headers.authorization
    if (auth !== undefined) {
      if (auth !== `Basic ${b64(`api:${apiKey}`)}`) {
        const echo = options.echoAuthInErrors ? ` (got '${auth}', key '${decodeKey(auth)}')` : ''
        record.status = send(res, 401, {
          errors: [{ message: `unauthenticated: invalid API key${echo}` }]
        })
        return
      }
      user = viewer
    }

    const invalidStatus =
      options.invalidDocumentStatus ??
      (/application\/graphql-response\+json/.test(req.headers.accept ?? '') ? 400 : 200)
    let document: DocumentNode
    try {
      document = parse(record.query)
    } catch (err) {
      record.status = send(res, invalidStatus, { errors: [{ message: (err as Error).message }] })
      return
    }
    const problems = validate(schema, document)
    if (problems.length) {
      record.status = send(res, invalidStatus, { errors: problems.map((p) => p.toJSON()) })
      return
    }
    const result = await execute({
      schema,
      document,
      rootValue,
      contextValue: { user } satisfies Ctx,
      variableValues: record.variables,
      operationName: record.operationName
    })
    const denied = result.errors?.some((e) => e.extensions?.code === 'PERMISSION_DENIED')
    record.status = send(res, denied ? (options.permissionStatus ?? 200) : 200, result)
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) send(res, 500, { errors: [{ message: String(err) }] })
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo

  // ---------------------------------------------------------------- seed helpers

  const seedCollection: WandbStandin['seedCollection'] = (
    entity,
    project,
    name,
    versions,
    opts
  ) => {
    let c = findCollection(entity, project, name)
    if (!c) {
      c = {
        id: b64(`ArtifactCollection:${nextId++}`),
        entity,
        project,
        name,
        type: versions[0]?.type ?? 'model',
        memberships: [],
        protectedAliases: new Set(),
        readOnly: false,
        createdAt: now()
      }
      collections.push(c)
    }
    const col = c
    const created: string[] = []
    for (const v of versions) {
      const index =
        v.index ??
        (col.memberships.length ? Math.max(...col.memberships.map((m) => m.index)) + 1 : 0)
      if (col.memberships.some((m) => m.index === index))
        throw new Error(`stand-in: ${name} already has v${index}`)
      const source = opts?.source ?? { entity, project: 'training' }
      const artifact: SArtifact = {
        id: b64(`Artifact:${nextId++}`),
        type: v.type ?? col.type,
        source: { ...source, name: `${name}-run`, index },
        metadata: JSON.stringify(v.metadata ?? {}),
        description: v.description ?? null,
        tags: v.tags ?? [],
        runName: v.runName,
        createdAt: new Date(Date.UTC(2026, 0, 1 + index)).toISOString(),
        updatedAt: now()
      }
      if (v.runName) {
        const key = `${source.entity}/${source.project}/${v.runName}`
        runs.set(key, {
          config: v.run?.config ?? runs.get(key)?.config ?? {},
          summary: v.run?.summary ?? runs.get(key)?.summary ?? {},
          state: v.run?.state ?? 'finished',
          tags: v.run?.tags ?? [],
          deleted: false
        })
      }
      const m: SMembership = {
        id: b64(`ArtifactCollectionMembership:${nextId++}`),
        index,
        artifact,
        aliases: new Set(),
        createdAt: new Date(Date.UTC(2026, 1, 1 + index)).toISOString()
      }
      col.memberships.push(m)
      for (const alias of v.aliases ?? []) {
        for (const other of col.memberships) other.aliases.delete(alias)
        m.aliases.add(alias)
      }
      created.push(`v${index}`)
    }
    return created
  }

  const link: WandbStandin['link'] = (from, version, to, aliases = []) => {
    const source = mustMembership(from, version)
    seedCollection(to.entity, to.project, to.collection, [])
    const target = mustCollection(to)
    const index = target.memberships.length
      ? Math.max(...target.memberships.map((m) => m.index)) + 1
      : 0
    const m: SMembership = {
      id: b64(`ArtifactCollectionMembership:${nextId++}`),
      index,
      artifact: source.artifact,
      aliases: new Set(),
      createdAt: now()
    }
    target.memberships.push(m)
    for (const alias of aliases) {
      for (const other of target.memberships) other.aliases.delete(alias)
      m.aliases.add(alias)
    }
    return `v${index}`
  }

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections()
        server.close((err) => (err ? reject(err) : resolve()))
      }),
    seedCollection,
    link,
    seedOrg: (name, orgEntity, opts = {}) => {
      orgs.push({
        name,
        orgEntity,
        teams: new Set(opts.teams ?? []),
        members: new Set(opts.members ?? [viewer.username])
      })
    },
    migrate: (from, to) => {
      const old = mustCollection(from)
      const copy: SCollection = {
        ...old,
        id: b64(`ArtifactCollection:${nextId++}`),
        entity: to.entity,
        project: to.project,
        name: to.collection ?? old.name,
        memberships: old.memberships.map((m) => ({
          ...m,
          id: b64(`ArtifactCollectionMembership:${nextId++}`),
          aliases: new Set(m.aliases)
        })),
        protectedAliases: new Set(old.protectedAliases),
        readOnly: false,
        redirectTo: undefined
      }
      collections.push(copy)
      old.readOnly = true
      old.redirectTo = copy
    },
    setProtectedAlias: (path, alias) => {
      mustCollection(path).protectedAliases.add(alias)
    },
    setRole: (r) => {
      role = r
    },
    deleteRun: (entity, project, name) => {
      const r = runs.get(`${entity}/${project}/${name}`)
      if (!r) throw new Error(`stand-in: no run ${entity}/${project}/${name}`)
      r.deleted = true
    },
    aliasHolder: (path, alias) => {
      const c = mustCollection(path)
      const m = memberByRef(c, alias)
      return m ? `v${m.index}` : null
    },
    moveAlias: (path, alias, version) => {
      const target = mustMembership(path, version)
      for (const other of mustCollection(path).memberships) other.aliases.delete(alias)
      target.aliases.add(alias)
    },
    metadataOf: (path, version) =>
      JSON.parse(mustMembership(path, version).artifact.metadata ?? '{}') as Record<
        string,
        unknown
      >,
    artifactOf: (path, version) => {
      const a = mustMembership(path, version).artifact
      return {
        id: a.id,
        metadata: JSON.parse(a.metadata ?? '{}') as Record<string, unknown>,
        description: a.description,
        tags: [...a.tags]
      }
    },
    setRawMetadata: (path, version, raw) => {
      mustMembership(path, version).artifact.metadata = raw
    },
    failNext: (spec) => {
      failures.push({ ...spec })
    },
    ignoreNext: (operation) => {
      ignored.push(operation)
    }
  }
}

function decodeKey(auth: string): string {
  const m = /^Basic (.+)$/.exec(auth)
  if (!m) return ''
  const decoded = Buffer.from(m[1], 'base64').toString('utf8')
  return decoded.startsWith('api:') ? decoded.slice(4) : decoded
}

/**
 * The reconstructed W&B schema subset (not W&B's official schema), copied into
 * test-support/fixtures/wandb: every document the stand-in answers is validated against it.
 */
export function wandbSchemaSdl(): string {
  return readFileSync(fixturePath('wandb', 'schema-subset.graphql'), 'utf8')
}
