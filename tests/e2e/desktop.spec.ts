import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { COMMAND_LABELS } from '../../src-shared/commands'
import { startEmulator } from '../../src-main/core/engines/green/emulator/emulator'
import { photoLikeJpeg } from '../fixtures/images'
import { expect, test } from './harness-fixture'
import { withGreenAccount } from './green-account'

const LANGUAGES = ['en', 'zh-CN'] as const

/** Every state the brief asks to see: two window sizes, light and dark. */
async function shoot(page: Page, name: string): Promise<void> {
  for (const [width, height] of [
    [1024, 700],
    [1920, 1080],
  ] as const) {
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.setViewportSize({ width, height })
      await page.emulateMedia({ colorScheme })
      await page.screenshot({
        path: `test-results/desktop/${name}-${String(width)}x${String(height)}-${colorScheme}.png`,
      })
    }
  }
  await page.setViewportSize({ width: 1024, height: 700 })
  await page.emulateMedia({ colorScheme: 'light' })
}

async function photoFolder(count: number, seed: number): Promise<string> {
  const folder = mkdtempSync(join(tmpdir(), 'greenlight-e2e-desktop-'))
  mkdirSync(join(folder, '相册'))
  for (let i = 0; i < count; i++) {
    const name = i % 2 === 0 ? `IMG_${String(4000 + i)}.jpg` : join('相册', `海边-${String(i)}.jpg`)
    writeFileSync(join(folder, name), await photoLikeJpeg(1600, 1200, seed + i))
  }
  return folder
}

