export const id = 522;
export const ids = [522];
export const modules = {

/***/ 3522:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  WandbRegistry: () => (/* binding */ WandbRegistry)
});

// UNUSED EXPORTS: flattenMetadata, parseVersionSpec

// EXTERNAL MODULE: ./src/log.ts
var log = __webpack_require__(5625);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/nearest.ts
var nearest = __webpack_require__(7909);
// EXTERNAL MODULE: ./src/secrets.ts
var secrets = __webpack_require__(7194);
// EXTERNAL MODULE: ./src/http/client.ts + 1 modules
var client = __webpack_require__(5755);
;// CONCATENATED MODULE: ./src/registry/wandb-graphql.ts



/**
 * The W&B GraphQL transport: POST {base}/graphql with `Authorization: Basic base64("api:" + key)`
 * and `{query, variables, operationName}`, through the shared HttpClient. GraphQL `errors` are
 * checked on every response, whatever the HTTP status, because W&B sends them both with 200 and
 * with error statuses. Every failure becomes a WandbGraphqlError (a GateError) whose message
 * never contains the key, the auth header or a raw response body.
 */
const PARTY = 'W&B registry';
class WandbGraphqlError extends errors/* GateError */.u {
    kind;
    status;
    messages;
    constructor(message, fix, kind, status, 
    /** The server's error messages, already scrubbed of secrets and shortened. */
    messages) {
        super(message, fix);
        this.kind = kind;
        this.status = status;
        this.messages = messages;
        this.name = 'WandbGraphqlError';
    }
}
const MAX_MESSAGE = 300;
class WandbGraphql {
    http;
    endpoint;
    authorization;
    apiKey;
    constructor(http, options) {
        this.http = http;
        // The SDK's settings validator strips a trailing slash from the base URL too.
        this.endpoint = `${checkBaseUrl(options.baseUrl)}/graphql`;
        this.apiKey = options.apiKey || undefined;
        if (this.apiKey) {
            const token = Buffer.from(`api:${this.apiKey}`).toString('base64');
            this.authorization = `Basic ${token}`;
            // The header form is a credential in its own right and redact() would not recognise it.
            (0,secrets/* registerSecret */.cl)(this.apiKey);
            (0,secrets/* registerSecret */.cl)(token);
        }
    }
    get hasCredentials() {
        return this.authorization !== undefined;
    }
    /** Host for messages: "api.wandb.ai". */
    get host() {
        return new URL(this.endpoint).host;
    }
    /**
     * Run one operation and return its `data`. `idempotent` defaults to true for queries; for a
     * mutation the caller says whether repeating it is harmless (addAliases is, a create is not).
     */
    async request(operation, variables, options = {}) {
        const idempotent = options.idempotent ?? !operation.mutation;
        const headers = {
            accept: 'application/json',
            'user-agent': 'model-gate'
        };
        if (this.authorization)
            headers.authorization = this.authorization;
        const res = await this.http.send({
            method: 'POST',
            url: this.endpoint,
            party: PARTY,
            headers,
            json: { query: operation.document, variables, operationName: operation.name },
            idempotent,
            signal: options.signal
        });
        return this.interpret(operation, res);
    }
    interpret(operation, res) {
        const body = this.parseBody(res);
        const errors = errorItems(body).map((e) => ({ ...e, message: this.scrub(e.message) }));
        const ok = res.status >= 200 && res.status < 300;
        if (ok && errors.length === 0) {
            const data = isObject(body) ? body.data : undefined;
            if (!isObject(data))
                throw new WandbGraphqlError(`${PARTY} returned no data for ${operation.name} (HTTP ${res.status})`, `check that ${this.endpoint} is a W&B API server (registry-uri / WANDB_BASE_URL)`, 'protocol', res.status, []);
            return data;
        }
        throw this.failure(operation, res.status, errors, retryAfter(res));
    }
    parseBody(res) {
        if (!res.text.trim())
            return undefined;
        try {
            return (0,client/* parseJson */.qF)(res, PARTY);
        }
        catch (err) {
            // An error status with an HTML page (proxy, load balancer) is still a status error.
            if (res.status < 200 || res.status >= 300)
                return undefined;
            throw new WandbGraphqlError(err.message, `check that registry-uri / WANDB_BASE_URL (${this.endpoint.replace(/\/graphql$/, '')}) ` +
                'is the W&B API URL, e.g. https://api.wandb.ai', 'protocol', res.status, []);
        }
    }
    failure(operation, status, errors, retryAfterHeader) {
        const messages = errors.map((e) => e.message).filter(Boolean);
        const said = messages.length ? `: ${messages.join('; ')}` : '';
        const http = status >= 200 && status < 300 ? '' : ` (HTTP ${status})`;
        const what = `${PARTY} at ${this.host}`;
        const kind = classify(status, errors);
        switch (kind) {
            case 'auth':
                return new WandbGraphqlError(this.hasCredentials
                    ? `${what} rejected the API key${http}${said}`
                    : `${what} needs an API key for ${operation.name}${http}${said}`, this.hasCredentials
                    ? `check the WANDB_API_KEY secret: it must be a valid, unexpired key for ${this.host} ` +
                        '(a user key from <app>/authorize or a service account key)'
                    : 'set WANDB_API_KEY in the step env from a repository secret: ' +
                        'env: { WANDB_API_KEY: ${{ secrets.WANDB_API_KEY }} }', kind, status, messages);
            case 'permission':
                return new WandbGraphqlError(`${what} denied permission for ${operation.name}${http}${said}`, 'give the user or service account behind WANDB_API_KEY the needed role ' +
                    '(registry Member to read and move aliases, Admin for protected aliases)', kind, status, messages);
            case 'rate-limit':
                return new WandbGraphqlError(`${what} is still rate limiting ${operation.name} after retries${http}` +
                    (retryAfterHeader ? ` (it asked to wait: ${retryAfterHeader})` : ''), 'retry the workflow later; W&B limits GraphQL requests per user', kind, status, messages);
            case 'server':
                return new WandbGraphqlError(`${what} failed on ${operation.name}${http}${said}`, 'W&B had a server error; retry the workflow, and check https://status.wandb.com', kind, status, messages);
            default:
                return new WandbGraphqlError(`${what} rejected ${operation.name}${http}${said}`, status === 404
                    ? `check that registry-uri / WANDB_BASE_URL points at the W&B API (${this.endpoint} ` +
                        'was not found)'
                    : 'check the model path and version; if they are right, this server may not support ' +
                        'the query (W&B server ≥ 0.70 is required)', kind, status, messages);
        }
    }
    /** Redact registered secrets, the key in any form, and cap the length of a server message. */
    scrub(message) {
        let out = (0,secrets/* redact */.E$)(message);
        if (this.apiKey)
            out = out.split(this.apiKey).join('***');
        if (this.authorization) {
            const token = this.authorization.slice('Basic '.length);
            out = out.split(token).join('***');
        }
        out = out.replace(/\s+/g, ' ').trim();
        return out.length > MAX_MESSAGE ? `${out.slice(0, MAX_MESSAGE)}…` : out;
    }
}
/**
 * The SDK's base-URL rule: on wandb.ai only the https API host works. Catching the app URL here
 * turns a confusing HTML answer into a clear fix before anything is sent.
 */
