import { memo } from 'react'
import type { Item, ItemState } from '../../../src-shared/domain'
import { Thumbnail } from '../../components/thumbnail'
import { ErrorMessage } from '../../components/error-message'
import { displayName } from '../../i18n/display-name'
import type { MessageKey } from '../../i18n/en'
import { useT } from '../../i18n/use-t'
import { wordNote } from '../../i18n/word-note'
import { DecideButtons, type Decide } from './decide-buttons'
import { RevealButton } from './reveal-button'
import { SceneBadges } from './scene-badges'
import { useItemVeil } from './use-item-veil'

export function stateKey(state: ItemState): MessageKey {
  switch (state) {
    case 'queued':
      return 'item.state.queued'
    case 'done':
      return 'item.state.done'
    case 'failed':
      return 'item.state.failed'
    case 'cancelled':
      return 'item.state.cancelled'
    // Async: paid for and owed by Green, collected even after a restart.
    case 'submitted':
    case 'polling':
      return 'item.state.awaiting'
    case 'hashing':
    case 'cached':
    case 'uploading':
    case 'scanning':
      return 'item.state.running'
  }
}

/** Memoized: a scroll re-renders the view, not the rows whose props are unchanged. */
export const ItemRow = memo(function ItemRow({
  item,
  selected,
  picked = false,
  onDecide,
}: {
  item: Item
  selected: boolean
  /** Picked for a bulk decision. */
  picked?: boolean
  onDecide: Decide
}) {
  const t = useT()
  const verdict = item.suggestion ?? 'none'
  const { veil, revealable } = useItemVeil(item)
  return (
    <div
      className={`item-row verdict-${verdict}${selected ? ' selected' : ''}${picked ? ' picked' : ''}`}
      data-picked={picked ? 'true' : undefined}
      role="listitem"
      aria-current={selected ? 'true' : undefined}
      data-testid="item-row"
      data-item-id={item.id}
    >
      <div className="thumb" aria-hidden="true">
        <Thumbnail item={item} style={veil} />
      </div>
      <div className="item-main">
        <div className="item-name" title={item.source}>
          {picked ? (
            <span className="pick-mark" role="img" aria-label={t('item.picked')}>
              ✓{' '}
            </span>
          ) : null}
          {displayName(item.source)}
        </div>
        <div className="item-source" title={item.source}>
          {item.source}
        </div>
        {item.error ? (
          <div className="item-error" data-testid="item-error">
            <ErrorMessage error={item.error} context={{ where: 'item', item }} itemId={item.id} />
          </div>
        ) : null}
        {item.note ? (
          <div className="item-note" data-testid="item-note">
            {wordNote(t, item.note)}
          </div>
        ) : null}
        {selected && revealable ? <RevealButton item={item} veiled={veil !== undefined} /> : null}
      </div>
      <div className="item-verdicts">
        <SceneBadges item={item} />
      </div>
      <div className={`item-state state-${item.state}`}>{t(stateKey(item.state))}</div>
      <DecideButtons item={item} onDecide={onDecide} />
    </div>
  )
})
