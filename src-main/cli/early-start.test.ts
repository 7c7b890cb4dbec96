import { describe, expect, it } from 'vitest'
import { isLocalScan } from './early-start'

describe('isLocalScan', () => {
  it('is a scan asking for the local engine, in either flag form', () => {
    expect(isLocalScan(['scan', 'a.jpg', '--engine', 'local'])).toBe(true)
    expect(isLocalScan(['scan', '--engine=local', 'a.jpg'])).toBe(true)
  })

  it('is not another engine, a dry run, help, or another command', () => {
    expect(isLocalScan(['scan', 'a.jpg'])).toBe(false)
    expect(isLocalScan(['scan', 'a.jpg', '--engine', 'green'])).toBe(false)
    expect(isLocalScan(['scan', 'a.jpg', '--engine', 'local', '--dry-run'])).toBe(false)
    expect(isLocalScan(['scan', '--engine', 'local', '--help'])).toBe(false)
    expect(isLocalScan(['watch', 'dir', '--engine', 'local'])).toBe(false)
  })
})
