import { useEffect, useRef, type ReactNode } from 'react'
import { createPortal } from 'react-dom'

const FOCUSABLE =
  'button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])'

/** Tab stops inside the dialog: of a radio group only the checked radio is one (ARIA radio group). */
function tabStops(box: HTMLElement): HTMLElement[] {
  return [...box.querySelectorAll<HTMLElement>(FOCUSABLE)].filter(
    (el) => !(el instanceof HTMLInputElement && el.type === 'radio' && !el.checked),
  )
}

/** Dialogs open now: the page under them stays inert until the last one closes. */
let openDialogs = 0

/**
 * The page (#root) is made inert while a dialog is open, so neither the mouse, Tab nor a screen
 * reader reaches what the backdrop covers, and accessibility checks judge the dialog alone.
 */
function pageInert(inert: boolean): void {
  openDialogs += inert ? 1 : -1
  document.getElementById('root')?.toggleAttribute('inert', openDialogs > 0)
}

/**
 * A modal dialog that behaves like one: focus moves in and stays in (Tab wraps), Escape closes,
 * and focus goes back to what had it before, so a keyboard user is never lost. It renders into
 * <body>, beside the page it makes inert.
 */
export function Modal(props: {
  label: string
  onClose: () => void
  children: ReactNode
  testId?: string
  /** Which element takes focus first; the first focusable one otherwise. */
  initialFocus?: string
}) {
  const ref = useRef<HTMLDivElement>(null)
  const onClose = useRef(props.onClose)
  useEffect(() => {
    onClose.current = props.onClose
  })
  const initialFocus = props.initialFocus

  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null
    pageInert(true)
    const box = ref.current
    const first = initialFocus ? box?.querySelector<HTMLElement>(initialFocus) : null
    ;(first ?? (box ? tabStops(box)[0] : null) ?? box)?.focus()
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        event.preventDefault()
        event.stopPropagation()
        onClose.current()
        return
      }
      if (event.key !== 'Tab' || !box) return
      const items = tabStops(box)
      const head = items[0]
      const tail = items.at(-1)
      if (!head || !tail) {
        event.preventDefault()
        return
      }
      const active = document.activeElement
      if (event.shiftKey && (active === head || !box.contains(active))) {
        event.preventDefault()
        tail.focus()
      } else if (!event.shiftKey && (active === tail || !box.contains(active))) {
        event.preventDefault()
        head.focus()
      }
    }
    // Capture: the queue and the panels below must not see keys meant for the dialog.
    window.addEventListener('keydown', onKey, true)
    return () => {
      window.removeEventListener('keydown', onKey, true)
      // The page comes back first: an inert element cannot take the focus back.
      pageInert(false)
      if (previous && document.contains(previous)) previous.focus()
    }
  }, [initialFocus])

  return createPortal(
    <div
      className="modal-backdrop"
      onClick={() => {
        props.onClose()
      }}
    >
      <div
        ref={ref}
        className="modal"
        role="dialog"
        aria-modal="true"
        aria-label={props.label}
        tabIndex={-1}
        data-testid={props.testId}
        onClick={(event) => {
          event.stopPropagation()
        }}
      >
        {props.children}
      </div>
    </div>,
    document.body,
  )
}
