import { describe, expect, it } from 'vitest'
import { contentMd5, hmacSha1Base64, roaStringToSign, signRoaRequest } from './roa-signer'

// docs/green-api.md §2.5: AccessKeyId `testid`, secret `testsecret`, this exact body.
const BODY = '{"scenes":["porn"],"tasks":[{"dataId":"test-1","url":"https://example.com/a.jpg"}]}'
const DATE = new Date('Tue, 14 Mar 2017 06:29:50 GMT')
const CLIENT_INFO = '{"ip":"127.0.0.2","userId":"120234234","userNick":"Mike","userType":"others"}'
const creds = { accessKeyId: 'testid', accessKeySecret: 'testsecret' }

describe('ROA signer vectors (docs/green-api.md §2.7)', () => {
  it('HMAC-SHA1-base64("secret", "stringtosign") is the published value', () => {
    expect(hmacSha1Base64('secret', 'stringtosign')).toBe('OmuTAr79tpI6CRoAdmzKRq5lHs0=')
  })

  it('builds the Tea getStringToSign example with an unencoded query value', () => {
    const sts = roaStringToSign({
      method: 'GET',
      path: '/',
      query: { key: 'val ue with space' },
      headers: {
        accept: 'application/json',
        'content-md5': 'md5',
        'content-type': 'application/json',
        date: 'date',
        'x-acs-custom-key': 'any value',
      },
    })
    expect(sts).toBe(
      'GET\napplication/json\nmd5\napplication/json\ndate\nx-acs-custom-key:any value\n/?key=val ue with space',
    )
  })
})

describe('ROA signer worked examples (docs/green-api.md §2.5)', () => {
  it('computes the body Content-MD5 values of §2.5 and §2.5(c)', () => {
    expect(contentMd5(BODY)).toBe('XmRyhDfe7ZEZWWATZ+TjCg==')
    expect(contentMd5('["img4ubk19AOA2s7saK5dZROfM-1wy2$k"]')).toBe('sEoxTlBv28+gDyUJdoGy4A==')
    expect(contentMd5('{}')).toBe('mZFLkyvTelC5g8XnyQrpOw==')
  })

  it('(a) doc-style request: exact string-to-sign, signature and encoded URL', () => {
    const signed = signRoaRequest({
      method: 'POST',
      path: '/green/image/scan',
      query: { clientInfo: CLIENT_INFO },
      body: BODY,
      credentials: creds,
      date: DATE,
      nonce: '339497c2-d91f-4c17-a0a3-1192ee9e2202',
    })
    expect(signed.stringToSign).toBe(
      [
        'POST',
        'application/json',
        'XmRyhDfe7ZEZWWATZ+TjCg==',
        'application/json',
        'Tue, 14 Mar 2017 06:29:50 GMT',
        'x-acs-signature-method:HMAC-SHA1',
        'x-acs-signature-nonce:339497c2-d91f-4c17-a0a3-1192ee9e2202',
        'x-acs-signature-version:1.0',
        'x-acs-version:2018-05-09',
        `/green/image/scan?clientInfo=${CLIENT_INFO}`,
      ].join('\n'),
    )
    expect(signed.headers.authorization).toBe('acs testid:+3DUb2w7fbFz0aasnE/7db9AwKw=')
    expect(signed.pathWithQuery).toBe(
      '/green/image/scan?clientInfo=%7B%22ip%22%3A%22127.0.0.2%22%2C%22userId%22%3A%22120234234%22%2C%22userNick%22%3A%22Mike%22%2C%22userType%22%3A%22others%22%7D',
    )
  })

  it('(a) without a query signs the bare path', () => {
    const signed = signRoaRequest({
      method: 'POST',
      path: '/green/image/scan',
      body: BODY,
      credentials: creds,
      date: DATE,
      nonce: '339497c2-d91f-4c17-a0a3-1192ee9e2202',
    })
    expect(signed.headers.authorization).toBe('acs testid:FnlNiAfpe0kd22HrQkgESBFdOjk=')
    expect(signed.pathWithQuery).toBe('/green/image/scan')
  })

  it('(b) what Python core signs: mixed-case headers, region, sorted query', () => {
    const headers = {
      Accept: 'application/json',
      'Content-MD5': contentMd5(BODY),
      'Content-Type': 'application/octet-stream',
      Date: 'Tue, 14 Mar 2017 06:29:50 GMT',
      'x-acs-version': '2018-05-09',
      'x-acs-signature-version': '1.0',
      'x-acs-signature-method': 'HMAC-SHA1',
      'x-acs-region-id': 'cn-shanghai',
      'x-acs-action': 'ImageSyncScan',
      'User-Agent': 'not signed',
    }
    const sts = roaStringToSign({
      method: 'POST',
      path: '/green/image/scan',
      query: { RegionId: 'cn-shanghai', ClientInfo: CLIENT_INFO },
      headers,
    })
    expect(sts).toBe(
      [
        'POST',
        'application/json',
        'XmRyhDfe7ZEZWWATZ+TjCg==',
        'application/octet-stream',
        'Tue, 14 Mar 2017 06:29:50 GMT',
        'x-acs-action:ImageSyncScan',
        'x-acs-region-id:cn-shanghai',
        'x-acs-signature-method:HMAC-SHA1',
        'x-acs-signature-version:1.0',
        'x-acs-version:2018-05-09',
        `/green/image/scan?ClientInfo=${CLIENT_INFO}&RegionId=cn-shanghai`,
      ].join('\n'),
    )
    expect(hmacSha1Base64('testsecret', sts)).toBe('V9T2gI84ME1MbexneZlHWdrkKAI=')
  })

  it('STS adds x-acs-accesskey-id and x-acs-security-token, both signed', () => {
    const signed = signRoaRequest({
      method: 'POST',
      path: '/green/image/scan',
      body: BODY,
      action: 'ImageSyncScan',
      credentials: { ...creds, accessKeyId: 'STS.abc', securityToken: 'tok' },
      date: DATE,
      nonce: 'n1',
    })
    expect(signed.headers['x-acs-security-token']).toBe('tok')
    expect(signed.stringToSign).toContain(
      'x-acs-accesskey-id:STS.abc\nx-acs-action:ImageSyncScan\n',
    )
    expect(signed.stringToSign).toContain('x-acs-security-token:tok\nx-acs-signature-method')
    expect(signed.headers.authorization).toBe(
      `acs STS.abc:${hmacSha1Base64('testsecret', signed.stringToSign)}`,
    )
  })
})
