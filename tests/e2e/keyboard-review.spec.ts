import type { Page } from '@playwright/test'
import type { Scene } from '../../src-shared/domain'
import { expect } from './harness-fixture'
import {
  focusedName,
  greenTest as test,
  heard,
  itemNamed,
  reviewing,
  sentTo,
  type Verdict,
} from './decision-helpers'

/** Counts every pointer event the page sees from now on: a keyboard-only review has none. */
async function countPointerEvents(page: Page): Promise<() => Promise<number>> {
  await page.evaluate(() => {
    const w = globalThis as unknown as {
      addEventListener(type: string, listener: () => void, capture: boolean): void
      pointerEvents: number
    }
    w.pointerEvents = 0
    for (const type of ['pointerdown', 'pointerup', 'pointermove', 'mousedown', 'mouseup', 'wheel'])
      w.addEventListener(
        type,
        () => {
          w.pointerEvents++
        },
        true,
      )
  })
  return () =>
    page.evaluate(() => (globalThis as unknown as { pointerEvents: number }).pointerEvents)
}

test('keyboard-only review of 20 photos: j/k, p/b, x and a bulk Block, v, Ctrl+Z, ?; every image decided, each sent once', async ({
  page,
  harnesses,
  emulator,
}) => {
  test.setTimeout(180_000)
  const verdicts: Verdict[] = Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? 'porn' : 'ad'))
  await page.setViewportSize({ width: 1024, height: 700 })
  const harness = await reviewing(page, harnesses, emulator, 'kb', verdicts, 400, {
    feedbackGraceSeconds: 5,
  })
  const pointer = await countPointerEvents(page)
  /** What the reviewer decided, by file name. */
  const decided = new Map<string, 'pass' | 'block'>()
  const press = async (key: 'p' | 'b') => {
    decided.set(await focusedName(page), key === 'p' ? 'pass' : 'block')
    await page.keyboard.press(key)
  }

  // ? shows every shortcut; Esc closes it.
  await page.keyboard.press('?')
  const sheet = page.getByTestId('shortcuts-sheet')
  await expect(sheet).toBeVisible()
  await expect(sheet.getByTestId('shortcut-group-decide')).toContainText('p / b')
  await page.keyboard.press('Escape')
  await expect(sheet).toHaveCount(0)

  // j takes the first row; p passes it and moves on.
  await page.keyboard.press('j')
  await press('p')
  // A slip: b, taken back at once with Ctrl+Z (it never reaches Green), then k and p.
  const slipped = await focusedName(page)
  await page.keyboard.press('b')
  await expect(page.getByTestId('undo-toast')).toContainText('Blocked 1 image(s)')
  await page.keyboard.press('Control+z')
  await page.keyboard.press('k')
  expect(await focusedName(page)).toBe(slipped)
  // Back to what Green said, with no correction.
  await expect.poll(async () => (await itemNamed(harness, slipped)).feedback).toBeNull()
  // v shows the veiled image as it is, for as long as the focus stays.
  const reveal = page.locator('.item-row.selected').getByTestId('reveal-button')
  await expect(reveal).toHaveText('Reveal')
  await page.keyboard.press('v')
  await expect(reveal).toHaveText('Hide')
  await press('p')

  // Five picked with x and Shift+j, blocked at once after saying how many.
  await page.keyboard.press('x')
  for (let i = 0; i < 4; i++) await page.keyboard.press('Shift+J')
  const picked = page.locator('[data-picked="true"] .item-name')
  await expect(picked).toHaveCount(5)
  for (const name of await picked.allInnerTexts())
    decided.set(name.replace('✓', '').trim(), 'block')
  await page.keyboard.press('b')
  await expect(page.getByTestId('bulk-confirm')).toContainText('Block 5 images?')
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('bulk-confirm')).toHaveCount(0)

  // The rest one key each, alternating.
  await page.keyboard.press('j')
  for (let i = 0; decided.size < 20 && i < 30; i++) await press(i % 2 === 0 ? 'p' : 'b')

  // Every image decided, as pressed; each sent once, naming only its flagged scene.
  await heard(emulator, 20)
  const flagged = new Map<string, Scene>(
    verdicts.map((v, i) => [`kb-${String(i)}.jpg`, v === 'porn' ? 'porn' : 'ad']),
  )
  const byTask = new Map(sentTo(emulator).map((body) => [body.taskId, body]))
  expect(byTask.size).toBe(20)
  for (const [name, suggestion] of decided) {
    const item = await itemNamed(harness, name)
    expect(byTask.get(item.taskId ?? ''), name).toEqual({
      taskId: item.taskId,
      dataId: item.dataId,
      scenes: [flagged.get(name)],
      suggestion,
    })
  }
  expect(decided.size).toBe(20)
  expect(await harness.core.decisions.sendDue()).toBe(0)
  expect(sentTo(emulator)).toHaveLength(20)
  expect(await pointer()).toBe(0)
})
