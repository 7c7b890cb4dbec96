import { create } from 'zustand'
import type { Settings } from '../../src-shared/domain'
import type { AppInfo, CredentialsStatus } from '../../src-shared/ipc'
import type { AppError } from '../../src-shared/result'

export interface AppState {
  info: AppInfo | null
  settings: Settings | null
  credentials: CredentialsStatus | null
  /** The last error worth showing in the banner; cleared by the user. */
  error: AppError | null
  appLoaded: (info: AppInfo, settings: Settings, credentials: CredentialsStatus) => void
  settingsChanged: (settings: Settings) => void
  /**
   * Saves of this page still in flight. While any is, what main says of the settings (an echo of
   * an earlier save) is older than what the page shows, so it waits for the last reply.
   */
  settingsSaving: number
  settingsSaveStarted: () => void
  settingsSaveEnded: () => void
  credentialsChanged: (credentials: CredentialsStatus) => void
  infoChanged: (info: AppInfo) => void
  errorRaised: (error: AppError) => void
  errorDismissed: () => void
}

export const useAppStore = create<AppState>()((set) => ({
  info: null,
  settings: null,
  credentials: null,
  error: null,
  appLoaded: (info, settings, credentials) => {
    set({ info, settings, credentials })
  },
  settingsChanged: (settings) => {
    set({ settings })
  },
  settingsSaving: 0,
  settingsSaveStarted: () => {
    set((state) => ({ settingsSaving: state.settingsSaving + 1 }))
  },
  settingsSaveEnded: () => {
    set((state) => ({ settingsSaving: Math.max(0, state.settingsSaving - 1) }))
  },
  credentialsChanged: (credentials) => {
    set({ credentials })
  },
  infoChanged: (info) => {
    set({ info })
  },
  errorRaised: (error) => {
    set({ error })
  },
  errorDismissed: () => {
    set({ error: null })
  },
}))
