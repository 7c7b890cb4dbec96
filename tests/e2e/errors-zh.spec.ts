import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { photoLikeJpeg } from '../fixtures/images'
import { expect, test } from './harness-fixture'

test('in zh-CN a failed item, its action and a note are worded in Chinese', async ({
  page,
  harness,
}) => {
  const folder = mkdtempSync(join(tmpdir(), 'greenlight-e2e-zh-'))
  const photo = await photoLikeJpeg(800, 600, 41)
  writeFileSync(join(folder, 'beach.jpg'), photo)
  writeFileSync(join(folder, 'beach-copy.jpg'), photo)
  writeFileSync(join(folder, 'notes.jpg'), 'this is not a photo')
  await harness.core.store.settings.set({ scenes: ['porn', 'qrcode'], language: 'zh-CN' })

  await page.goto(harness.url)
  await page.getByTestId('add-input').fill(folder)
  await page.getByTestId('add-input').press('Enter')

  const rows = page.getByTestId('item-row')
  await expect(rows).toHaveCount(3)
  const broken = rows.filter({ hasText: 'notes.jpg' })
  const error = broken.getByTestId('item-error')
  await expect(error).toContainText('notes.jpg 不是图片', { timeout: 45_000 })
  await expect(error).not.toContainText('is not an image')
  // The same bytes twice: one is judged, the other's note says whose verdict it has.
  await expect(page.getByTestId('item-note')).toContainText('是同一图片')
  // A clean photo: its overall suggestion, in Chinese (scenes that pass carry no badge).
  await expect(
    rows
      .filter({ hasText: /^beach\.jpg/ })
      .first()
      .getByTestId('suggestion-chip'),
  ).toHaveText('通过')

  await page.setViewportSize({ width: 1024, height: 700 })
  await page.screenshot({ path: 'test-results/errors/zh-CN-failed-item.png' })

  await error.getByTestId('error-action-show-in-folder').click()
  await expect.poll(() => harness.ports.shownInFolder).toEqual([join(folder, 'notes.jpg')])
})
