import { useEffect, type RefObject } from 'react'

const FOCUSABLE =
  'button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])'

/**
 * Keeps Tab inside a modal, closes it on Escape, and gives focus back to whatever had it before
 * (the button or key that opened it), as WAI-ARIA's dialog pattern asks.
 */
export function useFocusTrap(ref: RefObject<HTMLElement | null>, onClose: () => void): void {
  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null
    const root = ref.current
    // Tab reaches only the checked radio of a group, so the others are not stops.
    const focusables = () =>
      [...(root?.querySelectorAll<HTMLElement>(FOCUSABLE) ?? [])].filter(
        (el) => !(el instanceof HTMLInputElement && el.type === 'radio' && !el.checked),
      )
    const initial = root?.querySelector<HTMLElement>('input:checked') ?? focusables()[0]
    initial?.focus()
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        event.preventDefault()
        onClose()
        return
      }
      if (event.key !== 'Tab') return
      const all = focusables()
      const first = all[0]
      const last = all.at(-1)
      if (!first || !last) return
      const active = document.activeElement
      const inside = active instanceof Node && root?.contains(active) === true
      if (event.shiftKey && (active === first || !inside)) {
        event.preventDefault()
        last.focus()
      } else if (!event.shiftKey && (active === last || !inside)) {
        event.preventDefault()
        first.focus()
      }
    }
    window.addEventListener('keydown', onKey)
    return () => {
      window.removeEventListener('keydown', onKey)
      opener?.focus()
    }
  }, [ref, onClose])
}
