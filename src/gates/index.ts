import type { GateConfig, MetricGateConfig } from '../settings/config.js'
import type { Gate } from './gate.js'
import { LineageGate } from './lineage.js'
import { MetricGate } from './metric/gate.js'
import { RegressionGate } from './regression.js'
import { LatencyGate } from './latency/gate.js'

/** One gate object per configured gate (after `${NAME}` expansion), by type. */
export function createGates(gates: GateConfig[]): Gate[] {
  return gates.map((g) => createGate(g, gates))
}

function createGate(g: GateConfig, all: GateConfig[]): Gate {
  switch (g.type) {
    case 'metric':
      return new MetricGate(g)
    case 'regression':
      return new RegressionGate(
        g,
        all.find((o) => o.name === g.of && o.type === 'metric') as MetricGateConfig
      )
    case 'lineage':
      return new LineageGate(g)
    case 'latency':
      return new LatencyGate(g)
  }
}
