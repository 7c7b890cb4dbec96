import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Locator, Page } from '@playwright/test'
import sharp from 'sharp'
import { photoLikeJpeg } from '../fixtures/images'
import { expect, test } from './harness-fixture'
import { withGreenAccount } from './green-account'
import { eachLook, seriousFindings } from './looks'
import { addFolderAndWait } from './scan-in-app'

const QR_TEXT = 'https://example.com/preview-qr'

/** The image element's own computed filter, and its natural size: what the screen paints. */
const imageState = (image: Locator) =>
  image.evaluate((img) => {
    // The e2e project has no DOM types: the page's own objects, as the page has them.
    const element = img as unknown as { naturalWidth: number; naturalHeight: number }
    const page = globalThis as unknown as { getComputedStyle: (e: unknown) => { filter: string } }
    return {
      filter: page.getComputedStyle(img).filter,
      width: element.naturalWidth,
      height: element.naturalHeight,
    }
  })

const previewFindings = (page: Page) => seriousFindings(page, '[data-testid="preview"]')

test('the preview: Enter opens the focused image large, with every scene, extra, fact and correction; z is 1:1; scene-by-scene correction sends that scene alone', async ({
  page,
  harness,
  keyring,
}) => {
  test.setTimeout(180_000)
  test.skip(!keyring, 'needs a Secret Service for the Green account')
  await withGreenAccount(harness, async (emulator) => {
    await harness.core.store.settings.set({
      scenes: ['porn', 'qrcode', 'logo'],
      feedbackGraceSeconds: 1,
    })
    // A phone photo: stored landscape, tagged "turn 90°", so it shows portrait (1200×1600).
    const folder = mkdtempSync(join(tmpdir(), 'greenlight-e2e-preview-'))
    const photo = await sharp(await photoLikeJpeg(1600, 1200, 81))
      .withMetadata({ orientation: 6 })
      .jpeg({ quality: 88 })
      .toBuffer()
    const photoPath = join(folder, 'harbour-phone.jpg')
    writeFileSync(photoPath, photo)
    writeFileSync(join(folder, 'lake.jpg'), await photoLikeJpeg(1280, 960, 82))
    emulator.scriptVerdict(
      { bytes: photo },
      {
        scenes: {
          porn: { label: 'porn', suggestion: 'block', rate: 98 },
          qrcode: {
            label: 'qrcode',
            suggestion: 'review',
            rate: 91.2,
            qrcodeData: [QR_TEXT],
            qrcodeLocations: [{ x: 120, y: 340, w: 210, h: 210, qrcode: QR_TEXT }],
          },
          logo: {
            label: 'TV',
            suggestion: 'review',
            rate: 88.4,
            logoData: [{ x: 10, y: 12, w: 80, h: 40, type: 'TV', name: 'Harbour TV' }],
          },
        },
      },
    )

    await page.setViewportSize({ width: 1280, height: 800 })
    await page.goto(harness.url)
    await expect(page.getByTestId('engine-badge')).toHaveText('Alibaba Green')
    await addFolderAndWait(page, folder, '2 of 2 done')
    const stored = (await harness.core.store.items.list(0, 10, {})).items.find(
      (i) => i.source === photoPath,
    )
    expect(stored?.taskId).toBeTruthy()

    const row = page.getByTestId('item-row').filter({ hasText: 'harbour-phone.jpg' })
    await row.click()
    await page.keyboard.press('Enter')
    const preview = page.getByTestId('preview')
    await expect(preview).toBeVisible()

    // The image: made by main, EXIF-turned, large enough to judge, veiled from its first frame.
    const image = preview.getByTestId('preview-image')
    await expect.poll(async () => (await imageState(image)).width).toBeGreaterThan(0)
    const fitted = await imageState(image)
    expect(fitted).toEqual({ filter: 'blur(8px) grayscale(1)', width: 1200, height: 1600 })
    const shown = await image.boundingBox()
    expect(Math.max(shown?.width ?? 0, shown?.height ?? 0)).toBeGreaterThanOrEqual(512)

    // Every scene: words, API code, suggestion and rate, and what Green returned besides.
    const scenes = preview.getByTestId('preview-scene')
    await expect(scenes).toHaveCount(3)
    await expect(scenes.nth(0)).toContainText('porn · porn')
    await expect(scenes.nth(0)).toContainText('block 98.0%')
    await expect(scenes.nth(1)).toContainText('QR code')
    await expect(scenes.nth(1)).toContainText(`QR code “${QR_TEXT}” at 120, 340 (210×210 px)`)
    await expect(scenes.nth(1)).toContainText('review 91.2%')
    await expect(scenes.nth(2)).toContainText('TV station logo')
    await expect(scenes.nth(2)).toContainText('logo · TV')
    await expect(scenes.nth(2)).toContainText('Logo: Harbour TV (TV)')
    // The facts an audit asks for.
    await expect(preview.getByTestId('preview-fact-engine')).toContainText('Alibaba Green')
    await expect(preview.getByTestId('preview-fact-judged')).not.toContainText('not yet')
    await expect(preview.getByTestId('preview-fact-cache')).toContainText('no')
    await expect(preview.getByTestId('preview-fact-task')).toContainText(stored?.taskId ?? '?')
    await expect(preview.getByTestId('preview-fact-data')).toContainText(stored?.dataId ?? '?')
    await expect(preview.getByTestId('preview-fact-source')).toContainText(photoPath)
    await expect(preview).toContainText('Nobody has corrected this image.')
    expect(await previewFindings(page)).toEqual([])

    // Reveal shows it as it is.
    await preview.getByRole('button', { name: 'Reveal' }).click()
    await expect.poll(async () => (await imageState(image)).filter).toBe('none')
    await page.screenshot({ path: 'test-results/preview/revealed-1280-en-light.png' })

    // z: the original's pixels, panned with the arrows; z again fits it.
    await page.keyboard.press('z')
    await expect(preview.getByTestId('preview-stage')).toHaveAttribute('data-zoomed', 'true')
    await expect
      .poll(async () => {
        const state = await imageState(preview.getByTestId('preview-image'))
        return [state.width, state.height]
      })
      .toEqual([1200, 1600])
    await page.keyboard.press('ArrowDown')
    await expect
      .poll(() =>
        preview
          .getByTestId('preview-stage')
          .evaluate((e) => (e as unknown as { scrollTop: number }).scrollTop),
      )
      .toBeGreaterThan(0)
    await page.keyboard.press('z')
    await expect(preview.getByTestId('preview-stage')).toHaveAttribute('data-zoomed', 'false')

    // Show in folder and Copy path go through main; Enter on a focused button clicks it.
    await preview.getByRole('button', { name: 'Show in folder' }).click()
    await expect.poll(() => harness.ports.shownInFolder).toEqual([photoPath])
    await preview.getByRole('button', { name: 'Copy path' }).click()
    await expect.poll(() => harness.ports.copiedPaths).toEqual([photoPath])
    await preview.getByRole('button', { name: 'Copy path' }).focus()
    await page.keyboard.press('Enter')
    await expect.poll(() => harness.ports.copiedPaths).toEqual([photoPath, photoPath])
    await expect(preview).toBeVisible()

    // Scene by scene: passing porn corrects porn alone, and the engine's verdict stays beside it.
    await preview.getByRole('button', { name: 'Pass porn' }).click()
    await expect(scenes.nth(0).getByTestId('engine-vs-you')).toHaveText(
      'Engine: block 98 · You: pass',
    )
    await expect(scenes.nth(1).getByTestId('engine-vs-you')).toHaveCount(0)
    await expect.poll(() => emulator.feedback.length, { timeout: 30_000 }).toBe(1)
    expect(emulator.feedback[0]?.body).toMatchObject({ scenes: ['porn'], suggestion: 'pass' })
    const entry = preview.getByTestId('history-entry')
    await expect(entry).toHaveCount(1)
    await expect(entry).toHaveAttribute('data-state', 'sent')
    await expect(entry).toContainText('Reviewer in Greenlight')
    await expect(entry).toContainText('pass: porn')
    await expect(entry).toContainText('Sent to Green: porn')
    // The whole image: Block confirms every scene the engine flagged, porn again included.
    await preview.getByRole('button', { name: 'Block this image' }).click()
    await expect(entry).toHaveCount(2)
    await expect(entry.first()).toContainText('block: porn, ')
    await expect(scenes.nth(2).getByTestId('engine-vs-you')).toHaveText(
      'Engine: review 88 · You: block',
    )

    // Esc closes it; Enter opens it again.
    await page.keyboard.press('Escape')
    await expect(preview).toHaveCount(0)
    await expect(row).toHaveAttribute('aria-current', 'true')
    await page.keyboard.press('Enter')
    await expect(preview).toBeVisible()

    // Every size, theme and language, looked at.
    await eachLook(page, harness.core.store.settings, async ({ language, colorScheme, width }) => {
      await page.reload()
      await page.getByTestId('item-row').filter({ hasText: 'harbour-phone.jpg' }).click()
      await page.keyboard.press('Enter')
      await expect(page.getByTestId('preview-image')).toBeVisible()
      await expect(page.getByTestId('history-entry')).toHaveCount(2)
      await expect
        .poll(async () => (await imageState(page.getByTestId('preview-image'))).width)
        .toBeGreaterThan(0)
      if (colorScheme === 'dark' && width === 1920) expect(await previewFindings(page)).toEqual([])
      await page.screenshot({
        path: `test-results/preview/preview-${String(width)}-${language}-${colorScheme}.png`,
      })
    })
  })
})
