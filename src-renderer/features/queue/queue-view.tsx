import { useVirtualizer } from '@tanstack/react-virtual'
import {
  Fragment,
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type MouseEvent,
} from 'react'
import type { Item } from '../../../src-shared/domain'
import { useBridge } from '../../bridge/bridge-context'
import { useCommand } from '../../commands/command-bus'
import { dialogOpen, isTyping } from '../../commands/is-typing'
import { EmptyState } from '../../components/empty-state'
import { useT } from '../../i18n/use-t'
import { itemAt, useItemsStore } from '../../stores/items-store'
import { useUiStore } from '../../stores/ui-store'
import { FocusAnnouncer } from './focus-announcer'
import { ItemRow } from './item-row'
import { ItemTile } from './item-tile'
import { nextUndecided, stepFor } from './queue-nav'
import { ViewBar } from './view-bar'
import { useElementWidth } from './use-element-width'
import { useReviewKeys } from './use-review-keys'

const ROW_HEIGHT = 72
const TILE_GAP = 8

/**
 * The queue, as rows or as a grid of square tiles (`g`), over one selection and one focus. Both
 * are virtualized over the filter's whole `total`: the rows in view (plus overscan) are asked
 * for by offset (bridge/sync.ts), rows not loaded yet show a skeleton, so the scrollbar reaches
 * the 100,000th item as easily as the first. j/k and the arrows move the focus (in the grid,
 * left/right and up/down), p/b decide and move on to the next undecided item (queue-nav.ts).
 */
