/**
 * Whether a key press is text being typed (a field, a select, an editable element): bare-key
 * shortcuts never fire then (docs/architecture.md §6).
 */
export function isTyping(target: EventTarget | null): boolean {
  const element = target as HTMLElement | null
  return (
    element?.tagName === 'INPUT' ||
    element?.tagName === 'TEXTAREA' ||
    element?.tagName === 'SELECT' ||
    element?.isContentEditable === true
  )
}

/** A dialog holds the keyboard while it is open: page shortcuts wait until it closes. */
export function dialogOpen(doc: Document = document): boolean {
  return doc.querySelector('[aria-modal="true"]') !== null
}
