import { cleanup, fireEvent, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { Modal } from './modal'

afterEach(() => {
  cleanup()
  document.body.innerHTML = ''
})

/** A page as main.tsx mounts it: #root holding a button that had the focus. */
function page(): { root: HTMLElement; opener: HTMLButtonElement } {
  const root = document.createElement('div')
  root.id = 'root'
  const opener = document.createElement('button')
  opener.textContent = 'Open'
  root.append(opener)
  document.body.append(root)
  opener.focus()
  return { root, opener }
}

describe('Modal', () => {
  it('makes the page under it inert until the last dialog closes, then gives the focus back', () => {
    const { root, opener } = page()
    const first = render(
      <Modal label="First" onClose={() => undefined}>
        <button type="button">Inside</button>
      </Modal>,
    )
    expect(root.hasAttribute('inert')).toBe(true)
    // Rendered beside the page, not in it: an inert page would take the dialog with it.
    expect(root.contains(screen.getByRole('dialog', { name: 'First' }))).toBe(false)
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Inside' }))

    const second = render(
      <Modal label="Second" onClose={() => undefined}>
        <button type="button">Also inside</button>
      </Modal>,
    )
    second.unmount()
    expect(root.hasAttribute('inert')).toBe(true)
    first.unmount()
    expect(root.hasAttribute('inert')).toBe(false)
    expect(document.activeElement).toBe(opener)
  })

  it('closes on Escape', () => {
    page()
    let closed = 0
    render(
      <Modal label="Sheet" onClose={() => (closed += 1)}>
        <button type="button">Inside</button>
      </Modal>,
    )
    fireEvent.keyDown(window, { key: 'Escape' })
    expect(closed).toBe(1)
  })
})
