import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Locator } from '@playwright/test'
import { photoLikeJpeg, qrOnPhotoJpeg } from '../fixtures/images'
import { expect, test } from './harness-fixture'
import { addFolderAndWait } from './scan-in-app'

/** The image element's own computed filter: what the screen paints, from its first frame. */
const filterOf = (row: Locator) =>
  row.locator('.thumb img').evaluate((img) => {
    // The e2e project has no DOM types: the page's own function, as the page has it.
    const page = globalThis as unknown as { getComputedStyle: (e: unknown) => { filter: string } }
    return page.getComputedStyle(img).filter
  })

test('risky images are blurred and grey until revealed with v; the reveal ends when the selection moves', async ({
  page,
  harness,
}) => {
  const folder = mkdtempSync(join(tmpdir(), 'greenlight-e2e-veil-'))
  writeFileSync(join(folder, 'beach.jpg'), await photoLikeJpeg(1024, 768, 71))
  writeFileSync(
    join(folder, 'poster.jpg'),
    await qrOnPhotoJpeg(1024, 768, 72, [
      { text: 'https://example.com/veil', area: 0.12, angle: 4, at: [0.5, 0.5] },
    ]),
  )
  await harness.core.store.settings.set({ scenes: ['porn', 'qrcode'] })
  await page.goto(harness.url)
  await addFolderAndWait(page, folder, '2 of 2 done')
  const rows = page.getByTestId('item-row')
  const poster = rows.filter({ hasText: 'poster.jpg' })
  const beach = rows.filter({ hasText: 'beach.jpg' })
  await expect(poster).toHaveClass(/verdict-review/)
  await expect.poll(() => filterOf(poster)).toBe('blur(8px) grayscale(1)')
  expect(await filterOf(beach)).toBe('none')

  await poster.click()
  await page.keyboard.press('v')
  await expect.poll(() => filterOf(poster)).toBe('none')
  await expect(poster.getByTestId('reveal-button')).toHaveText('Hide')
  await page.screenshot({ path: 'test-results/wellbeing/revealed-en-light.png' })
  // Moving on veils it again.
  await page.keyboard.press('j')
  await page.keyboard.press('k')
  await expect.poll(() => filterOf(poster)).toBe('blur(8px) grayscale(1)')
  await expect(poster.getByTestId('reveal-button')).toHaveText('Reveal')

  // The setting: off shows every image as it is.
  await harness.core.store.settings.set({ wellbeing: 'off', language: 'zh-CN' })
  await page.reload()
  await expect.poll(() => filterOf(poster)).toBe('none')
  await harness.core.store.settings.set({ wellbeing: 'blur' })
  await page.emulateMedia({ colorScheme: 'dark' })
  await page.reload()
  await expect.poll(() => filterOf(poster)).toBe('blur(8px)')
  await page.screenshot({ path: 'test-results/wellbeing/veiled-zh-dark.png' })
  // In Chinese, a decision's toast names its scene in Chinese too.
  await poster.click()
  await page.keyboard.press('b')
  await expect(page.getByTestId('undo-toast')).toContainText('已标记违规 1 张：二维码')
  await expect(poster).toHaveClass(/verdict-block/)
  await page.screenshot({ path: 'test-results/decisions/undo-toast-zh-dark.png' })
})
