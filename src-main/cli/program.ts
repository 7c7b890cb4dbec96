import { Command, CommanderError } from 'commander'
import { APP_VERSION } from '../core/version'
import type { CliContext } from './cli-context'
import { storageErrorOf } from '../core/store/storage-error'
import { EXIT_ITEMS_FAILED, EXIT_OK, EXIT_USAGE } from './exit-codes'
import { UsageError } from './usage-error'
import { terminalSafeLines, writeLine } from './terminal-text'

type Register = (program: Command, ctx: CliContext) => void

/**
 * Each command's module, loaded only when that command runs (or for the full help): a command
 * pulls in its engines and stores, so `greenlight --version` loads none of them and a scan loads
 * no watcher or export code (see docs/architecture.md §4). In help order.
 */
const COMMANDS: Readonly<Record<string, () => Promise<Register>>> = {
  scan: async () => (await import('./commands/scan')).registerScanCommand,
  watch: async () => (await import('./commands/watch')).registerWatchCommand,
  export: async () => (await import('./commands/export')).registerExportCommand,
  feedback: async () => (await import('./commands/feedback')).registerFeedbackCommand,
  credentials: async () => (await import('./commands/credentials')).registerCredentialsCommand,
  emulator: async () => (await import('./commands/emulator')).registerEmulatorCommand,
}

/** The commands `argv` can reach: the one it names, none for a bare --version, else all (help). */
export function commandsFor(argv: readonly string[]): string[] {
  const [first] = argv
  if (first !== undefined && Object.hasOwn(COMMANDS, first)) return [first]
  if (argv.length === 1 && (first === '--version' || first === '-v')) return []
  return Object.keys(COMMANDS)
}

export async function buildProgram(
  ctx: CliContext,
  names: readonly string[] = Object.keys(COMMANDS),
): Promise<Command> {
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
  const registers = await Promise.all(
    names.map((name) => COMMANDS[name]?.() ?? Promise.resolve(null)),
  )
  for (const register of registers) register?.(program, ctx)
  for (const command of program.commands) command.exitOverride()
  return program
}

/** Runs the CLI and returns the exit code instead of exiting, so tests can call it in-process. */
export async function runCli(argv: readonly string[], ctx: CliContext): Promise<number> {
  const program = await buildProgram(ctx, commandsFor(argv))
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
