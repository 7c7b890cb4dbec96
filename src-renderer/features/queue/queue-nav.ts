import type { Item } from '../../../src-shared/domain'
import type { QueueLayout } from '../../stores/ui-store'

/**
 * How far a key moves the focus, in items: j/k one either way in both layouts; the arrows one
 * row in the list, and in the grid left/right one tile and up/down one row of tiles. Null for
 * any other key.
 */
export function stepFor(key: string, layout: QueueLayout, columns: number): number | null {
  const row = layout === 'grid' ? Math.max(1, columns) : 1
  switch (key) {
    case 'j':
      return 1
    case 'k':
      return -1
    case 'ArrowDown':
      return row
    case 'ArrowUp':
      return -row
    case 'ArrowRight':
      return layout === 'grid' ? 1 : null
    case 'ArrowLeft':
      return layout === 'grid' ? -1 : null
    default:
      return null
  }
}

/**
 * Still waiting for the reviewer: judged, flagged by the engine (review or block), and not
 * corrected yet. An engine pass needs no decision, and a corrected image has had one.
 */
export function isUndecided(item: Item): boolean {
  return (
    item.state === 'done' &&
    item.feedback === null &&
    (item.suggestion === 'review' || item.suggestion === 'block')
  )
}

/**
 * Where `p`/`b` send the focus: the next undecided item after `from` among the loaded rows, else
 * simply the next row (the end of the loaded window or of the queue). Null at the very end.
 */
export function nextUndecided(
  from: number,
  total: number,
  at: (index: number) => Item | undefined,
): number | null {
  for (let index = from + 1; index < total; index++) {
    const item = at(index)
    if (item === undefined) break
    if (isUndecided(item)) return index
  }
  return from + 1 < total ? from + 1 : null
}
