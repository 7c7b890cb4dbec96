import { useState, type KeyboardEvent } from 'react'
import { useBridge } from '../../bridge/bridge-context'
import { useT } from '../../i18n/use-t'
import { useAppStore } from '../../stores/app-store'
import { useUiStore } from '../../stores/ui-store'
import { addedNotice, addInChunks } from './add-in-chunks'
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

  async function add() {
    if (inputs.length === 0 || busy) return
    setBusy(true)
    try {
      const outcome = await addInChunks(bridge, inputs)
      if (outcome.added > 0 || outcome.error === null) {
        const notice = addedNotice(outcome)
        setMessage(t(notice.key, notice.values))
      }
      // On an error the text stays, to add again: what went through is reused, not duplicated.
      if (outcome.error) useAppStore.getState().errorRaised(outcome.error)
      else setText('')
    } finally {
      setBusy(false)
    }
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault()
      void add()
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
        {message ?? t('add.hint')}
      </span>
    </form>
  )
}
