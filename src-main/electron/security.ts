import type { Session, WebContents } from 'electron'
import { isTrustedUrl } from './origins'

/** The only places a link in the app may open, in the user's browser. https only. */
export const EXTERNAL_HOSTS: ReadonlySet<string> = new Set([
  'help.aliyun.com',
  'www.alibabacloud.com',
  'ram.console.aliyun.com',
])

export function isAllowedExternal(url: string): boolean {
  try {
    const parsed = new URL(url)
    return (
      parsed.protocol === 'https:' &&
      parsed.username === '' &&
      parsed.password === '' &&
      parsed.port === '' &&
      EXTERNAL_HOSTS.has(parsed.hostname)
    )
  } catch {
    return false
  }
}

export interface HardenOptions {
  /** Origins our own pages come from (see `trustedOrigins`). */
  origins: ReadonlySet<string>
  openExternal: (url: string) => Promise<void>
}

type GuardedContents = Pick<WebContents, 'on' | 'setWindowOpenHandler'>

/**
 * Pins a webContents to our origin: no navigation or redirect elsewhere, no new windows (an
 * allowlisted help link goes to the browser instead), no <webview>.
 */
export function hardenWebContents(contents: GuardedContents, options: HardenOptions): void {
  const guard = (event: { preventDefault: () => void; url: string }) => {
    if (!isTrustedUrl(event.url, options.origins)) event.preventDefault()
  }
  contents.on('will-navigate', guard)
  contents.on('will-frame-navigate', guard)
  contents.on('will-redirect', guard)
  contents.on('will-attach-webview', (event) => {
    event.preventDefault()
  })
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternal(url)) {
      options.openExternal(url).catch(() => {
        // No browser to hand the link to: nothing useful to do from main.
      })
    }
    return { action: 'deny' }
  })
}

type GuardedSession = Pick<
  Session,
  'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'
>

/** The app needs no web permission (camera, notifications, HID...): deny them all. */
export function hardenSession(session: GuardedSession): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => {
    callback(false)
  })
  session.setPermissionCheckHandler(() => false)
  session.setDevicePermissionHandler(() => false)
}
