import { REGIONS, type Region } from '../../../src-shared/domain'
import type { CredentialsStatus, ProfileSummary } from '../../../src-shared/ipc'
import { appError, err, ok, type Result } from '../../../src-shared/result'
import { parseCustomEndpoint } from '../engines/green/green-endpoint'
import type { Logger } from '../log/logger'
import type { Profile, ProfilesStore } from '../store/ports/profiles-store'
import type { AccessKey, CredentialStore } from './credential-store'
import { readEnvAccessKey } from './env-credentials'
import { maskAccessKeyId } from './mask'

export const DEFAULT_PROFILE = 'default'

/** What a scan needs to reach Green: the key, and where to send it. */
export interface ResolvedCredentials {
  readonly accessKey: AccessKey
  readonly source: 'keychain' | 'env'
  readonly profile: string | null
  readonly region: Region
  readonly endpoint: string | null
}

export interface SetCredentialsInput {
  readonly profile?: string
  readonly accessKeyId: string
  readonly accessKeySecret: string
  readonly securityToken?: string
  readonly region?: Region
  readonly endpoint?: string | null
}

export interface CredentialsServiceOptions {
  readonly store: CredentialStore
  readonly profiles: ProfilesStore
  readonly env: NodeJS.ProcessEnv
  /** The CLI lets the environment win over the keychain; the desktop app prefers the keychain. */
  readonly preferEnv: boolean
  /** The region to use with env credentials when no profile says otherwise. */
  readonly fallbackRegion: () => Promise<Region>
  /**
   * The endpoint for a key that comes without a profile (env vars): the settings' custom
   * endpoint, so an env-only setup can still point at a private endpoint or the emulator.
   */
  readonly fallbackEndpoint?: () => Promise<string | null>
  /**
   * Keeps the region and endpoint for a key that comes without a profile (the settings), so
   * they can be changed with the key in the environment and no keychain at all.
   */
  readonly saveFallbackTarget?: (target: {
    region: Region
    endpoint: string | null
  }) => Promise<void>
  /** Told every secret it sees, so not even an error message can carry one into the log. */
  readonly logger?: Logger
  /**
   * Told after a key was written to or removed from the keychain, which no database trigger
   * sees, so other processes hear of it (the change feed, docs/architecture.md §3).
   */
  readonly keychainChanged?: () => Promise<void>
}

const PROFILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/

function validate(
  input: SetCredentialsInput,
): Result<{ profile: string; endpoint: string | null }> {
  const profile = input.profile ?? DEFAULT_PROFILE
  if (!PROFILE_NAME.test(profile)) {
    return err(
      appError(
        'VALIDATION',
        `Profile names use letters, digits, ".", "_" and "-" (got "${profile}").`,
      ),
    )
  }
  if (!/^[\x21-\x7e]{4,128}$/.test(input.accessKeyId)) {
    return err(
      appError(
        'VALIDATION',
        'The AccessKey ID looks wrong: it should be printable characters with no spaces.',
      ),
    )
  }
  if (input.accessKeySecret.trim() === '' || /\s/.test(input.accessKeySecret)) {
    return err(appError('VALIDATION', 'The AccessKey secret is empty or contains spaces.'))
  }
  if (input.region !== undefined && !REGIONS.includes(input.region)) {
    return err(
      appError('VALIDATION', `Unknown region "${input.region}". Use one of ${REGIONS.join(', ')}.`),
    )
  }
  let endpoint: string | null = null
  if (input.endpoint) {
    const parsed = parseCustomEndpoint(input.endpoint, 'Green endpoint')
    if (!parsed.ok) return parsed
    endpoint = parsed.value.origin
  }
  return ok({ profile, endpoint })
}

/**
 * Credentials with one rule above all: the secret lives only in the keychain (or the caller's
 * environment). Profile metadata (name, region, endpoint, AccessKey ID) is ordinary data in
 * SQLite; the secret and STS token never touch it, a log, or the renderer.
 */
