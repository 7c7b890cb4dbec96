import { runCommand } from '../commands/command-bus'
import { useT } from '../i18n/use-t'
import { useAppStore } from '../stores/app-store'
import { useUiStore } from '../stores/ui-store'

/**
 * An empty queue. On first run (no account either) it offers the two things a newcomer wants:
 * a first verdict offline, for free, or connecting an Alibaba Cloud account.
 */
export function EmptyState() {
  const t = useT()
  const credentials = useAppStore((s) => s.credentials)
  const firstRun = credentials !== null && !credentials.configured
  return (
    <div className="empty-state" data-testid="empty-state">
      <div className="empty-icon" aria-hidden="true">
        ◎
      </div>
      <h2>{t('empty.title')}</h2>
      <p>{t(firstRun ? 'empty.firstRunBody' : 'empty.body')}</p>
      <div className="empty-actions">
        <button
          type="button"
          className="primary"
          onClick={() => {
            runCommand('add-folder')
          }}
          data-testid="empty-scan-folder"
        >
          {t(firstRun ? 'empty.scanOffline' : 'empty.scanFolder')}
        </button>
        {firstRun ? (
          <button
            type="button"
            onClick={() => {
              useUiStore.getState().settingsOpened('account')
            }}
            data-testid="empty-connect"
          >
            {t('empty.connect')}
          </button>
        ) : null}
      </div>
    </div>
  )
}
