import { useT } from '../../i18n/use-t'
import { TILE_SIZES, useUiStore, type QueueLayout } from '../../stores/ui-store'

const LAYOUTS: readonly QueueLayout[] = ['list', 'grid']

/**
 * How the queue is shown, beside the queue it changes: List or Grid (`g` switches too), and in
 * the grid the tile size, like the Review Tool's "reviews to display": 96 to 320 px.
 */
export function ViewBar() {
  const t = useT()
  const layout = useUiStore((s) => s.layout)
  const tileSize = useUiStore((s) => s.tileSize)
  return (
    <div className="view-bar">
      <div className="view-switch" role="group" aria-label={t('queue.view')}>
        {LAYOUTS.map((option) => (
          <button
            key={option}
            type="button"
            aria-pressed={layout === option}
            aria-keyshortcuts="g"
            title={`${t(option === 'list' ? 'queue.list' : 'queue.grid')} (g)`}
            className={layout === option ? 'view-option active' : 'view-option'}
            data-testid={`view-${option}`}
            onClick={() => {
              if (layout !== option) useUiStore.getState().layoutToggled()
            }}
          >
            {t(option === 'list' ? 'queue.list' : 'queue.grid')}
          </button>
        ))}
      </div>
      {layout === 'grid' ? (
        <div className="tile-size-bar">
          <label>
            <span>{t('queue.tileSize')}</span>
            <input
              type="range"
              min={TILE_SIZES.min}
              max={TILE_SIZES.max}
              step={TILE_SIZES.step}
              value={tileSize}
              aria-valuetext={`${String(tileSize)} px`}
              data-testid="tile-size"
              onChange={(event) => {
                useUiStore.getState().tileSizeChanged(Number(event.target.value))
              }}
            />
          </label>
          <span className="tile-size-value" aria-hidden="true">
            {tileSize} px
          </span>
        </div>
      ) : null}
    </div>
  )
}
