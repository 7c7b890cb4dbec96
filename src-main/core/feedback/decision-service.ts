import {
  decisionRequestSchema,
  decisionScenes,
  SCENES,
  suggestionAfterFeedback,
  type DecisionRequest,
  type EngineId,
  type Item,
  type ItemFeedback,
  type NoDecisionScenes,
  type PendingDecision,
  type Scene,
  type Settings,
} from '../../../src-shared/domain'
import type { InvokeResponse } from '../../../src-shared/ipc'
import { appError, err, ok, type AppError, type Result } from '../../../src-shared/result'
import type { EventHub } from '../events/event-hub'
import type { LeasedWork } from '../store/lease'
import type { DecisionImage, DecisionOutbox, StoredDecision } from '../store/ports/decision-outbox'
import type { FeedbackStore } from '../store/ports/feedback-store'
import { feedbackSubject } from '../store/ports/feedback-subject'
import type { ItemQueries } from '../store/ports/item-queries'
import type { QueueStore } from '../store/ports/queue-store'
import { noScenesError } from './decision-errors'
import type { FeedbackService } from './feedback-service'
import { resolveItemIds } from './resolve-target'

/** Timers for the end of a grace period, injectable like the lease timers (store/lease.ts). */
export interface DecisionTimers {
  setTimeout(callback: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

const systemTimers: DecisionTimers = {
  setTimeout: (callback, ms) => {
    // Unref'd: a decision waiting for its grace period never keeps a process alive; it is sent
    // by the next process to start.
    const handle = setTimeout(callback, ms)
    handle.unref()
    return handle
  },
  clearTimeout: (handle) => {
    clearTimeout(handle as ReturnType<typeof setTimeout>)
  },
}

export interface DecisionServiceOptions {
  readonly items: QueueStore & ItemQueries
  readonly outbox: DecisionOutbox
  readonly feedback: FeedbackStore
  /** Sends to Green (the same pacing and retries as the CLI's at-once feedback). */
  readonly green: Pick<FeedbackService, 'tellGreen' | 'greenClient'>
  readonly settings: () => Promise<Settings>
  readonly events: Pick<EventHub, 'itemsChanged' | 'progressChanged' | 'decisionsChanged'>
  /** This process's lease identity: a send is claimed by it (store/lease.ts). */
  readonly leases: { readonly owner: string; until(): number }
  /** Epoch ms for grace periods; tests move it by hand. */
  readonly now?: () => number
  readonly timers?: DecisionTimers
  /** How long a send that failed and may succeed later waits before the next try. */
  readonly retryMs?: number
  readonly onError?: (message: string, error: AppError) => void
}

export type MadeDecision = InvokeResponse<'decisions:make'>
export type UndoneDecision = InvokeResponse<'decisions:undo'>

/** Decisions claimed per round of sending. */
const CLAIM = 20

/**
 * Reviewer decisions with a grace period (docs/architecture.md §4, "Decisions and the outbox"):
 * a decision is stored and shown at once, held in the outbox, then sent to Green once its grace
 * period ends, by whichever process claims it first, exactly once. Undo inside the grace period
 * cancels it and gives the items back what they showed before.
 */
export class DecisionService {
  private readonly now: () => number
  private readonly timers: DecisionTimers
  private timer: unknown = null
  private timerDue = Infinity
  private sending: Promise<number> = Promise.resolve(0)
  private started = false
  private closed = false

  constructor(private readonly options: DecisionServiceOptions) {
    this.now = options.now ?? Date.now
    this.timers = options.timers ?? systemTimers
  }

  async make(raw: DecisionRequest): Promise<Result<MadeDecision>> {
    const parsed = decisionRequestSchema.safeParse(raw)
    if (!parsed.success) {
      return err(
        appError('VALIDATION', `Invalid decision: ${parsed.error.issues[0]?.message ?? ''}`),
      )
    }
    const request = parsed.data
    const found = await resolveItemIds(this.options.items, request.itemIds)
    if (!found.ok) return found
    const images: DecisionImage[] = []
    const skipped: NoDecisionScenes[] = []
    const unflagged: Item[] = []
    for (const group of groupByImage(found.value)) {
      const latest = group.items.reduce((a, b) =>
        (b.scannedAt ?? 0) >= (a.scannedAt ?? 0) ? b : a,
      )
      const named = request.scenes ?? null
      const chosen = named
        ? { ok: true as const, scenes: SCENES.filter((s) => named.includes(s)) }
        : withAnswer(
            decisionScenes(latest.results, latest.feedback, request.suggestion),
            request.unflaggedScenes,
          )
      if (!chosen.ok) {
        skipped.push(chosen.reason)
        if (chosen.reason === 'choose-scene') unflagged.push(latest)
        continue
      }
      images.push({ ...group, itemIds: group.items.map((i) => i.id), scenes: chosen.scenes })
    }
    // Block on an image with nothing flagged needs a scene: the host asks which, once for the
    // lot, offering the scenes those images were scanned for.
    if (skipped.includes('choose-scene')) return err(noScenesError('choose-scene', unflagged))
    if (images.length === 0) return err(noScenesError('already-passes'))
    const at = this.now()
    const graceMs = Math.round((await this.options.settings()).feedbackGraceSeconds * 1000)
    const decision = await this.options.outbox.record({
      suggestion: request.suggestion,
      label: request.label ?? null,
      note: request.note ?? null,
      images,
      at,
      dueAt: at + graceMs,
    })
    await this.showImages(decision.images)
    // The grace period is the reviewer's time to undo, so it counts from when the decision shows:
    // thousands of images take seconds to record and show (docs/architecture.md §4).
    const shownAt = this.now()
    let dueAt = decision.dueAt
    if (shownAt > at) {
      dueAt = shownAt + graceMs
      await this.options.outbox.restartGrace(decision.id, dueAt)
    }
    await this.announce()
    return ok({
      decisionId: decision.id,
      count: countItems(decision),
      scenes: scenesOf(decision),
      dueAt,
    })
  }

  /** Undoes `id`, or the newest decision not undone yet. */
  async undo(id?: number): Promise<Result<UndoneDecision>> {
    const target = id ?? (await this.options.outbox.last())?.id
    const result = target === undefined ? null : await this.options.outbox.undo(target)
    if (result === null || result.kind === 'not-found' || result.kind === 'already-undone') {
      return err(
        appError('NOT_FOUND', 'There is no decision to undo.', false, { reason: 'decision' }),
      )
    }
    if (result.kind !== 'undone') {
      const sent = result.kind === 'sent'
      return err(
        appError(
          'VALIDATION',
          sent
            ? 'This decision was already sent to Green (or, for a local verdict, made final): Green cannot take feedback back.'
            : 'This decision is being sent to Green right now: Green cannot take feedback back.',
          false,
          { reason: sent ? 'decision-sent' : 'decision-sending' },
        ),
      )
    }
    await this.showImages(result.decision.images, result.restored)
    await this.announce()
    return ok({
      decisionId: result.decision.id,
      count: countItems(result.decision),
      suggestion: result.decision.suggestion,
      scenes: scenesOf(result.decision),
    })
  }

  /** The decisions in their grace period, with the time left (the undo toast). */
  async pending(): Promise<PendingDecision[]> {
    const now = this.now()
    return (await this.options.outbox.pending()).map((d) => ({
      id: d.id,
      suggestion: d.suggestion,
      scenes: scenesOf(d),
      count: countItems(d),
      dueAt: d.dueAt,
      msLeft: Math.max(0, d.dueAt - now),
    }))
  }

  /** Sends what is due, then waits for the next grace period to end. What was due before a restart goes now. */
  async start(): Promise<void> {
    this.started = true
    await this.sendDue()
  }

  /**
   * Claims every decision whose grace period has ended and sends it; returns how many were
   * finished here. One round at a time in this process; other processes are kept off by the claim.
   */
  sendDue(): Promise<number> {
    const round = this.sending.then(() => this.sendRound())
    this.sending = round.catch(() => 0)
    return round
  }

  /** The outbox as leased work: renewals, releases, and claimed sends of dead processes taken back. */
  leaseWork(): LeasedWork {
    return {
      renew: (owner, until) => this.options.outbox.renewLeases(owner, until),
      release: (owner) => this.options.outbox.releaseLeases(owner),
      reclaim: async (now) => {
        await this.options.outbox.reclaimExpired(now)
        // Also what another process recorded and then died before sending (it held no claim).
        if (this.started && !this.closed) await this.schedule()
      },
    }
  }

  /** Stops the timer and waits for a send under way; what is left is sent by the next start. */
  async close(): Promise<void> {
    this.closed = true
    if (this.timer !== null) this.timers.clearTimeout(this.timer)
    this.timer = null
    await this.sending
  }

  private async sendRound(): Promise<number> {
    let finished = 0
    for (;;) {
      if (this.closed) return finished
      const claimed = await this.options.outbox.claimDue(
        this.now(),
        this.options.leases.owner,
        this.options.leases.until(),
        CLAIM,
      )
      if (claimed.length === 0) break
      for (const decision of claimed) if (await this.send(decision)) finished++
      await this.announce()
    }
    if (this.started) await this.schedule()
    return finished
  }

  /** Sends one claimed decision, image by image; an image already sent (before a crash) is skipped. */
  private async send(decision: StoredDecision): Promise<boolean> {
    const { outbox, items } = this.options
    const owner = this.options.leases.owner
    const green = decision.images.some((i) => i.engine === 'green' && !i.sent)
      ? await this.options.green.greenClient()
      : null
    const told: StoredDecision['images'][number][] = []
    try {
      for (const image of decision.images) {
        if (image.sent) continue
        let greenScenes: Scene[] = []
        if (image.engine === 'green') {
          const shown = (await items.getMany(image.itemIds)).filter((i) => i.state === 'done')
          if (shown.length > 0) {
            const answer = await this.options.green.tellGreen(
              shown,
              image.scenes,
              {
                suggestion: decision.suggestion,
                ...(decision.label !== null ? { label: decision.label } : {}),
                ...(decision.note !== null ? { note: decision.note } : {}),
              },
              green,
              () => null,
              undefined,
            )
            if (answer.error) {
              this.options.onError?.('decision not sent', answer.error)
              // Worth another try (the network, the account): back to the outbox for later.
              if (answer.error.retryable || answer.stop || !green?.ok) {
                await outbox.retryLater(
                  decision.id,
                  owner,
                  this.now() + (this.options.retryMs ?? 30_000),
                )
                return false
              }
            }
            greenScenes = answer.sentToGreen
          }
        }
        await outbox.markImageSent(decision.id, image.subject, image.engine, greenScenes)
        if (greenScenes.length > 0) told.push(image)
      }
    } finally {
      if (green?.ok) await green.value.close()
    }
    const done = await outbox.markSent(decision.id, owner)
    // The items now say Green heard about them.
    if (told.length > 0) await this.showImages(told)
    return done
  }

  /** Sets a timer for the earliest pending decision (or sends at once when one is due). */
  private async schedule(): Promise<void> {
    if (this.closed) return
    const pending = await this.options.outbox.pending()
    const next = Math.min(...pending.map((d) => d.dueAt))
    if (!Number.isFinite(next) || next >= this.timerDue) return
    if (this.timer !== null) this.timers.clearTimeout(this.timer)
    this.timerDue = next
    this.timer = this.timers.setTimeout(
      () => {
        this.timer = null
        this.timerDue = Infinity
        void this.sendDue().catch((error: unknown) => {
          this.options.onError?.('decision outbox', {
            code: 'INTERNAL',
            message: error instanceof Error ? error.message : String(error),
            retryable: true,
          })
        })
      },
      Math.max(0, next - this.now()),
    )
  }

  /** Shows each image's feedback as stored now on every finished item of it. */
  private async showImages(
    images: readonly { subject: string; engine: EngineId; itemIds: readonly number[] }[],
    known: readonly { subject: string; engine: EngineId; feedback: ItemFeedback | null }[] = [],
  ): Promise<void> {
    const changed: Item[] = []
    for (const image of images) {
      const feedback =
        known.find((k) => k.subject === image.subject && k.engine === image.engine)?.feedback ??
        (await this.options.feedback.lookup(image.subject, image.engine))
      for (const item of await this.options.items.getMany(image.itemIds)) {
        const updated = await this.options.items.updateIf(item.id, ['done'], {
          feedback,
          suggestion: suggestionAfterFeedback(item.results, feedback),
        })
        if (updated) changed.push(updated)
      }
    }
    if (changed.length === 0) return
    this.options.events.itemsChanged(changed)
    this.options.events.progressChanged(await this.options.items.progress())
  }

  private async announce(): Promise<void> {
    if (this.started) await this.schedule()
    this.options.events.decisionsChanged({ pending: await this.pending() })
  }
}

/** The reviewer's answer to "which scene?" stands in for a default only where there is none. */
function withAnswer(
  chosen: ReturnType<typeof decisionScenes>,
  answer: readonly Scene[] | undefined,
): ReturnType<typeof decisionScenes> {
  if (chosen.ok || chosen.reason !== 'choose-scene' || answer === undefined) return chosen
  return { ok: true, scenes: SCENES.filter((s) => answer.includes(s)) }
}

/** The items of one image as one engine saw it: a decision is about an image, not a row. */
function groupByImage(
  items: readonly Item[],
): { subject: string; engine: EngineId; items: Item[] }[] {
  const groups = new Map<string, { subject: string; engine: EngineId; items: Item[] }>()
  for (const item of items) {
    const subject = feedbackSubject(item)
    if (subject === null) continue
    const key = `${item.engine}\n${subject}`
    const group = groups.get(key) ?? { subject, engine: item.engine, items: [] }
    group.items.push(item)
    groups.set(key, group)
  }
  return [...groups.values()]
}

function countItems(decision: StoredDecision): number {
  return decision.images.reduce((n, image) => n + image.itemIds.length, 0)
}

function scenesOf(decision: StoredDecision): Scene[] {
  const all = new Set(decision.images.flatMap((image) => image.scenes))
  return SCENES.filter((scene) => all.has(scene))
}
