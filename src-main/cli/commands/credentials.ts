import type { Command } from 'commander'
import type { CliContext } from '../cli-context'
import { notYetAvailable } from './not-yet'

export function registerCredentialsCommand(program: Command, _ctx: CliContext): void {
  const credentials = program
    .command('credentials')
    .description('Manage the Alibaba Cloud AccessKey kept in the OS keychain')
  for (const [name, description] of [
    ['set', 'store an AccessKey ID and secret (read from stdin, or prompted without echo)'],
    ['show', 'show the masked AccessKey ID, region, endpoint and source'],
    ['list', 'list profiles'],
    ['test', 'check the key against Green (free)'],
    ['delete', 'remove a profile from the keychain'],
  ] as const) {
    credentials
      .command(name)
      .description(description)
      .action(() => notYetAvailable(`credentials ${name}`, 'keychain credentials'))
  }
}
