import { useEffect, useState } from 'react'
import { runCommand } from '../../commands/command-bus'
import { useT } from '../../i18n/use-t'
import { wordScene } from '../../i18n/word-verdict'
import { useDecisionsStore } from '../../stores/decisions-store'

/**
 * The newest decision still in its grace period, with Undo (or Ctrl/Cmd+Z) and the seconds left
 * before main sends it: a slip is caught before Green hears of it (docs/architecture.md §4).
 */
export function UndoToast() {
  const t = useT()
  const pending = useDecisionsStore((s) => s.pending)
  const heardAt = useDecisionsStore((s) => s.heardAt)
  const [now, setNow] = useState(() => Date.now())
  const newest = pending.reduce<(typeof pending)[number] | null>(
    (best, d) => (best === null || d.id > best.id ? d : best),
    null,
  )
  useEffect(() => {
    if (newest === null) return
    const timer = setInterval(() => {
      setNow(Date.now())
    }, 500)
    return () => {
      clearInterval(timer)
    }
  }, [newest])
  if (newest === null) return null
  // `now` may predate what main said (it ticks only while a toast shows): never count backwards.
  const secondsLeft = Math.ceil(Math.max(0, newest.msLeft - Math.max(0, now - heardAt)) / 1000)
  if (secondsLeft === 0) return null
  return (
    <div className="undo-toast" role="status" data-testid="undo-toast">
      <span>
        {t(newest.suggestion === 'block' ? 'decision.block' : 'decision.pass', {
          count: newest.count,
          scenes: newest.scenes.map((scene) => wordScene(t, scene)).join(', '),
        })}
      </span>
      <span className="undo-seconds">{t('decision.undoWithin', { seconds: secondsLeft })}</span>
      <button
        type="button"
        onClick={() => {
          runCommand('undo')
        }}
        data-testid="undo-button"
      >
        {t('decision.undo')}
      </button>
    </div>
  )
}
