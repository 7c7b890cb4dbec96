import { mkdirSync } from 'node:fs'
import type { Page } from '@playwright/test'
import type { SceneResult } from '../../src-shared/domain'
import type { Harness } from '../harness/server'
import { expect, test } from './harness-fixture'
import { eachLook } from './looks'
import { addFolderAndWait, postersFolder } from './scan-in-app'

const SIX_SCENES: SceneResult[] = [
  { scene: 'porn', label: 'porn', suggestion: 'block', rate: 98.2 },
  { scene: 'terrorism', label: 'bloody', suggestion: 'review', rate: 71 },
  { scene: 'ad', label: 'ad', suggestion: 'review', rate: 64 },
  { scene: 'qrcode', label: 'qrcode', suggestion: 'block', rate: 99.9 },
  { scene: 'live', label: 'drug', suggestion: 'review', rate: 55 },
  { scene: 'logo', label: 'TV', suggestion: 'review', rate: 80 },
]

/** The tile's side as laid out, in px. */
async function tileWidth(page: Page): Promise<number> {
  const box = await page.getByTestId('item-tile').first().boundingBox()
  return Math.round(box?.width ?? 0)
}

/** `count` posters scanned in the app at 1024×700, each held for review (a QR code). */
async function reviewQueue(page: Page, harness: Harness, count: number, seed: number) {
  const folder = await postersFolder(`grid-${String(seed)}`, count, seed)
  await harness.core.store.settings.set({ scenes: ['porn', 'qrcode'] })
  await page.setViewportSize({ width: 1024, height: 700 })
  await page.goto(harness.url)
  await addFolderAndWait(page, folder, `${String(count)} of ${String(count)} done`)
}

test('list and grid: g switches, the slider sizes tiles, focus and picks survive, arrows move in 2-D, hover decides', async ({
  page,
  harness,
}) => {
  await reviewQueue(page, harness, 12, 300)
  const queue = page.getByTestId('queue')
  const rows = page.getByTestId('item-row')
  await expect(queue).toHaveAttribute('data-layout', 'list')

  // Focus the first row, pick it, focus the second: then switch.
  await page.keyboard.press('j')
  await page.keyboard.press('x')
  await page.keyboard.press('j')
  const focusedId = await rows.nth(1).getAttribute('data-item-id')
  const pickedId = await rows.nth(0).getAttribute('data-item-id')
  await expect(rows.nth(1)).toHaveAttribute('aria-current', 'true')
  // The move is announced once, politely: name, suggestion, flagged scenes.
  await expect(page.getByTestId('focus-announcer')).toHaveText(
    /^poster-\d+\.jpg, review, qrcode \d+$/,
  )

  await page.keyboard.press('g')
  await expect(queue).toHaveAttribute('data-layout', 'grid')
  const tiles = page.getByTestId('item-tile')
  await expect(tiles.first()).toBeVisible()
  await expect(rows).toHaveCount(0)
  await expect(
    page.locator(`[data-testid="item-tile"][data-item-id="${focusedId!}"]`),
  ).toHaveAttribute('aria-current', 'true')
  await expect(
    page.locator(`[data-testid="item-tile"][data-item-id="${pickedId!}"]`),
  ).toHaveAttribute('data-picked', 'true')
  await expect(page.getByTestId('list-count')).toContainText('1 picked')
  // The veil is on the tile's <img> itself, as on a row's: held for review, blurred and grey.
  await expect(tiles.first().locator('img')).toHaveCSS('filter', /blur\(8px\) grayscale\(1\)/)

  // The slider sets the tile's side, from 96 to 320 px.
  const slider = page.getByRole('slider', { name: 'Tile size' })
  await slider.fill('96')
  await expect.poll(() => tileWidth(page)).toBe(96)
  await page.screenshot({ path: 'test-results/grid/grid-96-1024.png' })
  await slider.fill('320')
  await expect.poll(() => tileWidth(page)).toBe(320)
  await slider.fill('200')
  await expect.poll(() => tileWidth(page)).toBe(200)

  // Arrows move in two dimensions: right one tile, down one row of tiles (once the slider,
  // which keeps its own arrows, lets go of the focus).
  await queue.focus()
  const columns = await page.locator('.grid-line').first().getByTestId('item-tile').count()
  expect(columns).toBeGreaterThan(1)
  const order: (string | null)[] = []
  for (let i = 0; i < (await tiles.count()); i++)
    order.push(await tiles.nth(i).getAttribute('data-item-id'))
  const at = (index: number) =>
    page.locator(`[data-testid="item-tile"][data-item-id="${order[index]!}"]`)
  await page.keyboard.press('ArrowRight')
  await expect(at(2)).toHaveAttribute('aria-current', 'true')
  await page.keyboard.press('ArrowDown')
  await expect(at(2 + columns)).toHaveAttribute('aria-current', 'true')
  await page.keyboard.press('ArrowLeft')
  await expect(at(1 + columns)).toHaveAttribute('aria-current', 'true')
  await page.keyboard.press('k')
  await expect(at(columns)).toHaveAttribute('aria-current', 'true')
  await page.keyboard.press('ArrowUp')
  await expect(at(0)).toHaveAttribute('aria-current', 'true')

  // Ctrl+click and Shift+click pick in the grid as in the list.
  await page.keyboard.press('Escape')
  await expect(page.locator('[data-picked="true"]')).toHaveCount(0)
  await at(3).click({ modifiers: ['Control'] })
  await expect(at(3)).toHaveAttribute('data-picked', 'true')
  await at(5).click({ modifiers: ['Shift'] })
  await expect(page.locator('[data-picked="true"]')).toHaveCount(3)
  await page.keyboard.press('Escape')

  // Hover shows Pass and Block by the image's name; Block decides, and the focus moves on to
  // the next undecided image (the one after it, all being held for review).
  const name = (await at(4).locator('.tile-name').textContent()) ?? ''
  await at(4).hover()
  await page.getByRole('button', { name: `Block ${name}` }).click()
  await expect(at(4).getByTestId('corrected-chip')).toBeVisible()
  await expect(at(5)).toHaveAttribute('aria-current', 'true')
  await page.screenshot({ path: 'test-results/grid/grid-decided-1024.png' })
  // p on the focused one, then the focus skips the decided ones: 6 is next.
  await page.keyboard.press('p')
  await expect(at(5).getByTestId('corrected-chip')).toBeVisible()
  await expect(at(6)).toHaveAttribute('aria-current', 'true')

  // Back to the list: the focus is still there, in view.
  await page.keyboard.press('g')
  const focusedRow = page.locator(`[data-testid="item-row"][data-item-id="${order[6]!}"]`)
  await expect(focusedRow).toHaveAttribute('aria-current', 'true')
  await expect(focusedRow).toBeInViewport()
  // A row's Pass button too: hover, click, the row is corrected.
  const rowName = (await focusedRow.locator('.item-name').textContent()) ?? ''
  await focusedRow.hover()
  await page.getByRole('button', { name: `Pass ${rowName}` }).click()
  await expect(focusedRow.getByTestId('corrected-chip')).toBeVisible()

  // The layout is a preference of this window: it survives a reload.
  await page.keyboard.press('g')
  await page.reload()
  await expect(page.getByTestId('queue')).toHaveAttribute('data-layout', 'grid')
  await expect(page.getByRole('slider', { name: 'Tile size' })).toHaveValue('200')
})

