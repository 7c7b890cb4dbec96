import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { photoLikeJpeg, qrOnPhotoJpeg } from '../fixtures/images'
import { expect, test } from './harness-fixture'

test('a pasted folder is scanned offline: verdict chips, thumbnails, filters, and a clear failure for a broken file', async ({
  page,
  harness,
}) => {
  const folder = mkdtempSync(join(tmpdir(), 'greenlight-e2e-photos-'))
  mkdirSync(join(folder, '假期'))
  writeFileSync(join(folder, '假期', 'beach.jpg'), await photoLikeJpeg(800, 600, 31))
  writeFileSync(
    join(folder, 'poster.jpg'),
    await qrOnPhotoJpeg(1024, 768, 32, [
      { text: 'https://example.com/e2e', area: 0.1, angle: 8, at: [0.5, 0.5] },
    ]),
  )
  writeFileSync(join(folder, 'notes.jpg'), 'this is not a photo')
  await harness.core.store.settings.set({ scenes: ['porn', 'qrcode'] })

  await page.goto(harness.url)
  await page.getByTestId('add-input').fill(folder)
  await page.getByTestId('add-input').press('Enter')

  const rows = page.getByTestId('item-row')
  await expect(rows).toHaveCount(3)
  // The local model loads once, then all three finish; main pushes every change.
  await expect(page.getByTestId('status-summary')).toContainText('2 of 3 done · 1 failed', {
    timeout: 45_000,
  })
  const poster = rows.filter({ hasText: 'poster.jpg' })
  await expect(poster.getByTestId('verdict-chip').filter({ hasText: 'qrcode' })).toContainText(
    'qrcode',
  )
  await expect(poster).toHaveClass(/verdict-review/)
  // One badge per scene that is not pass: a clean photo shows its suggestion and no scene badge.
  const beach = rows.filter({ hasText: 'beach.jpg' })
  await expect(beach.getByTestId('suggestion-chip')).toHaveText('pass')
  await expect(beach.getByTestId('verdict-chip')).toHaveCount(0)
  await expect(rows.filter({ hasText: 'notes.jpg' })).toContainText('not an image')
  // Thumbnails come from main by content hash, through the harness's token-guarded route.
  const thumb = rows.filter({ hasText: 'beach.jpg' }).locator('img')
  await expect(thumb).toBeVisible()
  await expect
    .poll(() => thumb.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth))
    .toBe(112)

  // One-key review: select a row held for review, b blocks the scene it was held for (kept
  // locally: a local verdict), the row shows the correction and takes the corrected colour, and
  // the selection moves on to the next row. (b on a clean image asks which scene instead.)
  const posterRow = rows.filter({ hasText: 'poster.jpg' })
  await posterRow.click()
  await page.getByTestId('queue').press('b')
  await expect(posterRow.getByTestId('corrected-chip')).toHaveText(/Corrected: .*block/)
  await expect(posterRow).toHaveClass(/verdict-block/)
  await expect(posterRow).not.toHaveAttribute('aria-current', 'true')
  const stored = (await harness.core.store.items.list(0, 10, { search: 'poster.jpg' })).items[0]
  expect(stored?.feedback?.sentTo).toBe('local')
  // The decision waits out its grace period with an Undo: Ctrl+Z takes it back, row and all.
  const toast = page.getByTestId('undo-toast')
  await expect(toast).toContainText('Blocked 1 image(s): qrcode')
  await page.screenshot({ path: 'test-results/decisions/undo-toast-en.png' })
  await page.keyboard.press('Control+z')
  await expect(posterRow.getByTestId('corrected-chip')).toHaveCount(0)
  await expect(posterRow).toHaveClass(/verdict-review/)
  await expect(toast).toHaveCount(0)
  await expect(page.getByText('Undone: 1 image(s) back as they were')).toBeVisible()
  // Blocked again, for the filters below.
  await posterRow.click()
  await page.getByTestId('queue').press('b')
  await expect(posterRow).toHaveClass(/verdict-block/)
  // A row still failing cannot be corrected, and says so instead of doing nothing.
  await rows.filter({ hasText: 'notes.jpg' }).click()
  await page.getByTestId('queue').press('p')
  await expect(page.getByText('Only a judged image can be corrected.')).toBeVisible()

  // Filters narrow to what needs a human: nothing is left for review, the poster is blocked now.
  await page.getByRole('button', { name: 'Review' }).click()
  await expect(rows).toHaveCount(0)
  await page.getByRole('button', { name: 'Blocked' }).click()
  await expect(rows).toHaveCount(1)
  await expect(rows.first()).toContainText('poster.jpg')
  await page.getByRole('button', { name: 'All' }).click()
  await page.screenshot({ path: 'test-results/scanned.png', fullPage: true })
})
