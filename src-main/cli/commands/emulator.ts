import type { Command } from 'commander'
import type { CliContext } from '../cli-context'
import { notYetAvailable } from './not-yet'

export function registerEmulatorCommand(program: Command, _ctx: CliContext): void {
  program
    .command('emulator')
    .description(
      'Run a local Green emulator (signatures, limits, faults) to try Greenlight without an account',
    )
    .option('--port <port>', 'port to listen on', '0')
    .action(() => notYetAvailable('emulator', 'the Green emulator'))
}
