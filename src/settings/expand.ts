import { GateError } from '../errors.js'
import { registerSecret } from '../secrets.js'

/**
 * `${NAME}` references, allowed in endpoint URLs and headers only. Each value is registered as a
 * secret before it is used, so it never reaches a log or a report.
 */
const REF = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g

export function expandEnv(text: string, where: string, env: NodeJS.ProcessEnv): string {
  return text.replace(REF, (_, name: string) => {
    const value = env[name]
    if (value === undefined || value === '')
      throw new GateError(
        `${where} refers to \${${name}}, but the environment variable ${name} is not set`,
        `set ${name} in the step's env (from a secret: ${name}: \${{ secrets.${name} }})`
      )
    registerSecret(value)
    return value
  })
}

export function hasEnvRef(text: string): boolean {
  return /\$\{[A-Za-z_][A-Za-z0-9_]*\}/.test(text)
}

/** Fill `{model}`, `{version}`, … from the run; unknown braces are left alone (JSON bodies). */
export function fillTemplate(text: string, values: Record<string, string>): string {
  return text.replace(/\{([a-z_]+)\}/g, (whole, key: string) =>
    Object.prototype.hasOwnProperty.call(values, key) ? values[key] : whole
  )
}

export function fillTemplateDeep(value: unknown, values: Record<string, string>): unknown {
  if (typeof value === 'string') return fillTemplate(value, values)
  if (Array.isArray(value)) return value.map((v) => fillTemplateDeep(v, values))
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, fillTemplateDeep(v, values)])
    )
  return value
}
