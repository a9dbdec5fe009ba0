import { durationMs, type MetricGateConfig } from '../settings/config.js'
import { fillTemplate, fillTemplateDeep } from '../settings/expand.js'
import type { ModelVersion } from '../registry/registry.js'
import { callEvalEndpoint, evalRequestBody, type EvalResult } from './eval-protocol.js'
import type { GateContext } from './gate.js'
import { templateValues } from './gate.js'

/**
 * One evaluation per (metric gate, version), shared: the regression gate re-uses the candidate's
 * result from the metric gate it names and evaluates the champion through the same endpoint.
 */
export class Evaluations {
  private readonly cache = new Map<string, Promise<EvalResult>>()

  get(gate: MetricGateConfig, version: ModelVersion, ctx: GateContext): Promise<EvalResult> {
    const key = `${gate.name}\u0000${version.version}`
    let p = this.cache.get(key)
    if (!p) {
      p = this.call(gate, version, ctx)
      // A failure is not cached as a success, but is shared by everyone waiting on it.
      this.cache.set(key, p)
    }
    return p
  }

  private call(
    gate: MetricGateConfig,
    version: ModelVersion,
    ctx: GateContext
  ): Promise<EvalResult> {
    const values = templateValues(ctx, version)
    const isChampion =
      ctx.champion?.version === version.version && ctx.candidate.version !== version.version
    return callEvalEndpoint({
      http: ctx.http,
      endpoint: fillTemplate(gate.endpoint, values),
      headers: Object.fromEntries(
        Object.entries(gate.headers ?? {}).map(([k, v]) => [k, fillTemplate(v, values)])
      ),
      body: evalRequestBody(
        gate.name,
        gate.metric,
        ctx.settings.registry.type,
        version,
        fillTemplateDeep(gate.request, values) as Record<string, unknown> | undefined
      ),
      party: `eval endpoint of gate '${gate.name}'${isChampion ? ` (champion v${version.version})` : ''}`,
      pollIntervalMs: durationMs(gate.poll_interval, 2000),
      deadline: ctx.deadline,
      signal: ctx.signal,
      allowedHosts: ctx.settings.allowedHosts
    })
  }
}
