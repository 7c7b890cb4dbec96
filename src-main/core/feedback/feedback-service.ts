import {
  decisionScenes,
  feedbackRequestSchema,
  GREEN_FEEDBACK_SCENES,
  greenFeedbackScenes,
  suggestionAfterFeedback,
  type EngineId,
  type FeedbackRequest,
  type Item,
  type Scene,
  type Settings,
} from '../../../src-shared/domain'
import type { FeedbackOutcome, FeedbackReport } from '../../../src-shared/ipc'
import { appError, err, ok, type AppError, type Result } from '../../../src-shared/result'
import type { CredentialsService } from '../credentials/credentials-service'
import { AdaptiveRateLimiter, type Clock } from '../pacing/rate-limiter'
import { RetryPolicy, stopsQueue, type RetryPolicyOptions } from '../pacing/retry-policy'
import type { EventHub } from '../events/event-hub'
import { GreenClient } from '../engines/green/green-client'
import type { FeedbackStore, StoredCorrection } from '../store/ports/feedback-store'
import { feedbackSubject } from '../store/ports/feedback-subject'
import type { ItemQueries } from '../store/ports/item-queries'
import type { QueueStore } from '../store/ports/queue-store'
import { noScenesError } from './decision-errors'
import { resolveItemIds, resolveTarget } from './resolve-target'

export interface FeedbackServiceOptions {
  /** Reads to find the targets; a guarded write to show the correction on each item. */
  readonly items: QueueStore & ItemQueries
  readonly feedback: FeedbackStore
  readonly settings: () => Promise<Settings>
  readonly credentials: CredentialsService
  readonly events: Pick<EventHub, 'itemsChanged' | 'progressChanged'>
  /** Injected time for the rate limit and the retry backoff (tests move it by hand). */
  readonly clock?: Clock
  readonly retry?: RetryPolicyOptions
  readonly now?: () => number
}

/** Per call: where Green is (the CLI's --region/--endpoint), where relative paths start, a stop. */
export interface FeedbackCallOptions {
  readonly region?: string
  readonly endpoint?: string
  readonly cwd?: string
  readonly signal?: AbortSignal
}

/** What happened to one corrected item (the IPC contract's feedbackOutcomeSchema). */
export type FeedbackItemOutcome = FeedbackOutcome

/** What telling Green about one image came to (FeedbackService.tellGreen). */
export interface GreenTold {
  /** The scenes Green accepted feedback on. */
  readonly sentToGreen: Scene[]
  /** Why scenes stayed local (Green's feedback takes porn, terrorism, ad; no task id). */
  readonly localReason: string | null
  readonly error?: AppError
  /** An account error: every further call would fail the same way. */
  readonly stop?: AppError
}

/** One image (subject) as one engine saw it, with every finished item that shows it. */
interface ImageGroup {
  readonly subject: string
  readonly engine: EngineId
  readonly items: Item[]
}

/** Images in flight at once; the token bucket, not this, sets the pace. */
const IN_FLIGHT = 4

const LOCAL_ONLY_SCENES = `Green's feedback API takes ${GREEN_FEEDBACK_SCENES.join(', ')} only`

/**
 * Reviewer feedback: a correction of an image's verdict. Green items are reported to
 * Green's ImageScanFeedback (paced at settings.feedbackQps, retried like scans); every correction,
 * Green or local, is remembered per image (FeedbackStore) so each item showing the image, and
 * every later scan of it, carries the corrected suggestion. One image's failure never stops the
 * others, except an account error, which would fail every further call the same way.
 */
export class FeedbackService {
  private limiter: AdaptiveRateLimiter | null = null
  private readonly retry: RetryPolicy

  constructor(private readonly options: FeedbackServiceOptions) {
    this.retry = new RetryPolicy({
      ...options.retry,
      ...(options.clock ? { clock: options.clock } : {}),
    })
  }

  async submit(
    raw: FeedbackRequest,
    call: FeedbackCallOptions = {},
  ): Promise<Result<FeedbackReport>> {
    const parsed = feedbackRequestSchema.safeParse(raw)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      return err(
        appError(
          'VALIDATION',
          `Invalid feedback: ${issue ? `${issue.path.join('.') || 'request'}: ${issue.message}` : 'bad request'}.`,
        ),
      )
    }
    const request = parsed.data
    const store = this.options.items
    const found =
      request.target !== undefined
        ? await resolveTarget(store, request.target, call.cwd)
        : await resolveItemIds(store, request.itemIds ?? [])
    if (!found.ok) return found

    const outcomes: FeedbackItemOutcome[] = []
    const groups = new Map<string, ImageGroup>()
    for (const item of found.value) {
      const subject = feedbackSubject(item)
      if (subject === null) {
        outcomes.push(
          failed(
            item,
            [],
            appError('VALIDATION', 'This item has no image hash; scan it again, then correct it.'),
          ),
        )
        continue
      }
      const key = `${item.engine}\n${subject}`
      const group = groups.get(key) ?? { subject, engine: item.engine, items: [] }
      group.items.push(item)
      groups.set(key, group)
    }