export class CredentialsService {
  constructor(private readonly options: CredentialsServiceOptions) {}

  private envKey(): AccessKey | null {
    const key = readEnvAccessKey(this.options.env)
    if (key) this.redact(key)
    return key
  }

  private redact(key: { accessKeySecret: string; securityToken?: string | undefined }): void {
    this.options.logger?.redact(key.accessKeySecret)
    if (key.securityToken) this.options.logger?.redact(key.securityToken)
  }

  /** Status without touching the keychain (no unlock prompt just to draw the header). */
  async status(): Promise<CredentialsStatus> {
    const envKey = this.envKey()
    const active = await this.options.profiles.active()
    if (envKey && (this.options.preferEnv || !active)) {
      return {
        configured: true,
        accessKeyIdMasked: maskAccessKeyId(envKey.accessKeyId),
        source: 'env',
        region: active?.region ?? (await this.options.fallbackRegion()),
        endpoint: active?.endpoint ?? (await this.options.fallbackEndpoint?.()) ?? null,
        profile: null,
      }
    }
    if (active) {
      return {
        configured: true,
        accessKeyIdMasked: maskAccessKeyId(active.accessKeyId),
        source: 'keychain',
        region: active.region,
        endpoint: active.endpoint,
        profile: active.name,
      }
    }
    return {
      configured: false,
      accessKeyIdMasked: null,
      source: 'none',
      region: null,
      endpoint: null,
      profile: null,
    }
  }

  /** The key a scan should use, or null when none is configured. */
  async resolve(): Promise<Result<ResolvedCredentials | null>> {
    const envKey = this.envKey()
    const active = await this.options.profiles.active()
    const fromEnv = async (key: AccessKey): Promise<Result<ResolvedCredentials>> =>
      ok({
        accessKey: key,
        source: 'env',
        profile: null,
        region: active?.region ?? (await this.options.fallbackRegion()),
        endpoint: active?.endpoint ?? (await this.options.fallbackEndpoint?.()) ?? null,
      })
    if (envKey && (this.options.preferEnv || !active)) return fromEnv(envKey)
    if (!active) return ok(null)
    const fromKeychain = await this.fromKeychain(active)
    // A keychain that cannot be read falls back to the environment's key; a profile whose
    // secret is gone is reported instead of silently using another key.
    if (!fromKeychain.ok && fromKeychain.error.code !== 'CREDENTIALS_MISSING' && envKey) {
      return fromEnv(envKey)
    }
    return fromKeychain
  }

  /** One stored profile's key, whichever is active and whatever the environment holds. */
  async resolveProfile(name: string): Promise<Result<ResolvedCredentials>> {
    const profile = await this.options.profiles.get(name)
    if (!profile)
      return err(
        appError('NOT_FOUND', `There is no profile named "${name}".`, false, {
          reason: 'profile',
          profile: name,
        }),
      )
    return this.fromKeychain(profile)
  }

  private async fromKeychain(profile: Profile): Promise<Result<ResolvedCredentials>> {
    const secret = await this.options.store.read(profile.name)
    if (!secret.ok) return secret
    if (secret.value === null) {
      return err(
        appError(
          'CREDENTIALS_MISSING',
          `Profile "${profile.name}" has no secret in the keychain (it may have been removed there).`,
          false,
          { reason: 'profile-secret', profile: profile.name },
        ),
      )
    }
    this.redact(secret.value)
    return ok({
      accessKey: {
        accessKeyId: profile.accessKeyId,
        accessKeySecret: secret.value.accessKeySecret,
        ...(secret.value.securityToken ? { securityToken: secret.value.securityToken } : {}),
      },
      source: 'keychain',
      profile: profile.name,
      region: profile.region,
      endpoint: profile.endpoint,
    })
  }

