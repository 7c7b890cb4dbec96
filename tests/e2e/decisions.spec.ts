import { expect } from './harness-fixture'
import { eachLook, seriousFindings } from './looks'
import {
  focusRow,
  greenTest as test,
  heard,
  itemNamed,
  reviewing,
  sentTo,
} from './decision-helpers'

// Decisions through the outbox, against the Green emulator (docs/architecture.md §4, "Decisions
// and the outbox"): what Green hears, when, and how often, read from what the emulator received.

test('a correction names its scenes: b on a porn block sends porn alone, once, after the grace period; p then Ctrl+Z restores it', async ({
  page,
  harnesses,
  emulator,
}) => {
  const harness = await reviewing(page, harnesses, emulator, 'porn', ['porn'], 300, {
    feedbackGraceSeconds: 1,
  })
  const item = await itemNamed(harness, 'porn-0.jpg')
  expect(item.results.map((r) => [r.scene, r.suggestion])).toEqual([
    ['porn', 'block'],
    ['terrorism', 'pass'],
    ['ad', 'pass'],
  ])
  const row = page.getByTestId('item-row')

  await page.keyboard.press('j')
  await page.keyboard.press('b')
  await heard(emulator, 1)
  expect(sentTo(emulator)).toEqual([
    { taskId: item.taskId, dataId: item.dataId, scenes: ['porn'], suggestion: 'block' },
  ])
  await expect
    .poll(async () => (await itemNamed(harness, 'porn-0.jpg')).feedback?.sentTo)
    .toBe('green')
  // Sent once: another round finds nothing to send.
  expect(await harness.core.decisions.sendDue()).toBe(0)
  expect(sentTo(emulator)).toHaveLength(1)

  // A slip (p) undone inside a long grace period: back to the confirmed porn block.
  await harness.core.store.settings.set({ feedbackGraceSeconds: 600 })
  await page.keyboard.press('p')
  await expect(row).toHaveClass(/verdict-pass/)
  await expect(page.getByTestId('undo-toast')).toContainText('Passed 1 image(s): porn')
  await page.keyboard.press('Control+z')
  await expect(row).toHaveClass(/verdict-block/)
  expect((await itemNamed(harness, 'porn-0.jpg')).feedback).toMatchObject({
    corrections: [{ scene: 'porn', suggestion: 'block' }],
    sentTo: 'green',
  })
  expect(await harness.core.decisions.sendDue()).toBe(0)
  expect(sentTo(emulator)).toHaveLength(1)
})

test('undo inside the grace period, by Ctrl+Z or the toast’s button: nothing reaches the emulator', async ({
  page,
  harnesses,
  emulator,
}) => {
  const harness = await reviewing(page, harnesses, emulator, 'undo', ['porn', 'ad'], 310, {
    feedbackGraceSeconds: 600,
  })
  const toast = page.getByTestId('undo-toast')

  await focusRow(page, 'undo-0.jpg', 2)
  await page.keyboard.press('b')
  await expect(toast).toContainText('Blocked 1 image(s): porn')
  await page.keyboard.press('Control+z')
  await expect(toast).toHaveCount(0)

  await focusRow(page, 'undo-1.jpg', 2)
  await page.keyboard.press('p')
  await expect(toast).toContainText('Passed 1 image(s): ad')
  await toast.getByRole('button', { name: 'Undo' }).click()
  await expect(toast).toHaveCount(0)

  for (const name of ['undo-0.jpg', 'undo-1.jpg'])
    expect((await itemNamed(harness, name)).feedback).toBeNull()
  expect(await harness.core.decisions.pending()).toEqual([])
  // Whatever is due now is sent: the two undone decisions are not among it.
  expect(await harness.core.decisions.sendDue()).toBe(0)
  expect(sentTo(emulator)).toEqual([])
})

test('a decision whose grace period ends while the app is down is sent once on the next start', async ({
  page,
  harnesses,
  emulator,
}) => {
  const first = await reviewing(page, harnesses, emulator, 'restart', ['ad'], 320, {
    feedbackGraceSeconds: 8,
  })
  await page.keyboard.press('j')
  await page.keyboard.press('p')
  await expect(page.getByTestId('undo-toast')).toContainText('Passed 1 image(s): ad')
  const [pending] = await first.core.decisions.pending()
  if (!pending) throw new Error('the decision waits in the outbox')

  // The app quits mid-grace; the grace period ends while it is down.
  await harnesses.stop(first)
  expect(sentTo(emulator)).toEqual([])
  await expect
    .poll(() => Date.now() > pending.dueAt, { timeout: 60_000, intervals: [250] })
    .toBe(true)
  expect(sentTo(emulator)).toEqual([])

  const second = await harnesses.restart(first)
  await heard(emulator, 1)
  const item = await itemNamed(second, 'restart-0.jpg')
  expect(sentTo(emulator)).toEqual([
    { taskId: item.taskId, dataId: item.dataId, scenes: ['ad'], suggestion: 'pass' },
  ])
  await page.goto(second.url)
  await expect(page.getByTestId('item-row')).toHaveClass(/verdict-pass/)
  await expect(page.getByTestId('undo-toast')).toHaveCount(0)

  // Another start sends nothing more.
  const third = await harnesses.restart(second)
  expect(await third.core.decisions.sendDue()).toBe(0)
  expect(sentTo(emulator)).toHaveLength(1)
})

