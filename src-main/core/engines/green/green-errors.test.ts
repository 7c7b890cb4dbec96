import { describe, expect, it } from 'vitest'
import { interpretResponse } from './green-client'
import { greenError, transportError } from './green-errors'

const answer = (status: number, body: unknown) => ({
  status,
  headers: {},
  text: typeof body === 'string' ? body : JSON.stringify(body),
})

describe('Green error mapping table', () => {
  it('588 is THROTTLED and retryable; transient 5xx/58x retry', () => {
    expect(greenError({ scope: 'request', code: 588 })).toMatchObject({
      code: 'THROTTLED',
      retryable: true,
      stopsQueue: false,
    })
    for (const code of [500, 503, 580, 581, 585, 586, 587, 591, 592, 599]) {
      expect(greenError({ scope: 'task', code }).retryable).toBe(true)
    }
  })

  it('bad input is final for its item and does not stop the queue', () => {
    for (const code of [400, 480, 589, 590, 594]) {
      const e = greenError({ scope: 'task', code })
      expect([e.retryable, e.stopsQueue]).toEqual([false, false])
    }
    expect(greenError({ scope: 'task', code: 404 }).code).toBe('DOWNLOAD_FAILED')
    expect(greenError({ scope: 'task', code: 403 }).stopsQueue).toBe(false)
  })

  it('auth and permission errors stop the queue, 596 included', () => {
    for (const code of [
      'SignatureDoesNotMatch',
      'InvalidAccessKeyId.NotFound',
      'InvalidTimeStamp.Expired',
      '596',
      '408',
    ]) {
      const e = greenError({ scope: 'request', code })
      expect(e.stopsQueue, code).toBe(true)
      expect(e.retryable, code).toBe(false)
    }
    expect(greenError({ scope: 'request', code: 596 }).code).toBe('SERVICE_NOT_ACTIVATED')
  })

  it('messages carry the code, Green message and request id', () => {
    const e = greenError({ scope: 'request', code: 588, message: 'EXCEED_QUOTA', requestId: 'R1' })
    expect(e.message).toMatch(/Lower the rate/)
    expect(e.message).toContain('code 588, EXCEED_QUOTA, request R1')
  })

  it('transport errors: refused/reset are NETWORK, timeouts TIMEOUT, abort CANCELLED', () => {
    const refused = Object.assign(new Error('x'), { code: 'ECONNREFUSED' })
    expect(transportError(refused, 'call', false, false)).toMatchObject({
      code: 'NETWORK',
      retryable: true,
    })
    const reset = new Error('y', { cause: { code: 'ECONNRESET' } })
    expect(transportError(reset, 'call', false, false).code).toBe('NETWORK')
    const hdr = Object.assign(new Error('z'), { code: 'UND_ERR_HEADERS_TIMEOUT' })
    expect(transportError(hdr, 'call', false, false)).toMatchObject({
      code: 'TIMEOUT',
      retryable: true,
    })
    expect(transportError(new Error('a'), 'call', false, true).code).toBe('TIMEOUT')
    expect(transportError(new Error('a'), 'call', true, true).code).toBe('CANCELLED')
  })
})

describe('interpretResponse', () => {
  it('reads POP gateway errors by their capitalised keys', () => {
    const r = interpretResponse(
      answer(400, { Code: 'SignatureDoesNotMatch', Message: 'no', RequestId: 'R', HostId: 'h' }),
    )
    expect(r.ok).toBe(false)
    if (!r.ok)
      expect(r.error).toMatchObject({
        code: 'AUTH_SIGNATURE',
        greenCode: 'SignatureDoesNotMatch',
        requestId: 'R',
      })
  })

  it('treats body code != 200 as an error under HTTP 200 and under a non-2xx status', () => {
    const a = interpretResponse(answer(200, { code: 588, msg: 'EXCEED_QUOTA', requestId: 'R' }))
    const b = interpretResponse(answer(588, { code: 588, msg: 'EXCEED_QUOTA', requestId: 'R' }))
    expect(!a.ok && a.error.code).toBe('THROTTLED')
    expect(!b.ok && b.error.code).toBe('THROTTLED')
    const c = interpretResponse(answer(503, { code: 200, msg: 'OK' }))
    expect(!c.ok && c.error.code).toBe('SERVER_ERROR')
  })

  it('accepts a feedback answer without data', () => {
    const r = interpretResponse(answer(200, { code: 200, msg: 'OK', requestId: 'R' }))
    expect(r).toEqual({ ok: true, value: { requestId: 'R', data: undefined } })
  })

  it('a non-JSON 200 is not a Green endpoint; a non-JSON 502 is retryable', () => {
    const html = interpretResponse(answer(200, '<html>'))
    expect(!html.ok && html.error).toMatchObject({ code: 'NOT_GREEN_ENDPOINT', stopsQueue: true })
    const bad = interpretResponse(answer(502, 'Bad gateway'))
    expect(!bad.ok && bad.error).toMatchObject({ code: 'SERVER_ERROR', retryable: true })
  })
})