for (const language of LANGUAGES) {
  const labels = COMMAND_LABELS[language]

  test(`first run (${language}): the empty state scans a folder offline through main's dialog, or opens the account`, async ({
    page,
    harness,
  }) => {
    // Scenes the local engine reports as unsupported: verdicts land without loading the model.
    await harness.core.store.settings.set({ language, scenes: ['terrorism'] })
    await page.setViewportSize({ width: 1024, height: 700 })
    await page.goto(harness.url)
    await expect(page.getByTestId('empty-connect')).toBeVisible()
    await expect(page).toHaveTitle('Greenlight')
    await shoot(page, `first-run-${language}`)

    await page.getByTestId('empty-connect').click()
    await expect(page.getByTestId('settings-panel')).toBeVisible()
    await expect(page.getByTestId('access-key-id')).toBeFocused()
    await page.keyboard.press('Escape')
    await expect(page.getByTestId('settings-panel')).toHaveCount(0)

    const folder = await photoFolder(4, 600)
    harness.ports.answerNext('openFolders', [folder])
    await page.getByTestId('empty-scan-folder').click()
    await expect(page.getByTestId('item-row')).toHaveCount(4)
    expect(harness.ports.requests.at(-1)).toMatchObject({
      kind: 'openFolders',
      options: { title: labels['add-folder'].replace('…', '') },
    })
    await expect(page.getByTestId('status-summary')).toContainText(
      language === 'en' ? '4 of 4 done' : '4/4',
    )
    await shoot(page, `folder-scanned-${language}`)
  })

  test(`toolbar and shortcuts sheet (${language}): every command in the page, keys listed, focus kept and returned`, async ({
    page,
    harness,
  }) => {
    await harness.core.store.settings.set({ language, scenes: ['terrorism'] })
    await page.goto(harness.url)
    const toolbar = page.getByTestId('toolbar')
    for (const id of [
      'add-files',
      'add-folder',
      'watch-folder',
      'export',
      'settings',
      'pause-resume',
      'shortcuts',
    ] as const) {
      await expect(toolbar.getByRole('button', { name: labels[id] })).toBeVisible()
    }
    await expect(toolbar.getByRole('button', { name: labels['add-files'] })).toHaveAttribute(
      'aria-keyshortcuts',
      'Control+O',
    )
    await expect(toolbar.getByRole('button', { name: labels['add-files'] })).toHaveAttribute(
      'title',
      `${labels['add-files']} (Ctrl+O)`,
    )

    // Arrows move along the toolbar; Enter on its last button opens the sheet.
    await page.getByTestId('command-add-files').focus()
    await page.keyboard.press('ArrowLeft')
    const opener = page.getByTestId('command-shortcuts')
    await expect(opener).toBeFocused()
    await page.keyboard.press('ArrowRight')
    await expect(page.getByTestId('command-add-files')).toBeFocused()
    await page.keyboard.press('End')
    // Opened by its button: closing gives the focus back to it.
    await page.keyboard.press('Enter')
    const sheet = page.getByTestId('shortcuts-sheet')
    await expect(sheet).toBeVisible()
    await expect(sheet.getByTestId('shortcut-add-folder')).toContainText(labels['add-folder'])
    await expect(sheet.getByTestId('shortcut-add-folder')).toContainText('Ctrl+Shift+O')
    await expect(sheet.getByTestId('shortcut-find')).toContainText('/')
    await expect(sheet).toContainText('j / k')
    await expect(sheet).toContainText('p / b')
    await shoot(page, `shortcuts-${language}`)
    // Focus stays inside while tabbing around.
    for (let i = 0; i < 4; i++) {
      await page.keyboard.press('Tab')
      expect(
        await sheet.evaluate((el) => {
          // No DOM types in this project: the page's document, reached through the element.
          const doc = (el as unknown as { ownerDocument: { activeElement: unknown } }).ownerDocument
          return (el as unknown as { contains(n: unknown): boolean }).contains(doc.activeElement)
        }),
      ).toBe(true)
    }
    await page.keyboard.press('Escape')
    await expect(sheet).toHaveCount(0)
    await expect(opener).toBeFocused()

    // `?` from anywhere but a text field; Ctrl+, opens settings (no menu in a browser).
    await page.locator('body').press('?')
    await expect(sheet).toBeVisible()
    await page.keyboard.press('Escape')
    await page.getByTestId('add-input').press('?')
    await expect(sheet).toHaveCount(0)
    await page.locator('body').press('Control+,')
    await expect(page.getByTestId('settings-panel')).toBeVisible()
    await page.keyboard.press('Escape')

    // Add Files… asks main's dialog for images; the window title follows the batch.
    await page.getByTestId('command-pause-resume').click()
    await expect(page.getByTestId('command-pause-resume')).toHaveAttribute('aria-pressed', 'true')
    const folder = await photoFolder(2, 700)
    harness.ports.answerNext('openFiles', [
      join(folder, 'IMG_4000.jpg'),
      join(folder, '相册', '海边-1.jpg'),
    ])
    await page.locator('body').press('Control+o')
    await expect(page.getByTestId('item-row')).toHaveCount(2)
    expect(harness.ports.requests.at(-1)).toMatchObject({
      kind: 'openFiles',
      options: { filters: [{ extensions: expect.arrayContaining(['jpg', 'png']) as string[] }] },
    })
    await expect(page).toHaveTitle(
      language === 'en' ? 'Greenlight: scanning 0 of 2' : 'Greenlight：正在检测 0/2',
    )
    await page.getByTestId('command-pause-resume').click()
    await expect(page).toHaveTitle('Greenlight')
  })
}

