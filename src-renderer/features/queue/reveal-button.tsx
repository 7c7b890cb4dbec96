import type { Item } from '../../../src-shared/domain'
import { useT } from '../../i18n/use-t'
import { useUiStore } from '../../stores/ui-store'

/** Reveal (or veil again) the focused image, like `v`. */
export function RevealButton({ item, veiled }: { item: Item; veiled: boolean }) {
  const t = useT()
  return (
    <button
      type="button"
      className="reveal-button"
      data-testid="reveal-button"
      onClick={(event) => {
        event.stopPropagation()
        useUiStore.getState().revealToggled(item.id)
      }}
    >
      {t(veiled ? 'item.reveal' : 'item.hide')}
    </button>
  )
}
