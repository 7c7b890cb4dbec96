import type { InvokeChannel } from '../../../src-shared/ipc'
import { useBridge } from '../../bridge/bridge-context'
import { runCommand } from '../../commands/command-bus'
import { useT } from '../../i18n/use-t'
import { wordError } from '../../i18n/word-error'
import { useAppStore } from '../../stores/app-store'
import { useProgressStore } from '../../stores/progress-store'
import { useQueueStore } from '../../stores/queue-store'

type QueueCommand = Extract<
  InvokeChannel,
  'scan:pause' | 'scan:resume' | 'scan:cancel' | 'scan:retry-failed'
>

/** Pause, resume, cancel and retry, next to the progress they act on. */
export function QueueControls() {
  const t = useT()
  const { bridge } = useBridge()
  const status = useQueueStore((s) => s.status)
  const progress = useProgressStore((s) => s.progress)

  async function run(command: QueueCommand) {
    const result = await bridge.invoke(command)
    if (result.ok) useQueueStore.getState().queueChanged(result.value)
    else useAppStore.getState().errorRaised(result.error)
  }

  const waiting = (progress?.queued ?? 0) + (progress?.running ?? 0)
  return (
    <div className="queue-controls">
      {status?.error ? (
        <span className="queue-error" role="alert" data-testid="queue-error">
          {t('queue.stopped', { message: wordError(t, status.error) })}
        </span>
      ) : null}
      {status?.state === 'paused' ? (
        <button type="button" onClick={() => void run('scan:resume')} data-testid="queue-resume">
          {t('queue.resume')}
        </button>
      ) : (
        <button
          type="button"
          disabled={waiting === 0}
          onClick={() => void run('scan:pause')}
          data-testid="queue-pause"
        >
          {t('queue.pause')}
        </button>
      )}
      <button
        type="button"
        disabled={(progress?.failed ?? 0) === 0}
        onClick={() => void run('scan:retry-failed')}
        data-testid="queue-retry"
      >
        {t('queue.retryFailed', { count: progress?.failed ?? 0 })}
      </button>
      <button
        type="button"
        disabled={waiting === 0}
        onClick={() => void run('scan:cancel')}
        data-testid="queue-cancel"
      >
        {t('queue.cancel')}
      </button>
      {/* Until the toolbar offers it too; the menu and Ctrl/Cmd+E run the same command. */}
      <button
        type="button"
        title="Ctrl+E"
        aria-keyshortcuts="Control+E Meta+E"
        onClick={() => runCommand('export')}
        data-testid="open-export"
      >
        {t('export.button')}
      </button>
    </div>
  )
}
