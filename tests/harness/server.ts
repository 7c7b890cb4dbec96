import { timingSafeEqual, randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { tmpdir } from 'node:os'
import { basename, dirname, extname, join, resolve } from 'node:path'
import type { Duplex } from 'node:stream'
import { fileURLToPath } from 'node:url'
import { WebSocketServer, type WebSocket } from 'ws'
import { buildCsp } from '../../src-shared/security/csp'
import { createApi } from '../../src-main/core/api'
import { dispatch } from '../../src-main/core/api-dispatch'
import { AppCore } from '../../src-main/core/app-core'
import { resolveContainedPath } from '../../src-main/core/security/contained-path'
import { ScriptedPorts } from './scripted-dialogs'
import { appError, err } from '../../src-shared/result'
import {
  BRIDGE_PATH,
  BRIDGE_SCRIPT_PATH,
  leadingId,
  MAX_FRAME_BYTES,
  MAX_MESSAGE_BYTES,
  PREVIEW_PATH,
  THUMB_PATH,
  tooLargeMessage,
  type InvokeMessage,
} from './protocol'

/**
 * The test harness: AppCore + api.ts behind the same bridge as Electron, over a loopback
 * WebSocket, serving the built renderer. Only transport lives here; every behaviour is core's.
 *
 * Guarded like a local dev server should be: it binds 127.0.0.1 only, answers only to a Host of
 * 127.0.0.1/localhost on its port (no DNS rebinding), accepts WebSockets only from its own Origin,
 * and requires a random token that only the URL it prints carries.
 */

export interface HarnessOptions {
  /** Defaults to a fresh temp dir. */
  dataDir?: string
  /** Defaults to out/renderer of this checkout. */
  rendererDir?: string
  port?: number
  env?: NodeJS.ProcessEnv
}

export interface Harness {
  /** Open this in a browser: it carries the token. */
  readonly url: string
  readonly origin: string
  readonly token: string
  readonly dataDir: string
  readonly core: AppCore
  /** The OS as tests script it: dialog answers, and what was revealed in a file manager. */
  readonly ports: ScriptedPorts
  close(): Promise<void>
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
}

function findRepoRoot(from: string): string {
  let dir = from
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir)
    if (parent === dir) throw new Error('Cannot find the repository root from ' + from)
    dir = parent
  }
  return dir
}

