import { render, screen } from '@testing-library/react'
import { afterEach, expect, it } from 'vitest'
import { DEFAULT_SETTINGS } from '../../../src-shared/domain'
import type { GreenlightBridge } from '../../../src-shared/ipc'
import { BridgeProvider } from '../../bridge/bridge-context'
import type { Sync } from '../../bridge/sync'
import { useAppStore } from '../../stores/app-store'
import { useQueueStore } from '../../stores/queue-store'
import { QueueControls } from './queue-controls'

afterEach(() => {
  useAppStore.setState({ settings: null })
  useQueueStore.setState({ status: null })
})

it('a queue stopped by a full data folder says so in Chinese, naming the folder', () => {
  useAppStore.setState({ settings: { ...DEFAULT_SETTINGS, language: 'zh-CN' } })
  useQueueStore.getState().queueChanged({
    state: 'paused',
    error: {
      code: 'STORAGE_FULL',
      message: "The disk holding Greenlight's data folder /data/绿灯 is full.",
      retryable: true,
      params: { folder: '/data/绿灯' },
    },
    inFlight: 0,
    engines: [],
  })
  render(
    <BridgeProvider bridge={{} as GreenlightBridge} sync={{} as Sync}>
      <QueueControls />
    </BridgeProvider>,
  )
  const alert = screen.getByTestId('queue-error')
  expect(alert.textContent).toContain('/data/绿灯')
  expect(alert.textContent).toContain('磁盘已满')
  expect(alert.textContent).not.toContain('The disk holding')
})
