import type { MetricGateConfig } from '../../settings/config.js'
import type { ModelVersion } from '../../registry/registry.js'
import { sourceFor } from './index.js'
import type { MetricResult } from './result.js'
import type { SourceContext } from './source.js'

/**
 * One reading per (metric gate, version), shared: the regression gate re-uses the candidate's
 * result from the metric gate it names and reads the champion through the same source.
 */
export class Evaluations {
  private readonly cache = new Map<string, Promise<MetricResult>>()

  get(gate: MetricGateConfig, version: ModelVersion, ctx: SourceContext): Promise<MetricResult> {
    const key = `${gate.name}\u0000${version.version}`
    let p = this.cache.get(key)
    if (!p) {
      const side =
        ctx.champion?.version === version.version && ctx.candidate.version !== version.version
          ? 'champion'
          : 'candidate'
      p = (async () => (await sourceFor(gate)).read(version, side, ctx))()
      // A failure is not cached as a success, but is shared by everyone waiting on it.
      this.cache.set(key, p)
    }
    return p
  }
}
