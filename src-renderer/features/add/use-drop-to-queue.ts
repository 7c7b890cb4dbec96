import { useState, type DragEvent } from 'react'
import { useBridge } from '../../bridge/bridge-context'
import { useAppStore } from '../../stores/app-store'
import { useUiStore } from '../../stores/ui-store'
import { addInChunks } from './add-in-chunks'
import { droppedInputs } from './dropped-inputs'
import { showAddOutcome } from './show-add-outcome'

/** Drop files, folders or links anywhere on the window to queue them. */
export function useDropToQueue() {
  const { bridge } = useBridge()
  const [dragging, setDragging] = useState(false)

  return {
    dragging,
    handlers: {
      onDragOver: (event: DragEvent) => {
        event.preventDefault()
        event.dataTransfer.dropEffect = 'copy'
        setDragging(true)
      },
      onDragLeave: (event: DragEvent) => {
        // Leaving a child element is not leaving the window.
        if (event.currentTarget === event.target) setDragging(false)
      },
      onDrop: (event: DragEvent) => {
        event.preventDefault()
        setDragging(false)
        const { inputs, filesWithoutPath } = droppedInputs(event.dataTransfer, (f) =>
          bridge.pathForFile(f),
        )
        if (inputs.length === 0) {
          useUiStore
            .getState()
            .noticeShown({ key: filesWithoutPath > 0 ? 'drop.noPaths' : 'drop.nothing' })
          return
        }
        // Priced like any add, and chunked: a drop of 100,000 long paths is more than one
        // message may carry, yet it is one add with one cost question.
        void addInChunks(bridge, inputs).then((result) => {
          if (result.ok) showAddOutcome(result.value)
          else useAppStore.getState().errorRaised(result.error)
        })
      },
    },
  }
}
