import path from 'node:path'
import { describeError, GateError } from '../errors.js'
import { label, restore } from '../promotion/promote.js'
import type { Contenders } from '../promotion/resolve.js'
import { cancelRequested, critical, whileCancellable } from '../promotion/shutdown.js'
import type { ModelVersion, Registry } from '../registry/registry.js'
import type { RunReport } from '../report.js'
import type { Settings } from '../settings/settings.js'
import { runBuild } from './build.js'

/**
 * The build after a promotion (SPEC §6 step 7). A build that fails, times out, cannot start or is
 * cancelled ends the run with an error; `on_failure` decides whether the aliases go back
 * (`restore`) or stay on the candidate (`keep`).
 */
export async function runBuildStep(
  settings: Settings,
  registry: Registry,
  { candidate, champion }: Contenders,
  previousHolder: ModelVersion | null,
  changed: boolean,
  report: RunReport
): Promise<void> {
  const build = settings.config.build
  if (!build) return
  const { model, alias } = settings
  if (!changed && !cancelRequested()) {
    report.notes.push(
      'The candidate already held the alias; the build step still ran, as on any promotion.'
    )
  }
  // Aborted by a cancellation: stops the build, or keeps it from starting if it has not yet.
  const stopBuild = new AbortController()
  // A build that cannot even start (its temp files, or the shell) is a failed build: on_failure
  // still decides, so a restore is never skipped by an exception.
  let startError: string | undefined
  const result = cancelRequested()
    ? undefined
    : await whileCancellable(
        () => stopBuild.abort(),
        () =>
          runBuild(
            build.command,
            {
              model,
              version: candidate.version,
              modelUri: candidate.uri,
              previousVersion: champion?.version ?? '',
              alias
            },
            build.timeout_minutes * 60_000,
            settings.workspace,
            settings.tempDir ?? path.dirname(settings.receiptPath),
            stopBuild.signal
          )
      ).catch((err: unknown) => {
        startError = describeError(err)
        return undefined
      })
  report.build = result?.started
    ? {
        ok: result.ok,
        exitCode: result.exitCode,
        timedOut: result.timedOut,
        durationMs: result.durationMs,
        outputs: result.outputs
      }
    : undefined
  if (result?.ok) {
    report.actions.push(`build succeeded in ${Math.round(result.durationMs / 1000)} s`)
    return
  }
  const cancelled = cancelRequested()
  const why = cancelled
    ? `the run was cancelled (${cancelled}) ${result?.started ? 'during' : 'before'} the build`
    : !result
      ? startError
        ? `the build could not start (${startError})`
        : 'the build did not run'
      : result.timedOut
        ? `the build timed out after ${build.timeout_minutes} min`
        : `the build failed (exit code ${result.exitCode})`
  if (build.on_failure === 'restore') {
    const actions = await critical(() =>
      restore(registry, {
        model,
        alias,
        previousAlias: settings.previousAlias,
        candidate,
        champion,
        previousHolder
      })
    )
    report.actions.push(...actions)
    report.promoted = false
    report.championAfter = champion?.version ?? null
    report.restored = true
    throw new GateError(
      `${why}; '${alias}' was restored to ${label(champion)}`,
      'see the build log above; the registry is as it was before this run'
    )
  }
  throw new GateError(
    `${why}; '${alias}' stays on version ${candidate.version} (on_failure: keep)`,
    'see the build log above, then re-run the build or roll back with mode: rollback'
  )
}
