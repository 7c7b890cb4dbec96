import { expect, test } from './harness-fixture'

test('the shell renders its empty state on first launch, with the local engine and no account', async ({
  page,
  harness,
}) => {
  const problems: string[] = []
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text())
  })
  page.on('pageerror', (error) => problems.push(error.message))

  const response = await page.goto(harness.url)
  expect(response?.headers()['content-security-policy']).toContain("default-src 'none'")

  await expect(page.getByTestId('app-shell')).toBeVisible()
  await expect(page.getByTestId('empty-state')).toContainText('No images yet')
  await expect(page.getByTestId('engine-badge')).toHaveText('Local engine (offline)')
  await expect(page.getByTestId('credentials-status')).toHaveText(
    'No Alibaba Cloud account configured',
  )
  await expect(page.getByTestId('status-summary')).toHaveText('Ready')
  await page.screenshot({ path: 'test-results/app-shell.png', fullPage: true })
  expect(problems).toEqual([])
})

test('adding paths travels through every layer and comes back as live rows', async ({
  page,
  harness,
}) => {
  await page.goto(harness.url)
  await expect(page.getByTestId('empty-state')).toBeVisible()

  await page
    .getByTestId('add-input')
    .fill(['/photos/猫 1.jpg', 'https://example.com/a.png'].join('\n'))
  await page.getByTestId('add-input').press('Enter')

  // The rows arrive as an items:changed event from AppCore, not from the add call's reply.
  await expect(page.getByTestId('item-row')).toHaveCount(2)
  const rows = page.getByTestId('item-row')
  await expect(rows.filter({ hasText: 'a.png' })).toHaveCount(1)
  // A path that does not exist is kept as an item that says so, not dropped.
  await expect(rows.filter({ hasText: '猫 1.jpg' })).toContainText(
    'Nothing found at /photos/猫 1.jpg',
  )
  await expect(page.getByTestId('status-bar')).toContainText('0 of 2 done')

  // And they are durable: main's store has them, and a reload shows them again.
  const stored = await harness.core.store.items.list(0, 10, {})
  expect(stored.total).toBe(2)
  await page.reload()
  await expect(page.getByTestId('item-row')).toHaveCount(2)

  // `/` jumps to the filter; filtering narrows the list.
  await page.getByTestId('queue').click()
  await page.keyboard.press('/')
  await expect(page.getByTestId('filter-search')).toBeFocused()
  await page.keyboard.type('猫')
  await expect(page.getByTestId('item-row')).toHaveCount(1)
  await expect(page.getByTestId('list-count')).toHaveText('1 of 1')
  await page.screenshot({ path: 'test-results/queue.png', fullPage: true })
})

test('a page without the token cannot reach AppCore', async ({ page, harness }) => {
  await page.goto(harness.origin + '/')
  // The bridge connects without a token: the harness refuses the socket, so calls fail cleanly.
  await expect(page.getByTestId('app-shell')).toBeVisible()
  await expect(page.getByTestId('engine-badge')).toHaveCount(0)
})

test('links dropped on the window are queued', async ({ page, harness }) => {
  await page.goto(harness.url)
  await expect(page.getByTestId('empty-state')).toBeVisible()
  // Built in the page (a string, since this file is compiled without DOM types).
  const data = await page.evaluateHandle(`(() => {
    const transfer = new DataTransfer()
    transfer.setData('text/uri-list', 'https://example.com/dropped-1.jpg\\n# comment\\nhttps://example.com/dropped-2.png')
    return transfer
  })()`)
  await page.dispatchEvent('[data-testid="app-shell"]', 'dragover', { dataTransfer: data })
  await page.dispatchEvent('[data-testid="app-shell"]', 'drop', { dataTransfer: data })
  await expect(page.getByTestId('item-row')).toHaveCount(2)
  await expect(page.getByRole('status').first()).toContainText('Added 2 to the queue')
})
