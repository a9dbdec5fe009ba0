#!/usr/bin/env node
import { runCli } from './cli/run.js'

process.exit(await runCli(process.argv.slice(2), process.env))
