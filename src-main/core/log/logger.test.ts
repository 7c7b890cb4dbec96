import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createFileLogger, LOG_FILE } from './logger'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'greenlight-log-'))
})
afterEach(() => {
  rmSync(dir, { recursive: true, force: true })
})

describe('file logger', () => {
  it('writes JSON lines at or above the level, with fields', () => {
    const log = createFileLogger(dir, 'info')
    log.debug('hidden')
    log.info('scan finished', { items: 3, engine: 'local' })
    log.error('upload failed', { code: 'NETWORK' })
    const lines = readFileSync(join(dir, 'logs', LOG_FILE), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>)
    expect(lines.map((l) => [l.level, l.message])).toEqual([
      ['info', 'scan finished'],
      ['error', 'upload failed'],
    ])
    expect(lines[0]).toMatchObject({ items: 3, engine: 'local' })
  })

  it('replaces redacted values wherever they appear', () => {
    const log = createFileLogger(dir)
    log.redact('super-secret-value')
    log.warn('oops super-secret-value leaked', { detail: 'x super-secret-value y' })
    const text = readFileSync(join(dir, 'logs', LOG_FILE), 'utf8')
    expect(text).not.toContain('super-secret-value')
    expect(text).toContain('oops *** leaked')
  })

  it('rotates a full file and keeps writing', () => {
    const log = createFileLogger(dir)
    log.info('first')
    writeFileSync(join(dir, 'logs', LOG_FILE), 'x'.repeat(5 * 1024 * 1024))
    log.info('after rotation')
    expect(existsSync(join(dir, 'logs', `${LOG_FILE}.1`))).toBe(true)
    expect(readFileSync(join(dir, 'logs', LOG_FILE), 'utf8')).toContain('after rotation')
  })

  it('never throws, even when the folder cannot be created', () => {
    writeFileSync(join(dir, 'not-a-dir'), '')
    const log = createFileLogger(join(dir, 'not-a-dir'))
    expect(() => {
      log.error('still fine')
    }).not.toThrow()
  })
})
