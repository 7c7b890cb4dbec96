import AxeBuilder from '@axe-core/playwright'
import type { Page } from '@playwright/test'
import type { Language } from '../../src-shared/commands'

/** One way the app is looked at: a language, a theme and a window size. */
export interface Look {
  readonly language: Language
  readonly colorScheme: 'light' | 'dark'
  readonly width: number
  readonly height: number
}

/**
 * Runs `check` in every look a screen must pass: English and 简体中文, light and dark, at
 * 1024×700 and 1920×1080. The language is a saved setting (main words the page), the theme and
 * the size are the browser's; `check` reloads or re-opens what it needs.
 */
export async function eachLook(
  page: Page,
  settings: { set(patch: { language: Language }): Promise<unknown> },
  check: (look: Look) => Promise<void>,
): Promise<void> {
  for (const language of ['en', 'zh-CN'] as const)
    for (const colorScheme of ['light', 'dark'] as const)
      for (const [width, height] of [
        [1024, 700],
        [1920, 1080],
      ] as const) {
        await settings.set({ language })
        await page.emulateMedia({ colorScheme })
        await page.setViewportSize({ width, height })
        await check({ language, colorScheme, width, height })
      }
}

/**
 * axe-core's serious and critical WCAG 2 A/AA findings, by rule and first element, in the whole
 * page or only under `include` (a CSS selector). A dialog makes the page under it inert, so a
 * whole-page check with a dialog open judges the dialog.
 */
export async function seriousFindings(page: Page, include?: string): Promise<string[]> {
  const builder = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa'])
  const results = await (include === undefined ? builder : builder.include(include)).analyze()
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${String(v.nodes.length)}): ${v.nodes[0]?.target.join(' ') ?? ''}`)
}