  /** Keychain first: if it refuses, nothing is written anywhere and the user hears why. */
  async set(input: SetCredentialsInput): Promise<Result<CredentialsStatus>> {
    this.redact(input)
    const valid = validate(input)
    if (!valid.ok) return valid
    const { profile, endpoint } = valid.value
    const written = await this.options.store.write(profile, {
      accessKeySecret: input.accessKeySecret,
      ...(input.securityToken ? { securityToken: input.securityToken } : {}),
    })
    if (!written.ok) {
      this.options.logger?.warn('credentials not saved', { profile, code: written.error.code })
      return written
    }
    this.options.logger?.info('credentials saved to the keychain', {
      profile,
      accessKeyId: maskAccessKeyId(input.accessKeyId),
    })
    await this.options.keychainChanged?.()
    const existing = await this.options.profiles.get(profile)
    await this.options.profiles.upsert(
      {
        name: profile,
        region: input.region ?? existing?.region ?? (await this.options.fallbackRegion()),
        endpoint: input.endpoint === undefined ? (existing?.endpoint ?? null) : endpoint,
        accessKeyId: input.accessKeyId,
      },
      true,
    )
    return ok(await this.status())
  }

  /**
   * Where the next scan and the next connection test go, whatever the key's source: the active
   * profile's region and endpoint when there is one, and the fallback (the settings) always, so
   * an env key, or none yet, gets them too. Touches no secret, so no keychain is needed.
   */
  async setTarget(target: {
    region: Region
    endpoint: string | null
  }): Promise<Result<CredentialsStatus>> {
    if (!REGIONS.includes(target.region)) {
      return err(
        appError(
          'VALIDATION',
          `Unknown region "${target.region}". Use one of ${REGIONS.join(', ')}.`,
        ),
      )
    }
    let endpoint: string | null = null
    if (target.endpoint !== null && target.endpoint.trim() !== '') {
      const parsed = parseCustomEndpoint(target.endpoint.trim(), 'Green endpoint')
      if (!parsed.ok) return parsed
      endpoint = parsed.value.origin
    }
    const active = await this.options.profiles.active()
    if (active) {
      await this.options.profiles.upsert({ ...active, region: target.region, endpoint }, false)
    }
    await this.options.saveFallbackTarget?.({ region: target.region, endpoint })
    this.options.logger?.info('Green region and endpoint saved', {
      region: target.region,
      endpoint: endpoint ?? 'default',
      profile: active?.name ?? 'none',
    })
    return ok(await this.status())
  }

  async delete(profileName?: string): Promise<Result<CredentialsStatus>> {
    const name = profileName ?? (await this.options.profiles.active())?.name ?? DEFAULT_PROFILE
    const known = await this.options.profiles.get(name)
    const removed = await this.options.store.delete(name)
    if (!removed.ok) return removed
    if (removed.value) await this.options.keychainChanged?.()
    if (!known && !removed.value) {
      return err(
        appError('NOT_FOUND', `There is no profile named "${name}".`, false, {
          reason: 'profile',
          profile: name,
        }),
      )
    }
    await this.options.profiles.delete(name)
    return ok(await this.status())
  }

  async activate(profileName: string): Promise<Result<CredentialsStatus>> {
    if (!(await this.options.profiles.activate(profileName))) {
      return err(
        appError('NOT_FOUND', `There is no profile named "${profileName}".`, false, {
          reason: 'profile',
          profile: profileName,
        }),
      )
    }
    return ok(await this.status())
  }

  /** Every profile, marking any whose keychain entry has gone missing. */
  async list(): Promise<Result<ProfileSummary[]>> {
    const profiles = await this.options.profiles.list()
    const inKeychain = await this.options.store.list()
    const stored = inKeychain.ok ? new Set(inKeychain.value) : null
    return ok(
      profiles.map((p: Profile) => ({
        name: p.name,
        region: p.region,
        endpoint: p.endpoint,
        accessKeyIdMasked: maskAccessKeyId(p.accessKeyId),
        active: p.active,
        inKeychain: stored === null ? null : stored.has(p.name),
      })),
    )
  }
}
