import { expect, test } from './harness-fixture'
import { addFolderAndWait, postersFolder } from './scan-in-app'

test('pick several with x and Shift+j, block them after saying how many, and undo them all at once', async ({
  page,
  harness,
}) => {
  const folder = await postersFolder('bulk', 5, 80)
  await harness.core.store.settings.set({ scenes: ['porn', 'qrcode'] })
  await page.setViewportSize({ width: 1024, height: 700 })
  await page.goto(harness.url)
  await addFolderAndWait(page, folder, '5 of 5 done')
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
