import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import {
  startEmulator,
  type RunningEmulator,
} from '../../src-main/core/engines/green/emulator/emulator'
import type { Scene, Settings } from '../../src-shared/domain'
import { emulatorEnv } from '../fixtures/emulator-engine'
import { photoLikeJpeg } from '../fixtures/images'
import type { Harness } from '../harness/server'
import { expect, test, type Harnesses } from './harness-fixture'
import { addFolderAndWait } from './scan-in-app'

/** The decisions specs: the harness with a Green account on an emulator the test reads. */
export const greenTest = test.extend<{ emulator: RunningEmulator }>({
  // Playwright reads fixture dependencies from this destructuring, so it must stay a pattern.
  // eslint-disable-next-line no-empty-pattern
  emulator: async ({}, use) => {
    const emulator = await startEmulator({ qps: 0 })
    await use(emulator)
    await emulator.close()
  },
})

/** Scenes every image is scanned for here: the three Green takes feedback on. */
const SCANNED: readonly Scene[] = ['porn', 'terrorism', 'ad']

/** How the emulator judges a photo: Green blocked it for porn alone, held it for ad, or passed it. */
export type Verdict = 'porn' | 'ad' | 'clean'

/** What the emulator received as feedback, one body per image told. */
export interface SentFeedback {
  readonly taskId?: string
  readonly dataId?: string
  readonly scenes?: readonly Scene[]
  readonly suggestion?: string
}

/** The feedback the emulator received, the fields a decision decides (not the image's URL). */
export const sentTo = (emulator: RunningEmulator): SentFeedback[] =>
  emulator.feedback.map((f) => {
    const { taskId, dataId, scenes, suggestion } = f.body as SentFeedback
    return { taskId, dataId, scenes, suggestion }
  })

/** A harness whose engine is Green on `emulator`, with the grace period given (seconds). */
export async function greenHarness(
  harnesses: Harnesses,
  emulator: RunningEmulator,
  settings: Partial<Settings> = {},
): Promise<Harness> {
  const harness = await harnesses.start({ env: emulatorEnv(emulator) })
  await harness.core.store.settings.set({
    engine: 'green',
    endpoint: emulator.endpoint,
    scenes: [...SCANNED],
    costPromptUnits: 100_000,
    ...settings,
  })
  return harness
}

/**
 * Photo-sized JPEGs (1024×768, made with sharp), named `<name>-<i>.jpg`, each judged by the
 * emulator as `verdicts[i]` says.
 */
export async function judgedPhotos(
  emulator: RunningEmulator,
  name: string,
  verdicts: readonly Verdict[],
  seed: number,
): Promise<string> {
  const folder = mkdtempSync(join(tmpdir(), `greenlight-e2e-${name}-`))
  for (const [i, verdict] of verdicts.entries()) {
    const bytes = await photoLikeJpeg(1024, 768, seed + i)
    writeFileSync(join(folder, `${name}-${String(i)}.jpg`), bytes)
    const pass = { label: 'normal', suggestion: 'pass' } as const
    emulator.scriptVerdict(
      { bytes },
      {
        scenes: {
          porn: verdict === 'porn' ? { label: 'porn', suggestion: 'block', rate: 99 } : pass,
          terrorism: pass,
          ad: verdict === 'ad' ? { label: 'ad', suggestion: 'review', rate: 80 } : pass,
        },
      },
    )
  }
  return folder
}

/**
 * The usual start: a Green harness on `emulator` (with `settings`), photos judged as `verdicts`
 * added through the add field, and the page waiting until every one is done.
 */
export async function reviewing(
  page: Page,
  harnesses: Harnesses,
  emulator: RunningEmulator,
  name: string,
  verdicts: readonly Verdict[],
  seed: number,
  settings: Partial<Settings>,
): Promise<Harness> {
  const harness = await greenHarness(harnesses, emulator, settings)
  const folder = await judgedPhotos(emulator, name, verdicts, seed)
  await page.goto(harness.url)
  const count = String(verdicts.length)
  await addFolderAndWait(page, folder, `${count} of ${count} done`)
  return harness
}

/** The item a file became (the newest, should it have been added twice). */
export async function itemNamed(harness: Harness, name: string) {
  const { items } = await harness.core.store.items.list(0, 1000, {})
  const item = items.find((i) => i.source.endsWith(`/${name}`))
  if (!item) throw new Error(`no item for ${name}`)
  return item
}

/** The name on the row the keyboard acts on. */
export async function focusedName(page: Page): Promise<string> {
  return (await page.locator('.item-row.selected .item-name').innerText()).trim()
}

/**
 * Moves the keyboard's focus to the row named `name` with k and j alone (to the top, then down),
 * keeping the picks made; with `clear`, Esc drops the picks first.
 */
export async function focusRow(
  page: Page,
  name: string,
  rows: number,
  clear = true,
): Promise<void> {
  if (clear) {
    await page.keyboard.press('Escape')
    await page.keyboard.press('Escape')
  }
  await page.keyboard.press('j')
  for (let i = 0; i < rows; i++) await page.keyboard.press('k')
  for (let i = 0; i < rows && !(await focusedName(page)).includes(name); i++)
    await page.keyboard.press('j')
  expect(await focusedName(page)).toContain(name)
}

/** Waits (on a condition, not a clock) until the emulator has heard `count` feedback calls. */
export async function heard(emulator: RunningEmulator, count: number): Promise<void> {
  await expect
    .poll(() => emulator.feedback.length, { timeout: 45_000, intervals: [200] })
    .toBe(count)
}
