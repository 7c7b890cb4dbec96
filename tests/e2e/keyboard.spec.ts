import { expect, test } from './harness-fixture'
import { postersFolder } from './scan-in-app'

test('the queue keys work after adding, after a filter click and after Esc, never while typing', async ({
  page,
  harness,
}) => {
  // Posters with a QR code: flagged for review, so b confirms the finding and p clears it.
  const folder = await postersFolder('keys', 4, 60)
  await harness.core.store.settings.set({ scenes: ['porn', 'qrcode'] })
  await page.goto(harness.url)

  // Typed and added with Enter alone: focus leaves the field, so j and b reach the queue.
  const field = page.getByTestId('add-input')
  await field.fill(folder)
  await field.press('Enter')
  await expect(field).not.toBeFocused()
  const rows = page.getByTestId('item-row')
  await expect(page.getByTestId('status-summary')).toContainText('4 of 4 done', {
    timeout: 45_000,
  })
  await page.keyboard.press('j')
  await expect(rows.first()).toHaveAttribute('aria-current', 'true')
  await page.keyboard.press('b')
  await expect(rows.first().getByTestId('corrected-chip')).toBeVisible()

  // After a filter click the keys still work: no click into the list first.
  await page.getByRole('button', { name: 'All' }).click()
  await page.keyboard.press('j')
  await page.keyboard.press('j')
  await page.keyboard.press('b')
  await expect(rows.getByTestId('corrected-chip')).toHaveCount(2)

  // Typing in a field never reviews; Esc gives the keys back, and the text stays.
  await field.fill('half-typed')
  await field.press('b')
  await expect(rows.getByTestId('corrected-chip')).toHaveCount(2)
  await field.press('Escape')
  await expect(field).not.toBeFocused()
  await expect(field).toHaveValue('half-typedb')
  await page.keyboard.press('k')
  await page.keyboard.press('p')
  await expect(rows.getByTestId('corrected-chip')).toHaveCount(3)
  await page.screenshot({ path: 'test-results/keyboard/queue-keys.png' })
})
