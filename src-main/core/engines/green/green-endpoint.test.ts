import { describe, expect, it } from 'vitest'
import { isLoopbackHost, resolveGreenEndpoint } from './green-endpoint'

describe('Green endpoint resolution', () => {
  it('defaults to HTTPS green.<region>.aliyuncs.com for the four regions', () => {
    for (const region of ['cn-shanghai', 'cn-beijing', 'cn-shenzhen', 'ap-southeast-1']) {
      const r = resolveGreenEndpoint({ region })
      expect(r.ok && r.value.href).toBe(`https://green.${region}.aliyuncs.com/`)
    }
    const d = resolveGreenEndpoint({})
    expect(d.ok && d.value.host).toBe('green.cn-shanghai.aliyuncs.com')
    expect(resolveGreenEndpoint({ region: 'mars-1' }).ok).toBe(false)
  })

  it('allows plain http only for loopback hosts', () => {
    for (const e of [
      'http://127.0.0.1:8080',
      'http://127.9.9.9',
      'http://[::1]:9',
      'http://localhost:1',
    ]) {
      expect(resolveGreenEndpoint({ endpoint: e }).ok, e).toBe(true)
    }
    for (const e of [
      'http://10.0.0.1',
      'http://green.cn-shanghai.aliyuncs.com',
      'http://128.0.0.1',
    ]) {
      const r = resolveGreenEndpoint({ endpoint: e })
      expect(r.ok, e).toBe(false)
      if (!r.ok) expect(r.error.message).toMatch(/plain http/)
    }
    const https = resolveGreenEndpoint({ endpoint: 'https://green-vpc.cn-beijing.aliyuncs.com' })
    expect(https.ok).toBe(true)
    expect(resolveGreenEndpoint({ endpoint: 'ftp://x' }).ok).toBe(false)
  })

  it('knows loopback', () => {
    expect(isLoopbackHost('127.0.0.1')).toBe(true)
    expect(isLoopbackHost('::1')).toBe(true)
    expect(isLoopbackHost('example.com')).toBe(false)
  })
})
