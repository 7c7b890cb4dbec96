import { createCliContext } from './cli-context'
import { runCli } from './program'

/** `greenlight` entry: plain Node over AppCore, no Electron. */
const ctx = createCliContext()
runCli(process.argv.slice(2), ctx).then(
  (code) => {
    process.exitCode = code
  },
  (error: unknown) => {
    process.stderr.write(`greenlight: ${error instanceof Error ? error.message : String(error)}\n`)
    process.exitCode = 1
  },
)
