import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { photoLikeJpeg, qrOnPhotoJpeg } from '../fixtures/images'
import { expect, test } from './harness-fixture'
import { seriousFindings } from './looks'
import { addFolderAndWait } from './scan-in-app'

for (const colorScheme of ['light', 'dark'] as const) {
  test(`axe finds nothing serious in the queue with every verdict kind, ${colorScheme}`, async ({
    page,
    harness,
  }) => {
    const folder = mkdtempSync(join(tmpdir(), 'greenlight-e2e-a11y-'))
    writeFileSync(join(folder, 'beach.jpg'), await photoLikeJpeg(1024, 768, 41))
    writeFileSync(
      join(folder, 'poster.jpg'),
      await qrOnPhotoJpeg(1024, 768, 42, [
        { text: 'https://example.com/a11y', area: 0.1, angle: 5, at: [0.5, 0.5] },
      ]),
    )
    writeFileSync(join(folder, 'notes.jpg'), 'this is not a photo')
    await harness.core.store.settings.set({ scenes: ['porn', 'qrcode'] })
    await page.emulateMedia({ colorScheme })
    await page.setViewportSize({ width: 1024, height: 700 })

    await page.goto(harness.url)
    expect(await seriousFindings(page)).toEqual([])

    await addFolderAndWait(page, folder, '2 of 3 done · 1 failed')
    await page.screenshot({ path: `test-results/a11y/queue-${colorScheme}.png` })
    expect(await seriousFindings(page)).toEqual([])

    // The grid, with the focused tile's Pass and Block showing, and its tile size slider.
    await page.keyboard.press('j')
    await page.keyboard.press('g')
    await expect(page.getByTestId('item-tile').first()).toBeVisible()
    await page.getByTestId('item-tile').nth(1).hover()
    await page.screenshot({ path: `test-results/a11y/grid-${colorScheme}.png` })
    expect(await seriousFindings(page)).toEqual([])
  })
}
