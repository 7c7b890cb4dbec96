import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { photoLikeJpeg } from '../fixtures/images'
import { expect, test } from './harness-fixture'

test('a running batch shows its pace and time left; a screen reader hears it rarely, and the end at once', async ({
  page,
  harness,
}) => {
  const folder = mkdtempSync(join(tmpdir(), 'greenlight-e2e-status-'))
  for (let i = 0; i < 40; i++) {
    writeFileSync(join(folder, `photo-${String(i)}.jpg`), await photoLikeJpeg(1024, 768, 200 + i))
  }
  await harness.core.store.settings.set({ scenes: ['porn'] })
  await page.setViewportSize({ width: 1024, height: 700 })
  await page.goto(harness.url)
  // The bar itself is not a live region: it changes many times a second.
  await expect(page.getByTestId('status-bar')).not.toHaveAttribute('role', 'status')

  await page.getByTestId('add-input').fill(folder)
  await page.getByTestId('add-input').press('Enter')
  await expect(page.getByTestId('status-pace')).toContainText(/\/s · about .+ left/, {
    timeout: 45_000,
  })
  await page.screenshot({ path: 'test-results/status/pace-1024.png' })
  await expect(page.getByTestId('status-summary')).toContainText('40 of 40 done', {
    timeout: 60_000,
  })
  await expect(page.getByTestId('status-pace')).toHaveCount(0)
  // The end of the batch is said at once, whatever was said a moment ago.
  await expect(page.getByTestId('status-announcer')).toContainText('40 of 40 done')
})
