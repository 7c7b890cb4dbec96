import { useT } from '../i18n/use-t'

export function EmptyState() {
  const t = useT()
  return (
    <div className="empty-state" data-testid="empty-state">
      <div className="empty-icon" aria-hidden="true">
        ◎
      </div>
      <h2>{t('empty.title')}</h2>
      <p>{t('empty.body')}</p>
    </div>
  )
}
