import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { photoLikeJpeg } from '../fixtures/images'
import { expect, test } from './harness-fixture'

test('a drop of 100,000 paths (over 16 MiB as one message) is added in chunks, with one notice', async ({
  page,
  harness,
}) => {
  // Expanding 100,000 inputs costs a stat and a realpath each, in turn: most of a minute on a
  // busy two-core machine.
  test.setTimeout(180_000)
  const dir = await mkdtemp(join(tmpdir(), 'gl-large-drop-'))
  try {
    const folder = join(dir, 'drop')
    await mkdir(folder)
    for (let i = 0; i < 3; i++) {
      await writeFile(join(folder, `photo-${String(i)}.jpg`), await photoLikeJpeg(64, 48, i + 1))
    }
    // The folder also holds a link to `/`: skipped, and the notice says so.
    await symlink('/', join(folder, 'whole-disk'))

    await page.goto(harness.url)
    await expect(page.getByTestId('empty-state')).toBeVisible()
    // What a file manager drop of a huge selection hands the page: one path per line. The folder
    // once, then its three photos spelled 99,999 ways (`./` runs), each path about 200 characters.
    // Built in the page (a string, since this file is compiled without DOM types).
    const data = await page.evaluateHandle(`(() => {
      const folder = ${JSON.stringify(folder)}
      const lines = [folder]
      for (let i = 1; i < 100000; i++) {
        lines.push(folder + '/' + './'.repeat(80 + (i % 13)) + 'photo-' + String(i % 3) + '.jpg')
      }
      const transfer = new DataTransfer()
      transfer.setData('text/plain', lines.join('\\n'))
      return transfer
    })()`)
    const bytes = await data.evaluate(
      (transfer) => (transfer as { getData(type: string): string }).getData('text/plain').length,
    )
    await page.dispatchEvent('[data-testid="app-shell"]', 'drop', { dataTransfer: data })
    expect(bytes).toBeGreaterThan(17 * 2 ** 20)

    await expect(page.getByRole('status').first()).toHaveText(
      'Added 3 to the queue. 1 link leading outside the folder was skipped.',
      { timeout: 120_000 },
    )
    await expect(page.getByTestId('item-row')).toHaveCount(3)
    expect((await harness.core.store.items.list(0, 10, {})).total).toBe(3)
    await page.screenshot({ path: 'test-results/large-drop.png' })
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
})
