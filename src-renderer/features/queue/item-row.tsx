import type { Item, ItemState } from '../../../src-shared/domain'
import { Thumbnail } from '../../components/thumbnail'
import { VerdictChip } from '../../components/verdict-chip'
import { ErrorMessage } from '../../components/error-message'
import { displayName } from '../../i18n/display-name'
import type { MessageKey } from '../../i18n/en'
import { useT } from '../../i18n/use-t'
import { wordNote } from '../../i18n/word-note'
import { wordScene } from '../../i18n/word-verdict'
import { useAppStore } from '../../stores/app-store'
import { useUiStore } from '../../stores/ui-store'
import { veilOf } from './veil'

function stateKey(state: ItemState): MessageKey {
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

export function ItemRow({
  item,
  selected,
  picked = false,
}: {
  item: Item
  selected: boolean
  /** Picked for a bulk decision. */
  picked?: boolean
}) {
  const t = useT()
  const verdict = item.suggestion ?? 'none'
  const settings = useAppStore((s) => s.settings)
  const revealedId = useUiStore((s) => s.revealedId)
  const veil = veilOf(item, settings, revealedId)
  const revealable = veil !== undefined || revealedId === item.id
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
        <Thumbnail
          sha256={item.state === 'done' ? item.sha256 : null}
          kind={item.sourceKind}
          style={veil}
        />
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
        {selected && revealable && item.state === 'done' ? (
          <button
            type="button"
            className="reveal-button"
            data-testid="reveal-button"
            onClick={(event) => {
              event.stopPropagation()
              useUiStore.getState().revealToggled(item.id)
            }}
          >
            {t(veil ? 'item.reveal' : 'item.hide')}
          </button>
        ) : null}
      </div>
      <div className="item-verdicts">
        {item.results.map((r) => (
          <VerdictChip key={r.scene} result={r} />
        ))}
        {item.feedback ? (
          <span
            className={`chip chip-corrected chip-${item.suggestion ?? 'none'}`}
            title={item.feedback.note ?? undefined}
            data-testid="corrected-chip"
          >
            {t('item.corrected', {
              corrections: item.feedback.corrections
                .map((c) => `${wordScene(t, c.scene)} ${t(`suggestion.${c.suggestion}`)}`)
                .join(', '),
            })}
          </span>
        ) : null}
        {item.unsupportedScenes.map((scene) => (
          <span
            key={scene}
            className="chip chip-unsupported"
            title={t('item.unsupported', { scene: wordScene(t, scene) })}
          >
            {wordScene(t, scene)} —
          </span>
        ))}
      </div>
      <div className={`item-state state-${item.state}`}>{t(stateKey(item.state))}</div>
    </div>
  )
}
