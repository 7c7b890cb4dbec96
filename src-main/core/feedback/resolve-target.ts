import { stat } from 'node:fs/promises'
import { resolve } from 'node:path'
import type { Item } from '../../../src-shared/domain'
import { appError, err, ok, type Result } from '../../../src-shared/result'
import { sha256File } from '../media/hash-file'
import type { ItemQueries } from '../store/ports/item-queries'
import { feedbackSubject } from '../store/ports/feedback-subject'

/** What resolving needs: the item reads (store/ports/item-queries.ts). */
export type TargetStore = Pick<ItemQueries, 'getMany' | 'idsOfImage' | 'idsByReference'>

const noMatch = (target: string, why = '') =>
  err(
    appError(
      'NOT_FOUND',
      `No scanned image matches "${target}"${why}; scan it first, then correct it.`,
      false,
      { reason: 'scanned-image', name: target },
    ),
  )

/**
 * The CLI's `<path|url|dataId>` as items: an http(s) URL → the items scanned from that URL; an
 * existing file → the sha256 of its bytes → every item with those bytes, whatever its name; else
 * a dataId (ours is the item id) or a Green taskId. Only finished (`done`) items can be corrected:
 * there is no verdict to correct before that.
 */
export async function resolveTarget(
  store: TargetStore,
  target: string,
  cwd: string = process.cwd(),
): Promise<Result<Item[]>> {
  const text = target.trim()
  let ids: number[]
  if (/^https?:\/\//i.test(text)) {
    ids = await store.idsOfImage({ image: { url: text } })
  } else {
    const path = resolve(cwd, text)
    const info = await stat(path).catch((error: unknown) => error as NodeJS.ErrnoException)
    if (info instanceof Error && info.code !== 'ENOENT' && info.code !== 'ENOTDIR') {
      return err(
        appError(
          'FILE_UNREADABLE',
          `Cannot read "${text}" (${info.code ?? info.message}).`,
          false,
          {
            reason: 'io',
            name: text,
            detail: info.code ?? info.message,
          },
        ),
      )
    }
    if (!(info instanceof Error) && info.isDirectory()) {
      return err(
        appError('VALIDATION', `"${text}" is a folder; name one image (a file, URL or dataId).`),
      )
    }
    if (!(info instanceof Error)) {
      const sha256 = await sha256File(path).catch(() => null)
      if (sha256 === null)
        return err(appError('FILE_UNREADABLE', `Cannot read "${text}".`, false, { name: text }))
      ids = await store.idsOfImage({ image: { sha256 } })
      if (ids.length === 0) return noMatch(text, ' (no image with these bytes was scanned)')
    } else {
      ids = await store.idsByReference(text)
    }
  }
  return finishedImages(store, await store.getMany(ids), text)
}

/** The app's selection (item ids) as items, with the same rules as a CLI target. */
export async function resolveItemIds(
  store: TargetStore,
  itemIds: readonly number[],
): Promise<Result<Item[]>> {
  const found = await store.getMany([...new Set(itemIds)])
  return finishedImages(store, found, itemIds.map(String).join(', '))
}

/**
 * Keeps the finished items and widens them to every finished item of the same image and engine:
 * feedback is about an image, so all its rows show the same correction.
 */
async function finishedImages(
  store: TargetStore,
  found: readonly Item[],
  target: string,
): Promise<Result<Item[]>> {
  if (found.length === 0) return noMatch(target)
  const done = found.filter((item) => item.state === 'done')
  if (done.length === 0) {
    const states = [...new Set(found.map((i) => i.state))].join(', ')
    return err(
      appError(
        'VALIDATION',
        `"${target}" has no finished verdict to correct (state: ${states}); wait for the scan to finish, or scan it again.`,
      ),
    )
  }
  const ids = new Set(done.map((i) => i.id))
  const seen = new Set<string>()
  for (const item of done) {
    const subject = feedbackSubject(item)
    const key = `${item.engine}\n${subject ?? ''}`
    if (subject === null || seen.has(key)) continue
    seen.add(key)
    const same = await store.idsOfImage({
      image: item.sourceKind === 'url' ? { url: subject } : { sha256: subject },
      engine: item.engine,
      state: 'done',
    })
    for (const id of same) ids.add(id)
  }
  return ok(await store.getMany([...ids]))
}
