import { COMMAND_IDS, commandLabel } from '../../../src-shared/commands'
import { Modal } from '../../components/modal'
import type { MessageKey } from '../../i18n/en'
import { useT } from '../../i18n/use-t'
import { useAppStore } from '../../stores/app-store'
import { useUiStore } from '../../stores/ui-store'
import { shortcutText } from '../toolbar/command-keys'

/** The queue's own keys, handled by the list itself rather than by a command. */
const QUEUE_KEYS: readonly { keys: string; label: MessageKey }[] = [
  { keys: 'j / k', label: 'shortcuts.move' },
  { keys: 'p / b', label: 'shortcuts.review' },
  { keys: 'x', label: 'shortcuts.pick' },
  { keys: 'Shift+j / Shift+k', label: 'shortcuts.pickMove' },
  { keys: 'v', label: 'shortcuts.reveal' },
  { keys: '/', label: 'shortcuts.filter' },
  { keys: 'Esc', label: 'shortcuts.escape' },
]

/** Every command with its key, from the same list the menu and the toolbar read. */
export function ShortcutsSheet() {
  const t = useT()
  const open = useUiStore((s) => s.shortcutsOpen)
  const language = useAppStore((s) => s.settings?.language ?? 'en')
  if (!open) return null
  const close = () => {
    useUiStore.getState().shortcutsToggled(false)
  }
  return (
    <Modal label={commandLabel('shortcuts', language)} onClose={close} testId="shortcuts-sheet">
      <header className="modal-header">
        <h2>{commandLabel('shortcuts', language)}</h2>
        <button type="button" onClick={close} aria-label={t('settings.close')}>
          ×
        </button>
      </header>
      <div className="shortcut-columns">
        <section>
          <h3>{t('shortcuts.commands')}</h3>
          <dl className="shortcut-list">
            {COMMAND_IDS.map((id) => (
              <div key={id} data-testid={`shortcut-${id}`}>
                <dt>{commandLabel(id, language)}</dt>
                <dd>
                  {shortcutText(id) === null ? (
                    <span className="muted">{t('shortcuts.noKey')}</span>
                  ) : (
                    <kbd>{shortcutText(id)}</kbd>
                  )}
                </dd>
              </div>
            ))}
          </dl>
        </section>
        <section>
          <h3>{t('shortcuts.queue')}</h3>
          <dl className="shortcut-list">
            {QUEUE_KEYS.map((row) => (
              <div key={row.keys}>
                <dt>{t(row.label)}</dt>
                <dd>
                  <kbd>{row.keys}</kbd>
                </dd>
              </div>
            ))}
          </dl>
        </section>
      </div>
    </Modal>
  )
}
