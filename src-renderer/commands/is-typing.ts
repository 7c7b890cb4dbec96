/** Inputs that take no text: a key pressed on one (after a filter click) is a shortcut. */
const NOT_TEXT = new Set(['checkbox', 'button', 'submit', 'reset', 'image', 'file', 'color'])
/** Inputs that take no text but own the arrow keys (and Space, Home, End, the page keys). */
const OWN_ARROWS = new Set(['radio', 'range'])
const CONTROL_KEYS = new Set([
  'ArrowUp',
  'ArrowDown',
  'ArrowLeft',
  'ArrowRight',
  'Home',
  'End',
  'PageUp',
  'PageDown',
  ' ',
])

/**
 * Whether a key press is text being typed (a field, a select, an editable element): bare-key
 * shortcuts never fire then (docs/architecture.md §6). A checkbox or a button takes no text, so
 * a shortcut pressed after clicking one still works; a radio or a slider keeps its arrows, and
 * without `key` counts as typing.
 */
export function isTyping(target: EventTarget | null, key?: string): boolean {
  const element = target as HTMLElement | null
  if (element?.tagName === 'INPUT') {
    const type = (element as HTMLInputElement).type
    if (NOT_TEXT.has(type)) return false
    if (OWN_ARROWS.has(type)) return key === undefined || CONTROL_KEYS.has(key)
    return true
  }
  return (
    element?.tagName === 'TEXTAREA' ||
    element?.tagName === 'SELECT' ||
    element?.isContentEditable === true
  )
}

/** A dialog holds the keyboard while it is open: page shortcuts wait until it closes. */
export function dialogOpen(doc: Document = document): boolean {
  return doc.querySelector('[aria-modal="true"]') !== null
}
