import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { photoLikeJpeg } from '../fixtures/images'
import { newFileItem } from '../fixtures/items'
import { startHarness, type Harness } from '../harness/server'

let harness: Harness
let dir: string
let sha256: string

beforeAll(async () => {
  harness = await startHarness({ env: {} })
  dir = mkdtempSync(join(tmpdir(), 'greenlight-harness-preview-'))
  // An image a CLI scanned: hashed, judged, no preview made yet.
  const bytes = await photoLikeJpeg(2000, 1500, 21)
  const path = join(dir, 'harbour.jpg')
  writeFileSync(path, bytes)
  sha256 = createHash('sha256').update(bytes).digest('hex')
  const [item] = await harness.core.store.items.insertMany([newFileItem(path)])
  await harness.core.store.items.update(item!.id, { state: 'done', sha256 })
})

afterAll(async () => {
  await harness.close()
  rmSync(dir, { recursive: true, force: true })
})

async function get(path: string): Promise<{ status: number; body: Buffer; type: string | null }> {
  const response = await fetch(`${harness.origin}${path}`)
  return {
    status: response.status,
    body: Buffer.from(await response.arrayBuffer()),
    type: response.headers.get('content-type'),
  }
}

const withToken = (path: string, token = harness.token) =>
  `${path}${path.includes('?') ? '&' : '?'}token=${token}`

describe('harness previews', () => {
  it('serves a preview made on first request, fitted, and the 1:1 image at the original size', async () => {
    const preview = await get(withToken(`/__harness/preview/${sha256}?size=preview&frame=0`))
    expect([preview.status, preview.type]).toEqual([200, 'image/webp'])
    const fitted = await sharp(preview.body).metadata()
    expect([fitted.width, fitted.height]).toEqual([1600, 1200])
    const full = await sharp(
      (await get(withToken(`/__harness/preview/${sha256}?size=full`))).body,
    ).metadata()
    expect([full.width, full.height]).toEqual([2000, 1500])
  })

  it('refuses a wrong token, a bad size or frame, and path tricks', async () => {
    expect(
      (await get(withToken(`/__harness/preview/${sha256}?size=full`, 'x'.repeat(48)))).status,
    ).toBe(401)
    for (const path of [
      `/__harness/preview/${sha256}?size=huge`,
      `/__harness/preview/${sha256}?size=full&frame=-1`,
      `/__harness/preview/${sha256}?size=full&frame=../../x`,
    ]) {
      expect((await get(withToken(path))).status).toBe(400)
    }
    for (const path of [
      `/__harness/preview/..%2f..%2fpackage.json?size=full`,
      `/__harness/preview/${sha256}%2f..%2f..%2fsecret?size=preview`,
      `/__harness/preview/${'0'.repeat(64)}?size=preview`,
    ]) {
      const answer = await get(withToken(path))
      expect(answer.status).toBe(404)
      expect(answer.body.toString('utf8')).not.toContain('"name"')
    }
  })
})
