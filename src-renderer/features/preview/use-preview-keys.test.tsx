import { cleanup, fireEvent, render } from '@testing-library/react'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { useUiStore } from '../../stores/ui-store'
import { usePreviewStore } from './preview-store'
import { usePreviewKeys } from './use-preview-keys'

function Keys() {
  usePreviewKeys()
  return (
    <div>
      <button type="button">Copy path</button>
      <input aria-label="Filter by name" />
    </div>
  )
}

/** What the queue's own window listener sees after the preview's: whether it was left alone. */
let reachedQueue: string[] = []
const queueListener = (event: KeyboardEvent) => {
  if (!event.defaultPrevented) reachedQueue.push(event.key)
}

beforeEach(() => {
  reachedQueue = []
  window.addEventListener('keydown', queueListener)
  useUiStore.setState({ previewOpen: false })
  usePreviewStore.setState({ zoomed: false })
})
afterEach(() => {
  cleanup()
  window.removeEventListener('keydown', queueListener)
})

it('Enter opens and closes the preview, but a focused button or field keeps its Enter', () => {
  const { getByRole } = render(<Keys />)
  fireEvent.keyDown(document.body, { key: 'Enter' })
  expect(useUiStore.getState().previewOpen).toBe(true)
  fireEvent.keyDown(getByRole('button'), { key: 'Enter' })
  fireEvent.keyDown(getByRole('textbox'), { key: 'Enter' })
  fireEvent.keyDown(document.body, { key: 'Enter', ctrlKey: true })
  expect(useUiStore.getState().previewOpen).toBe(true)
  fireEvent.keyDown(document.body, { key: 'Enter' })
  expect(useUiStore.getState().previewOpen).toBe(false)
})

it('Esc closes an open preview before the queue hears it; closed, Esc is the queue’s', () => {
  render(<Keys />)
  useUiStore.setState({ previewOpen: true })
  fireEvent.keyDown(document.body, { key: 'Escape' })
  expect(useUiStore.getState().previewOpen).toBe(false)
  expect(reachedQueue).toEqual([])
  fireEvent.keyDown(document.body, { key: 'Escape' })
  expect(reachedQueue).toEqual(['Escape'])
})

it('z toggles 1:1 only while the preview is open, and then the arrows pan instead of moving', () => {
  render(<Keys />)
  fireEvent.keyDown(document.body, { key: 'z' })
  expect(usePreviewStore.getState().zoomed).toBe(false)
  fireEvent.keyDown(document.body, { key: 'ArrowDown' })
  useUiStore.setState({ previewOpen: true })
  fireEvent.keyDown(document.body, { key: 'z' })
  expect(usePreviewStore.getState().zoomed).toBe(true)
  fireEvent.keyDown(document.body, { key: 'ArrowDown' })
  fireEvent.keyDown(document.body, { key: 'j' })
  expect(reachedQueue).toEqual(['z', 'ArrowDown', 'j'])
})
