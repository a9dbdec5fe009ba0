/**
 * The OpenAI stand-in, driven by the official `openai` npm client (real code no one here wrote):
 * the client must read its answers, its model list and its errors as it reads the real API's
 * and vLLM's, and retry its 429s and 503s as it retries theirs.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import OpenAI from 'openai'
import { type OpenAIStandin, startOpenAIStandin } from '../test-support/openai-standin.js'

let standin: OpenAIStandin | undefined
afterEach(async () => {
  await standin?.close()
  standin = undefined
})

const client = (s: OpenAIStandin, maxRetries = 0): OpenAI =>
  new OpenAI({ baseURL: s.url, apiKey: 'sk-test-0001', maxRetries, timeout: 5_000 })

describe.each(['openai', 'vllm'] as const)(
  'the %s stand-in, as the openai client sees it',
  (flavour) => {
    it('answers a chat completion the client parses, with the model and usage', async () => {
      standin = await startOpenAIStandin({ flavour, models: ['chatbot-3'] })
      standin.answer = (r) => `echo: ${r.prompt}`
      const c = await client(standin).chat.completions.create({
        model: 'chatbot-3',
        messages: [{ role: 'user', content: 'two words' }],
        temperature: 0
      })
      expect(c.object).toBe('chat.completion')
      expect(c.model).toBe('chatbot-3')
      expect(c.choices[0].message).toMatchObject({ role: 'assistant', content: 'echo: two words' })
      expect(c.choices[0].finish_reason).toBe('stop')
      expect(c.usage).toMatchObject({ prompt_tokens: 2, completion_tokens: 3, total_tokens: 5 })
      expect(standin.requests[0].body).toMatchObject({ temperature: 0 })
      expect(standin.requests[0].headers.authorization).toBe('Bearer sk-test-0001')
    })

    it('lists its models', async () => {
      standin = await startOpenAIStandin({ flavour, models: ['a', 'b'] })
      const page = await client(standin).models.list()
      expect(page.data.map((m) => m.id)).toEqual(['a', 'b'])
      expect(page.data[0].object).toBe('model')
    })

    it('refuses an unknown model with a 404 the client raises as NotFoundError', async () => {
      standin = await startOpenAIStandin({ flavour, models: ['a'] })
      const err = await client(standin)
        .chat.completions.create({ model: 'nope', messages: [{ role: 'user', content: 'x' }] })
        .catch((e: unknown) => e)
      expect(err).toBeInstanceOf(OpenAI.NotFoundError)
      expect((err as InstanceType<typeof OpenAI.APIError>).status).toBe(404)
      const seen = err as InstanceType<typeof OpenAI.APIError>
      const expected = {
        // The client reads the nested shape into .error, .code and .message.
        openai: {
          code: 'model_not_found',
          message: '404 The model `nope` does not exist or you do not have access to it.'
        },
        // vLLM's flat shape has no "error" key: the client finds no message in it and says so.
        // This is why the evaluator reads both shapes itself (src/gates/metric/dataset/chat.ts).
        vllm: { code: undefined, message: '404 status code (no body)' }
      }[flavour]
      expect({ code: seen.code, message: seen.message }).toEqual(expected)
    })

    it('is retried by the client after a 429 with Retry-After, then answers', async () => {
      standin = await startOpenAIStandin({ flavour })
      let calls = 0
      standin.fault = () => (calls++ === 0 ? { kind: 'rate-limit', retryAfter: '0' } : undefined)
      const c = await client(standin, 2).chat.completions.create({
        model: 'chatbot',
        messages: [{ role: 'user', content: 'hi' }]
      })
      expect(c.choices[0].message.content).toBe('OK')
      expect(standin.count).toBe(2)
    })

    it('raises a 429 the client cannot retry as RateLimitError with the server message', async () => {
      standin = await startOpenAIStandin({ flavour })
      standin.fault = () => ({ kind: 'rate-limit', retryAfter: '0' })
      const err = await client(standin)
        .chat.completions.create({ model: 'chatbot', messages: [{ role: 'user', content: 'x' }] })
        .catch((e: unknown) => e)
      expect(err).toBeInstanceOf(OpenAI.RateLimitError)
      expect((err as InstanceType<typeof OpenAI.APIError>).headers?.get('retry-after')).toBe('0')
    })

    it('raises a 503 as InternalServerError, and the client retries it', async () => {
      standin = await startOpenAIStandin({ flavour })
      let calls = 0
      standin.fault = () => (calls++ < 1 ? { kind: 'unavailable', retryAfter: '0' } : undefined)
      const ok = await client(standin, 1).chat.completions.create({
        model: 'chatbot',
        messages: [{ role: 'user', content: 'x' }]
      })
      expect(ok.choices[0].message.content).toBe('OK')
      standin.fault = () => ({ kind: 'unavailable' })
      const err = await client(standin)
        .chat.completions.create({ model: 'chatbot', messages: [{ role: 'user', content: 'x' }] })
        .catch((e: unknown) => e)
      expect(err).toBeInstanceOf(OpenAI.InternalServerError)
      expect((err as InstanceType<typeof OpenAI.APIError>).status).toBe(503)
    })

    it('rejects a wrong API key with 401, as AuthenticationError', async () => {
      standin = await startOpenAIStandin({ flavour, apiKey: 'sk-right' })
      const err = await client(standin)
        .chat.completions.create({ model: 'chatbot', messages: [{ role: 'user', content: 'x' }] })
        .catch((e: unknown) => e)
      expect(err).toBeInstanceOf(OpenAI.AuthenticationError)
    })
  }
)

describe('the stand-in vLLM with nested errors (v0.10 and later)', () => {
  it('gives the client the message in .error as the OpenAI API does', async () => {
    standin = await startOpenAIStandin({ flavour: 'vllm', vllmErrors: 'nested', models: ['a'] })
    const err = await client(standin)
      .chat.completions.create({ model: 'nope', messages: [{ role: 'user', content: 'x' }] })
      .catch((e: unknown) => e)
    expect(err).toBeInstanceOf(OpenAI.NotFoundError)
    expect((err as Error).message).toContain('The model `nope` does not exist.')
  })
})

describe('the stand-in OpenAI API: refusals and faults', () => {
  it('returns a structured refusal with content null', async () => {
    standin = await startOpenAIStandin()
    standin.answer = () => ({ refusal: "I'm sorry, I can't help with that." })
    const c = await client(standin).chat.completions.create({
      model: 'chatbot',
      messages: [{ role: 'user', content: 'x' }]
    })
    expect(c.choices[0].message.content).toBeNull()
    expect(c.choices[0].message.refusal).toBe("I'm sorry, I can't help with that.")
  })

  it('a garbage 200 reaches the client as a body with no choices', async () => {
    standin = await startOpenAIStandin()
    standin.fault = () => ({ kind: 'garbage-json' })
    const c = await client(standin).chat.completions.create({
      model: 'chatbot',
      messages: [{ role: 'user', content: 'x' }]
    })
    // The client does not validate: it hands back whatever JSON came. The evaluator must.
    expect((c as unknown as { choices?: unknown }).choices).toBeUndefined()
  })

  it('a slow answer leaves the client without an answer within its timeout', async () => {
    standin = await startOpenAIStandin()
    standin.fault = () => ({ kind: 'slow', ms: 2_000 })
    const slow = new OpenAI({ baseURL: standin.url, apiKey: 'k', maxRetries: 0, timeout: 200 })
    const started = Date.now()
    const err = await slow.chat.completions
      .create({ model: 'chatbot', messages: [{ role: 'user', content: 'x' }] })
      .catch((e: unknown) => e)
    // A timeout is a connection error to the client (APIConnectionTimeoutError is one).
    expect(err).toBeInstanceOf(OpenAI.APIConnectionError)
    expect(Date.now() - started).toBeLessThan(2_000)
  })
})
