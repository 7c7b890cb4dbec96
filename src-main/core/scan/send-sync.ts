import { itemNote } from '../../../src-shared/domain'
import { basename } from 'node:path'
import type { ScanEngine, TaskOutcome } from '../engines/scan-engine'
import { fileChangedError } from '../media/hash-file'
import { stopsQueue } from '../pacing/retry-policy'
import type { VerdictKey } from '../store/ports/verdict-cache'
import type { SendContext } from './send-context'
import {
  aborted,
  NO_ANSWER,
  taskFor,
  type BatchContext,
  type Group,
  type ScanLimits,
} from './scan-types'

/**
 * Sync mode: one call judges the batch's leaders; each verdict is cached under the bytes the
 * engine judged, then every item of the group (the leader and its twins) is finished with it.
 */
export async function sendSync(
  ctx: SendContext,
  engine: ScanEngine,
  leaders: readonly Group[],
  batch: BatchContext,
  limits: ScanLimits,
  verdictKey: (sha256: string) => VerdictKey,
): Promise<void> {
  const { scenes, bizType, live, sending, signal } = batch
  const { outcomes } = ctx
  const tasks = leaders.map(({ leader, sha256 }) => taskFor(leader, sha256))
  const run = await ctx.caller.call(engine, tasks.length, limits, signal, (pace) =>
    engine.scan(tasks, scenes, { bizType, signal, ...pace }),
  )
  if (aborted(signal)) return outcomes.endAborted(sending)
  if (!run.ok) return outcomes.endWithError(sending, run.error)

  const answers = new Map<string, TaskOutcome>(run.value.map((o) => [o.dataId, o]))
  for (const { leader, twins, sha256 } of leaders) {
    const outcome = answers.get(String(leader.id))
    const group = [leader, ...twins].filter((i) => live.has(i.id))
    if (outcome === undefined) {
      for (const item of group) await outcomes.retryOrFail(item, NO_ANSWER)
      continue
    }
    if (!outcome.ok) {
      if (stopsQueue(outcome.error)) await outcomes.stopQueue(group, outcome.error)
      else for (const item of group) await outcomes.retryOrFail(item, outcome.error)
      continue
    }
    // The verdict belongs to the bytes the engine judged, never to a hash they do not have.
    if (sha256 !== null && outcome.sha256 !== undefined && outcome.sha256 !== sha256) {
      const changed = fileChangedError(basename(leader.source))
      for (const item of group) await outcomes.retryOrFail(item, changed)
      continue
    }
    const judged = outcome.sha256 ?? sha256
    if (judged !== null) {
      await ctx.verdicts.store(
        verdictKey(judged),
        outcome.results,
        outcome.unsupported,
        outcome.taskId ?? null,
      )
    }
    for (const item of group) {
      const twin = item.id !== leader.id
      if (twin) ctx.stats.reused++
      await outcomes.finish(item, {
        state: 'done',
        sha256: judged,
        results: outcome.results,
        unsupportedScenes: outcome.unsupported,
        taskId: outcome.taskId ?? null,
        sentUrl: outcome.sentUrl ?? null,
        error: null,
        note: twin ? itemNote('same-as-item', { item: String(leader.id) }) : (outcome.note ?? null),
        scannedAt: Date.now(),
      })
    }
  }
}
