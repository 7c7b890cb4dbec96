import type { Item } from '../../../../src-shared/domain'

/**
 * The image a correction is about: its URL for URL items (Greenlight never downloads them, so
 * they have no hash), else the sha256 of its bytes; null before the item was hashed.
 */
export function feedbackSubject(
  item: Pick<Item, 'sourceKind' | 'source' | 'sha256'>,
): string | null {
  return item.sourceKind === 'url' ? item.source : item.sha256
}
