import type { CustomScheme, Protocol } from 'electron'
import { buildCsp } from '../../src-shared/security/csp'
import { APP_SCHEME, THUMB_SCHEME } from './origins'
import { createAppProtocolHandler, createThumbProtocolHandler } from './protocol-handlers'

/**
 * Both schemes are standard (real origins, relative URLs resolve) and secure (treated like
 * https). Neither bypasses CSP. Must be registered before the app is ready.
 */
export const PRIVILEGED_SCHEMES: readonly CustomScheme[] = [
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  { scheme: THUMB_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]

export function registerPrivilegedSchemes(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>) {
  protocol.registerSchemesAsPrivileged([...PRIVILEGED_SCHEMES])
}

export interface ProtocolRoots {
  /** The built renderer (out/renderer). */
  rendererDir: string
  /** `<dataDir>/thumbs`. */
  thumbsDir: string
  /** Makes a missing thumbnail from the image's file (core/thumbnails/); true once it exists. */
  makeThumbnail?: (sha256: string) => Promise<boolean>
}

/** Serves the app and thumbnails; the app itself never loads from file://. */
export function registerProtocols(protocol: Pick<Protocol, 'handle'>, roots: ProtocolRoots): void {
  const app = createAppProtocolHandler({ rendererDir: roots.rendererDir, csp: buildCsp() })
  const thumb = createThumbProtocolHandler({
    thumbsDir: roots.thumbsDir,
    ...(roots.makeThumbnail ? { make: roots.makeThumbnail } : {}),
  })
  protocol.handle(APP_SCHEME, (request) => app(request))
  protocol.handle(THUMB_SCHEME, (request) => thumb(request))
}
