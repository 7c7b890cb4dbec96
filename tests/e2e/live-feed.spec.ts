import { spawn } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { photoLikeJpeg } from '../fixtures/images'
import { expect, test } from './harness-fixture'

/** The built CLI, run as a user runs it in a terminal, on the app's data folder. */
function greenlight(home: string, ...args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, GREENLIGHT_HOME: home }
  delete env.ALIBABA_CLOUD_ACCESS_KEY_ID
  delete env.ALIBABA_CLOUD_ACCESS_KEY_SECRET
  const child = spawn(process.execPath, ['out/node/cli/index.mjs', ...args], { env })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  return new Promise<{ code: number | null; output: string }>((resolve) => {
    child.on('close', (code) => {
      resolve({ code, output })
    })
  })
}

/** A folder of `count` photo-sized JPEGs. */
async function photos(count: number, seed: number): Promise<string> {
  const folder = mkdtempSync(join(tmpdir(), 'greenlight-e2e-live-'))
  for (let i = 0; i < count; i++) {
    writeFileSync(
      join(folder, `photo-${String(seed + i)}.jpg`),
      await photoLikeJpeg(1600, 1200, seed + i),
    )
  }
  return folder
}

test('a scan run in a terminal shows up in the open app, live, with thumbnails, without a restart', async ({
  page,
  harness,
}) => {
  const folder = await photos(12, 700)

  await page.goto(harness.url)
  await expect(page.getByTestId('empty-state')).toContainText('No images yet')

  // The scan runs in another process: the app hears of it only through the database.
  const scan = await greenlight(harness.dataDir, 'scan', folder, '--engine', 'local')
  expect(scan.code, scan.output).toBe(0)

  const rows = page.getByTestId('item-row')
  await expect(rows).toHaveCount(12, { timeout: 30_000 })
  await expect(page.getByTestId('status-summary')).toContainText('12 of 12 done', {
    timeout: 30_000,
  })
  // The CLI made no thumbnails: main makes each on its first request, from the photo itself.
  const thumbs = rows.locator('.thumb img')
  await expect(thumbs).toHaveCount(12)
  await expect
    .poll(() =>
      thumbs.evaluateAll(
        (images) =>
          images.filter((image) => (image as unknown as { naturalWidth: number }).naturalWidth > 0)
            .length,
      ),
    )
    .toBe(12)
  await page.screenshot({ path: 'test-results/e2e/live-feed.png' })
})

test('two terminals scanning at once both show up in the open app', async ({ page, harness }) => {
  const [first, second] = await Promise.all([photos(4, 800), photos(4, 900)])
  await page.goto(harness.url)
  await expect(page.getByTestId('empty-state')).toBeVisible()

  const runs = await Promise.all([
    greenlight(harness.dataDir, 'scan', first, '--engine', 'local'),
    greenlight(harness.dataDir, 'scan', second, '--engine', 'local'),
  ])
  for (const run of runs) expect(run.code, run.output).toBe(0)

  const rows = page.getByTestId('item-row')
  await expect(rows).toHaveCount(8, { timeout: 30_000 })
  await expect(rows.filter({ hasText: 'photo-800.jpg' })).toHaveCount(1)
  await expect(rows.filter({ hasText: 'photo-903.jpg' })).toHaveCount(1)
  await expect(page.getByTestId('status-summary')).toContainText('8 of 8 done', {
    timeout: 30_000,
  })
})
