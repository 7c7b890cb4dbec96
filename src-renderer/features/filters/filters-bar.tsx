import { useRef, useState } from 'react'
import {
  ITEM_SORTS,
  verdictCount,
  type ItemFilter,
  type ItemSort,
} from '../../../src-shared/domain'
import { useBridge } from '../../bridge/bridge-context'
import { useCommand } from '../../commands/command-bus'
import type { MessageKey } from '../../i18n/en'
import { useT } from '../../i18n/use-t'
import { useItemsStore } from '../../stores/items-store'
import { useUiStore } from '../../stores/ui-store'
import { dateBounds, type DateMode } from './date-filter'
import { MoreFilters } from './more-filters'
import { activePreset, moreFiltersSet, PRESETS, withChanges } from './presets'
import { useFacets } from './use-facets'

const SORT_WORDS: Record<ItemSort, MessageKey> = {
  newest: 'sort.newest',
  oldest: 'sort.oldest',
  name: 'sort.name',
  risk: 'sort.risk',
}

/**
 * Verdict presets with their counts, a name-or-path search (`/` focuses it, Esc leaves it), the
 * order, and "More filters" (scene, label, engine, corrections, watched folder, date). The filter
 * lives in the items store; every change goes to main through sync (docs/architecture.md §6,
 * "Finding things").
 */
export function FiltersBar() {
  const t = useT()
  const { sync } = useBridge()
  const filter = useItemsStore((s) => s.filter)
  const sort = useItemsStore((s) => s.sort)
  const total = useItemsStore((s) => s.total)
  const picked = useUiStore((s) => s.picked.length)
  const facets = useFacets(filter)
  const [search, setSearch] = useState(filter.search ?? '')
  const [moreOpen, setMoreOpen] = useState(false)
  const [dateMode, setDateMode] = useState<DateMode>('any')
  const [range, setRange] = useState({ from: '', to: '' })
  const searchRef = useRef<HTMLInputElement>(null)
  const preset = activePreset(filter)
  const moreSet = moreFiltersSet(filter)

  // Find (`/`, or the menu) goes to the search, wherever the focus was.
  useCommand('find', () => {
    searchRef.current?.focus()
  })

  const change = (changes: Partial<ItemFilter>) => {
    void sync.setFilter(withChanges(filter, changes))
  }

  return (
    <div className="filters-bar" role="toolbar" aria-label={t('filter.bar')}>
      <div className="filters-row">
        <div className="presets" role="group" aria-label={t('filter.presets')}>
          {PRESETS.map((p, index) => {
            const count = facets === null ? null : verdictCount(facets.verdicts, p.filter)
            return (
              <button
                key={p.key}
                type="button"
                className={index === preset ? 'preset active' : 'preset'}
                aria-pressed={index === preset}
                onClick={() => {
                  change({ states: p.filter.states, suggestions: p.filter.suggestions })
                }}
              >
                {t(p.key)}
                {count === null ? null : <span className="facet-count"> {count}</span>}
              </button>
            )
          })}
        </div>
        <div className="filters-tools">
          <input
            ref={searchRef}
            type="search"
            className="filters-search"
            placeholder={t('filter.search')}
            aria-label={t('filter.search')}
            value={search}
            onChange={(event) => {
              setSearch(event.target.value)
              change({ search: event.target.value.trim() || undefined })
            }}
            onKeyDown={(event) => {
              // Esc hands the keyboard back to the queue (j/k, p/b); the search stays applied.
              if (event.key === 'Escape') {
                event.preventDefault()
                searchRef.current?.blur()
              }
            }}
            data-testid="filter-search"
          />
          <select
            className="filters-sort"
            aria-label={t('filter.sort')}
            value={sort}
            onChange={(event) => {
              const next = ITEM_SORTS.find((s) => s === event.target.value)
              if (next) void sync.setSort(next)
            }}
          >
            {ITEM_SORTS.map((s) => (
              <option key={s} value={s}>
                {t(SORT_WORDS[s])}
              </option>
            ))}
          </select>
          <button
            type="button"
            className={moreSet > 0 ? 'filters-more active' : 'filters-more'}
            aria-expanded={moreOpen}
            aria-controls="more-filters"
            onClick={() => {
              setMoreOpen(!moreOpen)
            }}
          >
            {moreSet > 0 ? t('filter.moreActive', { count: moreSet }) : t('filter.more')}
          </button>
          <span className="count" data-testid="list-count">
            {picked > 0 ? `${t('list.picked', { count: picked })} · ` : ''}
            {t('list.count', { shown: total, total })}
          </span>
        </div>
      </div>
      {moreOpen ? (
        <MoreFilters
          filter={filter}
          facets={facets}
          dateMode={dateMode}
          range={range}
          onChange={change}
          onDate={(mode, nextRange) => {
            setDateMode(mode)
            setRange(nextRange)
            change(dateBounds(mode, nextRange, Date.now()))
          }}
          onClear={() => {
            setSearch('')
            setDateMode('any')
            setRange({ from: '', to: '' })
            void sync.setFilter({})
          }}
        />
      ) : null}
    </div>
  )
}
