import type { Command } from 'commander'
import type { CliContext } from '../cli-context'
import { notYetAvailable } from './not-yet'

export function registerWatchCommand(program: Command, _ctx: CliContext): void {
  program
    .command('watch')
    .description('Watch folders and scan new photos as they land, until Ctrl-C')
    .argument('<folders...>', 'folders to watch')
    .action(() => notYetAvailable('watch', 'folder watching'))
}
