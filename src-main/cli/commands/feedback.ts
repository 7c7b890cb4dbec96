import type { Command } from 'commander'
import {
  FEEDBACK_SUGGESTIONS,
  feedbackSuggestionSchema,
  parseScenes,
  REGIONS,
  SCENES,
  type FeedbackRequest,
} from '../../../src-shared/domain'
import type { FeedbackItemOutcome } from '../../core/feedback/feedback-service'
import type { CliContext } from '../cli-context'
import { EXIT_ITEMS_FAILED } from '../exit-codes'
import { UsageError } from '../usage-error'
import { writeLine } from '../terminal-text'
import { cliErrorText } from '../error-advice'

interface FeedbackFlags {
  suggestion: string
  scenes?: string
  label?: string
  note?: string
  region?: string
  endpoint?: string
}

const usage = (message: string) => new UsageError(`greenlight feedback: ${message}`)

/** The flags as a request, or a usage error (exit 2) naming what is wrong. */
export function parseFeedbackFlags(target: string, flags: FeedbackFlags): FeedbackRequest {
  const suggestion = feedbackSuggestionSchema.safeParse(flags.suggestion)
  if (!suggestion.success) {
    throw usage(
      `--suggestion must be ${FEEDBACK_SUGGESTIONS.join(' or ')} (got "${flags.suggestion}"); "review" is the engine's doubt, not a reviewer's answer.`,
    )
  }
  if (target.trim() === '') throw usage('name the image to correct: a path, URL or dataId.')
  const request: FeedbackRequest = { target, suggestion: suggestion.data }
  if (flags.scenes !== undefined) {
    const { scenes, unknown } = parseScenes(flags.scenes)
    if (unknown.length > 0 || scenes.length === 0) {
      throw usage(
        `unknown scene ${unknown.map((u) => `"${u}"`).join(', ') || '(none given)'}; use a comma-separated list of ${SCENES.join(',')}.`,
      )
    }
    request.scenes = scenes
  }
  if (flags.label !== undefined) {
    const label = flags.label.trim()
    if (label === '' || label.length > 64) throw usage('--label must be 1 to 64 characters.')
    request.label = label
  }
  if (flags.note !== undefined) {
    if (flags.note.length > 1000) throw usage('--note must be at most 1000 characters.')
    request.note = flags.note
  }
  if (flags.region !== undefined && !(REGIONS as readonly string[]).includes(flags.region)) {
    throw usage(
      `unknown region "${flags.region}"; use one of ${REGIONS.join(', ')}, or --endpoint.`,
    )
  }
  return request
}

/** One line per item: what it was, what it is now, and where the correction went. */
export function formatFeedbackLine(o: FeedbackItemOutcome): string {
  if (o.error !== null) return `failed  ${o.error.code}  ${o.source}  ${cliErrorText(o.error)}`
  const where: string[] = []
  if (o.sentToGreen.length > 0) where.push(`${o.sentToGreen.join(',')} sent to Green`)
  if (o.keptLocally.length > 0) {
    where.push(
      `${o.keptLocally.join(',')} kept locally${o.localReason !== null ? ` (${o.localReason})` : ''}`,
    )
  }
  return `${o.source}  ${o.before ?? '-'} → ${o.after ?? '-'}  ${where.join('; ')}`
}

async function feedback(ctx: CliContext, target: string, flags: FeedbackFlags): Promise<void> {
  const request = parseFeedbackFlags(target, flags)
  const core = await ctx.openCore()
  try {
    const result = await core.feedback.submit(request, {
      ...(flags.region !== undefined ? { region: flags.region } : {}),
      ...(flags.endpoint !== undefined ? { endpoint: flags.endpoint } : {}),
      cwd: process.cwd(),
    })
    if (!result.ok) {
      writeLine(ctx.stderr, `greenlight feedback: ${cliErrorText(result.error)}`)
      ctx.setExitCode(EXIT_ITEMS_FAILED)
      return
    }
    const { outcomes, greenRequests } = result.value
    for (const outcome of outcomes) writeLine(ctx.stdout, formatFeedbackLine(outcome))
    const failed = outcomes.filter((o) => o.error !== null).length
    const told = greenRequests > 0 ? `; Green was told about ${String(greenRequests)} image(s)` : ''
    const broken =
      failed > 0
        ? `; ${String(failed)} failed (nothing changed for those: fix the cause and run the same command again)`
        : ''
    ctx.stderr.write(`Corrected ${String(outcomes.length - failed)} item(s)${told}${broken}.\n`)
    if (failed > 0) ctx.setExitCode(EXIT_ITEMS_FAILED)
  } finally {
    await core.close()
  }
}

export function registerFeedbackCommand(program: Command, ctx: CliContext): void {
  program
    .command('feedback')
    .description(
      'Correct a verdict: sent to Green as feedback for Green verdicts, kept locally for the local engine; every later scan of the same image comes back corrected',
    )
    .argument('<target>', 'a scanned image: its path (matched by content), URL, dataId or taskId')
    .requiredOption('--suggestion <suggestion>', 'pass or block')
    .option(
      '--scenes <scenes>',
      'comma-separated scenes to correct (default: the flagged ones; block on a clean image needs them)',
    )
    .option('--label <label>', 'the label you expect, e.g. normal, sexy, porn, ad')
    .option('--note <note>', 'why (kept with the correction and sent to Green)')
    .option('--region <region>', `Green region: ${REGIONS.join(', ')}`)
    .option(
      '--endpoint <url>',
      'custom Green endpoint (https, or http on loopback), e.g. the emulator',
    )
    .action((target: string, flags: FeedbackFlags) => feedback(ctx, target, flags))
}
