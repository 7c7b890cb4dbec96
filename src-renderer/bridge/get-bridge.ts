import { BRIDGE_GLOBAL, type GreenlightBridge } from '../../src-shared/ipc/bridge'

/**
 * The bridge is injected by the host before the app runs (the preload in Electron, a script in
 * the harness). Without one there is nothing to talk to, so fail loudly at start.
 */
export function getBridge(): GreenlightBridge {
  const bridge = (window as unknown as Record<string, GreenlightBridge | undefined>)[BRIDGE_GLOBAL]
  if (!bridge)
    throw new Error(
      'Greenlight bridge is missing: open the app through Electron or the test harness.',
    )
  return bridge
}
