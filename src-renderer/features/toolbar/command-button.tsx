import { commandLabel, type CommandId, type Language } from '../../../src-shared/commands'
import { runCommand } from '../../commands/command-bus'
import { ariaKeyShortcuts, shortcutText } from './command-keys'

/** One command as a button, wherever it sits: its label, its shortcut in the tooltip, its icon. */
export function CommandButton(props: {
  id: CommandId
  language: Language
  icon: string | undefined
  pressed?: boolean | undefined
  disabled?: boolean
}) {
  const { id } = props
  const label = commandLabel(id, props.language)
  const keys = shortcutText(id)
  return (
    <button
      type="button"
      className="toolbar-button"
      onClick={() => {
        runCommand(id)
      }}
      disabled={props.disabled}
      title={keys ? `${label} (${keys})` : label}
      // The name even where only the icon shows (the queue's commands in a narrow window).
      aria-label={label}
      aria-keyshortcuts={ariaKeyShortcuts(id)}
      aria-pressed={props.pressed}
      data-testid={id === 'settings' ? 'open-settings' : `command-${id}`}
      // Drawn by CSS (::before), so the button's text is its label alone.
      data-icon={props.icon}
    >
      <span className="toolbar-label">{label}</span>
    </button>
  )
}
