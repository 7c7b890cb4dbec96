import type { AppError } from '../../../src-shared/result'
import { useBridge } from '../../bridge/bridge-context'
import type { MessageKey } from '../../i18n/en'
import { useT } from '../../i18n/use-t'
import { wordError } from '../../i18n/word-error'
import { useAppStore } from '../../stores/app-store'
import { useExportStore } from './export-store'

/** How each export failure is worded in the user's language (the rest: the message as sent). */
const ERROR_KEYS: Partial<Record<AppError['code'], MessageKey>> = {
  EXPORT_TARGET_PROTECTED: 'export.error.protected',
  FILE_UNWRITABLE: 'export.error.unwritable',
  CANCELLED: 'export.error.cancelled',
}

/** A running export's count (and Stop), then what was written, with "Show in folder". */
export function ExportNotice() {
  const t = useT()
  const { bridge } = useBridge()
  const notice = useExportStore((s) => s.notice)
  if (notice === null) return null
  const dismiss = () => {
    useExportStore.getState().noticeDismissed()
  }

  if (notice.kind === 'running') {
    const { exportId } = notice
    return (
      <div className="export-notice" role="status" data-testid="export-notice">
        <span>
          {exportId === null
            ? t('export.running')
            : t('export.runningCount', { count: notice.items })}
        </span>
        {exportId !== null ? (
          <button
            type="button"
            onClick={() => {
              void bridge.invoke('export:cancel', { exportId })
            }}
          >
            {t('export.stop')}
          </button>
        ) : null}
      </div>
    )
  }

  if (notice.kind === 'failed') {
    const key = ERROR_KEYS[notice.error.code]
    return (
      <div className="export-notice failed" role="alert" data-testid="export-notice">
        <span>
          {key ? t(key) : t('export.error.other', { message: wordError(t, notice.error) })}
        </span>
        <button type="button" onClick={dismiss}>
          {t('export.dismiss')}
        </button>
      </div>
    )
  }

  const { result } = notice
  const values = { count: result.items, rows: result.rows, file: result.fileName }
  return (
    <div className="export-notice done" role="status" data-testid="export-notice">
      <span>{t(result.rows === result.items ? 'export.done' : 'export.doneRows', values)}</span>
      <button
        type="button"
        className="primary"
        data-testid="export-show-in-folder"
        onClick={() => {
          void bridge.invoke('export:show-in-folder', { exportId: result.exportId }).then((r) => {
            if (!r.ok) useAppStore.getState().errorRaised(r.error)
          })
        }}
      >
        {t('export.showInFolder')}
      </button>
      <button type="button" onClick={dismiss}>
        {t('export.dismiss')}
      </button>
    </div>
  )
}
