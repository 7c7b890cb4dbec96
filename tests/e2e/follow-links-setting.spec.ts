import { expect, test } from './harness-fixture'

test('settings: following links outside a folder is off by default and saves when switched on', async ({
  page,
  harness,
}) => {
  await page.goto(harness.url)
  // Keys are live once the app has loaded (it must know whether a menu owns the accelerators).
  await expect(page.getByTestId('engine-badge')).toHaveText('Local engine (offline)')
  await page.keyboard.press('Control+,')
  await expect(page.getByTestId('settings-panel')).toBeVisible()
  const follow = page.getByTestId('follow-symlinks')
  await expect(follow).not.toBeChecked()
  await follow.check()
  await expect.poll(async () => (await harness.core.store.settings.get()).followSymlinks).toBe(true)
  await page.getByTestId('language').selectOption('zh-CN')
  await expect(page.getByText('跟随指向所扫描或监视文件夹之外的链接')).toBeVisible()
  await page.screenshot({ path: 'test-results/follow-links-setting.png', fullPage: true })
})
