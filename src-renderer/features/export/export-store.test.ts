import { beforeEach, describe, expect, it } from 'vitest'
import { useExportStore } from './export-store'

beforeEach(() => {
  useExportStore.setState({ dialogOpen: false, notice: null })
})

describe('export store', () => {
  it('closes the dialog when the export starts, counts while it runs, then says what was written', () => {
    const store = useExportStore.getState()
    store.dialogOpened()
    store.exportStarted()
    expect(useExportStore.getState()).toMatchObject({
      dialogOpen: false,
      notice: { kind: 'running', exportId: null, items: 0 },
    })
    store.progressChanged('e-1', 1500)
    expect(useExportStore.getState().notice).toEqual({
      kind: 'running',
      exportId: 'e-1',
      items: 1500,
    })
    const done = {
      status: 'done',
      exportId: 'e-1',
      fileName: 'a.csv',
      items: 2000,
      rows: 2000,
    } as const
    store.exportFinished({ ok: true, value: done })
    expect(useExportStore.getState().notice).toEqual({ kind: 'done', result: done })
    // A late count for a finished export does not turn the notice back into "running".
    store.progressChanged('e-1', 1999)
    expect(useExportStore.getState().notice?.kind).toBe('done')
  })

  it('a cancelled Save dialog leaves no notice at all', () => {
    const store = useExportStore.getState()
    store.exportStarted()
    store.exportFinished({ ok: true, value: { status: 'cancelled' } })
    expect(useExportStore.getState().notice).toBeNull()
  })

  it('keeps what the user chose for the next time the dialog opens', () => {
    const store = useExportStore.getState()
    store.choicesChanged({ format: 'json', history: true })
    store.dialogClosed()
    store.dialogOpened()
    expect(useExportStore.getState().choices).toEqual({
      format: 'json',
      layout: 'wide',
      scope: 'all',
      history: true,
    })
  })
})
