import type { Region } from '../../../../src-shared/domain'

/** A credential profile as stored: everything but the secret, which only the keychain holds. */
export interface Profile {
  name: string
  region: Region
  endpoint: string | null
  accessKeyId: string
  active: boolean
}

/** Credential profiles by name; at most one is active, and one always is while any exist. */
export interface ProfilesStore {
  /** By name. */
  list(): Promise<Profile[]>
  get(name: string): Promise<Profile | undefined>
  active(): Promise<Profile | undefined>
  /** Creates or updates a profile; the first profile, or one saved with `activate`, becomes active. */
  upsert(profile: Omit<Profile, 'active'>, activate: boolean): Promise<Profile>
  /** Removes a profile; if it was active, the first remaining one (by name) takes over. */
  delete(name: string): Promise<boolean>
  activate(name: string): Promise<boolean>
}
