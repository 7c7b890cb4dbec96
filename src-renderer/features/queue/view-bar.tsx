import { useT } from '../../i18n/use-t'
import { TILE_SIZES, useUiStore } from '../../stores/ui-store'

/** The grid's tile size, like the Review Tool's "reviews to display": 96 to 320 px. */
export function TileSizeBar() {
  const t = useT()
  const tileSize = useUiStore((s) => s.tileSize)
  return (
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
  )
}
