import { createHash } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { photoLikeJpeg } from '../../../tests/fixtures/images'
import { newFileItem } from '../../../tests/fixtures/items'
import { openStore, type SqliteStore } from '../store/sqlite/open-store'
import { Previews } from './previews'

let dir = ''
let store: SqliteStore
let previews: Previews

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'greenlight-previews-'))
  store = await openStore(join(dir, 'data'))
  previews = new Previews({ items: store.items, previewsDir: join(dir, 'data', 'previews') })
})
afterEach(async () => {
  await store.close()
  await rm(dir, { recursive: true, force: true })
})

describe('Previews', () => {
  it('makes the preview of an image a CLI scanned, from its file, inside the previews folder', async () => {
    const path = join(dir, 'street.jpg')
    const bytes = await photoLikeJpeg(1800, 1200, 11)
    await writeFile(path, bytes)
    const sha256 = createHash('sha256').update(bytes).digest('hex')
    const [item] = await store.items.insertMany([newFileItem(path)])
    await store.items.update(item!.id, { state: 'done', sha256 })

    const made = await previews.ensure({ sha256, size: 'preview', frame: 0 })
    expect(made?.startsWith(join(dir, 'data', 'previews'))).toBe(true)
    const meta = await sharp(made!).metadata()
    expect([meta.width, meta.height]).toEqual([1600, 1067])
  })

  it('refuses ids that are not a sha256 and frames out of range, before touching the disk', async () => {
    for (const sha256 of ['../../etc/passwd', 'AB'.repeat(32), '', 'ab'.repeat(32) + '/..']) {
      expect(await previews.ensure({ sha256, size: 'preview', frame: 0 })).toBeNull()
    }
    for (const frame of [-1, 1.5, 1000, Number.NaN]) {
      expect(await previews.ensure({ sha256: 'ab'.repeat(32), size: 'full', frame })).toBeNull()
    }
    // An unknown image has no file to make it from.
    expect(await previews.ensure({ sha256: 'ab'.repeat(32), size: 'full', frame: 0 })).toBeNull()
  })
})
