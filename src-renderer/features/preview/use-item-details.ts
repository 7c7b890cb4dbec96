import { useEffect, useState } from 'react'
import type { Item, ItemDetails } from '../../../src-shared/domain'
import { useBridge } from '../../bridge/bridge-context'

/**
 * The preview's details from main (`items:details`): asked again when the item changes (a
 * decision applied or undone) and when the outbox does (a decision sent), so the history is live.
 */
export function useItemDetails(item: Pick<Item, 'id' | 'updatedAt'>): ItemDetails | null {
  const { bridge } = useBridge()
  const [details, setDetails] = useState<ItemDetails | null>(null)
  const [outboxChanges, setOutboxChanges] = useState(0)
  useEffect(
    () =>
      bridge.on('decisions:changed', () => {
        setOutboxChanges((n) => n + 1)
      }),
    [bridge],
  )
  useEffect(() => {
    let current = true
    void bridge.invoke('items:details', { itemId: item.id }).then((result) => {
      if (current) setDetails(result.ok ? result.value : null)
    })
    return () => {
      current = false
    }
  }, [bridge, item.id, item.updatedAt, outboxChanges])
  return details?.itemId === item.id ? details : null
}
