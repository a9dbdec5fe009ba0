import { type Reply, toReply } from './http.js'
import type {
  FailMatcher,
  FailResponse,
  MlflowStandin,
  RecordedRequest,
  RequestHook
} from './types.js'

/** Faults for client tests: answers given before the request reaches the server proper. */
export class Faults {
  private readonly hooks: RequestHook[] = []
  private readonly pending: Array<{ matcher: FailMatcher; response: FailResponse; left: number }> =
    []

  failNext(matcher: FailMatcher, response: FailResponse): void {
    this.pending.push({ matcher, response, left: response.times ?? 1 })
  }

  onRequest(hook: RequestHook): () => void {
    this.hooks.push(hook)
    return () => {
      const i = this.hooks.indexOf(hook)
      if (i >= 0) this.hooks.splice(i, 1)
    }
  }

  /** The hooks' answer, else a pending fault's, else undefined (the server handles it). */
  async intercept(
    recorded: RecordedRequest,
    url: string,
    standin: MlflowStandin
  ): Promise<Reply | undefined> {
    for (const hook of [...this.hooks]) {
      const r = await hook(recorded, standin)
      if (r) return toReply(r)
    }
    const fault = this.pending.find(
      (f) =>
        f.left > 0 &&
        (!f.matcher.method || f.matcher.method.toUpperCase() === recorded.method) &&
        (!f.matcher.pathIncludes || url.includes(f.matcher.pathIncludes))
    )
    if (!fault) return undefined
    fault.left--
    const { status, body, contentType, headers } = fault.response
    return toReply({ status, body: body ?? '', contentType, headers })
  }
}