function checkBaseUrl(baseUrl) {
    const trimmed = baseUrl.trim().replace(/\/+$/, '');
    let url;
    try {
        url = new URL(trimmed);
    }
    catch {
        throw new errors/* GateError */.u(`the W&B base URL '${(0,secrets/* redact */.E$)(trimmed)}' is not a URL`, 'set registry-uri or WANDB_BASE_URL to the API URL, e.g. https://api.wandb.ai');
    }
    const host = url.hostname.toLowerCase();
    if (host === 'wandb.ai' || host.endsWith('.wandb.ai')) {
        if (!host.startsWith('api.') || url.protocol !== 'https:')
            throw new errors/* GateError */.u(`the W&B base URL ${url.origin} is not the W&B API`, 'use https://api.wandb.ai (the app at wandb.ai does not serve the API)');
    }
    return trimmed;
}
function isObject(v) {
    return typeof v === 'object' && v !== null && !Array.isArray(v);
}
/** `{errors:[{message}]}` (GraphQL) or `{error: "..."}` (W&B backend errors, e.g. a 429). */
function errorItems(body) {
    if (!isObject(body))
        return [];
    const out = [];
    if (Array.isArray(body.errors)) {
        for (const e of body.errors) {
            if (isObject(e))
                out.push({
                    message: typeof e.message === 'string' ? e.message : 'unknown error',
                    path: Array.isArray(e.path) ? e.path : undefined,
                    extensions: isObject(e.extensions) ? e.extensions : undefined
                });
            else if (typeof e === 'string')
                out.push({ message: e });
        }
    }
    if (typeof body.error === 'string')
        out.push({ message: body.error });
    else if (isObject(body.error) && typeof body.error.message === 'string')
        out.push({ message: body.error.message });
    return out;
}
const AUTH_TEXT = /\b(unauthenticated|not (logged|signed) in|not authenticated|invalid (api )?key|api key .*invalid|unauthori[sz]ed|authentication (failed|required))\b/i;
const PERMISSION_TEXT = /\b(permission|forbidden|not allowed|access denied|not authori[sz]ed to|protected|read[- ]only|insufficient)\b/i;
/** Decide what kind of failure a response is, from the status first and the messages second. */
function classify(status, errors) {
    if (status === 401)
        return 'auth';
    if (status === 403)
        return 'permission';
    if (status === 429)
        return 'rate-limit';
    if (status >= 500)
        return 'server';
    const codes = errors.map((e) => {
        const code = e.extensions?.code;
        return typeof code === 'string' ? code.toUpperCase() : '';
    });
    if (codes.some((c) => c === 'UNAUTHENTICATED'))
        return 'auth';
    if (codes.some((c) => c === 'FORBIDDEN' || c === 'PERMISSION_DENIED'))
        return 'permission';
    if (errors.some((e) => AUTH_TEXT.test(e.message)))
        return 'auth';
    if (errors.some((e) => PERMISSION_TEXT.test(e.message)))
        return 'permission';
    if (/rate limit/i.test(errors.map((e) => e.message).join(' ')))
        return 'rate-limit';
    return 'request';
}
function retryAfter(res) {
    return res.headers['retry-after'] ?? res.headers['ratelimit-reset'];
}

;// CONCATENATED MODULE: ./src/registry/wandb-operations.ts
/**
 * The GraphQL documents model-gate sends to W&B, as plain strings so the action needs no GraphQL
 * library at runtime. Adapted from the contract's operations.graphql (which mirrors what the wandb
 * Python SDK sends); each exported document is complete (operation + the fragments it spreads)
 * and is validated against the reconstructed schema subset in __tests__/wandb-operations.test.ts.
 *
 * Deliberate differences from operations.graphql:
 * - GateArtifactVersionByName also selects the membership's createdAt (when the version joined
 *   this collection) and the artifact's tags, so a receipt write can prove the tags survived.
 * - GateRunSummary also selects the run's tags (lineage gates read run.tag.<k>).
 * - GateArtifactMembershipsById is new: W&B automations send `${artifact_version}` as
 *   `wandb-artifact://_id/<Artifact.id>`; this maps that id to its version in a collection
 *   (the SDK's FetchLinkedArtifacts selects the same field).
 * - linkArtifact and the type-free GateCollectionMemberships listing are not used, so not here.
 */
const GATE_ALIAS = /* GraphQL */ `
  fragment GateAlias on ArtifactAlias {
    id
    alias
  }
`;
const GATE_COLLECTION_INFO = /* GraphQL */ `
  fragment GateCollectionInfo on ArtifactCollection {
    __typename
    id
    name
    project {
      name
      entity {
        name
      }
    }
  }
`;
const GATE_ARTIFACT = /* GraphQL */ `
  fragment GateArtifact on Artifact {
    id
    digest
    versionIndex
    state
    description
    metadata
    createdAt
    updatedAt
    tags {
      id
      name
    }
    artifactType {
      name
    }
    artifactSequence {
      name
      project {
        name
        entity {
          name
        }
      }
    }
  }
`;
function op(name, mutation, ...parts) {
    return { name, mutation, document: parts.map((p) => p.trim()).join('\n\n') + '\n' };
}
/** Cheap credential check; `entity` is the viewer's default entity. */
const GATE_VIEWER = op('GateViewer', false, 
/* GraphQL */ `
    query GateViewer {
      viewer {
        id
        username
        entity
      }
    }
  `);
