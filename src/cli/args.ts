import { parseArgs } from 'node:util'
import { GateError } from '../errors.js'
import { nearest } from '../nearest.js'
import type { RawInputs } from '../settings/settings.js'

/**
 * The CLI's flags (SPEC §12): the action's inputs under the same names, plus output switches.
 * Each flag's help line says its default, which is the action's default where one exists.
 */

interface Flag {
  name: string
  value?: string
  default: string
  help: string
}

const FLAGS: Flag[] = [
  {
    name: 'config',
    value: 'FILE',
    default: '.github/model-gate.yml',
    help: 'the gate config file, relative to the current directory'
  },
  {
    name: 'model',
    value: 'NAME',
    default: '(required)',
    help: 'registered model name (MLflow) or collection path (W&B)'
  },
  {
    name: 'version',
    value: 'V',
    default: '(required, except in rollback mode)',
    help: "candidate version ('12', W&B 'v12'), or @ALIAS for whatever the alias points at"
  },
  {
    name: 'mode',
    value: 'MODE',
    default: 'evaluate',
    help: 'evaluate (never writes), promote, or rollback'
  },
  {
    name: 'registry',
    value: 'TYPE',
    default: 'config registry.type, else mlflow',
    help: 'mlflow or wandb'
  },
  {
    name: 'registry-uri',
    value: 'URL',
    default:
      'config registry.uri, else $MLFLOW_TRACKING_URI / $WANDB_BASE_URL (else https://api.wandb.ai)',
    help: 'tracking URI / base URL'
  },
  {
    name: 'alias',
    value: 'NAME',
    default: 'config promote.alias, else champion',
    help: 'the alias to move'
  },
  {
    name: 'allowed-hosts',
    value: 'LIST',
    default: 'config allowed_hosts',
    help: 'comma/space-separated hosts every endpoint must be on'
  },
  {
    name: 'receipt',
    value: 'FILE',
    default: '$TMPDIR/model-gate/receipt-<model>-<version>.json',
    help: 'where the JSON receipt is written'
  },
  {
    name: 'json',
    default: 'off',
    help: 'print the receipt JSON on stdout and nothing else (logs go to stderr)'
  },
  {
    name: 'no-color',
    default: 'colour when stdout is a terminal and NO_COLOR is unset',
    help: 'no colour'
  },
  { name: 'help', default: '', help: 'this text' }
]

/** A flag's default as --help prints it: the one place both help and parsing read it from. */
function defaultOf(name: string): string {
  const flag = FLAGS.find((f) => f.name === name)
  if (!flag) throw new Error(`no flag --${name}`)
  return flag.default
}

interface CliOptions {
  inputs: RawInputs
  json: boolean
  noColor: boolean
  help: boolean
}

export function parseFlags(argv: string[]): CliOptions {
  let values: Record<string, string | boolean | undefined>
  try {
    values = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: Object.fromEntries(
        FLAGS.map((f) => [
          f.name,
          {
            type: f.value ? ('string' as const) : ('boolean' as const),
            ...(f.name === 'help' ? { short: 'h' } : {})
          }
        ])
      )
    }).values
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err)
    const unknown = /Unknown option '--?([^']+)'/.exec(message)?.[1]
    const hint = unknown
      ? nearest(
          unknown,
          FLAGS.map((f) => f.name),
          1
        )
      : []
    throw new GateError(
      `${message.split('\n')[0]}${hint.length ? ` (did you mean --${hint[0]}?)` : ''}`,
      'run model-gate --help for the flags'
    )
  }
  const str = (k: string): string => (typeof values[k] === 'string' ? values[k].trim() : '')
  return {
    inputs: {
      model: str('model'),
      version: str('version'),
      registry: str('registry'),
      registryUri: str('registry-uri'),
      config: str('config') || defaultOf('config'),
      // Never write by accident: a laptop run only says whether the version would pass.
      mode: str('mode') || defaultOf('mode'),
      alias: str('alias'),
      githubToken: '',
      allowedHosts: str('allowed-hosts'),
      receiptPath: str('receipt')
    },
    json: values.json === true,
    noColor: values['no-color'] === true,
    help: values.help === true
  }
}

export function helpText(): string {
  const left = FLAGS.map(
    (f) => `  ${f.name === 'help' ? '-h, ' : ''}--${f.name}${f.value ? ` ${f.value}` : ''}`
  )
  const width = Math.max(...left.map((l) => l.length)) + 2
  const lines = FLAGS.map(
    (f, i) =>
      left[i].padEnd(width) +
      f.help +
      (f.default ? `\n${' '.repeat(width)}default: ${f.default}` : '')
  )
  return `model-gate: validation-gated model promotion, outside GitHub Actions

Usage: model-gate --model NAME --version V [--mode evaluate|promote|rollback] [flags]

Flags:
${lines.join('\n')}

Environment (as the action reads it): MLFLOW_TRACKING_URI, MLFLOW_TRACKING_USERNAME,
MLFLOW_TRACKING_PASSWORD, MLFLOW_TRACKING_TOKEN, DATABRICKS_HOST, DATABRICKS_TOKEN,
WANDB_BASE_URL, WANDB_API_KEY, and every \${NAME} the config's endpoint URLs and headers use.
CI_JOB_URL / BUILD_URL and CI_COMMIT_SHA / GIT_COMMIT, when set (GitLab CI, Jenkins), go into
the receipt as the run's link and commit. MODEL_GATE_DEBUG=1 prints debug lines.

Exit codes: 0 the verdict allows the mode, 1 it does not, 2 error, 130 interrupted.
`
}
