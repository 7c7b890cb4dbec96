import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { qrOnPhotoJpeg } from '../fixtures/images'
import { expect } from './harness-fixture'

/** Types a folder into the add field as a user does, adds it with Enter, and waits for the summary. */
export async function addFolderAndWait(page: Page, folder: string, summary: string) {
  await page.getByTestId('add-input').fill(folder)
  await page.getByTestId('add-input').press('Enter')
  await expect(page.getByTestId('status-summary')).toContainText(summary, { timeout: 45_000 })
}

/** A folder of photo-sized posters with a QR code: the local engine holds each for review. */
export async function postersFolder(name: string, count: number, seed: number): Promise<string> {
  const folder = mkdtempSync(join(tmpdir(), `greenlight-e2e-${name}-`))
  for (let i = 0; i < count; i++) {
    writeFileSync(
      join(folder, `poster-${String(i)}.jpg`),
      await qrOnPhotoJpeg(1024, 768, seed + i, [
        { text: `https://example.com/${name}/${String(i)}`, area: 0.1, angle: 4, at: [0.5, 0.5] },
      ]),
    )
  }
  return folder
}
