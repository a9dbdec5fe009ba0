/**
 * The local example through the CLI (dist/cli.js), as GitLab CI, Jenkins or a laptop runs it: the
 * same stand-in registry and eval service as `npm run example`, the same config, no GitHub. First
 * `--mode evaluate` on version 2 (nothing written), then `--mode promote` on versions 2 and 3.
 * Run with `npm run example:cli`.
 */
import { spawn } from 'node:child_process'
import path from 'node:path'
import { ROOT } from '../test-support/run-action.js'
import { CLI_BUNDLE } from '../test-support/run-cli.js'
import { startExampleStandins } from './standins.js'

const EXAMPLE_CONFIG_PATH = path.join(ROOT, 'example', 'model-gate.yml')

async function main(): Promise<void> {
  const standins = await startExampleStandins()
  try {
    for (const [mode, version] of [
      ['evaluate', '2'],
      ['promote', '2'],
      ['promote', '3']
    ]) {
      const args = [
        '--config',
        EXAMPLE_CONFIG_PATH,
        '--model',
        'chatbot',
        '--version',
        version,
        '--mode',
        mode
      ]
      console.log(
        `\n━━━ model-gate ${args.join(' ').replace(EXAMPLE_CONFIG_PATH, 'example/model-gate.yml')} ━━━\n`
      )
      // The CLI writes to this terminal directly: colour and the progress line as a user sees them.
      const code = await new Promise<number | null>((resolve) =>
        spawn(process.execPath, [CLI_BUNDLE, ...args], {
          env: { PATH: process.env.PATH ?? '', ...standins.env },
          stdio: 'inherit'
        }).on('close', resolve)
      )
      console.log(`exit code ${code}`)
    }
  } finally {
    await standins.close()
  }
}

await main()
