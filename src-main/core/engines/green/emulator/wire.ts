import { randomBytes, randomUUID } from 'node:crypto'
import type { ServerResponse } from 'node:http'
import { sortedJson } from './sorted-json'

/** Wire helpers shared by the emulator's handlers (docs/green-api.md §4.1, §4.2, §2.4, §5). */

export function newRequestId(): string {
  return randomUUID().toUpperCase()
}

const TASK_ID_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789$@'

function randomChars(count: number): string {
  const bytes = randomBytes(count)
  let out = ''
  for (const byte of bytes) out += TASK_ID_CHARS[byte % TASK_ID_CHARS.length] ?? 'x'
  return out
}

/** `img` + 22 chars + `-` + 6 chars, like `img5RFnCR5sruX5l7UknC4UcQ-1u3eGE` (§4.2). */
export function newTaskId(): string {
  return `img${randomChars(22)}-${randomChars(6)}`
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = sortedJson(body)
  res.writeHead(status, {
    'content-type': 'application/json;charset=utf-8',
    'content-length': Buffer.byteLength(text),
  })
  res.end(text)
}

/** The POP gateway error form (§2.4), capitalised keys. */
export function sendPopError(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  host: string,
): void {
  sendJson(res, status, {
    Code: code,
    HostId: host,
    Message: message,
    Recommend: `https://api.aliyun.com/troubleshoot?q=${code}`,
    RequestId: newRequestId(),
  })
}

function xmlEscape(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
}

/** OSS errors are XML (§5). */
export function sendOssError(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  host: string,
  extra: Readonly<Record<string, string>> = {},
): void {
  const requestId = randomUUID().replace(/-/g, '').toUpperCase().slice(0, 24)
  const fields = Object.entries({
    Code: code,
    Message: message,
    RequestId: requestId,
    HostId: host,
    ...extra,
  })
    .map(([key, value]) => `  <${key}>${xmlEscape(value)}</${key}>`)
    .join('\n')
  const text = `<?xml version="1.0" encoding="UTF-8"?>\n<Error>\n${fields}\n</Error>\n`
  res.writeHead(status, {
    'content-type': 'application/xml',
    'content-length': Buffer.byteLength(text),
    'x-oss-request-id': requestId,
  })
  res.end(text)
}
