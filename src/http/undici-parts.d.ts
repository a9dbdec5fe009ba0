// undici's own modules, imported one by one so the bundle leaves out what model-gate never uses
// (fetch, WebSocket, the cache, mocks: two thirds of undici). undici publishes no types for
// them; these are the types of the same objects in its index.
declare module 'undici/lib/dispatcher/agent.js' {
  import { Agent } from 'undici'
  export default Agent
}
declare module 'undici/lib/dispatcher/pool.js' {
  import { Pool } from 'undici'
  export default Pool
}
declare module 'undici/lib/api/api-request.js' {
  import type { Dispatcher } from 'undici'
  /** Dispatcher.prototype.request, unbound: call it with the dispatcher as `this`. */
  const request: (
    this: Dispatcher,
    options: Dispatcher.RequestOptions
  ) => Promise<Dispatcher.ResponseData>
  export default request
}
