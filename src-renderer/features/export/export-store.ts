import { create } from 'zustand'
import type { ExportRunResult } from '../../../src-shared/ipc'
import type { AppError } from '../../../src-shared/result'

export type ExportScopeKind = 'all' | 'filter' | 'selection'

/** What the user picked in the dialog; kept between openings, like a desktop app does. */
export interface ExportChoices {
  readonly format: 'csv' | 'json'
  readonly layout: 'wide' | 'long'
  readonly scope: ExportScopeKind
  readonly history: boolean
}

export type ExportNotice =
  | { readonly kind: 'running'; readonly exportId: string | null; readonly items: number }
  | { readonly kind: 'done'; readonly result: Extract<ExportRunResult, { status: 'done' }> }
  | { readonly kind: 'failed'; readonly error: AppError }

export interface ExportState {
  dialogOpen: boolean
  choices: ExportChoices
  /** The export under way, or the last one's outcome until dismissed. */
  notice: ExportNotice | null
  dialogOpened: () => void
  dialogClosed: () => void
  choicesChanged: (patch: Partial<ExportChoices>) => void
  exportStarted: () => void
  progressChanged: (exportId: string, items: number) => void
  exportFinished: (
    outcome: { ok: true; value: ExportRunResult } | { ok: false; error: AppError },
  ) => void
  noticeDismissed: () => void
}

export const useExportStore = create<ExportState>()((set) => ({
  dialogOpen: false,
  choices: { format: 'csv', layout: 'wide', scope: 'all', history: false },
  notice: null,
  dialogOpened: () => {
    set({ dialogOpen: true })
  },
  dialogClosed: () => {
    set({ dialogOpen: false })
  },
  choicesChanged: (patch) => {
    set((state) => ({ choices: { ...state.choices, ...patch } }))
  },
  exportStarted: () => {
    set({ dialogOpen: false, notice: { kind: 'running', exportId: null, items: 0 } })
  },
  progressChanged: (exportId, items) => {
    set((state) =>
      state.notice?.kind === 'running' ? { notice: { kind: 'running', exportId, items } } : state,
    )
  },
  exportFinished: (outcome) => {
    if (!outcome.ok) set({ notice: { kind: 'failed', error: outcome.error } })
    // A closed Save dialog is the user changing their mind: nothing to report.
    else if (outcome.value.status === 'cancelled') set({ notice: null })
    else set({ notice: { kind: 'done', result: outcome.value } })
  },
  noticeDismissed: () => {
    set({ notice: null })
  },
}))