/** Org entity (owner of `wandb-registry-*` projects) from a team or personal entity. */
const GATE_ORG_ENTITY_FROM_ENTITY = op('GateOrgEntityFromEntity', false, 
/* GraphQL */ `
    query GateOrgEntityFromEntity($entity: String!) {
      entity(name: $entity) {
        name
        isTeam
        organization {
          name
          orgEntity {
            name
          }
        }
        user {
          organizations {
            name
            orgEntity {
              name
            }
          }
        }
      }
    }
  `);
/** Org entity from an organization's display name. */
const GATE_ORG_ENTITY_FROM_ORG = op('GateOrgEntityFromOrg', false, 
/* GraphQL */ `
    query GateOrgEntityFromOrg($org: String!) {
      organization(name: $org) {
        name
        orgEntity {
          name
        }
      }
    }
  `);
/**
 * `$name` = "<collection>:<vN|alias>". The membership's collection carries the canonical
 * entity/project, which differ from the request when a legacy path redirects to a registry.
 */
const GATE_ARTIFACT_VERSION_BY_NAME = op('GateArtifactVersionByName', false, 
/* GraphQL */ `
    query GateArtifactVersionByName($entity: String!, $project: String!, $name: String!) {
      project(name: $project, entityName: $entity) {
        artifactCollectionMembership(name: $name) {
          id
          versionIndex
          createdAt
          aliases {
            ...GateAlias
          }
          artifactCollection {
            ...GateCollectionInfo
          }
          artifact {
            ...GateArtifact
          }
        }
      }
    }
  `, GATE_ALIAS, GATE_COLLECTION_INFO, GATE_ARTIFACT);
/** Every collection an artifact is linked into, with its version there. */
const GATE_ARTIFACT_MEMBERSHIPS_BY_ID = op('GateArtifactMembershipsById', false, 
/* GraphQL */ `
    query GateArtifactMembershipsById($id: ID!, $perPage: Int = 100) {
      artifact(id: $id) {
        id
        artifactMemberships(first: $perPage) {
          edges {
            node {
              id
              versionIndex
              artifactCollection {
                ...GateCollectionInfo
              }
            }
          }
        }
      }
    }
  `, GATE_COLLECTION_INFO);
/** The producing run (lineage); createdBy is the union Run | User. */
const GATE_ARTIFACT_CREATED_BY = op('GateArtifactCreatedBy', false, 
/* GraphQL */ `
    query GateArtifactCreatedBy($id: ID!) {
      artifact(id: $id) {
        createdBy {
          __typename
          ... on Run {
            id
            name
            displayName
            state
            jobType
            project {
              name
              entity {
                name
              }
            }
          }
          ... on User {
            id
            username
          }
        }
      }
    }
  `);
/** Run facts for lineage gates; summaryMetrics and config are JSONStrings. */
const GATE_RUN_SUMMARY = op('GateRunSummary', false, 
/* GraphQL */ `
    query GateRunSummary($entity: String!, $project: String!, $run: String!) {
      project(name: $project, entityName: $entity) {
        run(name: $run) {
          id
          name
          state
          tags
          summaryMetrics
          config
        }
      }
    }
  `);
/**
 * Who holds an alias in a collection, addressed by name without a type. Used to tell "alias not
 * set" from "no such collection" and "no such project" after a membership lookup came back null.
 */
const GATE_ALIAS_HOLDER = op('GateAliasHolder', false, 
/* GraphQL */ `
    query GateAliasHolder(
      $entity: String!
      $project: String!
      $collection: String!
      $alias: String!
    ) {
      project(name: $project, entityName: $entity) {
        artifactCollection(name: $collection) {
          ...GateCollectionInfo
          artifactMembership(aliasName: $alias) {
            id
            versionIndex
            aliases {
              ...GateAlias
            }
            artifact {
              id
            }
          }
        }
      }
    }
  `, GATE_COLLECTION_INFO, GATE_ALIAS);
/** All aliases in use in a collection, for "did you mean" on a misspelt alias. */
const GATE_COLLECTION_ALIASES = op('GateCollectionAliases', false, 
/* GraphQL */ `
    query GateCollectionAliases($id: ID!, $cursor: String, $perPage: Int = 100) {
      artifactCollection(id: $id) {
        aliases(after: $cursor, first: $perPage) {
          pageInfo {
            endCursor
            hasNextPage
          }
          edges {
            node {
              ...GateAlias
            }
          }
        }
      }
    }
  `, GATE_ALIAS);
/**
 * Versions of a collection (the SDK's ProjectArtifacts path; it needs the artifact type name).
 * `edge.version` is the "vN" label in this collection.
 */
const GATE_COLLECTION_VERSIONS = op('GateCollectionVersions', false, 
/* GraphQL */ `
    query GateCollectionVersions(
      $entity: String!
      $project: String!
      $type: String!
      $collection: String!
      $cursor: String
      $perPage: Int = 50
      $order: String
      $filters: JSONString
    ) {
      project(name: $project, entityName: $entity) {
        artifactType(name: $type) {
          artifactCollection(name: $collection) {
            artifacts(after: $cursor, first: $perPage, order: $order, filters: $filters) {
              totalCount
              pageInfo {
                endCursor
                hasNextPage
              }
              edges {
                version
                node {
                  id
                  state
                }
              }
            }
          }
        }
      }
    }
  `);
/**
 * Add aliases to one artifact in one collection. The server moves each alias off whichever
 * version held it, so this is the whole promotion; repeating it changes nothing.
 */
const GATE_ADD_ALIASES = op('GateAddAliases', true, 
/* GraphQL */ `
    mutation GateAddAliases($input: AddAliasesInput!) {
      result: addAliases(input: $input) {
        success
      }
    }
  `);
const GATE_DELETE_ALIASES = op('GateDeleteAliases', true, 
/* GraphQL */ `
    mutation GateDeleteAliases($input: DeleteAliasesInput!) {
      result: deleteAliases(input: $input) {
        success
      }
    }
  `);
/** `metadata` replaces the whole JSON document, so callers read, merge, then write. */
const GATE_UPDATE_ARTIFACT = op('GateUpdateArtifact', true, 
/* GraphQL */ `
    mutation GateUpdateArtifact($input: UpdateArtifactInput!) {
      result: updateArtifact(input: $input) {
        artifact {
          id
          description
          metadata
        }
      }
    }
  `);
