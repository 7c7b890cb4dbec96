import { stat } from 'node:fs/promises'
import type { Item } from '../../../src-shared/domain'
import { retryCanFix, type ErrorCode } from '../../../src-shared/result'
import type { ItemQueries } from '../store/ports/item-queries'
import type { ScanService } from './scan-service'

/** Failures left failed, counted by code (and reason), so the host can say why not. */
export interface KeptFailure {
  readonly code: ErrorCode
  readonly reason: string | null
  readonly count: number
}

export interface RetryReport {
  /** Failed items queued again. */
  readonly queued: number
  /** Failed items a retry cannot fix, left as they are, by why. */
  readonly kept: readonly KeptFailure[]
}

/** A missing file is worth a retry once it is back where it was. */
async function fileIsBack(item: Item): Promise<boolean> {
  if (item.sourceKind === 'url') return false
  return (await stat(item.source).catch(() => null))?.isFile() === true
}

/**
 * Queues again the failed items (all, or the ones named) that another try can fix, and leaves
 * the rest failed, counted by why (docs/architecture.md §4, "Keeping the queue clean"): an empty
 * file or a text file sent again only fails again, and costs a Green call when it gets that far.
 */
export async function retryFailed(
  deps: {
    readonly items: Pick<ItemQueries, 'iterate' | 'getMany'>
    readonly scan: Pick<ScanService, 'retryFailed'>
  },
  itemIds?: readonly number[],
): Promise<RetryReport> {
  const fixable: number[] = []
  const kept = new Map<string, KeptFailure>()
  const failed =
    itemIds === undefined
      ? deps.items.iterate({ states: ['failed'] })
      : (await deps.items.getMany(itemIds)).filter((item) => item.state === 'failed')
  for await (const item of failed) {
    const back = item.error?.code === 'FILE_NOT_FOUND' ? await fileIsBack(item) : true
    if (retryCanFix(item.error, back)) {
      fixable.push(item.id)
      continue
    }
    const code = item.error?.code ?? 'INTERNAL'
    const reason = item.error?.params?.reason ?? null
    const key = `${code}:${reason ?? ''}`
    const count = (kept.get(key)?.count ?? 0) + 1
    kept.set(key, { code, reason, count })
  }
  if (fixable.length > 0) await deps.scan.retryFailed(fixable)
  return {
    queued: fixable.length,
    kept: [...kept.values()].sort((a, b) => b.count - a.count),
  }
}
