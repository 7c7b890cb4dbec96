import { describe, expect, it } from 'vitest'
import { aboutDetail, documentationUrl } from './about-box'
import { isAllowedExternal } from './security'

const facts = {
  version: '0.1.0',
  dataDir: '/home/ann/.config/Greenlight',
  components: [
    { name: 'nsfwjs', version: '4.3.0' },
    { name: 'SQLite', version: '3.52.0' },
  ],
  runtime: { electron: '45.4.1', chrome: '142.0', node: '22.20.0' },
}

describe('About Greenlight', () => {
  it('shows the version, the data folder and every engine and library version', () => {
    const text = aboutDetail('en', facts)
    expect(text).toContain('Version 0.1.0')
    expect(text).toContain('Data folder: /home/ann/.config/Greenlight')
    expect(text).toContain('nsfwjs 4.3.0')
    expect(text).toContain('SQLite 3.52.0')
    expect(text).toContain('Electron 45.4.1')
  })

  it('speaks Chinese when the user chose it', () => {
    expect(aboutDetail('zh-CN', facts)).toContain('数据文件夹：/home/ann/.config/Greenlight')
  })

  it('opens documentation only through the external-link allowlist', () => {
    expect(isAllowedExternal(documentationUrl('en'))).toBe(true)
    expect(isAllowedExternal(documentationUrl('zh-CN'))).toBe(true)
  })
})
