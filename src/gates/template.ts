import type { ModelVersion } from '../registry/registry.js'
import { fillTemplate } from '../settings/expand.js'

/** What a template needs from the run: the alias and the champion it held at the start. */
interface TemplateRun {
  settings: { alias: string }
  champion: ModelVersion | null
}

/** Fill `{model}`, `{version}`, … for a version under evaluation (SPEC §3). */
export function templateValues(run: TemplateRun, version: ModelVersion): Record<string, string> {
  return {
    model: version.model,
    version: version.version,
    model_uri: version.uri,
    alias: run.settings.alias,
    previous_version: run.champion?.version ?? ''
  }
}

/** Request headers with their templates filled (secrets are already expanded at load). */
export function fillHeaders(
  headers: Record<string, string> | undefined,
  values: Record<string, string>
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers ?? {}).map(([k, v]) => [k, fillTemplate(v, values)])
  )
}
