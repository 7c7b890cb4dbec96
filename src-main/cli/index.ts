import { createCliContext } from './cli-context'
import { runCli } from './program'
import { writeLine } from './terminal-text'

/** `greenlight` entry: plain Node over AppCore, no Electron. */
const ctx = createCliContext()
runCli(process.argv.slice(2), ctx).then(
  (code) => {
    process.exitCode = code
  },
  (error: unknown) => {
    writeLine(
      process.stderr,
      `greenlight: ${error instanceof Error ? error.message : String(error)}`,
    )
    process.exitCode = 1
  },
)
