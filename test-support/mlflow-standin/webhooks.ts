/**
 * Webhooks: the CRUD endpoints, and deliveries signed like mlflow/webhooks/delivery.py.
 */
import { createHmac, randomUUID } from 'node:crypto'
import http from 'node:http'
import https from 'node:https'
import { JSON_TYPE } from './constants.js'
import { invalid, notFound } from './errors.js'
import { type Ctx, type Reply, ok, requestParams } from './http.js'
import { int, messages, reqStr, str } from './params.js'
import { asText, isPlainObject, isoMicros, paginate, pyDumps, pyList, toInt } from './python.js'
import type { Standin } from './server.js'
import type { StandinWebhook, WebhookDeliveryRecord, WebhookEvent } from './types.js'

// Valid actions per webhook entity, in MLflow's enum order (mlflow/entities/webhook.py).
export const WEBHOOK_ACTIONS: Record<string, string[]> = {
  registered_model: ['created'],
  model_version: ['created'],
  model_version_tag: ['set', 'deleted'],
  model_version_alias: ['created', 'deleted'],
  prompt: ['created'],
  prompt_version: ['created'],
  prompt_tag: ['set', 'deleted'],
  prompt_version_tag: ['set', 'deleted'],
  prompt_alias: ['created', 'deleted']
}

// What POST webhooks/{id}/test sends (mlflow/webhooks: example payloads).
export const WEBHOOK_EXAMPLES: Record<string, Record<string, unknown>> = {
  'registered_model.created': {
    name: 'example_model',
    tags: { example_key: 'example_value' },
    description: 'An example registered model'
  },
  'model_version.created': {
    name: 'example_model',
    version: '1',
    source: 'models:/123',
    run_id: 'abcd1234abcd5678',
    tags: { example_key: 'example_value' },
    description: 'An example model version'
  },
  'model_version_tag.set': {
    name: 'example_model',
    version: '1',
    key: 'example_key',
    value: 'example_value'
  },
  'model_version_tag.deleted': { name: 'example_model', version: '1', key: 'example_key' },
  'model_version_alias.created': { name: 'example_model', alias: 'example_alias', version: '1' },
  'model_version_alias.deleted': { name: 'example_model', alias: 'example_alias' }
}

export function postJson(
  url: string,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
  inflight: Set<http.ClientRequest>
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const target = new URL(url)
    const mod = target.protocol === 'https:' ? https : http
    // agent: false so no keep-alive socket outlives close().
    const req = mod.request(
      target,
      {
        method: 'POST',
        agent: false,
        headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) }
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => {
          inflight.delete(req)
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') })
        })
        res.on('error', (e) => {
          inflight.delete(req)
          reject(e)
        })
      }
    )
    inflight.add(req)
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`timed out after ${timeoutMs} ms`)))
    req.on('error', (e) => {
      inflight.delete(req)
      reject(e)
    })
    req.end(body)
  })
}

export function webhookJson(w: StandinWebhook): Record<string, unknown> {
  return {
    webhook_id: w.id,
    name: w.name,
    description: w.description || undefined,
    url: w.url,
    events: w.events.map((e) => ({
      entity: e.entity.toUpperCase(),
      action: e.action.toUpperCase()
    })),
    status: w.status,
    creation_timestamp: w.creationTimestamp,
    last_updated_timestamp: w.lastUpdatedTimestamp
  }
}

export function emit(
  s: Standin,
  entity: string,
  action: string,
  data: Record<string, unknown>
): void {
  if (s.opts.deliverWebhooks === false) return
  for (const w of s.state.webhooks.values()) {
    if (w.status !== 'ACTIVE') continue
    if (!w.events.some((e) => e.entity === entity && e.action === action)) continue
    const p = deliver(s, w, entity, action, data)
      .then(() => undefined)
      .catch(() => undefined)
      .finally(() => s.pending.delete(p))
    s.pending.add(p)
  }
}

/** POSTs one signed event like mlflow/webhooks/delivery.py; records and returns the outcome. */
export async function deliver(
  s: Standin,
  w: StandinWebhook,
  entity: string,
  action: string,
  data: Record<string, unknown>
): Promise<WebhookDeliveryRecord> {
  const body = pyDumps({ entity, action, timestamp: isoMicros(Date.now()), data })
  const deliveryId = randomUUID()
  const ts = String(Math.floor(Date.now() / 1000))
  const headers: Record<string, string> = {
    'Content-Type': JSON_TYPE,
    'User-Agent': 'mlflow-standin',
    'X-MLflow-Delivery-Id': deliveryId,
    'X-MLflow-Timestamp': ts
  }
  if (w.secret) {
    const sig = createHmac('sha256', w.secret)
      .update(`${deliveryId}.${ts}.${body}`)
      .digest('base64')
    headers['X-MLflow-Signature'] = `v1,${sig}`
  }
  const record: WebhookDeliveryRecord = {
    webhookId: w.id,
    url: w.url,
    event: `${entity}.${action}`,
    headers,
    body
  }
  s.webhookDeliveries.push(record)
  try {
    const res = await postJson(w.url, headers, body, 10_000, s.inflight)
    record.status = res.status
    record.responseBody = res.body
  } catch (e) {
    record.error = e instanceof Error ? e.message : String(e)
  }
  return record
}

