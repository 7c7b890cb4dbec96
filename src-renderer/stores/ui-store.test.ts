import { beforeEach, describe, expect, it } from 'vitest'
import { TILE_SIZES, useUiStore } from './ui-store'

const ui = () => useUiStore.getState()

beforeEach(() => {
  localStorage.clear()
  useUiStore.setState({ layout: 'list', tileSize: TILE_SIZES.initial, picked: [] })
})

describe('ui store: the queue view', () => {
  it('switches layout and keeps it, with the tile size, in localStorage', () => {
    ui().layoutToggled()
    ui().tileSizeChanged(200)
    expect(ui().layout).toBe('grid')
    expect(JSON.parse(localStorage.getItem('greenlight.queue-view') ?? '{}')).toEqual({
      layout: 'grid',
      tileSize: 200,
    })
  })

  it('keeps the tile size between 96 and 320 px', () => {
    ui().tileSizeChanged(10)
    expect(ui().tileSize).toBe(TILE_SIZES.min)
    ui().tileSizeChanged(5000)
    expect(ui().tileSize).toBe(TILE_SIZES.max)
  })

  it('adds 100,000 picks at once, each once', () => {
    ui().picksAdded([3, 1])
    const all = Array.from({ length: 100_000 }, (_, i) => i + 1)
    ui().picksAdded(all)
    expect(ui().picked).toHaveLength(100_000)
    expect(ui().picked.slice(0, 3)).toEqual([3, 1, 2])
  })
})