/** Every document, for validation tests and the stand-in's allow-list. */
const WANDB_OPERATIONS = [
    GATE_VIEWER,
    GATE_ORG_ENTITY_FROM_ENTITY,
    GATE_ORG_ENTITY_FROM_ORG,
    GATE_ARTIFACT_VERSION_BY_NAME,
    GATE_ARTIFACT_MEMBERSHIPS_BY_ID,
    GATE_ARTIFACT_CREATED_BY,
    GATE_RUN_SUMMARY,
    GATE_ALIAS_HOLDER,
    GATE_COLLECTION_ALIASES,
    GATE_COLLECTION_VERSIONS,
    GATE_ADD_ALIASES,
    GATE_DELETE_ALIASES,
    GATE_UPDATE_ARTIFACT
];

;// CONCATENATED MODULE: ./src/registry/wandb.ts






const REGISTRY_PREFIX = 'wandb-registry-';
const LEGACY_PROJECT = 'model-registry';
const VERSION_RE = /^v?(\d+)$/;
/** Server-managed aliases: W&B ignores them in addAliases. */
const MANAGED_ALIAS_RE = /^(latest|v\d+)$/;
class WandbRegistry {
    kind = 'wandb';
    describe;
    gql;
    /** model path as written → collection with the org entity resolved. */
    paths = new Map();
    /** `entity/project/collection` → where W&B says it really lives (legacy redirects). */
    redirects = new Map();
    orgEntities = new Map();
    /** ModelVersion.uri → where its producing run lives (runId alone does not say). */
    runs = new Map();
    // Several versions (and the same version resolved twice) can share a producing run: each
    // artifact's creator and each run are read once per action run, failures included.
    /** Artifact id → the run that logged it. */
    creators = new Map();
    /** `entity/project/run` → the run, or null when W&B no longer returns it. */
    runReads = new Map();
    constructor(http, options) {
        this.gql = new WandbGraphql(http, options);
        this.describe = `W&B registry at ${this.gql.endpoint.replace(/\/graphql$/, '')}`;
    }
    async getVersion(model, version) {
        return this.toModelVersion(await this.findVersion(model, version));
    }
    async resolveAlias(model, alias) {
        const name = checkAliasName(alias.replace(/^@/, ''), false);
        const found = await this.findAlias(await this.resolvePath(model), name);
        return found ? this.toModelVersion(found) : null;
    }
    async setAlias(model, alias, version) {
        const name = checkAliasName(alias.replace(/^@/, ''), true);
        this.requireKey(`move alias '${name}'`);
        const target = await this.findVersion(model, version);
        const { ref, membership } = target;
        try {
            // One call: W&B takes the alias off the previous holder itself. Deleting it first would
            // leave the collection without the alias in between.
            const data = await this.gql.request(GATE_ADD_ALIASES, { input: { artifactID: membership.artifact.id, aliases: [aliasInput(name, ref)] } }, { idempotent: true });
            if (!data.result?.success)
                throw new errors/* GateError */.u(`${PARTY} did not confirm adding alias '${name}' to ${pathOf(ref)}:v${membership.versionIndex}`, 'check the collection in the W&B UI and re-run');
        }
        catch (err) {
            throw aliasWriteError(err, 'move', name, ref);
        }
        const after = await this.lookup(ref, name);
        if (after?.membership.versionIndex !== membership.versionIndex)
            throw new errors/* GateError */.u(`${PARTY} accepted moving '${name}' to ${pathOf(ref)}:v${membership.versionIndex}, but ` +
                `reading it back, '${name}' ${after ? `points at v${after.membership.versionIndex}` : 'is not set'}`, 'someone may have moved it at the same time; check the collection in the W&B UI and re-run');
    }
    async deleteAlias(model, alias) {
        const name = checkAliasName(alias.replace(/^@/, ''), true);
        this.requireKey(`remove alias '${name}'`);
        const holder = await this.findAlias(await this.resolvePath(model), name);
        if (!holder)
            return;
        const { ref, membership } = holder;
        try {
            await this.gql.request(GATE_DELETE_ALIASES, { input: { artifactID: membership.artifact.id, aliases: [aliasInput(name, ref)] } }, { idempotent: true });
        }
        catch (err) {
            throw aliasWriteError(err, 'remove', name, ref);
        }
        const after = await this.lookup(ref, name);
        if (after)
            throw new errors/* GateError */.u(`${PARTY} accepted removing '${name}' from ${pathOf(ref)}, but it still points at ` +
                `v${after.membership.versionIndex}`, 'check the collection in the W&B UI and re-run');
    }
    /**
     * The receipt: tags become top-level keys of the artifact's metadata. W&B's updateArtifact
     * replaces the whole metadata document, so read, merge, write the merge, then read back and
     * check that the new keys arrived and every other key, the description and the tags survived.
     */
    async setTags(model, version, tags) {
        this.requireKey('write the receipt to the artifact metadata');
        const found = await this.findVersion(model, version);
        const { ref, membership } = found;
        const artifact = membership.artifact;
        const where = `${pathOf(ref)}:v${membership.versionIndex}`;
        const current = strictMetadata(artifact.metadata, where);
        const clean = {};
        for (const [k, v] of Object.entries(tags))
            clean[k] = (0,secrets/* redact */.E$)(v);
        const merged = { ...current, ...clean };
        const unchanged = Object.entries(clean).every(([k, v]) => current[k] === v);
        if (!unchanged) {
            try {
                // Safe to repeat: the same complete document is written each time.
                await this.gql.request(GATE_UPDATE_ARTIFACT, { input: { artifactID: artifact.id, metadata: JSON.stringify(merged) } }, { idempotent: true });
            }
            catch (err) {
                if (err instanceof WandbGraphqlError && err.kind === 'permission') {
                    const src = sourceOf(artifact);
                    throw new errors/* GateError */.u(`W&B denied writing the receipt to the metadata of ${where}${err.messages.length ? `: ${err.messages.join('; ')}` : ''}`, 'the user or service account behind WANDB_API_KEY needs write access to the artifact' +
                        (src ? ` (logged in ${src.split(':')[0]})` : '') +
                        ' and Member or Admin on the registry', { cause: err });
                }
                throw err;
            }
        }
        const after = await this.lookup(ref, `v${membership.versionIndex}`);
        if (!after)
            throw new errors/* GateError */.u(`${where} disappeared while its receipt was written`, 'check the collection in the W&B UI');
        const got = strictMetadata(after.membership.artifact.metadata, where);
        const wrong = Object.keys(clean).filter((k) => got[k] !== clean[k]);
        const lost = Object.keys(current).filter((k) => !(k in clean) && JSON.stringify(got[k]) !== JSON.stringify(current[k]));
        const problems = [];
        if (wrong.length)
            problems.push(`receipt keys not stored: ${wrong.join(', ')}`);
        if (lost.length)
            problems.push(`existing metadata keys changed: ${lost.join(', ')}`);
        if ((after.membership.artifact.description ?? '') !== (artifact.description ?? ''))
            problems.push('the description changed');
        const tagNames = (a) => a.tags
            .map((t) => t.name)
            .sort()
            .join(',');
        if (tagNames(after.membership.artifact) !== tagNames(artifact))
            problems.push('the tags changed');
        if (problems.length)
            throw new errors/* GateError */.u(`the receipt on ${where} did not verify after writing (${problems.join('; ')})`, 'someone may have edited the artifact at the same time; check its metadata in the W&B UI ' +
                'and re-run (re-running is harmless)');
    }
    compareVersions(a, b) {
        return versionNumber(a) - versionNumber(b);
    }
    // ------------------------------------------------------------------ resolution
    /** The collection a model path names, org entity resolved and known redirects applied. */
    async resolvePath(model) {
        let ref = this.paths.get(model);
        if (!ref) {
            const parsed = parseModelPath(model);
            const entity = parsed.project.startsWith(REGISTRY_PREFIX) || parsed.entity === undefined
                ? await this.orgEntity(parsed.entity, model)
                : parsed.entity;
            ref = { entity, project: parsed.project, collection: parsed.collection };
            this.paths.set(model, ref);
        }
        return this.redirects.get(pathOf(ref)) ?? ref;
    }
    async findVersion(model, version) {
        const spec = parseVersionSpec(version);
        const ref = await this.resolvePath(model);
        if (spec.kind === 'alias') {
            const found = await this.findAlias(ref, spec.alias);
            if (found)
                return found;
            throw await this.aliasNotSet(ref, spec.alias);
        }
        const index = spec.kind === 'id' ? await this.indexOfArtifact(ref, spec.id) : spec.index;
        const found = await this.lookup(ref, `v${index}`);
        if (found)
            return found;
        const ctx = await this.explainMissing(ref);
        if (!sameRef(ctx.ref, ref)) {
            const again = await this.lookup(ctx.ref, `v${index}`);
            if (again)
                return again;
        }
        const versions = await this.listVersions(ctx.ref, ctx.typeName);
        const numbers = versions.map(versionNumber).sort((x, y) => x - y);
        const near = [...numbers]
            .sort((x, y) => Math.abs(x - index) - Math.abs(y - index) || y - x)
            .slice(0, 3)
            .sort((x, y) => x - y);
        const listing = numbers.length
            ? `; nearest existing: ${near.map((n) => `v${n}`).join(', ')} ` +
                `(${numbers.length} version${numbers.length === 1 ? '' : 's'}, latest v${numbers[numbers.length - 1]})`
            : '; it has no committed versions';
        throw new errors/* GateError */.u(`W&B collection ${pathOf(ctx.ref)} has no version v${index}${listing}`, 'use an existing version (v12 or 12), or @<alias> for the version an alias points at');
    }
    /** The alias holder, following a redirect that only a successful lookup can reveal. */
    async findAlias(ref, alias) {
        const found = await this.lookup(ref, alias);
        if (found)
            return found;
        const ctx = await this.explainMissing(ref);
        if (sameRef(ctx.ref, ref))
            return null;
        return this.lookup(ctx.ref, alias);
    }
    /** `collection:<name>` in a project; null when W&B has no such membership. */
    async lookup(ref, name) {
        const data = await this.gql.request(GATE_ARTIFACT_VERSION_BY_NAME, {
            entity: ref.entity,
            project: ref.project,
            name: `${ref.collection}:${name}`
        });
        if (!data.project)
            throw this.projectNotFound(ref);
        const m = data.project.artifactCollectionMembership;
        if (!m)
            return null;
        if (!m.artifact || m.versionIndex === null || m.versionIndex === undefined)
            throw new errors/* GateError */.u(`${PARTY} returned ${pathOf(ref)}:${name} without its artifact or version number`, 'the version may be pending or deleted; check it in the W&B UI');
        const canonical = collectionRefOf(m.artifactCollection) ?? ref;
        this.adopt(ref, canonical);
        return { ref: canonical, membership: m };
    }
    /** Remember where W&B really keeps a collection; warn when a legacy path was redirected. */
    adopt(asked, real) {
        if (sameRef(asked, real) || this.redirects.has(pathOf(asked)))
            return;
        this.redirects.set(pathOf(asked), real);
        if (asked.project !== real.project)
            log/* log */.R.warning(`W&B redirected ${pathOf(asked)} to ${pathOf(real)} (the Model Registry was migrated to ` +
                `W&B Registry); model-gate uses the new path. Update the model path to ${pathOf(real)}.`);
    }
    /**
     * After a lookup came back empty: does the collection exist, and where does it really live?
     * A `latest` lookup answers both when the collection has versions (and reveals a redirect);
     * otherwise the type-free collection lookup tells "empty" from "absent".
     */
    async explainMissing(ref) {
        const probe = await this.lookup(ref, 'latest');
        if (probe?.membership.artifactCollection)
            return {
                ref: probe.ref,
                typeName: probe.membership.artifact.artifactType.name,
                collectionId: probe.membership.artifactCollection.id
            };
        const data = await this.gql.request(GATE_ALIAS_HOLDER, { ...ref, alias: 'latest' });
        if (!data.project)
            throw this.projectNotFound(ref);
        const collection = data.project.artifactCollection;
        if (!collection)
            throw new errors/* GateError */.u(`W&B project ${ref.entity}/${ref.project} has no collection '${ref.collection}'`, ref.project.startsWith(REGISTRY_PREFIX)
                ? `check the collection name in registry '${ref.project.slice(REGISTRY_PREFIX.length)}' ` +
                    '(W&B has no API to list collections without a type, so no suggestions)'
                : 'check the registered model / collection name (names are case-sensitive)');
        return {
            ref: collectionRefOf(collection) ?? ref,
            typeName: 'model',
            collectionId: collection.id
        };
    }
    async aliasNotSet(ref, alias) {
        const ctx = await this.explainMissing(ref);
        const inUse = await this.listAliases(ctx.collectionId);
        const near = (0,nearest/* nearest */.p)(alias, inUse);
        const hint = near.length
            ? ` (did you mean ${near.map((a) => `'${a}'`).join(', ')}?)`
            : inUse.length
                ? `; aliases in use: ${inUse.slice(0, 10).join(', ')}`
                : '; no aliases are set';
        return new errors/* GateError */.u(`alias '${alias}' is not set on W&B collection ${pathOf(ctx.ref)}${hint}`, 'use an alias that is set, or a version number (v12)');
    }
    async indexOfArtifact(ref, id) {
        const data = await this.gql.request(GATE_ARTIFACT_MEMBERSHIPS_BY_ID, { id });
        if (!data.artifact)
            throw new errors/* GateError */.u(`W&B has no artifact with id ${id} visible to this API key`, 'check the version the automation sent, or give a version number (v12)');
        const candidates = [ref, this.redirects.get(pathOf(ref))].filter(Boolean);
        const linked = [];
        for (const edge of data.artifact.artifactMemberships.edges) {
            const at = collectionRefOf(edge.node?.artifactCollection ?? null);
            if (!at || edge.node?.versionIndex == null)
                continue;
            linked.push(`${pathOf(at)}:v${edge.node.versionIndex}`);
            if (candidates.some((c) => sameRef(c, at)))
                return edge.node.versionIndex;
        }
        // A legacy path that redirects only shows up under its new name; match the collection name.
        const byName = data.artifact.artifactMemberships.edges.filter((e) => e.node?.artifactCollection?.name === ref.collection && e.node.versionIndex != null);
        if (byName.length === 1 && byName[0].node?.versionIndex != null)
            return byName[0].node.versionIndex;
        throw new errors/* GateError */.u(`W&B artifact ${id} is not linked into ${pathOf(ref)}` +
            (linked.length ? `; it is linked as ${linked.slice(0, 5).join(', ')}` : ''), 'link the version into the collection first, or check the model path');
    }
    async listVersions(ref, typeName) {
        const out = [];
        let cursor = null;
        // Enough for suggestions; a collection with thousands of versions still answers quickly.
        for (let page = 0; page < 10; page++) {
            const data = await this.gql.request(GATE_COLLECTION_VERSIONS, {
                ...ref,
                type: typeName,
                cursor,
                perPage: 100,
                filters: JSON.stringify({ state: 'COMMITTED' })
            });
            const conn = data.project?.artifactType?.artifactCollection?.artifacts;
            if (!conn)
                break;
            for (const e of conn.edges)
                if (VERSION_RE.test(e.version))
                    out.push(e.version);
            if (!conn.pageInfo.hasNextPage || !conn.pageInfo.endCursor)
                break;
            cursor = conn.pageInfo.endCursor;
        }
        return out;
    }
    async listAliases(collectionId) {
        const data = await this.gql.request(GATE_COLLECTION_ALIASES, { id: collectionId, perPage: 100 });
        const names = (data.artifactCollection?.aliases.edges ?? [])
            .map((e) => e.node?.alias)
            .filter((a) => !!a && !MANAGED_ALIAS_RE.test(a));
        return [...new Set(names)].sort();
    }
    /** The org entity that owns `wandb-registry-*` projects, from a team, org or the viewer. */
    async orgEntity(start, model) {
        const key = start ?? '';
        const cached = this.orgEntities.get(key);
        if (cached)
            return cached;
        let entity = start;
        if (!entity) {
            if (!this.gql.hasCredentials)
                throw new errors/* GateError */.u(`model path '${model}' has no entity, and without WANDB_API_KEY model-gate cannot find ` +
                    'your organization', `set WANDB_API_KEY, or write the path as <org-entity>/${model}`);
            const data = await this.gql.request(GATE_VIEWER, {});
            entity = data.viewer?.entity ?? data.viewer?.username ?? undefined;
            if (!entity)
                throw new errors/* GateError */.u('W&B did not say which entity WANDB_API_KEY belongs to', `write the path as <org-entity>/${model}`);
        }
        const org = await this.orgOf(entity, start === undefined, model);
        this.orgEntities.set(key, org);
        return org;
    }
    async orgOf(entity, fromViewer, model) {
        const data = await this.gql.request(GATE_ORG_ENTITY_FROM_ENTITY, { entity });
        const e = data.entity;
        if (e) {
            if (e.organization?.orgEntity?.name)
                return e.organization.orgEntity.name;
            const orgs = (e.user?.organizations ?? []).filter((o) => o.orgEntity?.name);
            if (orgs.length === 1)
                return orgs[0].orgEntity.name;
            const rest = model.split('/').slice(-2).join('/');
            if (orgs.length > 1)
                throw new errors/* GateError */.u(`entity '${entity}' belongs to several W&B organizations ` +
                    `(${orgs.map((o) => `${o.name}: ${o.orgEntity.name}`).join(', ')}), so '${model}' is ambiguous`, `write the path with the org entity, e.g. ${orgs[0].orgEntity.name}/${rest}`);
            // An explicit entity with no organization above it is taken to be the org entity itself.
            if (!fromViewer)
                return entity;
            throw new errors/* GateError */.u(`the default entity '${entity}' of WANDB_API_KEY belongs to no W&B organization, so ` +
                `'${model}' cannot be resolved`, `write the path with the org entity, e.g. <org-entity>/${rest}`);
        }
        const byOrg = await this.gql.request(GATE_ORG_ENTITY_FROM_ORG, {
            org: entity
        });
        if (byOrg.organization?.orgEntity?.name)
            return byOrg.organization.orgEntity.name;
        throw new errors/* GateError */.u(`W&B has no entity or organization named '${entity}' visible to this API key`, 'check the first part of the model path (a team, the org entity or the organization name)');
    }
    // ------------------------------------------------------------------ mapping
    async toModelVersion(found) {
        const { ref, membership } = found;
        const a = membership.artifact;
        const version = `v${membership.versionIndex}`;
        const model = pathOf(ref);
        const created = Date.parse(membership.createdAt ?? a.createdAt);
        const uri = `wandb-artifact://${model}:${version}`;
        const run = await this.producingRun(a.id);
        if (run)
            this.runs.set(uri, run);
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
        };
    }
    producingRun(artifactId) {
        let creator = this.creators.get(artifactId);
        if (!creator)
            this.creators.set(artifactId, (creator = this.readProducingRun(artifactId)));
        return creator;
    }
    /** The run that logged the artifact; lineage is a nicety, so a hidden run is not an error. */
    async readProducingRun(artifactId) {
        try {
            const data = await this.gql.request(GATE_ARTIFACT_CREATED_BY, { id: artifactId });
            const by = data.artifact?.createdBy;
            if (by?.__typename !== 'Run' || !by.name || !by.project)
                return undefined;
            return { entity: by.project.entity.name, project: by.project.name, name: by.name };
        }
        catch (err) {
            if (!(err instanceof WandbGraphqlError) || err.kind === 'auth')
                throw err;
            log/* log */.R.debug(`W&B: producing run of ${artifactId} not readable: ${err.message}`);
            return undefined;
        }
    }
    /**
     * The producing run for lineage gates: state, config (as params), summary (as final metrics)
     * and tags. Config values come unwrapped from W&B's {value, desc} form; nested values are
     * dotted like metadata tags. A run W&B no longer returns is an error, not "no run".
     */
    async getRunFacts(version) {
        if (!version.runId)
            return null;
        let at = this.runs.get(version.uri);
        if (!at) {
            const fresh = await this.getVersion(version.model, version.version);
            at = this.runs.get(fresh.uri);
        }
        if (!at)
            return null;
        const key = `${at.entity}/${at.project}/${at.name}`;
        let read = this.runReads.get(key);
        if (!read)
            this.runReads.set(key, (read = this.readRun(at)));
        const run = await read;
        if (!run)
            throw new errors/* GateError */.u(`run ${at.name} in ${at.entity}/${at.project}, which produced ${version.model}:${version.version}, ` +
                'was not found (deleted, or not visible to this API key)', 'give the key read access to the training project, or drop run.* conditions from the gate');
        const summary = looseMetadata(run.summaryMetrics);
        return {
            id: run.name,
            url: `${appUrl(this.gql.endpoint)}/${at.entity}/${at.project}/runs/${run.name}`,
            status: run.state ?? undefined,
            deleted: false,
            params: runParams(looseMetadata(run.config)),
            metrics: runMetrics(summary),
            tags: Object.fromEntries((run.tags ?? []).map((t) => [t, 'true'])),
            summary
        };
    }
    async readRun(at) {
        const data = await this.gql.request(GATE_RUN_SUMMARY, { entity: at.entity, project: at.project, run: at.name });
        return data.project?.run ?? null;
    }
    requireKey(what) {
        if (!this.gql.hasCredentials)
            throw new errors/* GateError */.u(`WANDB_API_KEY is not set, so model-gate cannot ${what}`, 'set WANDB_API_KEY in the step env from a repository secret (evaluate mode works without it ' +
                'on public projects)');
    }
    projectNotFound(ref) {
        const registry = ref.project.startsWith(REGISTRY_PREFIX);
        return new errors/* GateError */.u(`W&B project ${ref.entity}/${ref.project} was not found or is not visible` +
            (this.gql.hasCredentials ? ' to this API key' : ' without an API key'), !this.gql.hasCredentials
            ? 'set WANDB_API_KEY from a repository secret'
            : registry
                ? `check the registry name and that the key's user or service account is a member of ` +
                    `registry '${ref.project.slice(REGISTRY_PREFIX.length)}'`
                : 'check the entity and project in the model path (entity/project/collection) and that ' +
                    "the key's user or service account can see the project");
    }
}
// -------------------------------------------------------------------- pure helpers
function parseModelPath(model) {
    const path = model.trim();
    const example = 'team/model-registry/<name>, or wandb-registry-<registry>/<collection>';
    if (path.includes(':'))
        throw new errors/* GateError */.u(`W&B model path '${path}' contains a version or alias after ':'`, `put the collection path in 'model' and the version in 'version' (e.g. model ${path.split(':')[0]}, version ${path.split(':').slice(1).join(':')})`);
    const parts = path.split('/');
    if (parts.some((p) => !p))
        throw new errors/* GateError */.u(`W&B model path '${path}' has an empty part`, `write it as ${example}`);
    if (parts.length === 3)
        return { entity: parts[0], project: parts[1], collection: parts[2] };
    if (parts.length === 2 && parts[0].startsWith(REGISTRY_PREFIX))
        return { entity: undefined, project: parts[0], collection: parts[1] };
    throw new errors/* GateError */.u(`W&B model path '${path}' is not entity/project/collection`, parts.length === 2
        ? `add the entity (${parts[0] === LEGACY_PROJECT ? `<team>/${path}` : `<entity>/${path}`}), or write ${example}`
        : `write it as ${example}`);
}
/** `v12`, `12`, `@alias`, a bare alias (W&B's own `name:alias` form), or an automation's id URI. */
function parseVersionSpec(version) {
    const v = version.trim();
    const num = VERSION_RE.exec(v);
    if (num)
        return { kind: 'index', index: Number(num[1]) };
    if (v.startsWith('wandb-artifact://')) {
        const rest = v.slice('wandb-artifact://'.length).replace(/^\/+/, '');
        if (rest.startsWith('_id/') && rest.split('/')[1])
            return { kind: 'id', id: decodeURIComponent(rest.split('/')[1]) };
        const colon = rest.lastIndexOf(':');
        if (colon > 0)
            return parseVersionSpec(rest.slice(colon + 1));
        throw new errors/* GateError */.u(`W&B version '${v}' is not a wandb-artifact:// reference model-gate understands`, 'use v12, 12, @<alias> or wandb-artifact://_id/<artifact id>');
    }
    if (v.startsWith('@'))
        return { kind: 'alias', alias: checkAliasName(v.slice(1), false) };
    if (!v)
        throw new errors/* GateError */.u('the W&B version is empty', 'use v12, 12 or @<alias>');
    return { kind: 'alias', alias: checkAliasName(v, false) };
}
/** W&B's alias rules (no '/' or ':', at most 128); `writing` also refuses server-managed ones. */
function checkAliasName(alias, writing) {
    if (!alias || alias.length > 128 || /[/:]/.test(alias))
        throw new errors/* GateError */.u(`'${alias}' is not a valid W&B alias`, "aliases are 1–128 characters without '/' or ':'");
    if (writing && MANAGED_ALIAS_RE.test(alias))
        throw new errors/* GateError */.u(`W&B manages the alias '${alias}' itself and ignores attempts to set or remove it`, "choose another alias name (the default is 'champion')");
    return alias;
}
function versionNumber(v) {
    const m = VERSION_RE.exec(v.trim());
    if (!m)
        throw new errors/* GateError */.u(`'${v}' is not a W&B version number`, 'W&B versions look like v12');
    return Number(m[1]);
}
function pathOf(ref) {
    return `${ref.entity}/${ref.project}/${ref.collection}`;
}
function sameRef(a, b) {
    return a.entity === b.entity && a.project === b.project && a.collection === b.collection;
}
function collectionRefOf(c) {
    if (!c?.project)
        return undefined;
    return { entity: c.project.entity.name, project: c.project.name, collection: c.name };
}
function aliasInput(alias, ref) {
    return {
        alias,
        entityName: ref.entity,
        projectName: ref.project,
        artifactCollectionName: ref.collection
    };
}
/** The logged artifact a registry version links to: `entity/project/name:vK`. */
function sourceOf(a) {
    const s = a.artifactSequence;
    if (!s?.project)
        return undefined;
    return `${s.project.entity.name}/${s.project.name}/${s.name}${a.versionIndex != null ? `:v${a.versionIndex}` : ''}`;
}
function aliasWriteError(err, verb, alias, ref) {
    if (!(err instanceof WandbGraphqlError) || err.kind !== 'permission')
        return err;
    const said = err.messages.length ? `: ${err.messages.join('; ')}` : '';
    const registry = ref.project.startsWith(REGISTRY_PREFIX)
        ? ref.project.slice(REGISTRY_PREFIX.length)
        : undefined;
    const text = err.messages.join(' ');
    if (/protected/i.test(text))
        return new errors/* GateError */.u(`alias '${alias}' is protected in ${pathOf(ref)}: only a registry Admin (or an Admin ` +
            `service account) can ${verb} it${said}`, `give the user or service account behind WANDB_API_KEY the Admin role on registry ` +
            `'${registry ?? ref.project}', or have a registry admin ${verb} it; protected aliases ` +
            'are listed in the registry settings in the W&B UI', { cause: err });
    if (!registry && ref.project === LEGACY_PROJECT && /read[- ]?only/i.test(text))
        return new errors/* GateError */.u(`${pathOf(ref)} is read-only (the legacy Model Registry was migrated to W&B Registry)${said}`, 'use the collection path in W&B Registry (<org-entity>/wandb-registry-<registry>/<collection>)', { cause: err });
    return new errors/* GateError */.u(`W&B denied permission to ${verb} alias '${alias}' in ${pathOf(ref)}${said}`, registry
        ? `the user or service account behind WANDB_API_KEY needs the Member or Admin role on ` +
            `registry '${registry}' (Viewer cannot change aliases; a protected alias needs Admin)`
        : `the user or service account behind WANDB_API_KEY needs write access to ${ref.entity}/${ref.project}`, { cause: err });
}
/** Metadata as an object; unreadable metadata reads as empty (it is only shown, not written). */
function looseMetadata(raw) {
    try {
        const v = raw ? JSON.parse(raw) : {};
        return isRecord(v) ? v : {};
    }
    catch {
        return {};
    }
}
/** Metadata we are about to rewrite: anything unreadable stops the write so nothing is lost. */
function strictMetadata(raw, where) {
    if (raw === null || raw === '')
        return {};
    try {
        const v = JSON.parse(raw);
        if (v === null)
            return {};
        if (isRecord(v))
            return v;
    }
    catch {
        // fall through
    }
    throw new errors/* GateError */.u(`the metadata of ${where} is not a JSON object, so model-gate will not rewrite it`, 'fix the artifact metadata in the W&B UI or SDK, then re-run');
}
function isRecord(v) {
    return typeof v === 'object' && v !== null && !Array.isArray(v);
}
/**
 * Nested metadata → dotted keys with string values ({a: {b: 1}} → {"a.b": "1"}); arrays and
 * other non-scalars keep their JSON form. A top-level dotted key wins over a nested path.
 */
