import { useCommand } from '../../commands/command-bus'
import { useAppStore } from '../../stores/app-store'
import { usePatchSettings } from './use-patch-settings'

/**
 * View › Blur Risky Images (the menu, or a command from the tray): the wellbeing veil off, or
 * back on as blur and greyscale, the default (docs/architecture.md §6). Saved like any setting,
 * so every window and process sees it.
 */
export function useToggleBlur(): void {
  const patch = usePatchSettings()
  useCommand('toggle-blur', () => {
    const settings = useAppStore.getState().settings
    if (!settings) return
    void patch({ wellbeing: settings.wellbeing === 'off' ? 'blur-grey' : 'off' })
  })
}
