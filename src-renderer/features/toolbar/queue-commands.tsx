import { useAppStore } from '../../stores/app-store'
import { useItemsStore } from '../../stores/items-store'
import { useProgressStore } from '../../stores/progress-store'
import { useUiStore } from '../../stores/ui-store'
import { CommandButton } from './command-button'

/**
 * Remove, Remove all shown and Clear finished beside the queue's other controls (pause, retry,
 * cancel), where a 1024-wide window has room for them; each is off while it has nothing to act
 * on. What they do is registered by QueueHygiene (queue-hygiene.tsx).
 */
export function QueueCommands() {
  const language = useAppStore((s) => s.settings?.language ?? 'en')
  const chosen = useUiStore((s) => s.picked.length > 0 || s.selectedId !== null)
  const shown = useItemsStore((s) => s.total > 0)
  const finished = useProgressStore((s) => {
    const p = s.progress
    return (p?.done ?? 0) + (p?.failed ?? 0) + (p?.cancelled ?? 0) > 0
  })
  return (
    <span className="queue-commands">
      <CommandButton id="remove" language={language} icon="✕" disabled={!chosen} />
      <CommandButton id="remove-shown" language={language} icon="⊟" disabled={!shown} />
      <CommandButton id="clear-finished" language={language} icon="✓" disabled={!finished} />
    </span>
  )
}
