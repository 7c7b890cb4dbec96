import { expect, test } from './harness-fixture'

test('settings: language, scenes, and an account saved to the keychain without the secret coming back', async ({
  page,
  harness,
  keyring,
}) => {
  test.skip(!keyring, 'needs a Secret Service (gnome-keyring) for the account part')
  await page.goto(harness.url)
  await expect(page.getByTestId('engine-badge')).toHaveText('Local engine (offline)')

  await page.keyboard.press('Control+,')
  const panel = page.getByTestId('settings-panel')
  await expect(panel).toBeVisible()

  // Scenes and language save as they change, and main keeps them.
  await page.getByTestId('scene-logo').check()
  await expect.poll(async () => (await harness.core.store.settings.get()).scenes).toContain('logo')
  await page.getByTestId('language').selectOption('zh-CN')
  await expect(page.getByTestId('open-settings')).toHaveText('设置')
  await page.getByTestId('language').selectOption('en')

  const secret = 'e2e-Secret-0b1c2d3e'
  await page.getByTestId('access-key-id').fill('LTAI5tE2eAccount42')
  await page.getByTestId('access-key-secret').fill(secret)
  await page.getByTestId('account-save').click()
  await expect(page.getByTestId('account-message')).toContainText('LTAI****nt42')
  await expect(page.getByTestId('access-key-secret')).toHaveValue('')
  await expect(page.getByTestId('engine-badge')).toHaveText('Alibaba Green')
  await expect(page.getByTestId('credentials-status')).toContainText('LTAI****nt42')
  await page.screenshot({ path: 'test-results/settings.png', fullPage: true })

  // Nothing the page can see holds the secret.
  expect(await page.content()).not.toContain(secret)
  const status = await page.evaluate(() =>
    (
      globalThis as unknown as { greenlight: { invoke(c: string): Promise<unknown> } }
    ).greenlight.invoke('credentials:status'),
  )
  expect(JSON.stringify(status)).not.toContain(secret)

  await page.keyboard.press('Escape')
  await expect(panel).toHaveCount(0)
  await harness.core.credentials.delete()
})

test('settings: Green submission mode, frame sampling and pacing save once typed, and bad numbers go back', async ({
  page,
  harness,
}) => {
  await page.goto(harness.url)
  // The shortcut works once the app has its settings from main.
  await expect(page.getByTestId('engine-badge')).toBeVisible()
  await page.keyboard.press('Control+,')
  await expect(page.getByTestId('settings-panel')).toBeVisible()
  const stored = () => harness.core.store.settings.get()

  await page.getByTestId('mode-async').check()
  await expect.poll(async () => (await stored()).scanMode).toBe('async')

  // Typed "25": nothing is saved on the way ("2"), the value lands on Enter.
  const max = page.getByTestId('frames-max')
  await max.fill('25')
  expect((await stored()).frameHints.maxFrames).toBe(5)
  await max.press('Enter')
  await expect.poll(async () => (await stored()).frameHints).toEqual({ interval: 1, maxFrames: 25 })

  // Out of range: not saved, and the field shows the stored value again once left.
  const batch = page.getByTestId('pacing-batch')
  await batch.fill('500')
  await batch.blur()
  await expect(batch).toHaveValue(String((await stored()).batchSize))
  expect((await stored()).batchSize).toBeLessThanOrEqual(100)

  await page.getByTestId('mode-sync').check()
  await expect.poll(async () => (await stored()).scanMode).toBe('sync')
})
