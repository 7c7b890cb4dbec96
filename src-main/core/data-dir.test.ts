import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { resolveDataDir } from './data-dir'

describe('resolveDataDir', () => {
  it('prefers GREENLIGHT_HOME, then Electron userData, then the OS config dir', () => {
    expect(resolveDataDir({ env: { GREENLIGHT_HOME: '/tmp/gl' }, electronUserData: '/u' })).toBe(
      '/tmp/gl',
    )
    expect(resolveDataDir({ env: {}, electronUserData: '/u' })).toBe('/u')
    expect(resolveDataDir({ env: {}, platform: 'linux', home: '/home/a' })).toBe(
      join('/home/a', '.config', 'Greenlight'),
    )
    expect(
      resolveDataDir({ env: { XDG_CONFIG_HOME: '/x' }, platform: 'linux', home: '/home/a' }),
    ).toBe(join('/x', 'Greenlight'))
    expect(resolveDataDir({ env: {}, platform: 'darwin', home: '/Users/a' })).toBe(
      join('/Users/a', 'Library', 'Application Support', 'Greenlight'),
    )
    expect(
      resolveDataDir({ env: { APPDATA: 'C:\\AppData' }, platform: 'win32', home: 'C:\\u' }),
    ).toBe(join('C:\\AppData', 'Greenlight'))
  })
})