export function QueueView() {
  const t = useT()
  const { sync } = useBridge()
  const slots = useItemsStore((s) => s.slots)
  const byId = useItemsStore((s) => s.byId)
  const total = useItemsStore((s) => s.total)
  const filter = useItemsStore((s) => s.filter)
  const query = useItemsStore((s) => s.query)
  const selectedId = useUiStore((s) => s.selectedId)
  const picked = useUiStore((s) => s.picked)
  const layout = useUiStore((s) => s.layout)
  const tileSize = useUiStore((s) => s.tileSize)
  const pickedSet = useMemo(() => new Set(picked), [picked])
  const parentRef = useRef<HTMLDivElement | null>(null)
  const [scroller, setScroller] = useState<HTMLDivElement | null>(null)
  const width = useElementWidth(scroller)
  const review = useReviewKeys(() => {
    const { slots: now, total: count } = useItemsStore.getState()
    const focus = useUiStore.getState().selectedId
    const index = focus === null ? -1 : now.indexOf(focus)
    const next = nextUndecided(index, count, (i) => itemAt(useItemsStore.getState(), i))
    if (next !== null) focusIndex(next)
  })

  const grid = layout === 'grid'
  const columns = grid ? Math.max(1, Math.floor((width - TILE_GAP) / (tileSize + TILE_GAP))) : 1
  const lineHeight = grid ? tileSize + TILE_GAP : ROW_HEIGHT
  const virtualizer = useVirtualizer({
    count: Math.ceil(total / columns),
    getScrollElement: () => parentRef.current,
    estimateSize: () => lineHeight,
    overscan: grid ? 2 : 8,
    paddingStart: grid ? TILE_GAP : 0,
  })

  const lines = virtualizer.getVirtualItems()
  const firstLine = lines[0]?.index ?? 0
  const lastLine = lines.at(-1)?.index ?? -1
  // The rows in view (overscan included) are what the sync loads; far pages are evicted.
  useEffect(() => {
    sync.showRange(firstLine * columns, (lastLine + 1) * columns)
  }, [firstLine, lastLine, columns, slots, total, query, sync])

  /** The first item in view, so a layout switch with nothing focused keeps the place. */
  const anchor = useRef(0)
  function onScroll() {
    const top = parentRef.current?.scrollTop ?? 0
    anchor.current = Math.max(0, Math.floor(top / lineHeight)) * columns
  }

  // A switch of layout or tile size re-measures, then brings back the focus (or the first item
  // that was in view): the place survives the switch.
  const shown = useRef({ grid, columns, lineHeight })
  useLayoutEffect(() => {
    const before = shown.current
    shown.current = { grid, columns, lineHeight }
    if (before.columns === columns && before.lineHeight === lineHeight) return
    virtualizer.measure()
    const focus = selectedId === null ? -1 : slots.indexOf(selectedId)
    const index = focus >= 0 ? focus : anchor.current
    virtualizer.scrollToIndex(Math.floor(index / columns), {
      align: focus >= 0 ? 'center' : 'start',
    })
  })

  // A new filter or order starts at its top.
  const shownQuery = useRef(query)
  useEffect(() => {
    if (shownQuery.current === query) return
    shownQuery.current = query
    virtualizer.scrollToOffset(0)
  }, [query, virtualizer])

  useCommand('toggle-view', () => {
    useUiStore.getState().layoutToggled()
  })

  /** Ctrl/Cmd+A picks every image the filter shows, loaded or not, as in a file manager. */
  function selectAll() {
    void sync.allIds().then((ids) => {
      useUiStore.getState().picksAdded(ids)
    })
  }

  /** Moves the focus to an item, scrolling it into view; a row not loaded yet loads first. */
  function focusIndex(index: number, extendFrom?: number) {
    const { slots: now } = useItemsStore.getState()
    virtualizer.scrollToIndex(Math.floor(index / columns), { align: 'auto' })
    const id = now[index]
    if (id === null || id === undefined) return
    if (extendFrom !== undefined) {
      const [from, to] = extendFrom < index ? [extendFrom, index] : [index, extendFrom]
      useUiStore.getState().picksAdded(now.slice(from, to + 1).filter((i) => i !== null))
    }
    useUiStore.getState().itemSelected(id)
  }

  /** Moves the focus by `step` items; with `extend` (Shift), the items passed over join the picks. */
  function move(step: number, extend = false) {
    if (total === 0) return
    const index = selectedId === null ? -1 : slots.indexOf(selectedId)
    // Nothing focused (or the focus scrolled far away): start from the first item in view.
    const target = index < 0 ? anchor.current : Math.min(total - 1, Math.max(0, index + step))
    focusIndex(target, extend && index >= 0 ? index : undefined)
  }

  function onKeyDown(event: KeyboardEvent) {
    if (event.defaultPrevented || isTyping(event.target) || dialogOpen()) return
    const ui = useUiStore.getState()
    if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'a') {
      event.preventDefault()
      selectAll()
      return
    }
    if (event.ctrlKey || event.metaKey || event.altKey) return
    // A button or link keeps its own keys (Enter, Space); the queue's are letters and arrows.
    const key = event.key.length === 1 ? event.key.toLowerCase() : event.key
    const step = stepFor(key, layout, columns)
    if (step !== null) {
      event.preventDefault()
      move(step, event.shiftKey)
    } else if (key === 'g') {
      // The queue's own key (command-keys.ts): the toolbar and the menu run the same command.
      event.preventDefault()
      useUiStore.getState().layoutToggled()
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
      const unloaded = ui.picked.filter((id) => !byId.has(id))
      if (review(key, selected, pickedItems, unloaded)) event.preventDefault()
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

  function onItemClick(event: MouseEvent, item: Item, index: number) {
    const ui = useUiStore.getState()
    const focus = selectedId === null ? -1 : slots.indexOf(selectedId)
    if (event.shiftKey && focus >= 0) {
      // Shift+click picks the run from the focused item to this one.
      const [from, to] = focus < index ? [focus, index] : [index, focus]
      ui.picksAdded(slots.slice(from, to + 1).filter((id) => id !== null))
    } else if (event.ctrlKey || event.metaKey) ui.pickToggled(item.id)
    ui.itemSelected(item.id)
  }

  // One function for every render, so memoized rows and tiles are not redrawn by a scroll.
  const decideWith = useRef(review)
  useEffect(() => {
    decideWith.current = review
  })
  const onDecide = useCallback((item: Item, key: 'p' | 'b') => {
    useUiStore.getState().itemSelected(item.id)
    decideWith.current(key, item, [], [])
  }, [])

  const filtered = Object.keys(filter).length > 0
  if (total === 0 && !filtered) return <EmptyState />

  /** One item's place: its row or tile once its page is loaded, a light skeleton until then. */
  function slot(index: number) {
    const id = slots[index]
    const item = id === null || id === undefined ? undefined : byId.get(id)
    if (!item) return <div className="item-skeleton" aria-hidden="true" data-testid="skeleton" />
    const props = {
      item,
      selected: item.id === selectedId,
      picked: pickedSet.has(item.id),
      onDecide,
    }
    return (
      <div
        className="queue-slot"
        onClick={(event) => {
          onItemClick(event, item, index)
        }}
      >
        {grid ? <ItemTile {...props} /> : <ItemRow {...props} />}
      </div>
    )
  }

  return (
    <>
      <ViewBar />
      <div
        ref={(element) => {
          parentRef.current = element
          setScroller(element)
        }}
        className={grid ? 'queue queue-grid' : 'queue'}
        // A list, not a listbox: a row holds buttons (Pass, Block, an error's action), which an
        // option may not; the grid is the same list laid out in tiles.
        role="list"
        aria-label="Queue"
        tabIndex={0}
        data-testid="queue"
        data-layout={layout}
        onScroll={onScroll}
        style={grid ? { ['--tile-size' as string]: `${String(tileSize)}px` } : undefined}
      >
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {lines.map((line) => (
            <div
              key={line.key}
              className={grid ? 'queue-line grid-line' : 'queue-line'}
              style={{
                height: grid ? tileSize : ROW_HEIGHT,
                transform: `translateY(${String(line.start)}px)`,
              }}
            >
              {Array.from(
                { length: Math.min(columns, total - line.index * columns) },
                (_, column) => {
                  const index = line.index * columns + column
                  return <Fragment key={index}>{slot(index)}</Fragment>
                },
              )}
            </div>
          ))}
        </div>
        {total === 0 ? <p className="no-matches">{t('list.count', { shown: 0, total })}</p> : null}
      </div>
      <FocusAnnouncer />
    </>
  )
}
