import { useState, type CSSProperties } from 'react'
import type { Item } from '../../src-shared/domain'
import { useBridge } from '../bridge/bridge-context'

/**
 * The item's thumbnail by content hash, or a placeholder: for URLs, for images not scanned yet,
 * and for the rare image main could not make a thumbnail of (the load error is expected then).
 */
export function Thumbnail({
  item,
  style,
}: {
  item: Pick<Item, 'state' | 'sha256' | 'sourceKind'>
  /** The veil (blur, grey) for a risky image: on the element itself, from its first frame. */
  style?: CSSProperties | undefined
}) {
  const { bridge } = useBridge()
  const sha256 = item.state === 'done' ? item.sha256 : null
  const [failedFor, setFailedFor] = useState<string | null>(null)
  if (sha256 === null || failedFor === sha256) {
    return <span className="thumb-placeholder">{item.sourceKind === 'url' ? '🔗' : '▣'}</span>
  }
  return (
    <img
      src={bridge.thumbnailUrl(sha256)}
      alt=""
      loading="lazy"
      // Decoded off the main thread: a fast scroll brings several new thumbnails a frame.
      decoding="async"
      style={style}
      onError={() => {
        setFailedFor(sha256)
      }}
    />
  )
}
