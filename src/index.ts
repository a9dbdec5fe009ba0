import { run } from './main.js'

await run()
// Everything is reported; a socket some server never closed must not keep the job running.
process.exit()
