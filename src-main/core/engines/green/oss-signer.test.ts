import { describe, expect, it } from 'vitest'
import { ossSignature, ossStringToSign } from './oss-signer'

describe('OSS V1 signature (docs/green-api.md §5 worked example)', () => {
  const key = '1234567890/images/0f8fad5b-d9cb-469f-a165-70867728950e.jpg'
  const expected =
    'PUT\n\nimage/jpeg\nTue, 14 Mar 2017 06:30:00 GMT\nx-oss-security-token:STS.EXAMPLETOKEN\n' +
    `/green-upload-bucket/${key}`

  it('reproduces the string-to-sign and signature', () => {
    const sts = ossStringToSign({
      method: 'PUT',
      bucket: 'green-upload-bucket',
      key,
      headers: {
        'Content-Type': 'image/jpeg',
        Date: 'Tue, 14 Mar 2017 06:30:00 GMT',
        'x-oss-security-token': 'STS.EXAMPLETOKEN',
        'User-Agent': 'unsigned',
      },
    })
    expect(sts).toBe(expected)
    expect(ossSignature('ossTmpSecret', sts)).toBe('P5XxQe07CTX48exk8hA7KqYNGYU=')
  })

  it('puts x-oss-date in the date slot when present (ali-oss form)', () => {
    const sts = ossStringToSign({
      method: 'put',
      bucket: 'b',
      key: 'k',
      headers: { 'x-oss-date': 'D2', date: 'D1', 'content-md5': 'm' },
    })
    expect(sts).toBe('PUT\nm\n\nD2\nx-oss-date:D2\n/b/k')
  })
})
