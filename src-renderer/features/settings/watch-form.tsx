import { useState } from 'react'
import type { InvokeChannel, InvokeRequest } from '../../../src-shared/ipc'
import { useBridge } from '../../bridge/bridge-context'
import type { MessageKey } from '../../i18n/en'
import { useT } from '../../i18n/use-t'
import { wordError } from '../../i18n/word-error'
import { useWatchStore } from '../../stores/watch-store'

type WatchCommand = Extract<InvokeChannel, 'watch:add' | 'watch:remove' | 'watch:set-enabled'>

const STATE_KEYS = {
  disabled: 'watch.state.disabled',
  starting: 'watch.state.starting',
  watching: 'watch.state.watching',
  error: 'watch.state.error',
  stopped: 'watch.state.stopped',
} as const satisfies Record<string, MessageKey>

/** Folders whose new photos are scanned as they land. */
export function WatchForm() {
  const t = useT()
  const { bridge } = useBridge()
  const folders = useWatchStore((s) => s.folders)
  const [path, setPath] = useState('')
  const [message, setMessage] = useState<string | null>(null)

  async function run<C extends WatchCommand>(channel: C, payload: InvokeRequest<C>) {
    const result = await bridge.invoke(channel, payload as never)
    if (result.ok) {
      useWatchStore.getState().watchChanged(result.value)
      setMessage(null)
      return true
    }
    setMessage(wordError(t, result.error))
    return false
  }

  return (
    <section className="watch-form" data-testid="watch-form">
      <h3>{t('watch.title')}</h3>
      <ul className="watch-list">
        {folders.map((folder) => (
          <li key={folder.id} data-testid="watched-folder">
            <label className="inline" title={folder.path}>
              <input
                type="checkbox"
                checked={folder.enabled}
                onChange={(e) =>
                  void run('watch:set-enabled', { id: folder.id, enabled: e.target.checked })
                }
              />
              <span className="watch-path">{folder.path}</span>
            </label>
            <span className={`watch-state state-${folder.state}`} data-testid="watch-state">
              {t(STATE_KEYS[folder.state])}
              {folder.polling ? ` · ${t('watch.polling')}` : ''}
            </span>
            {folder.error ? (
              <span className="form-message error">
                {wordError(t, folder.error, { where: 'notice' })}
              </span>
            ) : null}
            <button
              type="button"
              onClick={() => void run('watch:remove', { id: folder.id })}
              aria-label={t('watch.remove')}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      <form
        className="row"
        onSubmit={(event) => {
          event.preventDefault()
          if (path.trim() === '') return
          void run('watch:add', { path: path.trim() }).then((added) => {
            if (added) setPath('')
          })
        }}
      >
        <input
          value={path}
          onChange={(e) => {
            setPath(e.target.value)
          }}
          placeholder={t('watch.placeholder')}
          aria-label={t('watch.placeholder')}
          data-testid="watch-path"
        />
        <button
          type="submit"
          className="primary"
          disabled={path.trim() === ''}
          data-testid="watch-add"
        >
          {t('watch.add')}
        </button>
      </form>
      {message ? <p className="form-message error">{message}</p> : null}
    </section>
  )
}
