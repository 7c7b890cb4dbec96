import type { KeyboardEvent } from 'react'
import type { CommandId } from '../../../src-shared/commands'
import { useAppStore } from '../../stores/app-store'
import { useQueueStore } from '../../stores/queue-store'
import { CommandButton } from './command-button'
import { QueueHygiene } from './queue-hygiene'

/** The menu's commands, in the page too, so nothing can be done only from the menu. */
const TOOLBAR: readonly (readonly CommandId[])[] = [
  ['add-files', 'add-folder', 'watch-folder'],
  ['export'],
  ['pause-resume'],
  ['settings', 'shortcuts'],
]

const ICONS: Partial<Record<CommandId, string>> = {
  'add-files': '＋',
  'add-folder': '▤',
  'watch-folder': '◉',
  export: '⇪',
  'pause-resume': '‖',
  settings: '⚙',
  shortcuts: '⌨',
}

/** Left and right arrows move along the toolbar, Home and End jump to its ends (ARIA toolbar). */
function moveAlongToolbar(event: KeyboardEvent<HTMLDivElement>): void {
  const buttons = [...event.currentTarget.querySelectorAll<HTMLButtonElement>('button')]
  const at = buttons.indexOf(event.target as HTMLButtonElement)
  if (at < 0) return
  const next =
    event.key === 'ArrowRight'
      ? (at + 1) % buttons.length
      : event.key === 'ArrowLeft'
        ? (at - 1 + buttons.length) % buttons.length
        : event.key === 'Home'
          ? 0
          : event.key === 'End'
            ? buttons.length - 1
            : null
  if (next === null) return
  event.preventDefault()
  buttons[next]?.focus()
}

export function Toolbar() {
  const language = useAppStore((s) => s.settings?.language ?? 'en')
  const paused = useQueueStore((s) => s.status?.state === 'paused')
  return (
    <>
      <QueueHygiene />
      <div
        className="toolbar"
        role="toolbar"
        aria-label="Greenlight"
        data-testid="toolbar"
        onKeyDown={moveAlongToolbar}
      >
        {TOOLBAR.map((group) => (
          <div className="toolbar-group" key={group.join()}>
            {group.map((id) => (
              <CommandButton
                key={id}
                id={id}
                language={language}
                icon={ICONS[id]}
                pressed={id === 'pause-resume' ? paused : undefined}
              />
            ))}
          </div>
        ))}
      </div>
    </>
  )
}
