/**
 * What a lineage condition may name (SPEC §3, docs/lineage.md): `tag.<k>`, `run.param.<k>`,
 * `run.metric.<k>`, `run.tag.<k>`, `run.status`, or a bare key meaning `tag.<key>`. Read when the
 * config is parsed, so a bad key is a config error with its path, before any registry call.
 */

type Scope = 'tag' | 'run.param' | 'run.metric' | 'run.tag' | 'run.status'
export interface FactRef {
  scope: Scope
  name: string
}

const RUN_SCOPES: Scope[] = ['run.param', 'run.metric', 'run.tag']

/** The fact a key names, or a sentence saying why it names none. */
export function parseFactKey(key: string): FactRef | string {
  if (key === 'run.status') return { scope: 'run.status', name: 'status' }
  for (const scope of ['tag', ...RUN_SCOPES] as Scope[]) {
    if (key.startsWith(`${scope}.`)) {
      const name = key.slice(scope.length + 1)
      return name ? { scope, name } : `'${key}' names no key after '${scope}.'`
    }
  }
  if (key.startsWith('run.'))
    return `'${key}' is not a run fact (use run.param.<key>, run.metric.<key>, run.tag.<key> or run.status)`
  return { scope: 'tag', name: key }
}

interface ConditionShape {
  key: string
  present?: boolean
  equals?: unknown
  matches?: string
  min?: number
  max?: number
  equals_champion?: boolean
}

/** Problems of one condition that its schema alone cannot see, with the path of each. */
export function conditionProblems(c: ConditionShape): Array<{ path: string[]; message: string }> {
  const out: Array<{ path: string[]; message: string }> = []
  const ref = parseFactKey(c.key)
  if (typeof ref === 'string') out.push({ path: ['key'], message: ref })
  const others = [c.equals, c.matches, c.min, c.max].some((v) => v !== undefined)
  if (c.present === false && (others || c.equals_champion))
    out.push({ path: [], message: 'present: false cannot be combined with other checks' })
  if (c.min !== undefined && c.max !== undefined && c.min > c.max)
    out.push({ path: [], message: `min ${c.min} is above max ${c.max}` })
  if (c.matches !== undefined) {
    try {
      new RegExp(c.matches)
    } catch (err) {
      out.push({
        path: ['matches'],
        message: `${JSON.stringify(c.matches)} is not a valid regular expression (${
          err instanceof Error ? err.message : String(err)
        })`
      })
    }
  }
  return out
}
