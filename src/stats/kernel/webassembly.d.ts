// The few members of the WebAssembly JS API that the bootstrap kernel uses. Node has them all;
// @types/node 20 does not declare them (they live in TypeScript's DOM lib, not loaded here).
declare namespace WebAssembly {
  class Module {
    constructor(bytes: ArrayBufferView | ArrayBuffer)
  }
  class Instance {
    constructor(module: Module, imports?: object)
    readonly exports: Record<string, unknown>
  }
  class Memory {
    readonly buffer: ArrayBuffer
    grow(delta: number): number
  }
  function validate(bytes: ArrayBufferView | ArrayBuffer): boolean
}
