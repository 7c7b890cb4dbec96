import type { SettingsPatch } from '../../../src-shared/domain/settings'
import { useBridge } from '../../bridge/bridge-context'
import { useAppStore } from '../../stores/app-store'

/**
 * Settings save as they change; main validates and answers with what it stored. Optimistic: the
 * control shows the change at once (a controlled checkbox must not flick back while main
 * answers), then main's stored value replaces it, or the old one returns on error.
 */
export function usePatchSettings(): (change: SettingsPatch) => Promise<void> {
  const { bridge } = useBridge()
  return async (change) => {
    const before = useAppStore.getState().settings
    if (!before) return
    useAppStore.getState().settingsChanged({ ...before, ...change })
    const result = await bridge.invoke('settings:set', change)
    // What other windows and the default engine show follows from settings:changed (bridge/sync.ts).
    if (result.ok) {
      useAppStore.getState().settingsChanged(result.value)
    } else {
      useAppStore.getState().settingsChanged(before)
      useAppStore.getState().errorRaised(result.error)
    }
  }
}
