import { useEffect, useRef, useState } from 'react'
import type { ItemFacets, ItemFilter } from '../../../src-shared/domain'
import { useBridge } from '../../bridge/bridge-context'
import { useItemsStore } from '../../stores/items-store'

/** While items change (a scan running), the counts are read again at most this often. */
const REFRESH_MS = 1000
/**
 * After a filter change, the counts wait this long once its page shows: a reviewer clicking
 * through presets needs the rows of each, and only the counts of the one they stop at.
 */
const SETTLE_MS = 250

/**
 * The counts for the filter controls (items:facets): read when the filter changes, once its first
 * page is shown and the reviewer has stopped on it (the rows matter more than the counts; main
 * reads them on a connection of their own, but a machine has few cores),
 * and at most once a second while the list's revision moves, so a running scan does not flood
 * main.
 */
export function useFacets(filter: ItemFilter): ItemFacets | null {
  const { bridge } = useBridge()
  const revision = useItemsStore((s) => s.revision)
  const pending = useItemsStore((s) => s.pending)
  const [facets, setFacets] = useState<ItemFacets | null>(null)
  const last = useRef<{ filter: ItemFilter | null; at: number }>({ filter: null, at: 0 })

  useEffect(() => {
    if (pending) return
    let cancelled = false
    const filterChanged = last.current.filter !== filter
    const wait = filterChanged ? SETTLE_MS : Math.max(0, last.current.at + REFRESH_MS - Date.now())
    const timer = setTimeout(() => {
      last.current = { filter, at: Date.now() }
      void bridge.invoke('items:facets', { filter }).then((result) => {
        if (!cancelled && result.ok) setFacets(result.value)
      })
    }, wait)
    return () => {
      cancelled = true
      clearTimeout(timer)
    }
  }, [bridge, filter, revision, pending])

  return facets
}
