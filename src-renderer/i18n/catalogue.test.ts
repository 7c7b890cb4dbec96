import { describe, expect, it } from 'vitest'
import { NOTE_CODES, SCENES } from '../../src-shared/domain'
import { ERROR_CODES, reasonsOf } from '../../src-shared/result'
import { en } from './en'
import { placeholders } from './word-error'
import { zhCN } from './zh-cn'

const english: Readonly<Record<string, string>> = en
const chinese: Readonly<Record<string, string>> = zhCN

/** Every key the closed unions demand: a code, each of its reasons, each note, each scene. */
const REQUIRED = [
  ...ERROR_CODES.flatMap((code) => [
    `error.${code}`,
    ...reasonsOf(code).map((reason) => `error.${code}.${reason}`),
  ]),
  ...NOTE_CODES.filter((code) => code !== 'preflight-changed').map((code) => `note.${code}`),
  ...['firstFrame', 'downscaled', 'framesKept', 'reencoded', 'fit', 'format'].map(
    (part) => `note.preflight.${part}`,
  ),
  ...SCENES.map((scene) => `scene.${scene}`),
]

// Words that are the same in both languages on purpose: none in Chinese sentences, but a scene
// keeps its API name in English only.
const CATALOGUED = Object.keys(english).filter((key) =>
  /^(error|note|label|scene|action)\./.test(key),
)

describe('the error and note catalogue', () => {
  it.each(REQUIRED)('%s is worded in en and zh-CN', (key) => {
    expect(english[key], `en lacks ${key}`).toBeTruthy()
    expect(chinese[key], `zh-CN lacks ${key}`).toBeTruthy()
  })

  it.each(CATALOGUED)('%s is translated, with the same placeholders', (key) => {
    const en = english[key] ?? ''
    const zh = chinese[key] ?? ''
    expect(zh, `zh-CN ${key} is the English text`).not.toBe(en)
    expect(zh, `zh-CN ${key} has no Chinese in it`).toMatch(/[\u3000-\u9fff\uff00-\uffef]/)
    expect(placeholders(zh).sort()).toEqual(placeholders(en).sort())
  })
})
