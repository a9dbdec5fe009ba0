/**
 * The floor of a cold start, for bench/cold-start.ts: only what every run must do before it can
 * know which registry to ask, reading the config with yaml and checking it with zod (the brief's
 * libraries for YAML and for every external shape). Bundled with ncc like dist/index.js.
 */
import { readFileSync } from 'node:fs'
import YAML from 'yaml'
import { z } from 'zod'

const Gate = z.object({
  name: z.string(),
  type: z.enum(['metric', 'regression', 'latency', 'lineage']),
  endpoint: z.url().optional(),
  metric: z.string(),
  min: z.number().optional()
})
z.object({ gates: z.array(Gate).min(1) })
  .strict()
  .parse(YAML.parse(readFileSync(process.env.INPUT_CONFIG ?? 'c.yml', 'utf8')))
