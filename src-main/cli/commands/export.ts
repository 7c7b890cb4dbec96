import type { Command } from 'commander'
import type { CliContext } from '../cli-context'
import { notYetAvailable } from './not-yet'

export function registerExportCommand(program: Command, _ctx: CliContext): void {
  program
    .command('export')
    .description('Export stored results to CSV or JSON')
    .option('--csv <file>', 'write CSV (RFC 4180, UTF-8 with BOM)')
    .option('--json <file>', 'write JSON')
    .action(() => notYetAvailable('export', 'export'))
}
