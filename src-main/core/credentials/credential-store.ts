import type { Result } from '../../../src-shared/result'

/** An Alibaba Cloud AccessKey, optionally a temporary STS one. */
export interface AccessKey {
  readonly accessKeyId: string
  readonly accessKeySecret: string
  readonly securityToken?: string
}

/** What the keychain holds for a profile: only the secret parts. The ID lives with the profile. */
export interface KeychainSecret {
  readonly accessKeySecret: string
  readonly securityToken?: string
}

/**
 * Where secrets are kept. The keychain adapter is the real one; env is read-only; memory is for
 * unit tests. None of them ever writes a secret anywhere else: no fallback to a file.
 */
export interface CredentialStore {
  readonly kind: 'keychain' | 'env' | 'memory'
  read(profile: string): Promise<Result<KeychainSecret | null>>
  write(profile: string, secret: KeychainSecret): Promise<Result<void>>
  delete(profile: string): Promise<Result<boolean>>
  /** Profiles that have a secret stored. */
  list(): Promise<Result<string[]>>
}

export const KEYCHAIN_SERVICE = 'Greenlight'
