import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ExportRunRequest, ExportRunResult, ItemsPage } from '../../src-shared/ipc'
import type { Result } from '../../src-shared/result'
import { openAppCore, type TestCore } from '../../tests/fixtures/open-app-core'
import type { ScriptedPorts } from '../../tests/harness/scripted-dialogs'
import { createApi, type Api } from './api'
import { dispatch } from './api-dispatch'
import type { AppCore } from './app-core'

let opened: TestCore
let dir = ''
let core: AppCore
let ports: ScriptedPorts
let api: Api

beforeEach(async () => {
  opened = await openAppCore()
  ;({ dir, core, ports } = opened)
  api = createApi(core)
})
afterEach(() => opened.close())

/** Stores judged items straight away (no scan): source name, suggestion; a repeat is a rerun. */
async function judged(...items: [name: string, suggestion: 'pass' | 'review' | 'block'][]) {
  core.scan.pause()
  const stored = await core.store.items.insertMany(
    items.map(([name]) => ({
      sourceKind: 'file' as const,
      source: `/photos/${name}`,
      engine: 'local' as const,
      scenes: ['porn' as const],
    })),
  )
  for (const [index, item] of stored.entries()) {
    const suggestion = items[index]?.[1] ?? 'pass'
    await core.store.items.update(item.id, {
      state: 'done',
      suggestion,
      results: [{ scene: 'porn', label: 'normal', suggestion, rate: 90 }],
    })
  }
  return stored
}

const run = async (request: ExportRunRequest) =>
  (await dispatch(api, 'export:run', request)) as Result<ExportRunResult>

async function csv(file: string): Promise<string[][]> {
  const text = (await readFile(file)).subarray(3).toString('utf8').trimEnd()
  return text.split('\r\n').map((line) => line.split(','))
}

