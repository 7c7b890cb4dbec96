import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import {
  startEmulator,
  type RunningEmulator,
} from '../../src-main/core/engines/green/emulator/emulator'
import type { VerdictScript } from '../../src-main/core/engines/green/emulator/scan-logic'
import { photoLikeJpeg } from '../fixtures/images'
import { expect, test } from './harness-fixture'
import { seriousFindings } from './looks'
import { addFolderAndWait } from './scan-in-app'

const pass = { label: 'normal', suggestion: 'pass', rate: 99 } as const

/** Six photo-sized images and what Green says about each: one block, two reviews, three clean. */
const PHOTOS: readonly { name: string; script: VerdictScript }[] = [
  { name: 'harbour.jpg', script: { scenes: { porn: pass, qrcode: pass } } },
  {
    name: 'beach-party.jpg',
    script: { scenes: { porn: { label: 'sexy', suggestion: 'review', rate: 72 }, qrcode: pass } },
  },
  {
    name: 'night-club.jpg',
    script: { scenes: { porn: { label: 'porn', suggestion: 'block', rate: 97 }, qrcode: pass } },
  },
  {
    name: 'poster-wall.jpg',
    script: {
      scenes: { porn: pass, qrcode: { label: 'qrcode', suggestion: 'review', rate: 88 } },
    },
  },
  { name: 'mountain.jpg', script: { scenes: { porn: pass, qrcode: pass } } },
  { name: 'forest.jpg', script: { scenes: { porn: pass, qrcode: pass } } },
]

const PHOTOS_NAMES = PHOTOS.map((p) => p.name)

/** The photo names of the rows, top to bottom. */
async function rowNames(page: Page): Promise<string[]> {
  const texts = await page.getByTestId('item-row').allTextContents()
  return texts.map((text) => PHOTOS_NAMES.find((name) => text.includes(name)) ?? '?')
}

/** Serious or critical WCAG 2 A/AA findings in the filter controls (contrast among them). */
const filterFindings = (page: Page) => seriousFindings(page, '.filters-bar')

/** A Green emulator, and the photos in a new folder, each scripted to get its verdict. */
async function scriptedGreen(): Promise<{ emulator: RunningEmulator; folder: string }> {
  const emulator = await startEmulator({ qps: 0 })
  const folder = mkdtempSync(join(tmpdir(), 'greenlight-e2e-filters-'))
  for (const [i, photo] of PHOTOS.entries()) {
    const bytes = await photoLikeJpeg(1600, 1200, 700 + i)
    writeFileSync(join(folder, photo.name), bytes)
    emulator.scriptVerdict({ bytes }, photo.script)
  }
  return { emulator, folder }
}

test('filters by verdict, flagged scene and label with counts, searches, and sorts by risk', async ({
  page,
  harness,
  keyring,
}) => {
  test.skip(!keyring, 'needs a Secret Service for the Green account')
  const { emulator, folder } = await scriptedGreen()
  const { accessKeyId, accessKeySecret, endpoint } = emulator
  try {
    expect(
      (await harness.core.credentials.set({ accessKeyId, accessKeySecret, endpoint })).ok,
    ).toBe(true)
    await harness.core.store.settings.set({ scenes: ['porn', 'qrcode'], costPromptUnits: 1000 })
    await page.setViewportSize({ width: 1024, height: 700 })
    await page.emulateMedia({ colorScheme: 'light' })
    await page.goto(harness.url)
    await addFolderAndWait(page, folder, '6 of 6 done')
    const rows = page.getByTestId('item-row')
    await expect(rows).toHaveCount(6)

    // The presets carry their counts, and narrow to what needs a human.
    const blocked = page.getByRole('button', { name: /^Blocked/ })
    await expect(blocked).toHaveText('Blocked 1')
    await expect(page.getByRole('button', { name: /^Review/ })).toHaveText('Review 2')
    await page.getByRole('button', { name: /^Review/ }).click()
    await expect(rows).toHaveCount(2)

    // More filters: the scene select counts what each scene would show with Review applied.
    await page.getByRole('button', { name: 'More filters' }).click()
    const scene = page.getByLabel('Flagged scene')
    await expect(scene.locator('option[value="qrcode"]')).toHaveText('qrcode (1)')
    await expect(scene.locator('option[value="porn"]')).toHaveText('porn (1)')
    await scene.selectOption('qrcode')
    await expect(rows).toHaveCount(1)
    await expect(rows.first()).toContainText('poster-wall.jpg')
    await expect(page.getByRole('button', { name: 'More filters (1)' })).toBeVisible()
    // The presets now count within the qrcode scene: one review, no block.
    await expect(blocked).toHaveText('Blocked 0')

    // A label, worded for a moderator, finds the sexy one whatever its scene filter was.
    await scene.selectOption('')
    const label = page.getByLabel('Label', { exact: true })
    await expect(label.locator('option[value="sexy"]')).toHaveText('sexy (1)')
    await label.selectOption('sexy')
    await expect(rows).toHaveCount(1)
    await expect(rows.first()).toContainText('beach-party.jpg')
    await page.screenshot({ path: 'test-results/filters/more-filters-en-light-1024x700.png' })

    await page.getByRole('button', { name: 'Clear filters' }).click()
    await expect(rows).toHaveCount(6)

    // `/` finds, the search matches the name case-insensitively, Esc gives the keys back.
    await page.getByTestId('queue').focus()
    await page.keyboard.press('/')
    const search = page.getByTestId('filter-search')
    await expect(search).toBeFocused()
    await search.fill('NIGHT')
    await expect(rows).toHaveCount(1)
    await expect(rows.first()).toContainText('night-club.jpg')
    await search.press('Escape')
    await expect(search).not.toBeFocused()
    await search.fill('')
    await expect(rows).toHaveCount(6)

    // Risk: the highest review or block rate first; clean images after, newest first.
    await page.getByLabel('Sort').selectOption('risk')
    await expect
      .poll(() => rowNames(page))
      .toEqual([
        'night-club.jpg',
        'poster-wall.jpg',
        'beach-party.jpg',
        ...(await harness.core.store.items.list(0, 10, { suggestions: ['pass'] })).items.map(
          (i) => PHOTOS_NAMES.find((name) => i.source.endsWith(name)) ?? '?',
        ),
      ])
    await page.screenshot({ path: 'test-results/filters/risk-en-light-1024x700.png' })
    expect(await filterFindings(page)).toEqual([])
    await page.setViewportSize({ width: 1920, height: 1080 })
    await page.emulateMedia({ colorScheme: 'dark' })
    await page.screenshot({ path: 'test-results/filters/risk-en-dark-1920x1080.png' })

    // The same controls in 简体中文 and the dark theme, on a large screen.
    await harness.core.store.settings.set({ language: 'zh-CN' })
    await expect(
      page.getByRole('group', { name: '结论' }).getByRole('button', { name: '违规' }),
    ).toHaveText('违规 1')
    await page.getByLabel('标记场景').selectOption('porn')
    await expect(rows).toHaveCount(2)
    await expect(
      page.getByLabel('标签', { exact: true }).locator('option[value="sexy"]'),
    ).toHaveText(/（1）$/)
    await page.screenshot({ path: 'test-results/filters/risk-zh-CN-dark-1920x1080.png' })
    expect(await filterFindings(page)).toEqual([])
    await page.setViewportSize({ width: 1024, height: 700 })
    await page.emulateMedia({ colorScheme: 'light' })
    await page.screenshot({ path: 'test-results/filters/risk-zh-CN-light-1024x700.png' })
    expect(await filterFindings(page)).toEqual([])
  } finally {
    await emulator.close()
  }
})
