import type { GateConfig, MetricGateConfig } from '../settings/config.js'
import type { Gate } from './gate.js'

/**
 * One gate object per configured gate (after `${NAME}` expansion), by type. Each type's code is
 * loaded only when a gate of that type is configured: the regression gate's statistics and the
 * latency gate's load generator stay out of a run that has neither.
 */
export async function createGates(gates: GateConfig[]): Promise<Gate[]> {
  return Promise.all(gates.map((g) => createGate(g, gates)))
}

async function createGate(g: GateConfig, all: GateConfig[]): Promise<Gate> {
  switch (g.type) {
    case 'metric': {
      const { MetricGate } = await import('./metric/gate.js')
      return new MetricGate(g)
    }
    case 'regression': {
      const { RegressionGate } = await import('./regression.js')
      return new RegressionGate(
        g,
        all.find((o) => o.name === g.of && o.type === 'metric') as MetricGateConfig
      )
    }
    case 'lineage': {
      const { LineageGate } = await import('./lineage.js')
      return new LineageGate(g)
    }
    case 'latency': {
      const { LatencyGate } = await import('./latency/gate.js')
      return new LatencyGate(g)
    }
  }
}
