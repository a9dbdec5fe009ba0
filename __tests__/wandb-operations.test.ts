import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from '@jest/globals'
import {
  buildSchema,
  Kind,
  OperationTypeNode,
  parse,
  validate,
  type OperationDefinitionNode
} from 'graphql'
import { WANDB_OPERATIONS } from '../src/registry/wandb-operations.js'
import { wandbSchemaSdl } from '../test-support/wandb-standin.js'

// The reconstructed subset (test-support/fixtures/wandb), the same schema the stand-in validates every request against.
const schema = buildSchema(wandbSchemaSdl())

describe('W&B GraphQL operations', () => {
  it.each(WANDB_OPERATIONS.map((op) => [op.name, op] as const))(
    '%s validates against the schema subset',
    (_name, op) => {
      const document = parse(op.document)
      expect(validate(schema, document).map((e) => e.message)).toEqual([])
      const operations = document.definitions.filter(
        (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION
      )
      // One operation per document, named as the constant says, of the declared kind.
      expect(operations).toHaveLength(1)
      expect(operations[0].name?.value).toBe(op.name)
      expect(operations[0].operation === OperationTypeNode.MUTATION).toBe(op.mutation)
    }
  )

  it('has unique operation names', () => {
    const names = WANDB_OPERATIONS.map((op) => op.name)
    expect(new Set(names).size).toBe(names.length)
  })

  it('rejects a document that breaks the schema (the check is not vacuous)', () => {
    const bad = parse(`mutation X($input: AddAliasesInput!) { addAliases(input: $input) { nope } }`)
    expect(validate(schema, bad).length).toBeGreaterThan(0)
    const missingField = parse(
      `mutation Y { addAliases(input: {artifactID: "1", aliases: [{alias: "a", artifactCollectionName: "c"}]}) { success } }`
    )
    expect(
      validate(schema, missingField)
        .map((e) => e.message)
        .join(' ')
    ).toMatch(/entityName/)
  })

  it('keeps the graphql package out of the runtime client', () => {
    for (const file of ['wandb.ts', 'wandb-graphql.ts', 'wandb-operations.ts']) {
      const path = fileURLToPath(new URL(`../src/registry/${file}`, import.meta.url))
      expect(readFileSync(path, 'utf8')).not.toMatch(/from ['"]graphql['"]/)
    }
  })
})
