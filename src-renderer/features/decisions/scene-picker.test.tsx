import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { GreenlightBridge } from '../../../src-shared/ipc'
import { appError } from '../../../src-shared/result'
import { BridgeProvider } from '../../bridge/bridge-context'
import type { Sync } from '../../bridge/sync'
import { useAppStore } from '../../stores/app-store'
import { decide } from './decide'
import { useSceneAskStore } from './scene-ask-store'
import { ScenePicker } from './scene-picker'

const chooseScene = (scenes: string, count: number) => ({
  ok: false as const,
  error: appError('VALIDATION', 'which scene?', false, { reason: 'choose-scene', scenes, count }),
})
const made = { ok: true as const, value: { decisionId: 1, count: 1, scenes: [], dueAt: 0 } }

/** A bridge whose decisions:make answers from `answers` in turn, recording each request. */
function fakeBridge(...answers: unknown[]) {
  const invoke = vi.fn((_channel: string, _request: unknown) =>
    Promise.resolve(answers.shift() ?? made),
  )
  return { bridge: { invoke } as unknown as GreenlightBridge, invoke }
}

function renderPicker(bridge: GreenlightBridge) {
  const opener = document.createElement('button')
  document.body.append(opener)
  opener.focus()
  render(
    <BridgeProvider bridge={bridge} sync={{} as Sync}>
      <ScenePicker />
    </BridgeProvider>,
  )
  return opener
}

afterEach(() => {
  cleanup()
  useSceneAskStore.setState({ asked: null })
  useAppStore.setState({ error: null })
  document.body.innerHTML = ''
})

describe('which scene?', () => {
  it('a Block with nothing flagged asks, offering the scenes scanned; 2 then Enter blocks for that scene alone', async () => {
    const { bridge, invoke } = fakeBridge(chooseScene('porn,ad,qrcode', 1))
    const opener = renderPicker(bridge)
    let decided = true
    await act(async () => {
      decided = await decide(bridge, [7], 'block')
    })
    expect(decided).toBe(false)
    const dialog = screen.getByRole('dialog', { name: 'Block for which scene?' })
    expect(dialog.querySelectorAll('input[type=radio]')).toHaveLength(3)
    expect(dialog.textContent).toContain('Advertising or spam')
    // Nothing is chosen for the reviewer: Enter alone blocks nothing.
    fireEvent.keyDown(document.activeElement ?? dialog, { key: 'Enter' })
    expect(invoke).toHaveBeenCalledTimes(1)
    fireEvent.keyDown(document.activeElement ?? dialog, { key: '2' })
    expect(screen.getByRole<HTMLInputElement>('radio', { name: /Advertising/ }).checked).toBe(true)
    fireEvent.keyDown(document.activeElement ?? dialog, { key: 'Enter' })
    await waitFor(() => {
      expect(invoke).toHaveBeenCalledTimes(2)
    })
    expect(invoke.mock.calls[1]).toEqual([
      'decisions:make',
      { itemIds: [7], suggestion: 'block', scenes: ['ad'] },
    ])
    expect(screen.queryByRole('dialog')).toBeNull()
    expect(document.activeElement).toBe(opener)
  })

  it('a bulk Block is asked once, and the answer goes to the unflagged images only', async () => {
    const { bridge, invoke } = fakeBridge(chooseScene('porn,terrorism,ad', 2))
    renderPicker(bridge)
    await act(async () => {
      await decide(bridge, [1, 2, 3], 'block')
    })
    expect(screen.getByRole('dialog').textContent).toContain(
      '2 of these 3 images have nothing flagged',
    )
    fireEvent.click(screen.getByRole('radio', { name: /Terrorism/ }))
    fireEvent.click(screen.getByRole('button', { name: 'Block for Terrorism or violence' }))
    await waitFor(() => {
      expect(invoke).toHaveBeenCalledTimes(2)
    })
    expect(invoke.mock.calls[1]?.[1]).toEqual({
      itemIds: [1, 2, 3],
      suggestion: 'block',
      unflaggedScenes: ['terrorism'],
    })
  })

  it('Esc cancels: nothing is decided, and focus goes back', async () => {
    const { bridge, invoke } = fakeBridge(chooseScene('porn', 1))
    const opener = renderPicker(bridge)
    await act(async () => {
      await decide(bridge, [3], 'block')
    })
    expect(document.activeElement).toBe(screen.getByRole('radio', { name: /Pornography/ }))
    fireEvent.keyDown(window, { key: 'Escape' })
    expect(screen.queryByRole('dialog')).toBeNull()
    expect(document.activeElement).toBe(opener)
    expect(invoke).toHaveBeenCalledTimes(1)
  })

  it('in Chinese, the scenes read as words', async () => {
    useAppStore.setState({ settings: { language: 'zh-CN' } } as never)
    const { bridge } = fakeBridge(chooseScene('porn,live', 1))
    renderPicker(bridge)
    await act(async () => {
      await decide(bridge, [3], 'block')
    })
    expect(screen.getByRole('dialog', { name: '按哪个场景拦截？' }).textContent).toContain(
      '不良场景',
    )
    useAppStore.setState({ settings: null } as never)
  })

  it('any other refusal is an error shown, not a question', async () => {
    const refused = {
      ok: false as const,
      error: appError('VALIDATION', 'passes', false, { reason: 'already-passes' }),
    }
    const { bridge } = fakeBridge(refused)
    renderPicker(bridge)
    await act(async () => {
      await decide(bridge, [3], 'pass')
    })
    expect(screen.queryByRole('dialog')).toBeNull()
    expect(useSceneAskStore.getState().asked).toBeNull()
    expect(useAppStore.getState().error?.params?.reason).toBe('already-passes')
  })
})
