import type { Translate } from '../../i18n/word-error'
import type { Notice } from '../../stores/ui-store'

/** A notice and its parts in the user's language, one after another. */
export function noticeText(t: Translate, notice: Notice): string {
  return [notice, ...(notice.also ?? [])].map((part) => t(part.key, part.values)).join(' · ')
}
