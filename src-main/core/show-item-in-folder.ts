import type { Item } from '../../src-shared/domain'
import { appError, err, ok, type Result } from '../../src-shared/result'
import type { AppCore } from './app-core'

/** The item by id if it has a path (or, with `urls`, a URL) to act on; else why not. */
async function itemWithPath(
  core: AppCore,
  itemId: number,
  kinds: readonly Item['sourceKind'][],
): Promise<Result<Item>> {
  const item = await core.store.items.get(itemId)
  if (item === undefined || !kinds.includes(item.sourceKind)) {
    return err(
      appError('NOT_FOUND', 'That image is no longer in the queue, or is not a file.', false, {
        reason: 'file',
        path: item?.source ?? String(itemId),
      }),
    )
  }
  return ok(item)
}

/**
 * An error's "Show in folder" action on an item (docs/architecture.md §6): main looks the path up
 * by id, so the renderer never names a path it could open.
 */
export async function showItemInFolder(core: AppCore, itemId: number): Promise<Result<null>> {
  const found = await itemWithPath(core, itemId, ['file'])
  if (!found.ok) return found
  const shown = await core.ports.shell.showInFolder(found.value.source)
  return shown.ok ? ok(null) : shown
}

/** The preview's "Copy path": a file's path or a URL item's URL, put on the clipboard by main. */
export async function copyItemPath(core: AppCore, itemId: number): Promise<Result<null>> {
  const found = await itemWithPath(core, itemId, ['file', 'url'])
  if (!found.ok) return found
  const copied = await core.ports.shell.copyPath(found.value.source)
  return copied.ok ? ok(null) : copied
}
