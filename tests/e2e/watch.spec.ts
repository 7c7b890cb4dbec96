import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { photoLikeJpeg } from '../fixtures/images'
import { expect, test } from './harness-fixture'

test('a watched folder: its photos are scanned, and a photo that lands later is scanned too', async ({
  page,
  harness,
}) => {
  const folder = mkdtempSync(join(tmpdir(), 'greenlight-e2e-watch-'))
  writeFileSync(join(folder, 'already-here.jpg'), await photoLikeJpeg(640, 480, 41))
  await harness.core.store.settings.set({ scenes: ['porn', 'qrcode'] })

  await page.goto(harness.url)
  await page.getByTestId('open-settings').click()
  await page.getByTestId('watch-path').fill(folder)
  await page.getByTestId('watch-add').click()
  await expect(page.getByTestId('watched-folder')).toContainText(folder)
  await expect(page.getByTestId('watch-state')).toHaveText('Watching', { timeout: 15_000 })
  await page.keyboard.press('Escape')

  const rows = page.getByTestId('item-row')
  await expect(rows.filter({ hasText: 'already-here.jpg' })).toContainText('Done', {
    timeout: 45_000,
  })

  writeFileSync(join(folder, 'new-arrival.jpg'), await photoLikeJpeg(640, 480, 42))
  await expect(rows.filter({ hasText: 'new-arrival.jpg' })).toContainText('Done', {
    timeout: 45_000,
  })
  await expect(rows).toHaveCount(2)
  await page.screenshot({ path: 'test-results/watch.png', fullPage: true })
})
