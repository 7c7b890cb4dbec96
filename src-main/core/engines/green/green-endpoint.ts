import { isIP } from 'node:net'
import { appError, err, ok, type Result } from '../../../../src-shared/result'

/** Regions with a public `green.<region>.aliyuncs.com` host (docs/green-api.md §1.2). */
export const GREEN_REGIONS = ['cn-shanghai', 'cn-beijing', 'cn-shenzhen', 'ap-southeast-1'] as const
export type GreenRegion = (typeof GREEN_REGIONS)[number]
export const DEFAULT_REGION: GreenRegion = 'cn-shanghai'

export function isGreenRegion(value: string): value is GreenRegion {
  return (GREEN_REGIONS as readonly string[]).includes(value)
}

/** 127.0.0.0/8, ::1 and localhost: the only hosts plain http may reach. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase()
  if (host === 'localhost' || host.endsWith('.localhost')) return true
  if (isIP(host) === 4) return host.startsWith('127.')
  if (isIP(host) === 6) return host === '::1' || host === '0:0:0:0:0:0:0:1'
  return false
}

/** An IP literal or localhost: OSS must be addressed path-style there (§5, oss2 `_UrlMaker`). */
export function isIpOrLocalhost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase()
  return host === 'localhost' || isIP(host) !== 0
}

/**
 * The origin to call: HTTPS `green.<region>.aliyuncs.com` by default, or a custom endpoint.
 * Plain http is refused unless the host is loopback, so keys never cross a network in clear.
 */
export function resolveGreenEndpoint(options: {
  readonly region?: string
  readonly endpoint?: string
}): Result<URL> {
  if (options.endpoint !== undefined && options.endpoint.trim() !== '') {
    return parseCustomEndpoint(options.endpoint.trim(), 'Green endpoint')
  }
  const region = options.region ?? DEFAULT_REGION
  if (!isGreenRegion(region)) {
    return err(
      appError(
        'VALIDATION',
        `Unknown Green region "${region}". Use one of ${GREEN_REGIONS.join(', ')}, or give --endpoint.`,
      ),
    )
  }
  return ok(new URL(`https://green.${region}.aliyuncs.com`))
}

/** Parses an endpoint URL (a bare host means https) and applies the loopback-only http rule. */
export function parseCustomEndpoint(text: string, what: string): Result<URL> {
  let url: URL
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`)
  } catch {
    return err(
      appError('VALIDATION', `${what} "${text}" is not a valid URL. Use https://host[:port].`),
    )
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return err(
      appError('VALIDATION', `${what} "${text}" must use https:// (or http:// on loopback).`),
    )
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    return err(
      appError(
        'VALIDATION',
        `${what} "${text}" uses plain http on a non-loopback host, which would send requests unencrypted. Use https://, or http:// only for 127.0.0.1, ::1 or localhost.`,
      ),
    )
  }
  if (url.pathname !== '/' || url.search !== '' || url.username !== '' || url.password !== '') {
    return err(appError('VALIDATION', `${what} "${text}" must be just scheme://host[:port].`))
  }
  return ok(new URL(url.origin))
}
