import { mkdtempSync, writeFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { photoLikeJpeg, qrOnPhotoJpeg } from '../fixtures/images'
import { expect, test } from './harness-fixture'
import type { Harness } from '../harness/server'

/** RFC 4180 as the export writes it: BOM, CRLF, quoted cells with doubled quotes. */
async function readCsv(file: string): Promise<Record<string, string>[]> {
  const bytes = await readFile(file)
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
  const text = bytes.subarray(3).toString('utf8')
  const rows: string[][] = [[]]
  let cell = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i)
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"'
        i++
      } else if (c === '"') quoted = false
      else cell += c
    } else if (c === '"') quoted = true
    else if (c === ',') {
      rows.at(-1)?.push(cell)
      cell = ''
    } else if (c === '\r' && text[i + 1] === '\n') {
      rows.at(-1)?.push(cell)
      cell = ''
      rows.push([])
      i++
    } else cell += c
  }
  const [header = [], ...data] = rows.filter((r) => r.length > 0)
  return data.map((r) => Object.fromEntries(header.map((name, i) => [name, r[i] ?? ''])))
}

const name = (row: Record<string, string>) => row.source?.split(/[\\/]/).at(-1)

/** Four photo-sized images (one with a QR code: review) and one broken file, scanned offline. */
async function scanFolder(page: Page, harness: Harness): Promise<string> {
  const folder = mkdtempSync(join(tmpdir(), 'greenlight-e2e-export-'))
  const photos: [string, number][] = [
    ['beach.jpg', 51],
    ['garden.jpg', 52],
    ['夜景.jpg', 53],
  ]
  for (const [file, seed] of photos) {
    writeFileSync(join(folder, file), await photoLikeJpeg(1600, 1200, seed))
  }
  const qr = { text: 'https://example.com/export', area: 0.1, angle: 5, at: [0.5, 0.5] } as const
  writeFileSync(join(folder, 'poster.jpg'), await qrOnPhotoJpeg(1600, 1200, 54, [qr]))
  writeFileSync(join(folder, 'notes.jpg'), 'this is not a photo')
  await harness.core.store.settings.set({ scenes: ['porn', 'qrcode'] })
  await page.goto(harness.url)
  await page.getByTestId('add-input').fill(folder)
  await page.getByTestId('add-input').press('Enter')
  await expect(page.getByTestId('status-summary')).toContainText('4 of 5 done · 1 failed', {
    timeout: 45_000,
  })
  return folder
}

