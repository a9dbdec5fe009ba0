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

export interface Operation {
  /** The operation name, also sent as `operationName`. */
  readonly name: string
  /** The whole document: the operation followed by every fragment it uses. */
  readonly document: string
  /** A mutation; queries are always safe to repeat. */
  readonly mutation: boolean
}

const GATE_ALIAS = /* GraphQL */ `
  fragment GateAlias on ArtifactAlias {
    id
    alias
  }
`

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
`

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
`

function op(name: string, mutation: boolean, ...parts: string[]): Operation {
  return { name, mutation, document: parts.map((p) => p.trim()).join('\n\n') + '\n' }
}

/** Cheap credential check; `entity` is the viewer's default entity. */
export const GATE_VIEWER = op(
  'GateViewer',
  false,
  /* GraphQL */ `
    query GateViewer {
      viewer {
        id
        username
        entity
      }
    }
  `
)

/** Org entity (owner of `wandb-registry-*` projects) from a team or personal entity. */
export const GATE_ORG_ENTITY_FROM_ENTITY = op(
  'GateOrgEntityFromEntity',
  false,
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
  `
)

/** Org entity from an organization's display name. */
export const GATE_ORG_ENTITY_FROM_ORG = op(
  'GateOrgEntityFromOrg',
  false,
  /* GraphQL */ `
    query GateOrgEntityFromOrg($org: String!) {
      organization(name: $org) {
        name
        orgEntity {
          name
        }
      }
    }
  `
)

/**
 * `$name` = "<collection>:<vN|alias>". The membership's collection carries the canonical
 * entity/project, which differ from the request when a legacy path redirects to a registry.
 */
export const GATE_ARTIFACT_VERSION_BY_NAME = op(
  'GateArtifactVersionByName',
  false,
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
  `,
  GATE_ALIAS,
  GATE_COLLECTION_INFO,
  GATE_ARTIFACT
)

/** Every collection an artifact is linked into, with its version there. */
export const GATE_ARTIFACT_MEMBERSHIPS_BY_ID = op(
  'GateArtifactMembershipsById',
  false,
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
  `,
  GATE_COLLECTION_INFO
)

/** The producing run (lineage); createdBy is the union Run | User. */
export const GATE_ARTIFACT_CREATED_BY = op(
  'GateArtifactCreatedBy',
  false,
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
  `
)

/** Run facts for lineage gates; summaryMetrics and config are JSONStrings. */
export const GATE_RUN_SUMMARY = op(
  'GateRunSummary',
  false,
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
  `
)

/**
 * Who holds an alias in a collection, addressed by name without a type. Used to tell "alias not
 * set" from "no such collection" and "no such project" after a membership lookup came back null.
 */
export const GATE_ALIAS_HOLDER = op(
  'GateAliasHolder',
  false,
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
  `,
  GATE_COLLECTION_INFO,
  GATE_ALIAS
)

/** All aliases in use in a collection, for "did you mean" on a misspelt alias. */
export const GATE_COLLECTION_ALIASES = op(
  'GateCollectionAliases',
  false,
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
  `,
  GATE_ALIAS
)

/**
 * Versions of a collection (the SDK's ProjectArtifacts path; it needs the artifact type name).
 * `edge.version` is the "vN" label in this collection.
 */
export const GATE_COLLECTION_VERSIONS = op(
  'GateCollectionVersions',
  false,
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
  `
)

/**
 * Add aliases to one artifact in one collection. The server moves each alias off whichever
 * version held it, so this is the whole promotion; repeating it changes nothing.
 */
export const GATE_ADD_ALIASES = op(
  'GateAddAliases',
  true,
  /* GraphQL */ `
    mutation GateAddAliases($input: AddAliasesInput!) {
      result: addAliases(input: $input) {
        success
      }
    }
  `
)

export const GATE_DELETE_ALIASES = op(
  'GateDeleteAliases',
  true,
  /* GraphQL */ `
    mutation GateDeleteAliases($input: DeleteAliasesInput!) {
      result: deleteAliases(input: $input) {
        success
      }
    }
  `
)

/** `metadata` replaces the whole JSON document, so callers read, merge, then write. */
export const GATE_UPDATE_ARTIFACT = op(
  'GateUpdateArtifact',
  true,
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
  `
)

/** Every document, for validation tests and the stand-in's allow-list. */
export const WANDB_OPERATIONS: readonly Operation[] = [
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
]
