import { useEffect } from 'react'
import { useT } from '../../i18n/use-t'
import { useProgressStore } from '../../stores/progress-store'

/**
 * The window title says what is going on, in the taskbar and the window switcher too (Electron's
 * window follows document.title): "Greenlight: scanning 120 of 4,200" while a batch runs.
 */
export function useWindowTitle(): void {
  const t = useT()
  const progress = useProgressStore((s) => s.progress)
  const waiting = progress ? progress.queued + progress.running : 0
  const title =
    progress && waiting > 0
      ? t('title.scanning', {
          done: (progress.total - waiting).toLocaleString('en-US'),
          total: progress.total.toLocaleString('en-US'),
        })
      : t('app.title')
  useEffect(() => {
    document.title = title
  }, [title])
}
