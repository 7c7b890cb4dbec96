import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { qrOnPhotoJpeg } from '../fixtures/images'
import { expect, test } from './harness-fixture'

test('pick several with x and Shift+j, block them after saying how many, and undo them all at once', async ({
  page,
  harness,
}) => {
  const folder = mkdtempSync(join(tmpdir(), 'greenlight-e2e-bulk-'))
  for (let i = 0; i < 5; i++) {
    writeFileSync(
      join(folder, `poster-${String(i)}.jpg`),
      await qrOnPhotoJpeg(1024, 768, 80 + i, [
        { text: `https://example.com/bulk/${String(i)}`, area: 0.1, angle: 3, at: [0.5, 0.5] },
      ]),
    )
  }
  await harness.core.store.settings.set({ scenes: ['porn', 'qrcode'] })
  await page.setViewportSize({ width: 1024, height: 700 })
  await page.goto(harness.url)
  await page.getByTestId('add-input').fill(folder)
  await page.getByTestId('add-input').press('Enter')
  await expect(page.getByTestId('status-summary')).toContainText('5 of 5 done', {
    timeout: 45_000,
  })
  const rows = page.getByTestId('item-row')

  // Ctrl+A picks every row shown; Esc drops the picks first.
  await page.keyboard.press('j')
  await page.keyboard.press('Control+a')
  await expect(page.getByTestId('list-count')).toContainText('5 picked')
  await page.keyboard.press('Escape')
  await expect(rows.locator('[data-picked]')).toHaveCount(0)
  await expect(page.locator('[data-picked="true"]')).toHaveCount(0)

  // x picks the focused row, Shift+j picks on the way down: three rows.
  await page.keyboard.press('x')
  await page.keyboard.press('Shift+J')
  await page.keyboard.press('Shift+J')
  await expect(page.locator('[data-picked="true"]')).toHaveCount(3)
  await expect(page.getByTestId('list-count')).toContainText('3 picked')

  await page.keyboard.press('b')
  const dialog = page.getByTestId('bulk-confirm')
  await expect(dialog).toContainText('Block 3 images?')
  await page.screenshot({ path: 'test-results/bulk/confirm-1024.png' })
  await page.keyboard.press('Enter')
  await expect(dialog).toHaveCount(0)
  await expect(page.locator('.item-row.verdict-block')).toHaveCount(3)
  await expect(page.getByTestId('undo-toast')).toContainText('Blocked 3 image(s)')
  await expect(page.locator('[data-picked="true"]')).toHaveCount(0)

  // One undo takes the whole decision back.
  await page.keyboard.press('Control+z')
  await expect(page.locator('.item-row.verdict-block')).toHaveCount(0)
  await expect(page.locator('.item-row.verdict-review')).toHaveCount(5)
})
