import { cleanup, renderHook } from '@testing-library/react'
import type { ReactNode } from 'react'
import { afterEach, expect, it, vi } from 'vitest'
import { MAX_DECISION_ITEMS } from '../../../src-shared/domain/decision'
import type { GreenlightBridge } from '../../../src-shared/ipc'
import { BridgeProvider } from '../../bridge/bridge-context'
import type { Sync } from '../../bridge/sync'
import { useUiStore } from '../../stores/ui-store'
import { useReviewKeys } from './use-review-keys'

afterEach(() => {
  cleanup()
  useUiStore.setState({ bulkAsked: null, notice: null })
})

it('refuses a bulk decision over the limit before asking, and says how to narrow it', () => {
  const invoke = vi.fn()
  const bridge = { invoke } as unknown as GreenlightBridge
  const wrapper = ({ children }: { children: ReactNode }) => (
    <BridgeProvider bridge={bridge} sync={{} as Sync}>
      {children}
    </BridgeProvider>
  )
  const { result } = renderHook(() => useReviewKeys(() => undefined), { wrapper })
  const many = Array.from({ length: MAX_DECISION_ITEMS + 1 }, (_, i) => i + 1)
  expect(result.current('b', undefined, [], many)).toBe(true)
  expect(useUiStore.getState().bulkAsked).toBeNull()
  expect(useUiStore.getState().notice).toEqual({
    key: 'review.tooMany',
    values: { count: MAX_DECISION_ITEMS + 1, max: MAX_DECISION_ITEMS },
  })
  expect(result.current('b', undefined, [], many.slice(0, MAX_DECISION_ITEMS))).toBe(true)
  expect(useUiStore.getState().bulkAsked?.itemIds).toHaveLength(MAX_DECISION_ITEMS)
  expect(invoke).not.toHaveBeenCalled()
})
