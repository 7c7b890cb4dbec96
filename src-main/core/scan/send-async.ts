import { itemNote, type Item } from '../../../src-shared/domain'
import type { AsyncScanning, PollOutcome, ScanEngine, SubmitOutcome } from '../engines/scan-engine'
import { stopsQueue } from '../pacing/retry-policy'
import type { SendContext } from './send-context'
import {
  aborted,
  groupItems,
  NO_ANSWER,
  taskFor,
  type BatchContext,
  type Group,
  type ScanLimits,
} from './scan-types'

/**
 * Async mode (docs/green-api.md §6): each image is submitted, its taskId written to the store before
 * anything else happens (a crash after this point resumes polling, never pays again), and the
 * poller collects the verdict. An image whose twin is already submitted waits on that task.
 */
export async function submitAsync(
  ctx: SendContext,
  engine: ScanEngine,
  api: AsyncScanning,
  leaders: readonly Group[],
  batch: BatchContext,
  limits: ScanLimits,
): Promise<void> {
  const { engineId, scenes, bizType, live, signal } = batch
  const { outcomes } = ctx
  const toSend: Group[] = []
  for (const group of leaders) {
    const twin =
      group.sha256 === null
        ? undefined
        : await ctx.items.awaitingTwin(group.sha256, engineId, scenes, bizType)
    if (twin === undefined) toSend.push(group)
    else {
      await markSubmitted(
        ctx,
        group,
        live,
        {
          ok: true,
          dataId: String(group.leader.id),
          taskId: twin.taskId,
          note: itemNote('same-as-submitted', {}),
        },
        twin.submittedAt,
      )
    }
  }
  if (toSend.length > 0) {
    const tasks = toSend.map(({ leader, sha256 }) => taskFor(leader, sha256))
    const run = await ctx.caller.call(engine, tasks.length, limits, signal, (pace) =>
      api.submit(tasks, scenes, { bizType, signal, ...pace }),
    )
    const items = toSend.flatMap(groupItems(live))
    if (aborted(signal)) return outcomes.endAborted(items)
    if (!run.ok) return outcomes.endWithError(items, run.error)
    const answers = new Map<string, SubmitOutcome>(run.value.map((o) => [o.dataId, o]))
    const at = ctx.wallNow()
    for (const group of toSend) {
      const outcome = answers.get(String(group.leader.id))
      const members = groupItems(live)(group)
      if (outcome === undefined) {
        for (const item of members) await outcomes.retryOrFail(item, NO_ANSWER)
      } else if (!outcome.ok) {
        if (stopsQueue(outcome.error)) await outcomes.stopQueue(members, outcome.error)
        else for (const item of members) await outcomes.retryOrFail(item, outcome.error)
      } else {
        ctx.stats.submitted++
        await markSubmitted(ctx, group, live, outcome, at)
      }
    }
  }
  ctx.ensurePolling()
}

async function markSubmitted(
  ctx: SendContext,
  group: { leader: Item; twins: Item[] },
  live: ReadonlySet<number>,
  outcome: Extract<SubmitOutcome, { ok: true }>,
  submittedAt: number,
): Promise<void> {
  const moved: Item[] = []
  for (const item of groupItems(live)(group)) {
    const stored = await ctx.items.updateIf(item.id, ['scanning'], {
      state: 'submitted',
      taskId: outcome.taskId,
      ...(outcome.sentUrl !== undefined ? { sentUrl: outcome.sentUrl } : {}),
      ...(outcome.sha256 !== undefined ? { sha256: outcome.sha256 } : {}),
      submittedAt,
      note: outcome.note ?? null,
    })
    if (stored) moved.push(stored)
  }
  await ctx.announce(moved)
  if (moved.length > 0) ctx.track(outcome.taskId, group.leader.engine, submittedAt)
}

/** An async verdict arrived (async-poller.ts): cached for the bytes, then every waiting item is done. */
export async function finishAsync(
  ctx: Pick<SendContext, 'verdicts' | 'outcomes' | 'wallNow' | 'verdictEngineKey'>,
  items: readonly Item[],
  outcome: Extract<PollOutcome, { status: 'done' }>,
): Promise<void> {
  const first = items[0]
  if (first === undefined) return
  if (first.sha256 !== null) {
    const engine = await ctx.verdictEngineKey(first.engine)
    await ctx.verdicts.store(
      { sha256: first.sha256, engine, bizType: first.bizType },
      outcome.results,
      outcome.unsupported,
      outcome.taskId,
    )
  }
  for (const item of items) {
    await ctx.outcomes.finish(item, {
      state: 'done',
      results: outcome.results,
      unsupportedScenes: outcome.unsupported,
      taskId: outcome.taskId,
      error: null,
      scannedAt: ctx.wallNow(),
    })
  }
}
