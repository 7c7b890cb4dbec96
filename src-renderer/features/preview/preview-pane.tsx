import type { Item } from '../../../src-shared/domain'
import type { Result } from '../../../src-shared/result'
import { useBridge } from '../../bridge/bridge-context'
import { displayName } from '../../i18n/display-name'
import { useT } from '../../i18n/use-t'
import { useAppStore } from '../../stores/app-store'
import { useItemsStore } from '../../stores/items-store'
import { useUiStore } from '../../stores/ui-store'
import { veilOf } from '../queue/veil'
import { CorrectionHistory } from './correction-history'
import { DecisionButtons } from './decision-buttons'
import { PreviewImage } from './preview-image'
import { usePreviewStore } from './preview-store'
import { SceneList } from './scene-list'
import { useItemDetails } from './use-item-details'
import { usePreviewKeys } from './use-preview-keys'

/** Pass, Block, Reveal, 1:1, Show in folder, Copy path: the actions on the whole image. */
function PreviewActions({ item }: { item: Item }) {
  const t = useT()
  const { bridge } = useBridge()
  const zoomed = usePreviewStore((s) => s.zoomed)
  const settings = useAppStore((s) => s.settings)
  const revealedId = useUiStore((s) => s.revealedId)
  const veiled = veilOf(item, settings, revealedId) !== undefined
  const fail = (result: Result<null>) => {
    if (!result.ok) useAppStore.getState().errorRaised(result.error)
    return result.ok
  }
  return (
    <div className="preview-actions" role="toolbar" aria-label={t('preview.title')}>
      {item.state === 'done' ? <DecisionButtons itemId={item.id} /> : null}
      {veiled || revealedId === item.id ? (
        <button
          type="button"
          data-testid="preview-reveal"
          onClick={() => {
            useUiStore.getState().revealToggled(item.id)
          }}
        >
          {t(veiled ? 'item.reveal' : 'item.hide')}
        </button>
      ) : null}
      {item.sourceKind !== 'url' ? (
        <button
          type="button"
          aria-pressed={zoomed}
          aria-label={t(zoomed ? 'preview.fitLabel' : 'preview.actualSizeLabel')}
          aria-keyshortcuts="z"
          onClick={() => {
            usePreviewStore.getState().zoomToggled()
          }}
        >
          {t(zoomed ? 'preview.fit' : 'preview.actualSize')}
        </button>
      ) : null}
      {item.sourceKind === 'file' ? (
        <button
          type="button"
          onClick={() => {
            void bridge.invoke('items:show-in-folder', { itemId: item.id }).then(fail)
          }}
        >
          {t('preview.showInFolder')}
        </button>
      ) : null}
      {item.sourceKind !== 'bytes' ? (
        <button
          type="button"
          onClick={() => {
            void bridge.invoke('items:copy-path', { itemId: item.id }).then((result) => {
              if (fail(result)) useUiStore.getState().noticeShown({ key: 'preview.copied' })
            })
          }}
        >
          {t('preview.copyPath')}
        </button>
      ) : null}
    </div>
  )
}

/** The engine, when, from the cache or not, Green's ids, and the source: what an audit asks. */
function PreviewFacts({ item, fromCache }: { item: Item; fromCache: boolean | null }) {
  const t = useT()
  const language = useAppStore((s) => s.settings?.language ?? 'en')
  const rows: [string, string, string][] = [
    ['engine', t('preview.engine'), t(`engine.${item.engine}`)],
    [
      'judged',
      t('preview.judgedAt'),
      item.scannedAt === null
        ? t('preview.notYet')
        : new Date(item.scannedAt).toLocaleString(language),
    ],
    ...(fromCache === null
      ? []
      : [
          [
            'cache',
            t('preview.fromCache'),
            t(fromCache ? 'preview.fromCache.yes' : 'preview.fromCache.no'),
          ] as [string, string, string],
        ]),
    ...(item.taskId
      ? [['task', t('preview.taskId'), item.taskId] as [string, string, string]]
      : []),
    ...(item.dataId
      ? [['data', t('preview.dataId'), item.dataId] as [string, string, string]]
      : []),
    ['source', t('preview.source'), item.source],
  ]
  return (
    <dl className="preview-facts">
      {rows.map(([id, name, value]) => (
        <div key={id} data-testid={`preview-fact-${id}`}>
          <dt>{name}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  )
}

function PreviewBody({ item }: { item: Item }) {
  const t = useT()
  const details = useItemDetails(item)
  return (
    <div className="preview-body">
      <PreviewImage item={item} />
      <div className="preview-side">
        <h2 className="preview-name" title={item.source}>
          {displayName(item.source)}
        </h2>
        <PreviewActions item={item} />
        <h3>{t('preview.scenes')}</h3>
        <SceneList item={item} />
        <h3>{t('preview.facts')}</h3>
        <PreviewFacts item={item} fromCache={details?.fromCache ?? null} />
        <h3>{t('preview.history')}</h3>
        <CorrectionHistory history={details?.history ?? null} />
      </div>
    </div>
  )
}

/**
 * The loupe (docs/architecture.md §6): the focused item, large, with everything known about its
 * verdict and its corrections. Beside the queue on a wide window, over it on a narrow one; Enter
 * opens and closes it, Esc closes it, and the queue's keys keep working while it is open.
 */
export function PreviewPane() {
  const t = useT()
  usePreviewKeys()
  const open = useUiStore((s) => s.previewOpen)
  const selectedId = useUiStore((s) => s.selectedId)
  const item = useItemsStore((s) => (selectedId === null ? undefined : s.byId.get(selectedId)))
  if (!open) return null
  return (
    <aside className="preview" aria-label={t('preview.title')} data-testid="preview">
      <button
        type="button"
        className="preview-close"
        aria-label={t('preview.close')}
        onClick={() => {
          useUiStore.getState().previewToggled(false)
        }}
      >
        ×
      </button>
      {item ? <PreviewBody item={item} /> : <p className="preview-empty">{t('preview.nothing')}</p>}
    </aside>
  )
}