test('a row with six flagged scenes still shows its name, in both languages, themes and sizes', async ({
  page,
  harness,
}) => {
  await reviewQueue(page, harness, 6, 400)
  // One image judged on six scenes, every one of them flagged (as Green can answer).
  const [six] = (await harness.core.store.items.list(0, 1, {}, 'newest')).items
  await harness.core.store.items.update(six!.id, { results: SIX_SCENES, suggestion: 'block' })
  await page.reload()
  const row = page.locator(`[data-testid="item-row"][data-item-id="${String(six!.id)}"]`)
  await expect(row.getByTestId('verdict-chip')).toHaveCount(6)
  const nameBox = await row.locator('.item-name').boundingBox()
  expect(nameBox?.width ?? 0).toBeGreaterThanOrEqual(120)
  await expect(row.locator('.item-name')).toContainText(/poster-\d+\.jpg/)

  mkdirSync('test-results/grid', { recursive: true })
  await eachLook(page, harness.core.store.settings, async ({ language, colorScheme, width }) => {
    await page.reload()
    await row.click()
    const layout = await page.getByTestId('queue').getAttribute('data-layout')
    if (layout !== 'list') await page.keyboard.press('g')
    await expect(row.locator('.item-name')).toBeVisible()
    const shot = `${language}-${colorScheme}-${String(width)}`
    await page.screenshot({ path: `test-results/grid/list-${shot}.png` })
    await page.keyboard.press('g')
    const tile = page.locator(`[data-testid="item-tile"][data-item-id="${String(six!.id)}"]`)
    await expect(tile).toBeVisible()
    // A tile has one line of badges: the most severe scene, and the five others counted.
    await expect(tile.getByTestId('verdict-chip')).toHaveCount(1)
    await expect(tile.getByTestId('more-scenes-chip')).toHaveText('+5')
    await tile.hover()
    await page.screenshot({ path: `test-results/grid/grid-${shot}.png` })
    await page.keyboard.press('g')
  })
})