test('export from the app: a filter and a selection, row by row; Show in folder; Esc and focus', async ({
  page,
  harness,
}) => {
  await page.setViewportSize({ width: 1024, height: 700 })
  await scanFolder(page, harness)
  const out = mkdtempSync(join(tmpdir(), 'greenlight-e2e-out-'))
  const dialog = page.getByTestId('export-dialog')

  // The button opens an accessible modal; Esc closes it and focus goes back to the button.
  const button = page.getByTestId('command-export')
  await button.click()
  await expect(dialog).toBeVisible()
  await expect(page.getByRole('dialog', { name: 'Export results' })).toBeVisible()
  await expect(page.getByTestId('export-scope-all')).toBeFocused()
  await page.keyboard.press('Escape')
  await expect(dialog).toBeHidden()
  await expect(button).toBeFocused()

  // The current filter (Review): only the poster, with its QR payload.
  await page.getByRole('button', { name: 'Review' }).click()
  await expect(page.getByTestId('item-row')).toHaveCount(1)
  await page.keyboard.press('Control+e')
  await expect(dialog).toBeVisible()
  await page.getByTestId('export-scope-filter').check()
  // Tab stays inside the dialog: from the last control it wraps to the first.
  await page.getByTestId('export-submit').focus()
  await page.keyboard.press('Tab')
  await expect(page.getByTestId('export-scope-filter')).toBeFocused()
  await page.screenshot({ path: 'test-results/export-dialog-1024-light.png' })
  const reviewFile = join(out, 'review.csv')
  harness.ports.answerNext('saveFile', reviewFile)
  await page.getByTestId('export-submit').click()
  const notice = page.getByTestId('export-notice')
  await expect(notice).toContainText('Exported 1 image(s) to review.csv')
  const review = await readCsv(reviewFile)
  expect(review).toHaveLength(1)
  expect(name(review[0] ?? {})).toBe('poster.jpg')
  expect(review[0]).toMatchObject({
    status: 'done',
    suggestion: 'review',
    qrcode_suggestion: 'review',
    qrcode_data: 'https://example.com/export',
    engine: 'local',
  })
  expect(review[0]?.sha256).toMatch(/^[0-9a-f]{64}$/)
  await page.emulateMedia({ colorScheme: 'dark' })
  await page.screenshot({ path: 'test-results/export-notice-1024-dark.png' })
  await page.emulateMedia({ colorScheme: 'light' })
  await page.getByTestId('export-show-in-folder').click()
  await expect.poll(() => harness.ports.shownInFolder).toEqual([reviewFile])
  // What main was asked: a Save dialog, never a path from the page.
  expect(harness.ports.requests.map((r) => r.kind)).toEqual(['saveFile'])

  // The selection, one row per image and scene.
  await page.getByRole('button', { name: 'All' }).click()
  await page.getByTestId('item-row').filter({ hasText: '夜景.jpg' }).click()
  await page.keyboard.press('Control+e')
  await page.getByTestId('export-scope-selection').check()
  await page.getByTestId('export-layout-long').check()
  const selectionFile = join(out, 'selection.csv')
  harness.ports.answerNext('saveFile', selectionFile)
  await page.getByTestId('export-submit').click()
  await expect(notice).toContainText('Exported 1 image(s) (2 rows) to selection.csv')
  const selection = await readCsv(selectionFile)
  expect(selection.map((r) => [name(r), r.scene, r.suggestion])).toEqual([
    ['夜景.jpg', 'porn', 'pass'],
    ['夜景.jpg', 'qrcode', 'pass'],
  ])

  // A closed Save dialog changes nothing; a file of Greenlight's own is refused, in words.
  await page.keyboard.press('Control+e')
  await page.getByTestId('export-submit').click()
  await expect(notice).toBeHidden()
  await page.keyboard.press('Control+e')
  harness.ports.answerNext('saveFile', join(harness.dataDir, 'greenlight.sqlite'))
  await page.getByTestId('export-submit').click()
  await expect(notice).toHaveAttribute('role', 'alert')
  await expect(notice).toContainText('one of Greenlight’s own')
  await page.screenshot({ path: 'test-results/export-refused-1024-light.png' })
  expect((await harness.core.store.items.list(0, 10, {})).total).toBe(5)
})

test('export dialog at 1920×1080 in dark, and in 简体中文', async ({ page, harness }) => {
  await page.setViewportSize({ width: 1920, height: 1080 })
  await scanFolder(page, harness)
  await page.emulateMedia({ colorScheme: 'dark' })
  await page.getByTestId('item-row').first().click()
  await page.getByTestId('command-export').click()
  await page.getByTestId('export-scope-selection').check()
  await page.getByTestId('export-history').check()
  await page.screenshot({ path: 'test-results/export-dialog-1920-dark.png' })
  await page.keyboard.press('Escape')

  await page.emulateMedia({ colorScheme: 'light' })
  await page.keyboard.press('Control+,')
  await page.getByTestId('language').selectOption('zh-CN')
  await page.keyboard.press('Escape')
  // The add's notice was shown in English; it is worded anew in the language now chosen.
  await expect(page.getByText('已加入 5 项')).toBeVisible()
  await page.getByTestId('command-export').click()
  await expect(page.getByRole('dialog', { name: '导出结果' })).toBeVisible()
  await expect(page.getByTestId('export-dialog')).toContainText('每张图片一行')
  await page.screenshot({ path: 'test-results/export-dialog-1920-zh.png' })
  const file = join(mkdtempSync(join(tmpdir(), 'greenlight-e2e-out-')), 'all.json')
  harness.ports.answerNext('saveFile', file)
  await page.getByTestId('export-format-json').check()
  await page.getByTestId('export-submit').click()
  await expect(page.getByTestId('export-notice')).toContainText('已导出')
  const items = JSON.parse(await readFile(file, 'utf8')) as { current: boolean }[]
  // History was left on: every item, each marked (nothing was rescanned, so all are current).
  expect(items.map((i) => i.current)).toEqual([true])
  await page.screenshot({ path: 'test-results/export-notice-1920-zh.png' })
})
