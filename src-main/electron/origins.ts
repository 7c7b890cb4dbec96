export const APP_SCHEME = 'app'
export const THUMB_SCHEME = 'thumb'
export const APP_HOST = 'greenlight'
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`

/**
 * `scheme://host[:port]` of a URL, or null. Computed by hand because Node's `URL.origin` is
 * "null" for schemes it does not know, such as our `app:`.
 */
export function originOf(url: string): string | null {
  try {
    const parsed = new URL(url)
    if (parsed.host === '') return null
    return `${parsed.protocol}//${parsed.host}`
  } catch {
    return null
  }
}

/**
 * The origins our own pages load from: the `app://` origin, plus the electron-vite dev server
 * when one is given (only ever passed in an unpackaged build).
 */
export function trustedOrigins(devServerUrl?: string): ReadonlySet<string> {
  const origins = new Set([APP_ORIGIN])
  const dev = devServerUrl ? originOf(devServerUrl) : null
  if (dev) origins.add(dev)
  return origins
}

export function isTrustedUrl(url: string, origins: ReadonlySet<string>): boolean {
  const origin = originOf(url)
  return origin !== null && origins.has(origin)
}