function sameToken(expected: string, given: string | null): boolean {
  if (given === null) return false
  const a = Buffer.from(expected)
  const b = Buffer.from(given)
  return a.length === b.length && timingSafeEqual(a, b)
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const root = findRepoRoot(dirname(fileURLToPath(import.meta.url)))
  const rendererDir = options.rendererDir ?? join(root, 'out', 'renderer')
  const bridgeScript = join(root, 'out', 'node', 'harness', 'bridge.js')
  for (const required of [join(rendererDir, 'index.html'), bridgeScript]) {
    if (!existsSync(required))
      throw new Error(`${required} is missing: run \`npm run build\` first.`)
  }
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'greenlight-harness-'))
  const ports = new ScriptedPorts()
  const core = await AppCore.open({
    dataDir,
    host: 'harness',
    env: options.env ?? process.env,
    ports,
  })
  const api = createApi(core)
  // Watched folders run in the harness as in the app (the CLI starts them only for `watch`).
  await core.watch.start()
  const token = randomBytes(24).toString('hex')
  const indexHtml = readFileSync(join(rendererDir, 'index.html'), 'utf8').replace(
    '<head>',
    `<head>\n    <script src="${BRIDGE_SCRIPT_PATH}"></script>`,
  )

  let port = 0
  const allowedHosts = () => [`127.0.0.1:${String(port)}`, `localhost:${String(port)}`]
  const allowedOrigins = () => allowedHosts().map((h) => `http://${h}`)
  const csp = () => buildCsp({ connectSrc: allowedHosts().map((h) => `ws://${h}`) })

  const send = (
    res: ServerResponse,
    status: number,
    body: string | Buffer,
    type = 'text/plain; charset=utf-8',
  ) => {
    res.writeHead(status, {
      'Content-Type': type,
      'Content-Security-Policy': csp(),
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
    })
    res.end(body)
  }

  async function serveFile(res: ServerResponse, dir: string, relative: string) {
    const found = await resolveContainedPath(dir, relative)
    if (!found.ok) {
      send(res, found.error.code === 'NOT_FOUND' ? 404 : 403, found.error.message)
      return
    }
    send(
      res,
      200,
      await readFile(found.value),
      MIME[extname(found.value)] ?? 'application/octet-stream',
    )
  }

  /**
   * As the Electron thumb://preview|full handler does: made on request by core, which refuses a
   * non-hash id or frame before the disk, and served only from inside the previews folder.
   */
  async function servePreview(res: ServerResponse, url: URL) {
    const size = url.searchParams.get('size')
    const frame = url.searchParams.get('frame') ?? '0'
    if ((size !== 'preview' && size !== 'full') || !/^\d{1,3}$/.test(frame)) {
      send(res, 400, 'Bad preview request')
      return
    }
    const sha256 = url.pathname.slice(PREVIEW_PATH.length)
    const made = await core.previews.ensure({ sha256, size, frame: Number(frame) })
    if (made === null) send(res, 404, 'Not found')
    else await serveFile(res, join(dataDir, 'previews'), basename(made))
  }

  async function onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!allowedHosts().includes(req.headers.host ?? '')) {
      send(res, 403, 'Unknown Host')
      return
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(res, 405, 'Method Not Allowed')
      return
    }
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`)
    if (url.pathname === '/' || url.pathname === '/index.html') {
      send(res, 200, indexHtml, MIME['.html'])
    } else if (url.pathname === BRIDGE_SCRIPT_PATH) {
      send(res, 200, await readFile(bridgeScript), MIME['.js'])
    } else if (url.pathname.startsWith(THUMB_PATH)) {
      if (sameToken(token, url.searchParams.get('token'))) {
        const id = url.pathname.slice(THUMB_PATH.length)
        // As the Electron thumb:// handler does: a thumbnail not made yet is made on request.
        await core.thumbnails.ensure(id)
        await serveFile(res, join(dataDir, 'thumbs'), `${id}.webp`)
      } else {
        send(res, 401, 'Bad token')
      }
    } else if (url.pathname.startsWith(PREVIEW_PATH)) {
      if (sameToken(token, url.searchParams.get('token'))) await servePreview(res, url)
      else send(res, 401, 'Bad token')
    } else {
      await serveFile(res, rendererDir, url.pathname.replace(/^\/+/, ''))
    }
  }

  const server = createServer((req, res) => {
    onRequest(req, res).catch((error: unknown) => {
      if (!res.headersSent)
        send(res, 500, error instanceof Error ? error.message : 'Internal error')
      else res.destroy()
    })
  })

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES })
  // Without listeners, a socket's error (a frame over maxPayload, a reset) would be thrown and
  // end the process: logged instead; ws closes that socket (1009 for a frame too big).
  const logSocketError = (error: Error) => {
    core.log.warn('harness socket', { message: error.message })
  }
  wss.on('error', logSocketError)
  const sockets = new Set<WebSocket>()
  const unsubscribe = core.events.subscribe((event, payload) => {
    const message = JSON.stringify({ event, payload })
    for (const socket of sockets) socket.send(message)
  })

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://localhost')
    const ok =
      url.pathname === BRIDGE_PATH &&
      allowedHosts().includes(req.headers.host ?? '') &&
      allowedOrigins().includes(req.headers.origin ?? '') &&
      sameToken(token, url.searchParams.get('token'))
    if (!ok) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n')
      return
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws)
      ws.on('error', logSocketError)
      ws.on('close', () => sockets.delete(ws))
      ws.on('message', (data) => {
        let message: Partial<InvokeMessage>
        try {
          const text = Array.isArray(data)
            ? Buffer.concat(data)
            : Buffer.isBuffer(data)
              ? data
              : Buffer.from(new Uint8Array(data))
          if (text.length > MAX_MESSAGE_BYTES) {
            // Refused unparsed: answered by the id at its start, so the caller is not left waiting.
            const id = leadingId(text.subarray(0, 64).toString('utf8'))
            const refused = err(appError('VALIDATION', tooLargeMessage(text.length)))
            if (id !== null) ws.send(JSON.stringify({ id, result: refused }))
            return
          }
          message = JSON.parse(text.toString('utf8')) as Partial<InvokeMessage>
        } catch {
          return
        }
        if (typeof message.id !== 'number') return
        const id = message.id
        void dispatch(api, message.channel, message.payload).then((result) => {
          if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ id, result }))
        })
      })
    })
  })

  await new Promise<void>((resolveListen) =>
    server.listen(options.port ?? 0, '127.0.0.1', resolveListen),
  )
  const address = server.address()
  port = typeof address === 'object' && address ? address.port : 0
  const origin = `http://127.0.0.1:${String(port)}`

  return {
    url: `${origin}/?token=${token}`,
    origin,
    token,
    dataDir,
    core,
    ports,
    async close() {
      unsubscribe()
      for (const socket of sockets) socket.terminate()
      wss.close()
      server.closeAllConnections()
      await new Promise<void>((r) =>
        server.close(() => {
          r()
        }),
      )
      await core.close()
    },
  }
}

// `node out/node/harness/server.mjs [--port N]`: run the harness by hand and open the printed URL.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const portArg = process.argv.indexOf('--port')
  const harness = await startHarness({ port: portArg > 0 ? Number(process.argv[portArg + 1]) : 0 })
  process.stdout.write(`Greenlight harness: ${harness.url}\nData dir: ${harness.dataDir}\n`)
  const stop = () => {
    void harness.close().then(() => process.exit(0))
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}
