import { useRef, useState, type KeyboardEvent } from 'react'
import { useBridge } from '../../bridge/bridge-context'
import { useT } from '../../i18n/use-t'
import { useAppStore } from '../../stores/app-store'
import { useUiStore } from '../../stores/ui-store'
import { addInChunks } from './add-in-chunks'
import { noticeText } from './notice-text'
import { showAddOutcome } from './show-add-outcome'
import { splitInputs } from './split-inputs'

/** Paste files, folders or URLs and queue them. Enter adds; Shift+Enter starts a new line. */
export function AddBar() {
  const t = useT()
  const { bridge } = useBridge()
  const [text, setText] = useState('')
  const [busy, setBusy] = useState(false)
  const message = useUiStore((s) => s.notice)
  const setMessage = useUiStore((s) => s.noticeShown)
  const inputs = splitInputs(text)
  const field = useRef<HTMLTextAreaElement>(null)

  async function add() {
    if (inputs.length === 0 || busy) return
    setBusy(true)
    try {
      // Priced first, in chunks if it is large: a big Green batch asks before anything is
      // queued (cost-confirm.tsx). On an error the text stays, to add again.
      const result = await addInChunks(bridge, inputs)
      if (result.ok) {
        setText('')
        // Focus leaves the field, so the queue's keys (j/k, p/b) work at once.
        field.current?.blur()
        showAddOutcome(result.value)
      } else {
        useAppStore.getState().errorRaised(result.error)
      }
    } finally {
      setBusy(false)
    }
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault()
      void add()
    } else if (event.key === 'Escape') {
      // Esc hands the keyboard back to the queue (j/k, p/b); the text stays for later.
      event.preventDefault()
      field.current?.blur()
    }
  }

  return (
    <form
      className="add-bar"
      onSubmit={(event) => {
        event.preventDefault()
        void add()
      }}
    >
      <textarea
        ref={field}
        aria-label={t('add.placeholder')}
        placeholder={t('add.placeholder')}
        value={text}
        rows={Math.min(4, Math.max(1, text.split('\n').length))}
        onChange={(event) => {
          setText(event.target.value)
          setMessage(null)
        }}
        onKeyDown={onKeyDown}
        data-testid="add-input"
      />
      <button type="submit" disabled={inputs.length === 0 || busy} data-testid="add-button">
        {t('add.button')}
        {inputs.length > 1 ? ` (${String(inputs.length)})` : ''}
      </button>
      <span className="add-hint" role="status">
        {message ? noticeText(t, message) : t('add.hint')}
      </span>
    </form>
  )
}
