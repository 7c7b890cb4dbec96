import { commandLabel } from '../../../src-shared/commands'
import { Modal } from '../../components/modal'
import type { MessageKey } from '../../i18n/en'
import { useT } from '../../i18n/use-t'
import { useAppStore } from '../../stores/app-store'
import { useUiStore } from '../../stores/ui-store'
import { shortcutText } from '../toolbar/command-keys'
import { shortcutGroups, type ShortcutGroup } from './shortcut-groups'

const GROUP_TITLE: Readonly<Record<ShortcutGroup, MessageKey>> = {
  move: 'shortcuts.group.move',
  decide: 'shortcuts.group.decide',
  select: 'shortcuts.group.select',
  view: 'shortcuts.group.view',
  find: 'shortcuts.group.find',
  app: 'shortcuts.group.app',
}

/**
 * `?`: every shortcut, grouped by what it is for, from the same command list the menu and the
 * toolbar read plus the queue's own keys (docs/architecture.md §3, "Commands"). A modal: focus
 * stays inside, Esc closes and gives focus back.
 */
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
        {shortcutGroups().map(({ group, rows }) => (
          <section key={group} data-testid={`shortcut-group-${group}`}>
            <h3>{t(GROUP_TITLE[group])}</h3>
            <dl className="shortcut-list">
              {rows.map((row) =>
                row.kind === 'command' ? (
                  <div key={row.id} data-testid={`shortcut-${row.id}`}>
                    <dt>{commandLabel(row.id, language)}</dt>
                    <dd>
                      <kbd>{shortcutText(row.id)}</kbd>
                    </dd>
                  </div>
                ) : (
                  <div key={row.keys}>
                    <dt>{t(row.label)}</dt>
                    <dd>
                      <kbd>{row.keys}</kbd>
                    </dd>
                  </div>
                ),
              )}
            </dl>
          </section>
        ))}
      </div>
    </Modal>
  )
}
