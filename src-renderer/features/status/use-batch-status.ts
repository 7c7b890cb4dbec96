import { useEffect, useRef } from 'react'
import { nextAnnouncement, type Announcement } from './batch-pace'

/**
 * A live region's ref, filled with the status text at most every 10 s while a batch runs and at
 * once when it ends, so a screen reader hears progress politely and rarely. The text is set
 * here, not rendered, so React re-rendering on each tick never re-announces it.
 */
export function useRareAnnouncement(text: string, running: boolean) {
  const region = useRef<HTMLSpanElement>(null)
  const last = useRef<Announcement | null>(null)
  const wasRunning = useRef(running)
  useEffect(() => {
    const next = nextAnnouncement(last.current, text, Date.now(), wasRunning.current && !running)
    wasRunning.current = running
    const element = region.current
    if (next === null || element === null) return
    last.current = next
    element.textContent = next.text
  }, [text, running])
  return region
}