    const green = [...groups.values()].some((g) => g.engine === 'green')
      ? await this.greenClient(call)
      : null
    let stopped: AppError | null = null
    let greenRequests = 0
    const changed: Item[] = []
    const queue = [...groups.values()]
    const worker = async (): Promise<void> => {
      for (let group = queue.shift(); group !== undefined; group = queue.shift()) {
        const result = await this.correctImage(group, request, green, () => stopped, call.signal)
        if (result.stop) stopped = result.stop
        if (result.sent) greenRequests++
        outcomes.push(...result.outcomes)
        changed.push(...result.changed)
      }
    }
    try {
      await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, queue.length) }, worker))
    } finally {
      if (green?.ok) await green.value.close()
    }
    if (changed.length > 0) {
      this.options.events.itemsChanged(changed)
      this.options.events.progressChanged(await this.options.items.progress())
    }
    outcomes.sort((a, b) => a.id - b.id)
    return ok({ outcomes, greenRequests })
  }

  /** Corrects one image: tells Green if it is a Green verdict, then stores and applies it. */
  private async correctImage(
    group: ImageGroup,
    request: FeedbackRequest,
    green: Result<GreenClient> | null,
    stoppedBy: () => AppError | null,
    signal: AbortSignal | undefined,
  ): Promise<{
    outcomes: FeedbackItemOutcome[]
    changed: Item[]
    stop?: AppError
    sent?: boolean
  }> {
    // The newest scan of the image decides the default scenes and carries the task to report.
    const latest = group.items.reduce((a, b) => ((b.scannedAt ?? 0) >= (a.scannedAt ?? 0) ? b : a))
    // A correction names its scenes: by default the flagged ones, never every scene scanned.
    const chosen = request.scenes
      ? { ok: true as const, scenes: request.scenes }
      : decisionScenes(latest.results, latest.feedback, request.suggestion)
    const scenes = chosen.ok ? chosen.scenes : []
    const fail = (error: AppError) => ({
      outcomes: group.items.map((item) => failed(item, scenes, error)),
      changed: [],
    })
    if (!chosen.ok) return fail(noScenesError(chosen.reason))

    let sentToGreen: Scene[] = []
    let localReason: string | null = null
    let sent = false
    if (group.engine === 'green') {
      const told = await this.tellGreen(group.items, scenes, request, green, stoppedBy, signal)
      if (told.error) return { ...fail(told.error), ...(told.stop ? { stop: told.stop } : {}) }
      sentToGreen = told.sentToGreen
      localReason = told.localReason
      sent = sentToGreen.length > 0
    }

    const corrections: StoredCorrection[] = scenes.map((scene) => ({
      scene,
      suggestion: request.suggestion,
      label: request.label ?? null,
      sentTo: sentToGreen.includes(scene) ? 'green' : 'local',
    }))
    const merged = await this.options.feedback.upsert(
      group.subject,
      group.engine,
      corrections,
      request.note ?? null,
      (this.options.now ?? Date.now)(),
    )
    const outcomes: FeedbackItemOutcome[] = []
    const changed: Item[] = []
    for (const item of group.items) {
      const updated = await this.options.items.updateIf(item.id, ['done'], {
        feedback: merged,
        suggestion: suggestionAfterFeedback(item.results, merged),
      })
      if (updated === undefined) {
        outcomes.push(
          failed(
            item,
            scenes,
            appError(
              'VALIDATION',
              'This item is being scanned again; the correction is kept and applies when it finishes.',
            ),
          ),
        )
        continue
      }
      changed.push(updated)
      outcomes.push({
        id: item.id,
        source: item.source,
        engine: item.engine,
        before: item.suggestion,
        after: updated.suggestion,
        scenes,
        sentToGreen,
        keptLocally: scenes.filter((s) => !sentToGreen.includes(s)),
        localReason: group.engine === 'green' ? localReason : null,
        error: null,
      })
    }
    return { outcomes, changed, sent }
  }

  /**
   * Tells Green about one image it judged: only the scenes its feedback API takes (porn,
   * terrorism, ad), never the others; nothing when Green gave no task id or URL to name it by.
   * Shared by the CLI's at-once feedback and the decision outbox (decision-service.ts).
   */
  async tellGreen(
    items: readonly Item[],
    scenes: readonly Scene[],
    request: Pick<FeedbackRequest, 'suggestion' | 'label' | 'note'>,
    green: Result<GreenClient> | null,
    stoppedBy: () => AppError | null,
    signal: AbortSignal | undefined,
  ): Promise<GreenTold> {
    const latest = items.reduce((a, b) => ((b.scannedAt ?? 0) >= (a.scannedAt ?? 0) ? b : a))
    const greenScenes = greenFeedbackScenes(scenes)
    const withTask = [...items]
      .sort((a, b) => (b.scannedAt ?? 0) - (a.scannedAt ?? 0))
      .find((i) => i.taskId !== null)
    // Green adds an image to its feedback library only with its URL (docs/green-api.md §7): the
    // item's own URL, or the oss:// copy a local file was judged from.
    const url =
      latest.sourceKind === 'url'
        ? latest.source
        : (items.find((i) => i.sentUrl !== null)?.sentUrl ?? undefined)
    const localReason = greenScenes.length < scenes.length ? LOCAL_ONLY_SCENES : null
    if (greenScenes.length === 0) return { sentToGreen: [], localReason }
    if (withTask === undefined && url === undefined) {
      return {
        sentToGreen: [],
        localReason: 'Green gave no task id for this image, so Green cannot be told about it',
      }
    }
    const stopped = stoppedBy()
    if (stopped) return { sentToGreen: [], localReason, error: stopped }
    if (!green?.ok) {
      return {
        sentToGreen: [],
        localReason,
        error: green?.error ?? appError('INTERNAL', 'No Green client.'),
      }
    }
    const reported = await this.report(
      green.value,
      {
        ...(withTask?.taskId ? { taskId: withTask.taskId } : {}),
        ...(withTask?.dataId ? { dataId: withTask.dataId } : {}),
        ...(url !== undefined ? { url } : {}),
        scenes: greenScenes,
        suggestion: request.suggestion,
        ...(request.label !== undefined ? { label: request.label } : {}),
        ...(request.note !== undefined ? { note: request.note } : {}),
      },
      signal,
    )
    if (!reported.ok) {
      return {
        sentToGreen: [],
        localReason,
        error: reported.error,
        ...(stopsQueue(reported.error) ? { stop: reported.error } : {}),
      }
    }
    return { sentToGreen: greenScenes, localReason }
  }

  /** One ImageScanFeedback call, paced by the feedback bucket and retried like a scan. */
  private async report(
    client: GreenClient,
    body: Parameters<GreenClient['imageScanFeedback']>[0],
    signal: AbortSignal | undefined,
  ): Promise<Result<unknown>> {
    const limiter = await this.rateLimiter()
    const run = await this.retry.run(
      async () => {
        const token = await limiter.take(1, signal)
        if (!token.ok) return token
        const answer = await client.imageScanFeedback(body, signal ? { signal } : {})
        if (answer.ok) limiter.succeeded()
        return answer
      },
      {
        ...(signal ? { signal } : {}),
        onRetry: (error) => {
          if (error.code === 'THROTTLED') limiter.throttled()
        },
      },
    )
    return run.result
  }

  /** One bucket for every submit, so rapid clicks in the app share the 20/s, not 20/s each. */
  private async rateLimiter(): Promise<AdaptiveRateLimiter> {
    const qps = (await this.options.settings()).feedbackQps
    if (this.limiter?.maxRatePerSecond !== qps) {
      this.limiter = new AdaptiveRateLimiter({
        maxRatePerSecond: qps,
        ...(this.options.clock ? { clock: this.options.clock } : {}),
      })
    }
    return this.limiter
  }

  /** Built like createEngine's: the key as stored right now, the call's region/endpoint first. */
  async greenClient(call: FeedbackCallOptions = {}): Promise<Result<GreenClient>> {
    const resolved = await this.options.credentials.resolve()
    if (!resolved.ok) return resolved
    if (resolved.value === null) {
      return err(
        appError(
          'CREDENTIALS_MISSING',
          'Feedback on a Green verdict is sent to Green and needs the Alibaba Cloud AccessKey it was scanned with.',
          false,
          { reason: 'feedback' },
        ),
      )
    }
    const key = resolved.value
    const endpoint = call.endpoint ?? key.endpoint ?? undefined
    const created = GreenClient.create({
      credentials: key.accessKey,
      region: call.region ?? key.region,
      ...(endpoint ? { endpoint } : {}),
    })
    return created.ok ? ok(created.value) : err(created.error)
  }
}

function failed(item: Item, scenes: readonly Scene[], error: AppError): FeedbackItemOutcome {
  // Only the AppError fields (params are what hosts word it with): a GreenError's extras stay.
  return {
    id: item.id,
    source: item.source,
    engine: item.engine,
    before: item.suggestion,
    after: item.suggestion,
    scenes: [...scenes],
    sentToGreen: [],
    keptLocally: [],
    localReason: null,
    error: {
      code: error.code,
      message: error.message,
      retryable: error.retryable,
      ...(error.params !== undefined ? { params: error.params } : {}),
    },
  }
}
