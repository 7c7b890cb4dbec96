/**
 * Where the focus goes after rows left the list: the first row after the last one removed that
 * is still shown, else the nearest one before it; null when nothing is left.
 */
export function nextFocus(
  orderBefore: readonly number[],
  removed: readonly number[],
  stillShown: ReadonlySet<number>,
): number | null {
  const gone = new Set(removed)
  const last = Math.max(-1, ...orderBefore.flatMap((id, index) => (gone.has(id) ? [index] : [])))
  if (last < 0) return orderBefore.find((id) => stillShown.has(id)) ?? null
  const after = orderBefore.slice(last + 1).find((id) => stillShown.has(id))
  if (after !== undefined) return after
  return orderBefore.slice(0, last).findLast((id) => stillShown.has(id)) ?? null
}
