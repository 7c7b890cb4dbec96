import { Command, CommanderError } from 'commander'
import { APP_VERSION } from '../core/version'
import type { CliContext } from './cli-context'
import { registerCredentialsCommand } from './commands/credentials'
import { registerEmulatorCommand } from './commands/emulator'
import { registerExportCommand } from './commands/export'
import { registerFeedbackCommand } from './commands/feedback'
import { registerScanCommand } from './commands/scan'
import { registerWatchCommand } from './commands/watch'
import { storageErrorOf } from '../core/store/storage-error'
import { EXIT_ITEMS_FAILED, EXIT_OK, EXIT_USAGE } from './exit-codes'
import { UsageError } from './usage-error'
import { terminalSafeLines, writeLine } from './terminal-text'

export function buildProgram(ctx: CliContext): Command {
  const program = new Command()
    .name('greenlight')
    .description('Batch image moderation with Alibaba Cloud Green or an offline local engine.')
    .version(APP_VERSION, '-v, --version')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({
      writeOut: (s) => ctx.stdout.write(s),
      // Quotes the arguments it rejects, which may be file names.
      writeErr: (s) => ctx.stderr.write(terminalSafeLines(s)),
    })
  registerScanCommand(program, ctx)
  registerWatchCommand(program, ctx)
  registerExportCommand(program, ctx)
  registerFeedbackCommand(program, ctx)
  registerCredentialsCommand(program, ctx)
  registerEmulatorCommand(program, ctx)
  for (const command of program.commands) command.exitOverride()
  return program
}

/** Runs the CLI and returns the exit code instead of exiting, so tests can call it in-process. */
export async function runCli(argv: readonly string[], ctx: CliContext): Promise<number> {
  const program = buildProgram(ctx)
  try {
    await program.parseAsync(argv, { from: 'user' })
    return ctx.exitCode
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version surface as "errors" with exit code 0.
      return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE
    }
    if (error instanceof UsageError) {
      writeLine(ctx.stderr, error.message)
      return EXIT_USAGE
    }
    // The data folder failed (full, read-only, damaged): one sentence naming it, no stack.
    const storage = storageErrorOf(error)
    if (storage !== null) {
      ctx.stderr.write(`greenlight: ${storage.message}\n`)
      return EXIT_ITEMS_FAILED
    }
    throw error
  }
}
