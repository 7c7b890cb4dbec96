import type { Command } from 'commander'
import type { CliContext } from '../cli-context'
import { notYetAvailable } from './not-yet'

export function registerFeedbackCommand(program: Command, _ctx: CliContext): void {
  program
    .command('feedback')
    .description(
      'Correct a verdict: sent to Green as feedback, or kept locally for the local engine',
    )
    .argument('<target>', 'a path, URL or dataId')
    .requiredOption('--suggestion <suggestion>', 'pass or block')
    .action(() => notYetAvailable('feedback', 'feedback'))
}
