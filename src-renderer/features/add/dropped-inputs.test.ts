import { describe, expect, it } from 'vitest'
import { droppedInputs } from './dropped-inputs'

function transfer(
  files: { name: string; path: string | null }[],
  data: Record<string, string> = {},
) {
  return {
    files: files as unknown as FileList,
    getData: (type: string) => data[type] ?? '',
  }
}

const byFakePath = (file: File) => (file as unknown as { path: string | null }).path

describe('droppedInputs', () => {
  it('turns dropped files into their paths and counts the ones the host cannot see', () => {
    const drop = transfer([
      { name: '猫.jpg', path: '/photos/猫.jpg' },
      { name: 'x.png', path: null },
    ])
    expect(droppedInputs(drop, byFakePath)).toEqual({
      inputs: ['/photos/猫.jpg'],
      filesWithoutPath: 1,
    })
  })

  it('reads links from text/uri-list, skipping comments, when no files were dropped', () => {
    const drop = transfer([], {
      'text/uri-list': 'https://a.example/1.jpg\r\n# from a browser\r\nhttps://a.example/2.png',
    })
    expect(droppedInputs(drop, byFakePath).inputs).toEqual([
      'https://a.example/1.jpg',
      'https://a.example/2.png',
    ])
  })
})
