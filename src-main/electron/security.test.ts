import { EventEmitter } from 'node:events'
import { describe, expect, it, vi } from 'vitest'
import { trustedOrigins } from './origins'
import { hardenSession, hardenWebContents, isAllowedExternal } from './security'

type OpenHandler = (details: { url: string }) => { action: string }

/** Just enough of a webContents to fire the events Electron would. */
function fakeContents() {
  const emitter = new EventEmitter()
  let openHandler: OpenHandler | null = null
  const contents = {
    on: (name: string, listener: (...args: unknown[]) => void) => {
      emitter.on(name, listener)
      return contents
    },
    setWindowOpenHandler: (handler: OpenHandler) => {
      openHandler = handler
    },
  }
  const fire = (name: string, url: string) => {
    const event = { url, preventDefault: vi.fn() }
    emitter.emit(name, event, url)
    return event.preventDefault.mock.calls.length > 0
  }
  const open = (url: string) => {
    if (!openHandler) throw new Error('no window open handler was set')
    return openHandler({ url })
  }
  return { contents, fire, open }
}

function harden(devServerUrl?: string) {
  const fake = fakeContents()
  const openExternal = vi.fn(() => Promise.resolve())
  // The fake implements only the members hardenWebContents uses.
  hardenWebContents(fake.contents as unknown as Parameters<typeof hardenWebContents>[0], {
    origins: trustedOrigins(devServerUrl),
    openExternal,
  })
  return { ...fake, openExternal }
}

describe('navigation guards', () => {
  it.each(['will-navigate', 'will-frame-navigate', 'will-redirect'])(
    'prevents %s to a foreign URL and allows our own origin',
    (name) => {
      const { fire } = harden()
      expect(fire(name, 'https://evil.example/phish')).toBe(true)
      expect(fire(name, 'file:///etc/passwd')).toBe(true)
      expect(fire(name, 'app://greenlight.evil/index.html')).toBe(true)
      expect(fire(name, 'app://greenlight/index.html#/settings')).toBe(false)
    },
  )

  it('allows the dev server origin only when one is configured', () => {
    expect(harden().fire('will-navigate', 'http://localhost:5173/')).toBe(true)
    expect(harden('http://localhost:5173').fire('will-navigate', 'http://localhost:5173/x')).toBe(
      false,
    )
  })

  it('prevents attaching a webview', () => {
    const { fire } = harden()
    expect(fire('will-attach-webview', 'app://greenlight/index.html')).toBe(true)
  })
})

describe('window.open', () => {
  it('is denied for a foreign URL, which is not opened anywhere', () => {
    const { open, openExternal } = harden()
    expect(open('https://evil.example/')).toEqual({ action: 'deny' })
    expect(open('app://greenlight/index.html')).toEqual({ action: 'deny' })
    expect(openExternal).not.toHaveBeenCalled()
  })

  it('is denied for an allowlisted help link, which goes to the browser instead', () => {
    const { open, openExternal } = harden()
    expect(open('https://help.aliyun.com/document_detail/28417.html')).toEqual({ action: 'deny' })
    expect(openExternal).toHaveBeenCalledWith('https://help.aliyun.com/document_detail/28417.html')
  })
})

describe('isAllowedExternal', () => {
  it('accepts only https on allowlisted hosts', () => {
    expect(isAllowedExternal('https://www.alibabacloud.com/help')).toBe(true)
    expect(isAllowedExternal('https://ram.console.aliyun.com/users')).toBe(true)
    expect(isAllowedExternal('http://help.aliyun.com/')).toBe(false)
    expect(isAllowedExternal('https://help.aliyun.com.evil.example/')).toBe(false)
    expect(isAllowedExternal('https://evil.example@help.aliyun.com/')).toBe(false)
    expect(isAllowedExternal('https://help.aliyun.com:8443/')).toBe(false)
    expect(isAllowedExternal('file:///etc/passwd')).toBe(false)
    expect(isAllowedExternal('not a url')).toBe(false)
  })
})

describe('hardenSession', () => {
  it('denies every permission request and check', () => {
    let request:
      ((wc: unknown, permission: string, callback: (granted: boolean) => void) => void) | null =
      null
    let check: ((...args: unknown[]) => boolean) | null = null
    let device: ((...args: unknown[]) => boolean) | null = null
    const session = {
      setPermissionRequestHandler: (handler: typeof request) => {
        request = handler
      },
      setPermissionCheckHandler: (handler: typeof check) => {
        check = handler
      },
      setDevicePermissionHandler: (handler: typeof device) => {
        device = handler
      },
    }
    hardenSession(session as unknown as Parameters<typeof hardenSession>[0])

    for (const permission of ['media', 'geolocation', 'notifications', 'openExternal']) {
      const callback = vi.fn()
      request!({}, permission, callback)
      expect(callback).toHaveBeenCalledWith(false)
    }
    expect(check!({}, 'media', 'app://greenlight', {})).toBe(false)
    expect(device!({ deviceType: 'hid', origin: 'app://greenlight' })).toBe(false)
  })
})