function flattenMetadata(meta) {
    const out = {};
    const walk = (prefix, value) => {
        if (isRecord(value) && Object.keys(value).length) {
            for (const [k, v] of Object.entries(value))
                walk(prefix ? `${prefix}.${k}` : k, v);
            return;
        }
        if (prefix in out)
            return;
        out[prefix] = typeof value === 'string' ? value : (JSON.stringify(value) ?? 'null');
    };
    // Top-level keys first so they take precedence over an equal dotted path from nesting.
    for (const [k, v] of Object.entries(meta))
        if (!isRecord(v))
            walk(k, v);
    for (const [k, v] of Object.entries(meta))
        if (isRecord(v))
            walk(k, v);
    return out;
}
/** The app URL for links, as the SDK derives it: api.wandb.ai → wandb.ai, api.x → app.x. */
function appUrl(endpoint) {
    const url = new URL(endpoint);
    if (url.hostname === 'api.wandb.ai')
        url.hostname = 'wandb.ai';
    else if (url.hostname.startsWith('api.'))
        url.hostname = `app.${url.hostname.slice(4)}`;
    return url.origin;
}
/** Run config → params: {k: {value, desc}} unwrapped, W&B's internal `_wandb` dropped. */
function runParams(config) {
    const plain = {};
    for (const [k, v] of Object.entries(config)) {
        if (k.startsWith('_wandb'))
            continue;
        plain[k] = isRecord(v) && 'value' in v ? v.value : v;
    }
    return flattenMetadata(plain);
}
/** Run summary → final metrics: finite numbers only; media entries ({_type: ...}) skipped. */
function runMetrics(summary) {
    const out = {};
    const walk = (prefix, value) => {
        if (typeof value === 'number' && Number.isFinite(value))
            out[prefix] = value;
        else if (isRecord(value) && !('_type' in value))
            for (const [k, v] of Object.entries(value))
                walk(`${prefix}.${k}`, v);
    };
    for (const [k, v] of Object.entries(summary))
        if (!k.startsWith('_wandb'))
            walk(k, v);
    return out;
}


/***/ })

};
