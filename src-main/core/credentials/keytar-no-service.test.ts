import { describe, expect, it } from 'vitest'
import { KeytarCredentialStore } from './keytar-credential-store'

// Its own file, so this process has never connected to a working bus (libsecret caches one).
describe('KeytarCredentialStore without a Secret Service', () => {
  it.skipIf(process.platform !== 'linux')(
    'says so in words a user understands, and offers the env route',
    async () => {
      const saved = { ...process.env }
      try {
        process.env.DBUS_SESSION_BUS_ADDRESS = 'unix:path=/nonexistent/greenlight-test-bus'
        delete process.env.DISPLAY
        const store = new KeytarCredentialStore(`GreenlightNoBus-${String(process.pid)}`)
        const written = await store.write('p', { accessKeySecret: 'x' })
        expect(written.ok).toBe(false)
        if (!written.ok) {
          expect(written.error.code).toBe('KEYCHAIN_UNAVAILABLE')
          expect(written.error.message).toMatch(/No OS keychain is available/)
          expect(written.error.message).toContain('ALIBABA_CLOUD_ACCESS_KEY_ID')
        }
      } finally {
        process.env = saved
      }
    },
  )
})
