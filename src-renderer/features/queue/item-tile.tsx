import { memo } from 'react'
import type { Item } from '../../../src-shared/domain'
import { Thumbnail } from '../../components/thumbnail'
import { displayName } from '../../i18n/display-name'
import { useT } from '../../i18n/use-t'
import { DecideButtons, type Decide } from './decide-buttons'
import { stateKey } from './item-row'
import { RevealButton } from './reveal-button'
import { SceneBadges } from './scene-badges'
import { useItemVeil } from './use-item-veil'

/**
 * One image in the grid: a square thumbnail (veiled on the <img> itself, veil.ts), the name, the
 * overall suggestion, a badge per flagged scene and the corrected mark, with Pass and Block on
 * hover or focus. The same facts as a row (item-row.tsx), laid over the picture.
 */
/** Memoized: a scroll re-renders the view, not the rows whose props are unchanged. */
export const ItemTile = memo(function ItemTile({
  item,
  selected,
  picked,
  onDecide,
}: {
  item: Item
  selected: boolean
  picked: boolean
  onDecide: Decide
}) {
  const t = useT()
  const { veil, revealable } = useItemVeil(item)
  const name = displayName(item.source)
  return (
    <div
      className={`item-tile verdict-${item.suggestion ?? 'none'}${selected ? ' selected' : ''}${picked ? ' picked' : ''}`}
      data-picked={picked ? 'true' : undefined}
      role="listitem"
      aria-current={selected ? 'true' : undefined}
      data-testid="item-tile"
      data-item-id={item.id}
      title={item.source}
    >
      <div className="tile-thumb">
        <div className="tile-image" aria-hidden="true">
          <Thumbnail item={item} style={veil} />
        </div>
        {selected && revealable ? <RevealButton item={item} veiled={veil !== undefined} /> : null}
        <DecideButtons item={item} onDecide={onDecide} />
      </div>
      <div className="tile-caption">
        <div className="tile-name">
          {picked ? (
            <span className="pick-mark" role="img" aria-label={t('item.picked')}>
              ✓{' '}
            </span>
          ) : null}
          {name}
        </div>
        <div className="tile-badges">
          {item.state === 'done' || item.suggestion ? (
            <SceneBadges item={item} compact />
          ) : (
            <span className={`tile-state state-${item.state}`}>{t(stateKey(item.state))}</span>
          )}
        </div>
      </div>
    </div>
  )
})
