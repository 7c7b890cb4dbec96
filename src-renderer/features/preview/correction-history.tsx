import type { CorrectionRecord, Scene } from '../../../src-shared/domain'
import { useT } from '../../i18n/use-t'
import { wordScene } from '../../i18n/word-verdict'
import { useAppStore } from '../../stores/app-store'

/** Every correction of this image, newest first: who, when, what, and what reached Green. */
export function CorrectionHistory({ history }: { history: readonly CorrectionRecord[] | null }) {
  const t = useT()
  const language = useAppStore((s) => s.settings?.language ?? 'en')
  const when = (ms: number) => new Date(ms).toLocaleString(language)
  const scenes = (list: readonly Scene[]) => list.map((s) => wordScene(t, s)).join(', ')
  if (history === null) return null
  if (history.length === 0) return <p className="muted">{t('preview.history.none')}</p>
  return (
    <ol className="preview-history" data-testid="preview-history">
      {history.map((entry) => {
        const state =
          entry.state === 'pending'
            ? t('preview.history.state.pending', { time: when(entry.dueAt ?? entry.at) })
            : entry.state === 'sent'
              ? t('preview.history.state.sent', { time: when(entry.sentAt ?? entry.at) })
              : t(`preview.history.state.${entry.state}`)
        const reached = entry.state === 'sent' || entry.state === 'applied'
        return (
          <li
            key={`${entry.source}-${String(entry.decisionId ?? entry.at)}`}
            data-testid="history-entry"
            data-state={entry.state}
          >
            <div>
              <strong>
                {t(
                  entry.source === 'decision'
                    ? 'preview.history.decision'
                    : 'preview.history.command',
                )}
              </strong>{' '}
              · <time dateTime={new Date(entry.at).toISOString()}>{when(entry.at)}</time>
            </div>
            <div>
              {t('preview.history.entry', {
                suggestion: t(`preview.verdict.${entry.suggestion}`),
                scenes: scenes(entry.scenes),
              })}{' '}
              <span className="muted">({state})</span>
            </div>
            {entry.note ? <div className="muted">“{entry.note}”</div> : null}
            {reached ? (
              <div className="muted">
                {entry.sentToGreen.length > 0
                  ? t('preview.history.green', { scenes: scenes(entry.sentToGreen) })
                  : t('preview.history.local')}
              </div>
            ) : null}
          </li>
        )
      })}
    </ol>
  )
}
