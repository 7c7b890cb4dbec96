import type { Item } from '../../../src-shared/domain'
import { displayName } from '../../i18n/display-name'
import { useT } from '../../i18n/use-t'

export type Decide = (item: Item, key: 'p' | 'b') => void

/**
 * Pass and Block on a row or tile, shown on hover or focus (CSS): one click decides this image,
 * whatever is picked, and the focus moves on as with `p` and `b`.
 */
export function DecideButtons({ item, onDecide }: { item: Item; onDecide: Decide }) {
  const t = useT()
  if (item.state !== 'done') return null
  const name = displayName(item.source)
  return (
    <div className="decide-buttons">
      {(['p', 'b'] as const).map((key) => (
        <button
          key={key}
          type="button"
          className={key === 'p' ? 'decide-pass' : 'decide-block'}
          aria-label={t(key === 'p' ? 'decide.pass' : 'decide.block', { name })}
          data-testid={key === 'p' ? 'decide-pass' : 'decide-block'}
          onClick={(event) => {
            // The row's own click (focus, Shift/Ctrl picks) is not this one.
            event.stopPropagation()
            onDecide(item, key)
          }}
        >
          {t(key === 'p' ? 'decide.passShort' : 'decide.blockShort')}
        </button>
      ))}
    </div>
  )
}
