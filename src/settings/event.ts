import { readFileSync } from 'node:fs'
import { GateError } from '../errors.js'

/**
 * What the triggering event says about the model to gate. Each trigger carries it differently:
 * workflow_dispatch inputs, a repository_dispatch client_payload (plain, W&B automation, or an
 * MLflow webhook envelope forwarded by the relay), or nothing at all on pull requests.
 */

export interface GithubEvent {
  name: string
  payload: Record<string, unknown>
}

interface EventTarget {
  model?: string
  version?: string
  registry?: 'mlflow' | 'wandb'
  /** Default mode for the trigger (pull requests only evaluate). */
  mode?: 'promote' | 'evaluate' | 'rollback'
  /** Where the target came from, for the report. */
  source: string
}

export function readEvent(env: NodeJS.ProcessEnv): GithubEvent {
  const name = env.GITHUB_EVENT_NAME ?? ''
  const file = env.GITHUB_EVENT_PATH
  if (!file) return { name, payload: {} }
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as unknown
    return { name, payload: isObject(parsed) ? parsed : {} }
  } catch {
    throw new GateError(
      `the event file ${file} (GITHUB_EVENT_PATH) is not readable JSON`,
      'this is set by the runner; when running locally, point GITHUB_EVENT_PATH at a JSON file'
    )
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function str(v: unknown): string | undefined {
  if (typeof v === 'string' && v.trim()) return v.trim()
  if (typeof v === 'number' && Number.isFinite(v)) return String(v)
  return undefined
}

/** `entity/project/name:v3` → model and version (W&B's ${artifact_version_string}). */
function splitWandbVersionString(s: string): { model: string; version?: string } {
  const i = s.lastIndexOf(':')
  if (i < 0) return { model: s }
  return { model: s.slice(0, i), version: s.slice(i + 1) }
}

export function eventTarget(event: GithubEvent): EventTarget {
  const p = event.payload
  switch (event.name) {
    case 'workflow_dispatch': {
      const inputs = isObject(p.inputs) ? p.inputs : {}
      const mode = str(inputs.mode)
      return {
        model: str(inputs.model),
        version: str(inputs.version),
        registry: registryOf(inputs.registry),
        mode: mode === 'promote' || mode === 'evaluate' || mode === 'rollback' ? mode : undefined,
        source: 'workflow_dispatch inputs'
      }
    }
    case 'repository_dispatch': {
      const cp = isObject(p.client_payload) ? p.client_payload : {}
      return fromClientPayload(cp)
    }
    case 'pull_request':
    case 'pull_request_target':
    case 'merge_group':
      return { mode: 'evaluate', source: event.name }
    default:
      return { source: event.name || 'no event' }
  }
}

function registryOf(v: unknown): 'mlflow' | 'wandb' | undefined {
  return v === 'mlflow' || v === 'wandb' ? v : undefined
}

function fromClientPayload(cp: Record<string, unknown>): EventTarget {
  // MLflow webhook envelope, forwarded as is: {entity, action, data: {name, version, ...}}
  if (typeof cp.entity === 'string' && isObject(cp.data)) {
    return {
      model: str(cp.data.name),
      version: str(cp.data.version),
      registry: 'mlflow',
      source: `MLflow webhook ${cp.entity}.${str(cp.action) ?? '?'}`
    }
  }
  // W&B automation payload: ${artifact_version_string} = "entity/project/collection:v3"
  const avs = str(cp.artifact_version_string)
  if (avs) {
    const { model, version } = splitWandbVersionString(avs)
    return {
      model,
      version: str(cp.artifact_version) ?? version,
      registry: 'wandb',
      source: `W&B automation${str(cp.event_type) ? ` ${str(cp.event_type)}` : ''}`
    }
  }
  return {
    model: str(cp.model),
    version: str(cp.version),
    registry: registryOf(cp.registry),
    source: 'repository_dispatch client_payload'
  }
}

/** The keys (never the values) of what an event carried, for "no model named" errors. */
export function describePayloadKeys(event: GithubEvent): string {
  const p = event.payload
  const inner = isObject(p.client_payload)
    ? p.client_payload
    : isObject(p.inputs)
      ? p.inputs
      : undefined
  const where = isObject(p.client_payload)
    ? 'client_payload'
    : isObject(p.inputs)
      ? 'inputs'
      : 'payload'
  const keys = Object.keys(inner ?? p)
  return `${where} keys: ${keys.length ? keys.join(', ') : '(none)'}`
}
