import type { CustomScheme, Protocol } from 'electron'
import { buildCsp } from '../../src-shared/security/csp'
import { APP_SCHEME, THUMB_SCHEME } from './origins'
import {
  createAppProtocolHandler,
  createThumbProtocolHandler,
  type PreviewUrlRequest,
} from './protocol-handlers'

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
  /** `<dataDir>/previews`, where the loupe's images are cached. */
  previewsDir?: string
  /** Makes (or finds) a preview from the image's file (core/thumbnails/previews.ts). */
  makePreview?: (request: PreviewUrlRequest) => Promise<string | null>
}

/** Serves the app, thumbnails and previews; the app itself never loads from file://. */
export function registerProtocols(protocol: Pick<Protocol, 'handle'>, roots: ProtocolRoots): void {
  const app = createAppProtocolHandler({ rendererDir: roots.rendererDir, csp: buildCsp() })
  const thumb = createThumbProtocolHandler({
    thumbsDir: roots.thumbsDir,
    ...(roots.makeThumbnail ? { make: roots.makeThumbnail } : {}),
    ...(roots.previewsDir !== undefined ? { previewsDir: roots.previewsDir } : {}),
    ...(roots.makePreview ? { preview: roots.makePreview } : {}),
  })
  protocol.handle(APP_SCHEME, (request) => app(request))
  protocol.handle(THUMB_SCHEME, (request) => thumb(request))
}
