import { describeError } from '../errors.js'
import { durationMs } from '../settings/config.js'
import type { Gate, GateContext, GateResult } from './gate.js'
import { resultFor } from './gate.js'
import { createGates } from './index.js'
import { Evaluations } from './metric/evaluations.js'
import type { SourceContext } from './metric/source.js'
import type { RegressionGate } from './regression.js'

const DEFAULT_GATE_TIMEOUT_MS = 15 * 60_000

type SharedContext = Omit<GateContext, 'signal' | 'deadline'>

/** Every configured gate on the candidate (and the champion where a gate compares). */
export async function gateCandidate(
  shared: Omit<SourceContext, 'signal' | 'deadline'>
): Promise<GateResult[]> {
  const gates = await createGates(shared.settings.gates)
  return runGates(gates, { ...shared, evaluations: new Evaluations() })
}

/**
 * Gates that do not disturb each other run concurrently; exclusive ones (latency) run alone
 * afterwards, so no other traffic inflates their percentiles. Each has its own deadline.
 */
async function runGates(gates: Gate[], shared: SharedContext): Promise<GateResult[]> {
  const results = new Map<Gate, GateResult>()
  const concurrent = gates.filter((g) => !g.exclusive)
  await Promise.all(concurrent.map(async (g) => results.set(g, await runOne(g, shared))))
  if (shared.settings.config.regression_correction === 'holm') {
    const regression = gates.filter((g): g is RegressionGate => g.config.type === 'regression')
    if (regression.length) {
      const { applyHolm } = await import('./regression.js')
      await applyHolm(regression, results as Map<RegressionGate, GateResult>)
    }
  }
  for (const g of gates.filter((x) => x.exclusive)) results.set(g, await runOne(g, shared))
  return gates.map((g) => results.get(g) as GateResult)
}

async function runOne(gate: Gate, shared: SharedContext): Promise<GateResult> {
  const timeoutMs = durationMs(gate.config.timeout, DEFAULT_GATE_TIMEOUT_MS)
  const started = Date.now()
  shared.progress?.gateStarted(gate.config.name)
  const controller = new AbortController()
  let timer: NodeJS.Timeout | undefined
  const timedOut = new Promise<GateResult>((resolve) => {
    timer = setTimeout(() => {
      controller.abort(new Error('gate timeout'))
      resolve(
        resultFor(
          gate.config,
          'error',
          `gate '${gate.config.name}' did not finish within ${Math.round(timeoutMs / 1000)} s. ` +
            "Raise the gate's timeout, or check why its endpoint is slow"
        )
      )
    }, timeoutMs)
  })
  try {
    const result = await Promise.race([
      gate
        .run({ ...shared, signal: controller.signal, deadline: started + timeoutMs })
        .catch((err: unknown) => resultFor(gate.config, 'error', describeError(err))),
      timedOut
    ])
    const took = Date.now() - started
    shared.progress?.gateFinished(gate.config.name, result.verdict, took)
    return { ...result, durationMs: took }
  } finally {
    clearTimeout(timer)
  }
}
