import { existsSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { expect, test } from './harness-fixture'
import { addFolderAndWait, postersFolder } from './scan-in-app'

/** Six photo-sized posters and one text file named like a photo, which can only fail. */
async function mixedFolder(name: string, seed: number): Promise<string> {
  const folder = await postersFolder(name, 6, seed)
  writeFileSync(join(folder, 'notes.jpg'), 'a shopping list, not a photo')
  return folder
}

const notice = (page: Page) => page.locator('.add-hint')

test('remove picked items (files stay), re-add the folder: the kept ones are reused, the removed scanned again; clear finished', async ({
  page,
  harness,
}) => {
  const folder = await mixedFolder('readd', 120)
  const files = readdirSync(folder).sort()
  await harness.core.store.settings.set({ scenes: ['porn', 'qrcode'] })
  await page.setViewportSize({ width: 1024, height: 700 })
  await page.goto(harness.url)
  await addFolderAndWait(page, folder, '6 of 7 done · 1 failed')
  const rows = page.getByTestId('item-row')
  await expect(rows).toHaveCount(7)

  // Two picked, Delete: asked first, with how many.
  await page.keyboard.press('j')
  await page.keyboard.press('x')
  await page.keyboard.press('Shift+J')
  await page.keyboard.press('Delete')
  const dialog = page.getByTestId('remove-confirm')
  await expect(dialog).toContainText('Remove 2 items from the queue?')
  await expect(dialog).toContainText('the files stay on disk')
  await page.screenshot({ path: 'test-results/remove-readd/confirm-en-light-1024.png' })
  await page.keyboard.press('Enter')
  await expect(dialog).toHaveCount(0)
  await expect(rows).toHaveCount(5)
  await expect(notice(page)).toContainText('Removed 2 from the queue; the files stay on disk')
  await expect(page.getByTestId('status-summary')).toContainText('4 of 5 done · 1 failed')
  await expect(page.locator('[data-picked="true"]')).toHaveCount(0)
  // The focus moved on to a row still shown.
  await expect(page.locator('.item-row.selected')).toHaveCount(1)
  expect(readdirSync(folder).sort()).toEqual(files)

  // Retry leaves the text file: no retry can make it an image.
  await page.getByTestId('queue-retry').click()
  await expect(notice(page)).toContainText('1 cannot be retried: not an image')

  // The same folder again: the kept ones are reused, the removed two scanned again.
  await addFolderAndWait(page, folder, '6 of 7 done · 1 failed')
  await expect(notice(page)).toContainText('Added 2 to the queue · 5 already in the queue')
  await expect(rows).toHaveCount(7)
  await page.screenshot({ path: 'test-results/remove-readd/readd-en-light-1024.png' })

  // Clear finished: every item is finished, so the queue empties; the disk does not.
  await page.getByTestId('command-clear-finished').click()
  await expect(dialog).toContainText('Clear 7 finished items from the queue?')
  await dialog.getByTestId('remove-confirm-ok').click()
  await expect(rows).toHaveCount(0)
  await expect(notice(page)).toContainText('Removed 7 from the queue')
  for (const file of files) expect(existsSync(join(folder, file))).toBe(true)
  await page.screenshot({ path: 'test-results/remove-readd/cleared-en-light-1024.png' })
})

test('in zh-CN and dark: remove all shown by the filter, and a re-add says what it reused', async ({
  page,
  harness,
}) => {
  const folder = await mixedFolder('readd-zh', 140)
  await harness.core.store.settings.set({ scenes: ['porn', 'qrcode'], language: 'zh-CN' })
  await page.emulateMedia({ colorScheme: 'dark' })
  await page.setViewportSize({ width: 1920, height: 1080 })
  await page.goto(harness.url)
  await addFolderAndWait(page, folder, '已完成 6/7 · 失败 1')
  const rows = page.getByTestId('item-row')

  await addFolderAndWait(page, folder, '已完成 6/7 · 失败 1')
  await expect(notice(page)).toContainText('7 项已在队列中')
  await expect(rows).toHaveCount(7)
  await page.screenshot({ path: 'test-results/remove-readd/readd-zh-dark-1920.png' })

  // Only the failed one shown, then removed by the filter.
  await page.getByRole('toolbar', { name: '筛选' }).getByRole('button', { name: /^失败/ }).click()
  await expect(rows).toHaveCount(1)
  await page.getByTestId('command-remove-shown').click()
  const dialog = page.getByTestId('remove-confirm')
  await expect(dialog).toContainText('从队列中移除当前显示的全部 1 项？')
  await page.screenshot({ path: 'test-results/remove-readd/confirm-zh-dark-1920.png' })
  await page.keyboard.press('Enter')
  await expect(rows).toHaveCount(0)
  await expect(notice(page)).toContainText('已从队列中移除 1 项')
  await expect(page.getByTestId('status-summary')).toContainText('已完成 6/6 · 失败 0')
  expect(existsSync(join(folder, 'notes.jpg'))).toBe(true)
})
