import type { Command } from 'commander'
import type { CliContext } from '../cli-context'
import { notYetAvailable } from './not-yet'

export function registerScanCommand(program: Command, _ctx: CliContext): void {
  program
    .command('scan')
    .description('Scan images (files, folders, URLs, @list.txt, or - for stdin) and store verdicts')
    .argument('<inputs...>', 'files, folders, http(s) URLs, @list.txt, or -')
    .option(
      '--engine <engine>',
      'local or green (default: green when credentials exist, else local)',
    )
    .option('--scenes <scenes>', 'comma-separated: porn,terrorism,ad,qrcode,live,logo')
    .option('--json <file>', 'write results as JSON')
    .option('--csv <file>', 'write results as CSV')
    .action(() => notYetAvailable('scan', 'scanning (the scan engine)'))
}
