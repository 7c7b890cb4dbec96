import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { photoLikeJpeg } from '../../../tests/fixtures/images'
import { newFileItem } from '../../../tests/fixtures/items'
import { openStore, type SqliteStore } from '../store/sqlite/open-store'
import { thumbnailPath } from '../media/thumbnail'
import { Thumbnails } from './thumbnails'

let dir = ''
let store: SqliteStore
let thumbs: Thumbnails
let thumbsDir = ''

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'greenlight-thumbnails-'))
  store = await openStore(join(dir, 'data'))
  thumbsDir = join(dir, 'data', 'thumbs')
  thumbs = new Thumbnails({ items: store.items, thumbsDir })
})
afterEach(async () => {
  await store.close()
  await rm(dir, { recursive: true, force: true })
})

/** A photo on disk, stored as an item a CLI scanned: hashed, but with no thumbnail made. */
async function scannedByCli(name: string, seed: number) {
  const path = join(dir, name)
  const bytes = await photoLikeJpeg(800, 600, seed)
  await writeFile(path, bytes)
  const sha256 = createHash('sha256').update(bytes).digest('hex')
  const [item] = await store.items.insertMany([newFileItem(path)])
  await store.items.update(item!.id, { state: 'done', sha256 })
  return { path, sha256 }
}

describe('Thumbnails', () => {
  it('makes the thumbnail of an image another process scanned, from its file, once', async () => {
    const { sha256 } = await scannedByCli('beach.jpg', 1)
    expect(existsSync(thumbnailPath(thumbsDir, sha256))).toBe(false)
    // Two rows asking at once share one job.
    const [first, second] = await Promise.all([thumbs.ensure(sha256), thumbs.ensure(sha256)])
    expect([first, second]).toEqual([true, true])
    expect(existsSync(thumbnailPath(thumbsDir, sha256))).toBe(true)
  })

  it('uses another copy when the newest path no longer holds those bytes', async () => {
    const { path, sha256 } = await scannedByCli('old.jpg', 2)
    const copy = join(dir, 'copy.jpg')
    await copyFile(path, copy)
    const [item] = await store.items.insertMany([newFileItem(copy)])
    await store.items.update(item!.id, { state: 'done', sha256 })
    // The newest item's file was edited since: its bytes would give another image's picture.
    await writeFile(copy, await photoLikeJpeg(800, 600, 99))
    expect(await thumbs.ensure(sha256)).toBe(true)
  })

  it('makes none when no file holds the bytes any more, or the image is unknown', async () => {
    const { path, sha256 } = await scannedByCli('gone.jpg', 3)
    await rm(path)
    expect(await thumbs.ensure(sha256)).toBe(false)
    expect(await thumbs.ensure('ab'.repeat(32))).toBe(false)
    expect(await thumbs.ensure('../../secret')).toBe(false)
    expect(existsSync(thumbnailPath(thumbsDir, sha256))).toBe(false)
  })
})
