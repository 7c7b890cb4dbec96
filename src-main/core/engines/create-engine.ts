import type { EngineId, LocalThresholds, Settings } from '../../../src-shared/domain'
import { appError, err, ok, type Result } from '../../../src-shared/result'
import type { RoaCredentials } from './green/roa-signer'
import { GreenEngine } from './green/green-engine'
import { LocalEngine } from './local/local-engine'
import type { ScanEngine } from './scan-engine'

/**
 * Where Green's account comes from at the moment an engine is built (the credentials service,
 * credentials/credentials-service.ts). Structural, so engines/ sits below credentials/
 * (docs/architecture.md §1).
 */
export interface GreenAccountSource {
  resolve(): Promise<
    Result<{
      readonly accessKey: RoaCredentials
      readonly region: string
      readonly endpoint: string | null
    } | null>
  >
}

/** Per-run choices that beat the stored profile (the CLI's --region and --endpoint). */
export interface EngineOverrides {
  readonly region?: string
  readonly endpoint?: string
  /** The user's local-engine cut-offs (settings); the engine's defaults otherwise. */
  readonly localThresholds?: LocalThresholds
  /** Where Green's pre-flight writes re-encoded copies (e.g. <dataDir>/tmp); none: no pre-flight. */
  readonly tempDir?: string
  /** Frame sampling for GIFs and long images (settings.frameHints); engine defaults otherwise. */
  readonly frameHints?: Settings['frameHints']
  /** Where the local engine keeps its model in binary form (<dataDir>/cache); none: not kept. */
  readonly cacheDir?: string
}

// How to add a key is the host's advice (cli/error-advice.ts, the app's "Open settings").
const NO_ACCOUNT = appError(
  'CREDENTIALS_MISSING',
  'The Green engine needs an Alibaba Cloud AccessKey. To scan offline instead, use the local engine.',
  false,
  { reason: 'no-account' },
)

/**
 * Builds the engine a scan asked for. Green reads its key from the credentials service at this
 * moment, so a key saved a second ago is used and a removed one is not.
 */
export async function createEngine(
  id: EngineId,
  credentials: GreenAccountSource,
  overrides: EngineOverrides = {},
): Promise<Result<ScanEngine>> {
  if (id === 'local') {
    return ok(
      new LocalEngine({
        ...(overrides.localThresholds ? { thresholds: overrides.localThresholds } : {}),
        ...(overrides.frameHints ? { maxFrames: overrides.frameHints.maxFrames } : {}),
        ...(overrides.cacheDir ? { poolOptions: { init: { cacheDir: overrides.cacheDir } } } : {}),
        // Created just before a scan: the model loads while the inputs are walked and hashed.
        preload: true,
      }),
    )
  }
  const resolved = await credentials.resolve()
  if (!resolved.ok) return resolved
  if (resolved.value === null) return err(NO_ACCOUNT)
  const key = resolved.value
  const endpoint = overrides.endpoint ?? key.endpoint ?? undefined
  return GreenEngine.create({
    ...(overrides.tempDir ? { preflight: { tempDir: overrides.tempDir } } : {}),
    ...(overrides.frameHints ? { frameHints: overrides.frameHints } : {}),
    client: {
      credentials: key.accessKey,
      region: overrides.region ?? key.region,
      ...(endpoint ? { endpoint } : {}),
    },
  })
}
