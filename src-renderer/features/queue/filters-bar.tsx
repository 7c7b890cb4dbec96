import { useRef, useState } from 'react'
import type { ItemFilter } from '../../../src-shared/domain'
import { useBridge } from '../../bridge/bridge-context'
import { useCommand } from '../../commands/command-bus'
import type { MessageKey } from '../../i18n/en'
import { useT } from '../../i18n/use-t'
import { useItemsStore } from '../../stores/items-store'
import { useUiStore } from '../../stores/ui-store'

const PRESETS: { key: MessageKey; filter: Omit<ItemFilter, 'search'> }[] = [
  { key: 'filter.all', filter: {} },
  { key: 'filter.block', filter: { suggestions: ['block'] } },
  { key: 'filter.review', filter: { suggestions: ['review'] } },
  { key: 'filter.pass', filter: { suggestions: ['pass'] } },
  { key: 'filter.failed', filter: { states: ['failed'] } },
  { key: 'filter.queued', filter: { states: ['queued'] } },
  { key: 'filter.cancelled', filter: { states: ['cancelled'] } },
]

/** Verdict presets plus a name search; `/` focuses the search from anywhere. */
export function FiltersBar() {
  const t = useT()
  const picked = useUiStore((s) => s.picked.length)
  const { sync } = useBridge()
  const [preset, setPreset] = useState(0)
  const [search, setSearch] = useState('')
  const total = useItemsStore((s) => s.total)
  const searchRef = useRef<HTMLInputElement>(null)

  // Find (`/`, or the menu) goes to the name search, wherever the focus was.
  useCommand('find', () => {
    searchRef.current?.focus()
  })

  function apply(nextPreset: number, nextSearch: string) {
    const base = PRESETS[nextPreset]?.filter ?? {}
    const filter: ItemFilter =
      nextSearch.trim() === '' ? base : { ...base, search: nextSearch.trim() }
    void sync.setFilter(filter)
  }

  return (
    <div className="filters-bar" role="toolbar" aria-label="Filters">
      <div className="presets">
        {PRESETS.map((p, index) => (
          <button
            key={p.key}
            type="button"
            className={index === preset ? 'preset active' : 'preset'}
            aria-pressed={index === preset}
            onClick={() => {
              setPreset(index)
              apply(index, search)
            }}
          >
            {t(p.key)}
          </button>
        ))}
      </div>
      <input
        ref={searchRef}
        type="search"
        placeholder={t('filter.search')}
        aria-label={t('filter.search')}
        value={search}
        onChange={(event) => {
          setSearch(event.target.value)
          apply(preset, event.target.value)
        }}
        data-testid="filter-search"
      />
      <span className="count" data-testid="list-count">
        {picked > 0 ? `${t('list.picked', { count: picked })} · ` : ''}
        {t('list.count', { shown: total, total })}
      </span>
    </div>
  )
}
