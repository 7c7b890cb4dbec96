import { appError, err, ok, type Result } from '../../src-shared/result'
import type { AppCore } from './app-core'

/**
 * An error's "Show in folder" action on an item (docs/architecture.md §6): main looks the path up
 * by id, so the renderer never names a path it could open.
 */
export async function showItemInFolder(core: AppCore, itemId: number): Promise<Result<null>> {
  const item = await core.store.items.get(itemId)
  if (item?.sourceKind !== 'file') {
    return err(
      appError('NOT_FOUND', 'That image is no longer in the queue, or is not a file.', false, {
        reason: 'file',
        path: item?.source ?? String(itemId),
      }),
    )
  }
  const shown = await core.ports.shell.showInFolder(item.source)
  return shown.ok ? ok(null) : shown
}