test('cost: a Green batch above the threshold asks first and stores nothing until yes; below it, the figure shows in the status bar', async ({
  page,
  harness,
  keyring,
}) => {
  test.skip(!keyring, 'needs a Secret Service for the Green account')
  await withGreenAccount(harness, async (emulator) => {
    await harness.core.store.settings.set({ scenes: ['porn', 'ad'] })
    await page.goto(harness.url)
    await expect(page.getByTestId('engine-badge')).toHaveText('Alibaba Green')
    // The threshold is a setting the user can change.
    await page.getByTestId('open-settings').click()
    await page.getByTestId('cost-prompt').fill('6')
    await page.getByTestId('cost-prompt').press('Enter')
    await expect.poll(async () => (await harness.core.store.settings.get()).costPromptUnits).toBe(6)
    await page.keyboard.press('Escape')

    const folder = await photoFolder(3, 800)
    harness.ports.answerNext('openFolders', [folder])
    await page.getByTestId('command-add-folder').click()
    const confirm = page.getByTestId('cost-confirm')
    await expect(confirm).toBeVisible()
    await expect(page.getByTestId('cost-question')).toHaveText(
      'Scan 3 images × 2 scenes = 6 billable units?',
    )
    await expect(page.getByTestId('cost-confirm-ok')).toBeFocused()
    await shoot(page, 'cost-confirm-en')
    await page.getByTestId('cost-confirm-cancel').click()
    await expect(confirm).toHaveCount(0)
    expect((await harness.core.store.items.list(0, 10, {})).total).toBe(0)

    harness.ports.answerNext('openFolders', [folder])
    await page.getByTestId('command-add-folder').click()
    await page.getByTestId('cost-confirm-ok').click()
    await expect(page.getByTestId('item-row')).toHaveCount(3)
    await expect(page.getByTestId('status-summary')).toContainText('3 of 3 done')
    expect(emulator.stats.imagesScanned).toBe(3)

    // The same folder again: already judged, so free, and no question.
    const more = await photoFolder(1, 900)
    harness.ports.answerNext('openFolders', [folder, more])
    await page.getByTestId('command-add-folder').click()
    await expect(page.getByTestId('status-cost')).toHaveText(
      'Last added: 1 image × 2 scenes = 2 billable units (3 images already judged, free)',
    )
    await expect(confirm).toHaveCount(0)
    await expect(page.getByTestId('status-summary')).toContainText('4 of 4 done')
    expect(emulator.stats.imagesScanned).toBe(4)
    await shoot(page, 'cost-status-en')
  })
})

test('account: Test connection goes to the endpoint in the form, and a refused key says what to do without Green’s debug text', async ({
  page,
  harness,
  keyring,
}) => {
  test.skip(!keyring, 'needs a Secret Service for the account')
  const emulator = await startEmulator({ qps: 0 })
  try {
    await page.goto(harness.url)
    await page.getByTestId('open-settings').click()
    await page.getByTestId('access-key-id').fill(emulator.accessKeyId)
    await page.getByTestId('access-key-secret').fill('not-the-secret')
    await page.getByTestId('account-endpoint').fill(emulator.endpoint)
    await page.getByTestId('account-save').click()
    await expect(page.getByTestId('engine-badge')).toHaveText('Alibaba Green')

    await page.getByTestId('account-test').click()
    const message = page.getByTestId('account-message')
    await expect(message).toContainText('Green refused this AccessKey')
    await expect(message).not.toContainText('string to sign')

    // A scan with the refused key stops the queue: worded with what to do, and a way to do it.
    await page.keyboard.press('Escape')
    const folder = await photoFolder(1, 950)
    harness.ports.answerNext('openFiles', [join(folder, 'IMG_4000.jpg')])
    await page.getByTestId('command-add-files').click()
    await expect(page.getByTestId('queue-error')).toContainText('Green refused the AccessKey')
    await expect(page.getByTestId('queue-error')).not.toContainText('string to sign')
    // Green's own text stays for support, in the log.
    const log = readFileSync(join(harness.dataDir, 'logs', 'greenlight.log'), 'utf8')
    expect(log).toMatch(/"message":"scanning stopped".*string to sign/)
    await shoot(page, 'wrong-key-en')
    await page.getByTestId('queue-open-settings').click()
    await expect(page.getByTestId('access-key-id')).toBeFocused()

    // The right key, and an endpoint typed but not saved: the test saves it and goes there.
    await page.getByTestId('access-key-id').fill(emulator.accessKeyId)
    await page.getByTestId('access-key-secret').fill(emulator.accessKeySecret)
    await page.getByTestId('account-endpoint').fill('http://127.0.0.1:9')
    await page.getByTestId('account-save').click()
    await page.getByTestId('account-endpoint').fill(emulator.endpoint)
    await page.getByTestId('account-test').click()
    await expect(message).toHaveText(`Connected to Green at ${emulator.endpoint}.`)
    expect((await harness.core.credentials.status()).endpoint).toBe(emulator.endpoint)
    await shoot(page, 'account-ok-en')
  } finally {
    await harness.core.credentials.delete()
    await emulator.close()
  }
})