test('Block on a clean image asks which scene: Esc cancels, 2 and Enter block for terrorism alone; a bulk Block asks once for its clean images', async ({
  page,
  harnesses,
  emulator,
}) => {
  await page.setViewportSize({ width: 1024, height: 700 })
  const harness = await reviewing(
    page,
    harnesses,
    emulator,
    'pick',
    ['clean', 'clean', 'porn'],
    330,
    {
      feedbackGraceSeconds: 1,
    },
  )
  const picker = page.getByRole('dialog', { name: 'Block for which scene?' })

  await focusRow(page, 'pick-0.jpg', 3)
  await page.keyboard.press('b')
  await expect(picker).toBeVisible()
  await expect(picker.getByRole('radio')).toHaveCount(3)
  await expect(picker.getByRole('radio', { name: /Pornography/ })).toBeFocused()
  await page.keyboard.press('Escape')
  await expect(picker).toHaveCount(0)
  expect(await harness.core.decisions.pending()).toEqual([])

  await focusRow(page, 'pick-0.jpg', 3)
  await page.keyboard.press('b')
  await expect(picker).toBeVisible()
  await page.keyboard.press('2')
  await expect(picker.getByRole('radio', { name: /Terrorism/ })).toBeChecked()
  await expect(
    picker.getByRole('button', { name: 'Block for Terrorism or violence' }),
  ).toBeEnabled()
  await page.keyboard.press('Enter')
  await expect(picker).toHaveCount(0)
  await heard(emulator, 1)
  const clean = await itemNamed(harness, 'pick-0.jpg')
  expect(sentTo(emulator)).toEqual([
    { taskId: clean.taskId, dataId: clean.dataId, scenes: ['terrorism'], suggestion: 'block' },
  ])

  // Bulk: the other clean image and the porn block, picked; one question for the clean one.
  await focusRow(page, 'pick-1.jpg', 3)
  await page.keyboard.press('x')
  await focusRow(page, 'pick-2.jpg', 3, false)
  await page.keyboard.press('x')
  await expect(page.locator('[data-picked="true"]')).toHaveCount(2)
  await page.keyboard.press('b')
  await expect(page.getByTestId('bulk-confirm')).toContainText('Block 2 images?')
  await page.keyboard.press('Enter')
  await expect(picker).toContainText('1 of these 2 images have nothing flagged')
  await page.screenshot({ path: 'test-results/decisions/picker-bulk-en-light-1024.png' })
  await page.keyboard.press('3')
  await page.keyboard.press('Enter')
  await heard(emulator, 3)
  const porn = await itemNamed(harness, 'pick-2.jpg')
  const other = await itemNamed(harness, 'pick-1.jpg')
  expect(new Map(sentTo(emulator).map((b) => [b.taskId, b.scenes]))).toEqual(
    new Map([
      [clean.taskId, ['terrorism']],
      [other.taskId, ['ad']],
      [porn.taskId, ['porn']],
    ]),
  )
})

test('screens: the picker, the undo toast and the shortcut sheet, at 1024×700 and 1920×1080, light and dark, English and Chinese', async ({
  page,
  harnesses,
  emulator,
}) => {
  test.setTimeout(240_000)
  const harness = await reviewing(page, harnesses, emulator, 'shot', ['clean', 'porn'], 340, {
    feedbackGraceSeconds: 600,
  })
  const title = { en: 'Block for which scene?', 'zh-CN': '按哪个场景拦截？' } as const
  await eachLook(page, harness.core.store.settings, async ({ language, colorScheme, width }) => {
    const shot = (what: string) =>
      page.screenshot({
        path: `test-results/decisions/${what}-${language}-${colorScheme}-${String(width)}.png`,
      })

    await focusRow(page, 'shot-0.jpg', 2)
    await page.keyboard.press('b')
    const picker = page.getByRole('dialog', { name: title[language] })
    await expect(picker).toBeVisible()
    await page.keyboard.press('1')
    await shot('picker')
    if (width === 1024) expect(await seriousFindings(page)).toEqual([])
    await page.keyboard.press('Escape')
    await expect(picker).toHaveCount(0)

    await focusRow(page, 'shot-1.jpg', 2)
    await page.keyboard.press('p')
    const toast = page.getByTestId('undo-toast')
    await expect(toast).toBeVisible()
    await expect(page.getByTestId('corrected-chip')).toBeVisible()
    await shot('toast')
    await page.keyboard.press('Control+z')
    await expect(toast).toHaveCount(0)

    await page.keyboard.press('?')
    await expect(page.getByTestId('shortcuts-sheet')).toBeVisible()
    await shot('sheet')
    if (width === 1024) expect(await seriousFindings(page)).toEqual([])
    await page.keyboard.press('Escape')
    await expect(page.getByTestId('shortcuts-sheet')).toHaveCount(0)
  })
  expect(sentTo(emulator)).toEqual([])
})
