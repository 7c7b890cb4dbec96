import { createContext, useContext, type ReactNode } from 'react'
import type { GreenlightBridge } from '../../src-shared/ipc'
import type { Sync } from './sync'

interface BridgeContextValue {
  bridge: GreenlightBridge
  sync: Sync
}

const BridgeContext = createContext<BridgeContextValue | null>(null)

export function BridgeProvider(props: BridgeContextValue & { children: ReactNode }) {
  return (
    <BridgeContext.Provider value={{ bridge: props.bridge, sync: props.sync }}>
      {props.children}
    </BridgeContext.Provider>
  )
}

export function useBridge(): BridgeContextValue {
  const value = useContext(BridgeContext)
  if (!value) throw new Error('useBridge must be used inside <BridgeProvider>')
  return value
}
