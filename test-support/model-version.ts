import type { ModelVersion } from '../src/registry/registry.js'

/** A registry version as a source or gate sees it: no tags, no aliases unless given. */
export function modelVersion(version: string, model = 'chatbot'): ModelVersion {
  return { model, version, uri: `models:/${model}/${version}`, tags: {}, aliases: [] }
}
