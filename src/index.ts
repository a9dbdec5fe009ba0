import { runAction } from './action.js'

await runAction()
// Everything is reported; a socket some server never closed must not keep the job running.
process.exit()
