import { useLayoutEffect, useState } from 'react'

/**
 * An element's content width, kept current as the window resizes (the grid's column count).
 * Takes the element itself (from a callback ref), so a scroller that mounts later is measured.
 */
export function useElementWidth(element: HTMLElement | null): number {
  const [width, setWidth] = useState(0)
  useLayoutEffect(() => {
    if (!element) return
    const observer = new ResizeObserver(() => {
      setWidth(element.clientWidth)
    })
    observer.observe(element)
    return () => {
      observer.disconnect()
    }
  }, [element])
  return element ? width || element.clientWidth : 0
}
