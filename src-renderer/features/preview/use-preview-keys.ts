import { useEffect } from 'react'
import { runCommand, useCommand } from '../../commands/command-bus'
import { dialogOpen, isTyping } from '../../commands/is-typing'
import { useUiStore } from '../../stores/ui-store'
import { ownsEnter } from './preview-facts'
import { usePreviewStore } from './preview-store'

const PAN: Readonly<Record<string, [number, number]>> = {
  ArrowLeft: [-80, 0],
  ArrowRight: [80, 0],
  ArrowUp: [0, -80],
  ArrowDown: [0, 80],
}

/**
 * The loupe's keys (docs/architecture.md §6): Enter opens or closes it (the `toggle-preview`
 * command), Esc closes it, `z` toggles 1:1, and the arrows pan a 1:1 image. Listened for before
 * the queue's own keys (capture), so Esc closes the preview before it clears the focus and the
 * arrows pan instead of moving; j/k still move. Enter on a button or in a field stays theirs.
 */
export function usePreviewKeys(): void {
  useCommand('toggle-preview', () => {
    useUiStore.getState().previewToggled()
  })
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return
      if (isTyping(event.target) || dialogOpen()) return
      const ui = useUiStore.getState()
      if (event.key === 'Enter') {
        if (!ownsEnter(event.target) && runCommand('toggle-preview')) event.preventDefault()
        return
      }
      if (!ui.previewOpen) return
      if (event.key === 'Escape') {
        ui.previewToggled(false)
        event.preventDefault()
      } else if (event.key === 'z') {
        usePreviewStore.getState().zoomToggled()
        event.preventDefault()
      } else if (usePreviewStore.getState().zoomed && event.key in PAN && !event.shiftKey) {
        const [left, top] = PAN[event.key] ?? [0, 0]
        document.querySelector('[data-testid="preview-stage"]')?.scrollBy({ left, top })
        event.preventDefault()
      }
    }
    window.addEventListener('keydown', onKey, { capture: true })
    return () => {
      window.removeEventListener('keydown', onKey, { capture: true })
    }
  }, [])
}