describe('export over the API', () => {
  it('a cancelled Save dialog is a quiet no-op; the dialog is titled and named in the language', async () => {
    await judged(['a.jpg', 'pass'])
    await core.store.settings.set({ language: 'zh-CN' })
    const result = await run({ format: 'csv', scope: { kind: 'all' } })
    expect(result).toEqual({ ok: true, value: { status: 'cancelled' } })
    const [request] = ports.requests
    expect(request?.kind).toBe('saveFile')
    expect(request?.options).toMatchObject({
      title: '导出',
      filters: [{ name: 'CSV', extensions: ['csv'] }],
    })
    expect((request?.options as { defaultName: string }).defaultName).toMatch(
      /^greenlight-\d{4}-\d{2}-\d{2}\.csv$/,
    )
  })

  it("exports the current filter's latest items to the chosen file, and reveals it by id", async () => {
    await judged(['a.jpg', 'block'], ['b.jpg', 'pass'], ['c.jpg', 'block'])
    // A rerun: b is now blocked, a now passes. The filter sees only the latest verdicts.
    await judged(['b.jpg', 'block'], ['a.jpg', 'pass'])
    const file = join(dir, 'blocked.csv')
    ports.answerNext('saveFile', file)
    const result = await run({
      format: 'csv',
      scope: { kind: 'filter', filter: { suggestions: ['block'] } },
    })
    expect(result).toMatchObject({
      ok: true,
      value: { status: 'done', fileName: 'blocked.csv', items: 2, rows: 2 },
    })
    const rows = await csv(file)
    expect(rows.slice(1).map((r) => [r[0], r[3]])).toEqual([
      ['/photos/c.jpg', 'block'],
      ['/photos/b.jpg', 'block'],
    ])
    if (!result.ok || result.value.status !== 'done') throw new Error('not done')
    // The renderer holds an opaque id, never the path.
    expect(result.value.exportId).not.toContain('/')
    expect(
      await dispatch(api, 'export:show-in-folder', { exportId: result.value.exportId }),
    ).toEqual({ ok: true, value: null })
    expect(ports.shownInFolder).toEqual([file])
    const unknown = await dispatch(api, 'export:show-in-folder', { exportId: file })
    expect(!unknown.ok && unknown.error.code).toBe('NOT_FOUND')
    expect(ports.shownInFolder).toEqual([file])
  })

  it('exports the selection, long layout or history with a current column, and JSON', async () => {
    const [a1, b1] = await judged(['a.jpg', 'review'], ['b.jpg', 'pass'])
    const [a2] = await judged(['a.jpg', 'block'])
    if (!a1 || !b1 || !a2) throw new Error('insert failed')
    const long = join(dir, 'selection.csv')
    ports.answerNext('saveFile', long)
    await run({
      format: 'csv',
      layout: 'long',
      scope: { kind: 'selection', itemIds: [a1.id] },
    })
    const longRows = await csv(long)
    expect(longRows[0]?.slice(0, 5)).toEqual(['source', 'sha256', 'scene', 'label', 'suggestion'])
    expect(longRows.slice(1).map((r) => [r[0], r[2], r[4]])).toEqual([
      ['/photos/a.jpg', 'porn', 'block'],
    ])

    const history = join(dir, 'history.csv')
    ports.answerNext('saveFile', history)
    await run({
      format: 'csv',
      scope: { kind: 'selection', itemIds: [a2.id, b1.id] },
      history: true,
    })
    expect((await csv(history)).map((r) => r.slice(0, 5))).toEqual([
      ['source', 'sha256', 'current', 'status', 'suggestion'],
      ['/photos/a.jpg', '', 'false', 'done', 'review'],
      ['/photos/b.jpg', '', 'true', 'done', 'pass'],
      ['/photos/a.jpg', '', 'true', 'done', 'block'],
    ])

    const json = join(dir, 'all.json')
    ports.answerNext('saveFile', json)
    await run({ format: 'json', scope: { kind: 'all' } })
    const items = JSON.parse(await readFile(json, 'utf8')) as { source: string }[]
    expect(items.map((i) => i.source)).toEqual(['/photos/b.jpg', '/photos/a.jpg'])
  })

  it("refuses a Save answer that is the app's own database, which still opens afterwards", async () => {
    await judged(['a.jpg', 'pass'])
    ports.answerNext('saveFile', join(core.dataDir, 'greenlight.sqlite'))
    const result = await run({ format: 'json', scope: { kind: 'all' } })
    expect(!result.ok && result.error.code).toBe('EXPORT_TARGET_PROTECTED')
    expect((await core.store.items.list(0, 5, {})).total).toBe(1)
  })

  it('rejects a request that carries a path', async () => {
    const result = await dispatch(api, 'export:run', {
      format: 'csv',
      scope: { kind: 'all' },
      file: '/tmp/x.csv',
    })
    expect(!result.ok && result.error.code).toBe('VALIDATION')
    expect(ports.requests).toEqual([])
  })

  it('answers other calls while a large export runs', async () => {
    core.scan.pause()
    const count = 10_000
    await core.store.items.insertMany(
      Array.from({ length: count }, (_, i) => ({
        sourceKind: 'file' as const,
        source: `/photos/${String(i)}.jpg`,
        engine: 'local' as const,
        scenes: ['porn' as const],
      })),
    )
    const file = join(dir, 'big.csv')
    ports.answerNext('saveFile', file)
    const export_ = { settled: false }
    const running = run({
      format: 'csv',
      layout: 'long',
      scope: { kind: 'all' },
    }).finally(() => {
      export_.settled = true
    })
    let answered = 0
    while (!export_.settled) {
      const page = (await dispatch(api, 'items:list', {
        offset: 0,
        limit: 10,
        filter: {},
      })) as Result<ItemsPage>
      expect(page.ok && page.value.total).toBe(count)
      // Counted only when the answer came while the export was still running.
      answered += (export_.settled as boolean) ? 0 : 1
    }
    const result = await running
    expect(result).toMatchObject({ ok: true, value: { items: count, rows: count } })
    expect(answered).toBeGreaterThan(0)
    expect((await csv(file)).length).toBe(count + 1)
  })
})
