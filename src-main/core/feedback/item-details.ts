import { judgedFrame, type ItemDetails } from '../../../src-shared/domain'
import { appError, err, ok, type Result } from '../../../src-shared/result'
import type { CorrectionHistory } from '../store/ports/correction-history'
import { feedbackSubject } from '../store/ports/feedback-subject'
import type { ItemQueries } from '../store/ports/item-queries'

/**
 * What the preview shows of an item beyond the Item (docs/architecture.md §6): the image's whole
 * correction history for this engine (whichever item of it was corrected, by a window or by
 * `greenlight feedback`), whether the verdict came from the cache, and the frame it matched.
 */
export async function itemDetails(
  deps: { readonly items: Pick<ItemQueries, 'get'>; readonly corrections: CorrectionHistory },
  itemId: number,
): Promise<Result<ItemDetails>> {
  const item = await deps.items.get(itemId)
  if (item === undefined) {
    return err(appError('NOT_FOUND', 'That image is no longer in the queue.'))
  }
  const subject = feedbackSubject(item)
  return ok({
    itemId,
    history: subject === null ? [] : await deps.corrections.historyOf(subject, item.engine),
    fromCache: item.note?.code === 'cache-reused',
    judgedFrame: judgedFrame(item.results),
  })
}
