import type * as KeytarModule from 'keytar'
import { err, ok, type Result } from '../../../src-shared/result'
import { KEYCHAIN_SERVICE, type CredentialStore, type KeychainSecret } from './credential-store'
import { keychainError } from './keychain-errors'

type Keytar = typeof KeytarModule

/** A locked keychain can block on a password prompt forever; we answer the user instead. */
const KEYCHAIN_TIMEOUT_MS = 15_000

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new Error(`The keychain timed out after ${String(ms / 1000)} s`))
    }, ms)
  })
  return Promise.race([work, timeout]).finally(() => {
    clearTimeout(timer)
  })
}

function parseSecret(stored: string): KeychainSecret | null {
  try {
    const value = JSON.parse(stored) as Partial<KeychainSecret>
    if (typeof value.accessKeySecret !== 'string' || value.accessKeySecret === '') return null
    return typeof value.securityToken === 'string' && value.securityToken !== ''
      ? { accessKeySecret: value.accessKeySecret, securityToken: value.securityToken }
      : { accessKeySecret: value.accessKeySecret }
  } catch {
    return null
  }
}

/**
 * The OS keychain through keytar (macOS Keychain, Windows Credential Vault, libsecret on Linux):
 * service `Greenlight`, one entry per profile, holding the secret and the STS token as JSON.
 * keytar is loaded lazily, so a system without libsecret gets a clear error, not a crash at start.
 */
export class KeytarCredentialStore implements CredentialStore {
  readonly kind = 'keychain'
  private keytar: Promise<Keytar> | undefined

  constructor(
    private readonly service: string = KEYCHAIN_SERVICE,
    private readonly timeoutMs: number = KEYCHAIN_TIMEOUT_MS,
  ) {}

  private load(): Promise<Keytar> {
    this.keytar ??= import('keytar').then((m) => (m as { default?: Keytar }).default ?? m)
    return this.keytar
  }

  private async call<T>(use: (keytar: Keytar) => Promise<T>): Promise<Result<T>> {
    try {
      const keytar = await this.load()
      return ok(await withTimeout(use(keytar), this.timeoutMs))
    } catch (thrown) {
      this.keytar = undefined
      return err(keychainError(thrown))
    }
  }

  async read(profile: string): Promise<Result<KeychainSecret | null>> {
    const stored = await this.call((k) => k.getPassword(this.service, profile))
    if (!stored.ok) return stored
    return ok(stored.value === null ? null : parseSecret(stored.value))
  }

  write(profile: string, secret: KeychainSecret): Promise<Result<void>> {
    const value = JSON.stringify(
      secret.securityToken
        ? { accessKeySecret: secret.accessKeySecret, securityToken: secret.securityToken }
        : { accessKeySecret: secret.accessKeySecret },
    )
    return this.call((k) => k.setPassword(this.service, profile, value))
  }

  delete(profile: string): Promise<Result<boolean>> {
    return this.call((k) => k.deletePassword(this.service, profile))
  }

  async list(): Promise<Result<string[]>> {
    const found = await this.call((k) => k.findCredentials(this.service))
    if (!found.ok) return found
    return ok(found.value.map((c) => c.account).sort())
  }
}
