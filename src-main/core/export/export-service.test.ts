import { mkdtempSync, rmSync } from 'node:fs'
import { readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ExportProgress } from '../../../src-shared/ipc'
import { ScriptedPorts } from '../../../tests/harness/scripted-dialogs'
import { openStore, type SqliteStore } from '../store/sqlite/open-store'
import { ExportService } from './export-service'

let dir = ''
let store: SqliteStore
let ports: ScriptedPorts
let progress: ExportProgress[]
let clock = 0

function service(onProgress?: (p: ExportProgress) => void) {
  return new ExportService({
    items: store.items,
    dataDir: dir,
    ports,
    language: () => Promise.resolve('en'),
    progressChanged: (p) => {
      progress.push(p)
      onProgress?.(p)
    },
    // Every look at the clock is 100 ms later: a long export, without waiting for one.
    now: () => (clock += 100),
  })
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'greenlight-export-service-'))
  store = await openStore(dir)
  ports = new ScriptedPorts()
  progress = []
  await store.items.insertMany(
    Array.from({ length: 30 }, (_, i) => ({
      sourceKind: 'file' as const,
      source: `/p/${String(i)}.jpg`,
      engine: 'local' as const,
      scenes: ['porn' as const],
    })),
  )
})
afterEach(async () => {
  await store.close()
  rmSync(dir, { recursive: true, force: true })
})

const ALL = { format: 'csv', layout: 'wide', scope: { kind: 'all' }, history: false } as const

describe('ExportService', () => {
  it('reports the count written a few times during a long export, never per item', async () => {
    ports.answerNext('saveFile', join(dir, 'out.csv'))
    const result = await service().run(ALL)
    expect(result.ok && result.value.status === 'done' && result.value.items).toBe(30)
    // One count per 250 ms of (fake) time: every third item, rising.
    expect(progress.length).toBeGreaterThan(5)
    expect(progress.length).toBeLessThan(30)
    const counts = progress.map((p) => p.items)
    expect(counts).toEqual([...counts].sort((a, b) => a - b))
    expect(new Set(progress.map((p) => p.exportId)).size).toBe(1)
  })

  it('cancels a running export by id: CANCELLED, and the previous file is untouched', async () => {
    const file = join(dir, 'out.json')
    await writeFile(file, 'previous')
    ports.answerNext('saveFile', file)
    const exports = service((p) => {
      expect(exports.cancel(p.exportId)).toBe(true)
    })
    const result = await exports.run({ ...ALL, format: 'json' })
    expect(!result.ok && result.error.code).toBe('CANCELLED')
    expect(await readFile(file, 'utf8')).toBe('previous')
    expect(exports.cancel(progress[0]?.exportId ?? '')).toBe(false)
    // A cancelled export cannot be shown.
    const shown = await exports.showInFolder(progress[0]?.exportId ?? '')
    expect(!shown.ok && shown.error.code).toBe('NOT_FOUND')
  })

  it('remembers the last 20 exports for "Show in folder", not every one', async () => {
    const exports = service()
    const ids: string[] = []
    for (let i = 0; i < 21; i++) {
      ports.answerNext('saveFile', join(dir, `out-${String(i)}.csv`))
      const result = await exports.run(ALL)
      if (result.ok && result.value.status === 'done') ids.push(result.value.exportId)
    }
    expect((await exports.showInFolder(ids[0] ?? '')).ok).toBe(false)
    expect((await exports.showInFolder(ids[20] ?? '')).ok).toBe(true)
    expect(ports.shownInFolder).toEqual([join(dir, 'out-20.csv')])
  })
})