export function parseEvents(v: unknown): WebhookEvent[] {
  const events: WebhookEvent[] = []
  for (const e of Array.isArray(v) ? v : []) {
    const entity = asText(isPlainObject(e) ? e.entity : '').toLowerCase()
    const action = asText(isPlainObject(e) ? e.action : '').toLowerCase()
    const actions = WEBHOOK_ACTIONS[entity]
    if (!actions) {
      throw invalid(
        `Invalid entity '${entity}'. Valid entities are: ${pyList(Object.keys(WEBHOOK_ACTIONS))}`
      )
    }
    if (!actions.includes(action)) {
      throw invalid(
        `Invalid action '${action}' for entity '${entity}'. Valid actions are: ${pyList(actions)}`
      )
    }
    if (!events.some((x) => x.entity === entity && x.action === action)) {
      events.push({ entity, action })
    }
  }
  if (!events.length) throw invalid('Webhook events cannot be empty.')
  // Stored as rows and read back sorted (101 returns them ordered by entity, then action).
  return events.sort((a, b) =>
    a.entity === b.entity ? (a.action < b.action ? -1 : 1) : a.entity < b.entity ? -1 : 1
  )
}

export function validateWebhookUrl(s: Standin, url: string): void {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw invalid(`Invalid webhook URL: '${url}'.`)
  }
  const scheme = parsed.protocol.replace(/:$/, '')
  if (!s.allowedSchemes.includes(scheme)) {
    throw invalid(
      `Invalid webhook URL scheme: '${scheme}'. Allowed schemes are: ${s.allowedSchemes.join(', ')}.`
    )
  }
}

export function webhookStatus(v: unknown): string {
  const status = String(v).toUpperCase()
  if (status !== 'ACTIVE' && status !== 'DISABLED') {
    throw invalid(
      `Invalid webhook status: '${String(v)}'. Valid values are: ['ACTIVE', 'DISABLED']`
    )
  }
  return status
}

export function getWebhook(s: Standin, id: string): StandinWebhook {
  const w = s.state.webhooks.get(id)
  if (!w) throw notFound(`Webhook with ID ${id} not found.`)
  return w
}

export function createWebhook(s: Standin, c: Ctx): Reply {
  const p = requestParams(c, [
    reqStr('name'),
    reqStr('url'),
    messages('events', true),
    str('description'),
    str('secret'),
    str('status')
  ])
  const events = parseEvents(p.events)
  const url = String(p.url)
  validateWebhookUrl(s, url)
  const now = Date.now()
  const w: StandinWebhook = {
    id: randomUUID(),
    name: String(p.name),
    description: typeof p.description === 'string' ? p.description : '',
    url,
    events,
    status: p.status === undefined ? 'ACTIVE' : webhookStatus(p.status),
    secret: typeof p.secret === 'string' ? p.secret : '',
    creationTimestamp: now,
    lastUpdatedTimestamp: now
  }
  s.state.webhooks.set(w.id, w)
  return ok({ webhook: webhookJson(w) })
}

export function listWebhooks(s: Standin, c: Ctx): Reply {
  const p = requestParams(c, [int('max_results', 1000), str('page_token')])
  const all = [...s.state.webhooks.values()]
  const max = p.max_results === undefined ? 100 : toInt(p.max_results)
  const { page, next } = paginate(all, max, p.page_token as string | undefined)
  return ok({
    webhooks: page.length ? page.map((w) => webhookJson(w)) : undefined,
    next_page_token: next
  })
}

export function updateWebhook(s: Standin, c: Ctx): Reply {
  const w = getWebhook(s, c.id ?? '')
  const p = requestParams(c, [
    str('name'),
    str('description'),
    str('url'),
    messages('events'),
    str('secret'),
    str('status')
  ])
  if (p.events !== undefined) w.events = parseEvents(p.events)
  if (typeof p.url === 'string' && p.url) {
    validateWebhookUrl(s, p.url)
    w.url = p.url
  }
  if (typeof p.name === 'string' && p.name) w.name = p.name
  if (typeof p.description === 'string') w.description = p.description
  if (typeof p.secret === 'string') w.secret = p.secret
  if (p.status !== undefined) w.status = webhookStatus(p.status)
  w.lastUpdatedTimestamp = Date.now()
  return ok({ webhook: webhookJson(w) })
}

export function deleteWebhook(s: Standin, c: Ctx): Reply {
  const w = getWebhook(s, c.id ?? '')
  s.state.webhooks.delete(w.id)
  return ok({})
}

/** Sends an example payload for the event and reports what the receiver answered (108). */
export async function testWebhook(s: Standin, c: Ctx): Promise<Reply> {
  const w = getWebhook(s, c.id ?? '')
  const p = requestParams(c, [])
  const requested = isPlainObject(p.event) ? p.event : undefined
  const event = requested
    ? parseEvents([requested])[0]
    : (w.events[0] ?? { entity: 'registered_model', action: 'created' })
  const key = `${event.entity}.${event.action}`
  const data = WEBHOOK_EXAMPLES[key] ?? { name: 'example_prompt' }
  const record = await deliver(s, w, event.entity, event.action, data)
  const result =
    record.status === undefined
      ? { success: false, error_message: `Failed to test webhook: ${record.error ?? ''}` }
      : {
          success: record.status >= 200 && record.status < 300,
          response_status: record.status,
          response_body: record.responseBody
        }
  return ok({ result })
}
