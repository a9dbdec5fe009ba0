import { createRelay } from './relay.js'

/**
 * Entry point of the MLflow webhook relay (bundled to relay/dist/index.js for the container).
 * Configuration comes from the environment only; the secret and token are never printed.
 */

function required(name: string): string {
  const value = process.env[name]?.trim()
  if (!value) {
    console.error(`mlflow-relay: ${name} is required`)
    process.exit(1)
  }
  return value
}

const port = Number(process.env.PORT?.trim() || 8080)
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`mlflow-relay: PORT must be a port number, got '${process.env.PORT}'`)
  process.exit(1)
}
const repository = required('GITHUB_REPOSITORY')
const eventType = process.env.RELAY_EVENT_TYPE?.trim() || 'mlflow-model-event'

function build(): ReturnType<typeof createRelay> {
  try {
    return createRelay({
      secret: required('MLFLOW_WEBHOOK_SECRET'),
      githubToken: required('GITHUB_TOKEN'),
      repository,
      githubApiUrl: process.env.GITHUB_API_URL?.trim() || undefined,
      eventType
    })
  } catch (err) {
    console.error(`mlflow-relay: ${err instanceof Error ? err.message : String(err)}`)
    process.exit(1)
  }
}
const relay = build()

relay.listen(port, () => {
  console.log(`mlflow-relay: listening on :${port}, dispatching '${eventType}' to ${repository}`)
})

let stopping = false
function shutdown(signal: string): void {
  if (stopping) return
  stopping = true
  console.log(`mlflow-relay: ${signal}, finishing in-flight deliveries`)
  // close() waits for open requests; idle keep-alive sockets would otherwise hold it open.
  relay.close((err) => process.exit(err ? 1 : 0))
  relay.closeIdleConnections()
  // A forward retrying against GitHub ends within ~25 s; do not outlive the orchestrator's grace.
  setTimeout(() => {
    console.error('mlflow-relay: shutdown timed out, dropping connections')
    relay.closeAllConnections()
    process.exit(1)
  }, 25_000).unref()
}
process.on('SIGTERM', () => shutdown('SIGTERM'))
process.on('SIGINT', () => shutdown('SIGINT'))
