import * as workflow from './workflow.js'

/**
 * Where the run's log lines go. In the action that is the runner log, through workflow commands
 * (`::warning::`, `::add-mask::`; src/workflow.ts); the CLI installs a plain-text logger on stderr instead, so a
 * terminal or another CI system never sees workflow commands and `--json` keeps stdout clean.
 */
export interface Logger {
  debug(message: string): void
  info(message: string): void
  notice(message: string): void
  warning(message: string): void
  error(message: string): void
  startGroup(name: string): void
  endGroup(): void
  /** Hide a secret value in the log (the runner's masking); a plain terminal has none. */
  mask(value: string): void
  /** Where the build command's stdout goes: the step log (inherited), or a file descriptor. */
  buildStdout(): 'inherit' | number
}

const actionsLogger: Logger = {
  debug: (m) => workflow.debug(m),
  info: (m) => workflow.info(m),
  notice: (m) => workflow.notice(m),
  warning: (m) => workflow.warning(m),
  error: (m) => workflow.error(m),
  startGroup: (n) => workflow.startGroup(n),
  endGroup: () => workflow.endGroup(),
  mask: (v) => workflow.setSecret(v),
  buildStdout: () => 'inherit'
}

let current: Logger = actionsLogger

/** Replace the logger for the rest of the process (the CLI does this first thing). */
export function useLogger(logger: Logger): void {
  current = logger
}

/** The logger in use; modules call `log.info(...)` and never hold on to an implementation. */
export const log: Logger = {
  debug: (m) => current.debug(m),
  info: (m) => current.info(m),
  notice: (m) => current.notice(m),
  warning: (m) => current.warning(m),
  error: (m) => current.error(m),
  startGroup: (n) => current.startGroup(n),
  endGroup: () => current.endGroup(),
  mask: (v) => current.mask(v),
  buildStdout: () => current.buildStdout()
}
