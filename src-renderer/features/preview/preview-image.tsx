import { useRef, useState, type PointerEvent } from 'react'
import { judgedFrame, type Item } from '../../../src-shared/domain'
import { useBridge } from '../../bridge/bridge-context'
import { displayName } from '../../i18n/display-name'
import { useT } from '../../i18n/use-t'
import { useAppStore } from '../../stores/app-store'
import { useUiStore } from '../../stores/ui-store'
import { veilOf } from '../queue/veil'
import { previewPicture } from './preview-facts'
import { usePreviewStore } from './preview-store'

/**
 * The focused image, large: fitted to the pane, or at its own pixels (`z`) with panning by drag,
 * arrows or scrollbars. Main makes it from the file (EXIF-turned, a GIF's judged frame) and
 * serves it by hash; the veil is the element's own style, so no risky pixel shows unveiled.
 */
export function PreviewImage({ item }: { item: Item }) {
  const t = useT()
  const { bridge } = useBridge()
  const zoomed = usePreviewStore((s) => s.zoomed)
  const settings = useAppStore((s) => s.settings)
  const revealedId = useUiStore((s) => s.revealedId)
  const [failed, setFailed] = useState<readonly string[]>([])
  const stage = useRef<HTMLDivElement>(null)
  const drag = useRef<{ x: number; y: number } | null>(null)
  const picture = previewPicture(item)

  if (picture.kind !== 'image') {
    return (
      <div className="preview-stage preview-placeholder" data-testid="preview-stage">
        <p data-testid="preview-placeholder">
          {t(
            picture.kind === 'url'
              ? 'preview.noImage.url'
              : picture.kind === 'none'
                ? 'preview.noImage.none'
                : 'preview.noImage.notJudged',
          )}
        </p>
      </div>
    )
  }
  const frame = judgedFrame(item.results) ?? 0
  // The 1:1 view of an image too large to hold whole falls back to the fitted one, at its size.
  const sources = [
    ...(zoomed ? [bridge.previewUrl(picture.sha256, 'full', frame)] : []),
    bridge.previewUrl(picture.sha256, 'preview', frame),
  ]
  const src = sources.find((s) => !failed.includes(s))
  const pan = (event: PointerEvent<HTMLDivElement>) => {
    const from = drag.current
    if (!from || !stage.current) return
    stage.current.scrollBy({ left: from.x - event.clientX, top: from.y - event.clientY })
    drag.current = { x: event.clientX, y: event.clientY }
  }
  return (
    <div
      ref={stage}
      className={`preview-stage${zoomed ? ' zoomed' : ''}`}
      data-testid="preview-stage"
      data-zoomed={zoomed ? 'true' : 'false'}
      onPointerDown={(event) => {
        if (!zoomed) return
        drag.current = { x: event.clientX, y: event.clientY }
        event.currentTarget.setPointerCapture(event.pointerId)
      }}
      onPointerMove={pan}
      onPointerUp={() => {
        drag.current = null
      }}
    >
      {src === undefined ? (
        <p data-testid="preview-placeholder">{t('preview.noImage.none')}</p>
      ) : (
        <img
          key={src}
          src={src}
          alt={t('preview.image', { name: displayName(item.source) })}
          draggable={false}
          data-testid="preview-image"
          style={veilOf(item, settings, revealedId)}
          onError={() => {
            setFailed((was) => [...was, src])
          }}
        />
      )}
    </div>
  )
}
