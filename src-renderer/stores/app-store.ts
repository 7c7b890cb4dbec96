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
