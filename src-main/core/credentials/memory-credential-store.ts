import { ok, type Result } from '../../../src-shared/result'
import type { CredentialStore, KeychainSecret } from './credential-store'

/** For unit tests only: a keychain that lives and dies with the process. */
export class MemoryCredentialStore implements CredentialStore {
  readonly kind = 'memory'
  private readonly entries = new Map<string, KeychainSecret>()

  read(profile: string): Promise<Result<KeychainSecret | null>> {
    return Promise.resolve(ok(this.entries.get(profile) ?? null))
  }

  write(profile: string, secret: KeychainSecret): Promise<Result<void>> {
    this.entries.set(profile, secret)
    return Promise.resolve(ok(undefined))
  }

  delete(profile: string): Promise<Result<boolean>> {
    return Promise.resolve(ok(this.entries.delete(profile)))
  }

  list(): Promise<Result<string[]>> {
    return Promise.resolve(ok([...this.entries.keys()].sort()))
  }
}
