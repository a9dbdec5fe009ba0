import { log } from './log.js'

/**
 * Every secret value the run learns (credentials, `${NAME}` expansions) is registered here once:
 * masked in the runner log at once, and scrubbed from everything model-gate writes itself
 * (summary, receipt, registry tags, GitHub bodies), which the runner's masking does not cover.
 */
const secrets = new Set<string>()

export function registerSecret(value: string | undefined): void {
  if (!value) return
  // Very short values would scrub ordinary words out of reports; the runner masks them in logs anyway.
  log.mask(value)
  if (value.length >= 4) secrets.add(value)
  // A basic-auth header carries the secret base64-encoded; scrub that form as well.
  if (value.length >= 4) secrets.add(Buffer.from(value).toString('base64'))
}

/** Basic-auth credentials travel as base64("user:secret"), which contains neither part as is. */
export function registerBasicAuth(user: string | undefined, secret: string | undefined): void {
  if (!user || !secret) return
  registerSecret(secret)
  registerSecret(Buffer.from(`${user}:${secret}`).toString('base64'))
}

export function redact(text: string): string {
  let out = text
  // Longest first, so a secret that contains another is scrubbed whole.
  for (const s of [...secrets].sort((a, b) => b.length - a.length)) {
    if (out.includes(s)) out = out.split(s).join('***')
  }
  return out
}

/** Redact every string inside a JSON-able value. */
export function redactDeep<T>(value: T): T {
  return JSON.parse(redact(JSON.stringify(value))) as T
}

/** For tests: forget what earlier runs in the same process registered. */
export function clearSecrets(): void {
  secrets.clear()
}
