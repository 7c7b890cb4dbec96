import { useVirtualizer } from '@tanstack/react-virtual'
import { useEffect, useRef } from 'react'
import { useBridge } from '../../bridge/bridge-context'
import { dialogOpen, isTyping } from '../../commands/is-typing'
import { EmptyState } from '../../components/empty-state'
import { useT } from '../../i18n/use-t'
import { useItemsStore } from '../../stores/items-store'
import { useUiStore } from '../../stores/ui-store'
import { ItemRow } from './item-row'
import { useReviewKeys } from './use-review-keys'

const ROW_HEIGHT = 72

/**
 * The queue: a virtualized list (thousands of rows stay cheap), newest first. Arrow keys or j/k
 * move the selection, p/b pass or block it (use-review-keys.ts); more rows load as you reach
 * the end.
 */
export function QueueView() {
  const t = useT()
  const { sync } = useBridge()
  const order = useItemsStore((s) => s.order)
  const byId = useItemsStore((s) => s.byId)
  const total = useItemsStore((s) => s.total)
  const filter = useItemsStore((s) => s.filter)
  const selectedId = useUiStore((s) => s.selectedId)
  const picked = useUiStore((s) => s.picked)
  const parentRef = useRef<HTMLDivElement>(null)
  const review = useReviewKeys(() => {
    move(1)
  })

  const virtualizer = useVirtualizer({
    count: order.length,
    getScrollElement: () => parentRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
  })

  const rows = virtualizer.getVirtualItems()
  const lastIndex = rows.at(-1)?.index ?? -1
  useEffect(() => {
    if (lastIndex >= order.length - 1 && order.length > 0 && order.length < total)
      void sync.loadMore()
  }, [lastIndex, order.length, total, sync])

  /** Moves the focus; with `extend` (Shift), the rows passed over join the picks. */
  function move(delta: number, extend = false) {
    const index = selectedId === null ? -1 : order.indexOf(selectedId)
    const next = Math.min(order.length - 1, Math.max(0, index + delta))
    const id = order[next]
    if (id === undefined) return
    if (extend) useUiStore.getState().picksAdded(selectedId === null ? [id] : [selectedId, id])
    useUiStore.getState().itemSelected(id)
    virtualizer.scrollToIndex(next, { align: 'auto' })
  }

  function onKeyDown(event: KeyboardEvent) {
    if (event.defaultPrevented || isTyping(event.target) || dialogOpen()) return
    const ui = useUiStore.getState()
    // Ctrl/Cmd+A picks every image shown (the current filter), as in a file manager.
    if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'a') {
      event.preventDefault()
      ui.picksAdded(order)
      return
    }
    if (event.ctrlKey || event.metaKey || event.altKey) return
    // A button or link keeps its own keys (Enter, Space); the queue's are letters and arrows.
    const key = event.key.length === 1 ? event.key.toLowerCase() : event.key
    if (key === 'ArrowDown' || key === 'j') {
      event.preventDefault()
      move(1, event.shiftKey)
    } else if (key === 'ArrowUp' || key === 'k') {
      event.preventDefault()
      move(-1, event.shiftKey)
    } else if (key === 'x') {
      event.preventDefault()
      if (selectedId !== null) ui.pickToggled(selectedId)
    } else if (event.key === 'Escape') {
      // First the picks go, then the focus.
      if (ui.picked.length > 0) ui.picksCleared()
      else ui.itemSelected(null)
    } else if (event.key === 'v') {
      // Reveal (or veil again) the selected image; moving on veils it again by itself.
      if (selectedId !== null) useUiStore.getState().revealToggled(selectedId)
      event.preventDefault()
    } else {
      const selected = selectedId === null ? undefined : byId.get(selectedId)
      const pickedItems = ui.picked.flatMap((id) => byId.get(id) ?? [])
      if (review(key, selected, pickedItems)) event.preventDefault()
    }
  }

  // The queue's keys work wherever focus is (after a filter click, after adding, after a panel
  // closes), except in a text field or under a dialog: one listener on the window, always
  // calling this render's handler.
  const keyHandler = useRef(onKeyDown)
  useEffect(() => {
    keyHandler.current = onKeyDown
  })
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      keyHandler.current(event)
    }
    window.addEventListener('keydown', onKey)
    return () => {
      window.removeEventListener('keydown', onKey)
    }
  }, [])

  const filtered = Object.keys(filter).length > 0
  if (order.length === 0 && !filtered) return <EmptyState />

  return (
    <div
      ref={parentRef}
      className="queue"
      // A list, not a listbox: a row holds buttons (an error's action), which an option may not.
      role="list"
      aria-label="Queue"
      tabIndex={0}
      data-testid="queue"
    >
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {rows.map((row) => {
          const id = order[row.index]
          const item = id === undefined ? undefined : byId.get(id)
          if (!item) return null
          return (
            <div
              key={item.id}
              style={{
                position: 'absolute',
                top: 0,
                left: 0,
                right: 0,
                height: ROW_HEIGHT,
                transform: `translateY(${String(row.start)}px)`,
              }}
              onClick={(event) => {
                const ui = useUiStore.getState()
                if (event.shiftKey && selectedId !== null) {
                  // Shift+click picks the run from the focused row to this one.
                  const [from, to] = [order.indexOf(selectedId), row.index].sort((a, b) => a - b)
                  ui.picksAdded(order.slice(from, (to ?? 0) + 1))
                } else if (event.ctrlKey || event.metaKey) ui.pickToggled(item.id)
                ui.itemSelected(item.id)
              }}
            >
              <ItemRow
                item={item}
                selected={item.id === selectedId}
                picked={picked.includes(item.id)}
              />
            </div>
          )
        })}
      </div>
      {order.length === 0 ? (
        <p className="no-matches">{t('list.count', { shown: 0, total })}</p>
      ) : null}
    </div>
  )
}
