import type { CSSProperties } from 'react'
import type { Item, Settings } from '../../../src-shared/domain'

/**
 * How an image is shown to the reviewer: review and block images (passes too, if asked) are
 * blurred, and greyed, until revealed. Applied as the image element's own style, so no risky
 * pixel is painted before it: the first frame is already veiled.
 */
export function veilOf(
  item: Pick<Item, 'id' | 'suggestion'>,
  settings: Pick<Settings, 'wellbeing' | 'blurPass'> | null,
  revealedId: number | null,
): CSSProperties | undefined {
  // Until the settings are known, veil: a moment of blur is better than a flash of the image.
  const wellbeing = settings?.wellbeing ?? 'blur-grey'
  if (wellbeing === 'off' || item.id === revealedId) return undefined
  const risky = item.suggestion === 'review' || item.suggestion === 'block'
  if (!risky && !(item.suggestion === 'pass' && settings?.blurPass === true)) return undefined
  return { filter: wellbeing === 'blur-grey' ? 'blur(8px) grayscale(1)' : 'blur(8px)' }
}
