import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, expect, it } from 'vitest'
import type { ItemFacets, ItemFilter, ItemSort } from '../../../src-shared/domain'
import type { GreenlightBridge } from '../../../src-shared/ipc'
import { BridgeProvider } from '../../bridge/bridge-context'
import type { Sync } from '../../bridge/sync'
import { useItemsStore } from '../../stores/items-store'
import { FiltersBar } from './filters-bar'

const FACETS: ItemFacets = {
  total: 9,
  verdicts: [
    { state: 'done', suggestion: 'block', count: 3 },
    { state: 'done', suggestion: 'review', count: 4 },
    { state: 'failed', suggestion: null, count: 2 },
  ],
  scenes: [{ value: 'qrcode', count: 4 }],
  labels: [{ value: 'programCode', count: 2 }],
  engines: [{ value: 'local', count: 9 }],
  corrected: { yes: 1, no: 8 },
  folders: [],
}

let asked: ItemFilter[]
let filters: ItemFilter[]
let sorts: ItemSort[]
let holdPages = false

function renderBar() {
  const bridge = {
    invoke: (channel: string, payload: { filter: ItemFilter }) => {
      if (channel === 'items:facets') asked.push(payload.filter)
      return Promise.resolve({ ok: true, value: { ...FACETS, revision: 1 } })
    },
  } as unknown as GreenlightBridge
  // What sync does on a new filter or order: the store holds it, then its first page comes
  // (here at once, unless a test holds it back).
  const sync = {
    setFilter: (filter: ItemFilter) => {
      filters.push(filter)
      useItemsStore.getState().filterChanged(filter)
      if (!holdPages) useItemsStore.setState({ pending: false })
      return Promise.resolve()
    },
    setSort: (sort: ItemSort) => {
      sorts.push(sort)
      useItemsStore.getState().sortChanged(sort)
      if (!holdPages) useItemsStore.setState({ pending: false })
      return Promise.resolve()
    },
  } as unknown as Sync
  render(
    <BridgeProvider bridge={bridge} sync={sync}>
      <FiltersBar />
    </BridgeProvider>,
  )
}

beforeEach(() => {
  asked = []
  filters = []
  sorts = []
  holdPages = false
  useItemsStore.setState({ filter: {}, sort: 'newest', revision: 0, pending: false })
})
afterEach(cleanup)

it('shows the counts on the presets, and a preset keeps the other filters', async () => {
  renderBar()
  expect(await screen.findByRole('button', { name: /^Blocked\s*3$/ })).toBeTruthy()
  expect(screen.getByRole('button', { name: /^All\s*9$/ }).getAttribute('aria-pressed')).toBe(
    'true',
  )
  act(() => {
    useItemsStore.getState().filterChanged({ scene: 'qrcode' })
  })
  fireEvent.click(screen.getByRole('button', { name: /^Review/ }))
  expect(filters.at(-1)).toEqual({ scene: 'qrcode', suggestions: ['review'] })
  fireEvent.click(screen.getByRole('button', { name: /^Failed/ }))
  expect(filters.at(-1)).toEqual({ scene: 'qrcode', states: ['failed'] })
})

it('sorts, and sets scene, label in words, corrections and date under More filters', async () => {
  renderBar()
  fireEvent.change(screen.getByRole('combobox', { name: 'Sort' }), { target: { value: 'risk' } })
  expect(sorts).toEqual(['risk'])
  fireEvent.click(screen.getByRole('button', { name: 'More filters' }))
  const scene = screen.getByRole('combobox', { name: 'Flagged scene' })
  await waitFor(() => {
    expect(scene.textContent).toContain('qrcode (4)')
  })
  fireEvent.change(scene, { target: { value: 'qrcode' } })
  expect(filters.at(-1)).toEqual({ scene: 'qrcode' })
  const label = screen.getByRole('combobox', { name: 'Label' })
  expect(label.textContent).toContain('mini-program code (2)')
  fireEvent.change(label, { target: { value: 'programCode' } })
  fireEvent.change(screen.getByRole('combobox', { name: 'Corrections' }), {
    target: { value: 'false' },
  })
  expect(filters.at(-1)).toEqual({ scene: 'qrcode', label: 'programCode', corrected: false })
  expect(screen.getByRole('button', { name: 'More filters (3)' })).toBeTruthy()
  fireEvent.change(screen.getByRole('combobox', { name: 'Date' }), { target: { value: 'today' } })
  expect(filters.at(-1)?.from).toBeTypeOf('number')
  fireEvent.click(screen.getByRole('button', { name: 'Clear filters' }))
  expect(filters.at(-1)).toEqual({})
})

it('asks for the counts again when the filter changes and, throttled, when items change', async () => {
  renderBar()
  await waitFor(() => {
    expect(asked).toEqual([{}])
  })
  fireEvent.click(screen.getByRole('button', { name: /^Blocked/ }))
  await waitFor(() => {
    expect(asked.at(-1)).toEqual({ suggestions: ['block'] })
  })
  const before = asked.length
  act(() => {
    useItemsStore.setState({ revision: 5 })
  })
  await waitFor(
    () => {
      expect(asked.length).toBe(before + 1)
    },
    { timeout: 5000 },
  )
})

it('asks for the counts only once the new filter’s first page is shown', async () => {
  renderBar()
  await waitFor(() => {
    expect(asked).toEqual([{}])
  })
  holdPages = true
  fireEvent.click(screen.getByRole('button', { name: /^Blocked/ }))
  expect(useItemsStore.getState().pending).toBe(true)
  // Main answers one query at a time: the rows go first.
  await new Promise((resolve) => setTimeout(resolve, 50))
  expect(asked).toEqual([{}])
  act(() => {
    useItemsStore.setState({ pending: false })
  })
  await waitFor(() => {
    expect(asked.at(-1)).toEqual({ suggestions: ['block'] })
  })
})

it('Esc leaves the search with the search still applied', () => {
  renderBar()
  const search = screen.getByRole('searchbox', { name: 'Search name or path…' })
  search.focus()
  fireEvent.change(search, { target: { value: ' beach ' } })
  expect(filters.at(-1)).toEqual({ search: 'beach' })
  fireEvent.keyDown(search, { key: 'Escape' })
  expect(document.activeElement).not.toBe(search)
})
