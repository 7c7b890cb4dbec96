import { describe, expect, it } from 'vitest'
import type { z } from 'zod'
import { eventChannels, invokeChannels } from './contract'

/** Every object key a schema can produce, walking objects, arrays, unions, optionals and defaults. */
function keysOf(schema: z.ZodType, seen = new Set<z.ZodType>()): string[] {
  if (seen.has(schema)) return []
  seen.add(schema)
  const def = (schema as unknown as { _zod: { def: Record<string, unknown> } })._zod.def
  const children: z.ZodType[] = []
  const keys: string[] = []
  if (def.type === 'object') {
    for (const [key, child] of Object.entries(def.shape as Record<string, z.ZodType>)) {
      keys.push(key)
      children.push(child)
    }
  }
  for (const field of ['element', 'innerType', 'in', 'out', 'valueType', 'left', 'right']) {
    if (def[field]) children.push(def[field] as z.ZodType)
  }
  if (Array.isArray(def.options)) children.push(...(def.options as z.ZodType[]))
  return [...keys, ...children.flatMap((c) => keysOf(c, seen))]
}

describe('the IPC contract', () => {
  it('has no response or event that can carry a secret, token or password to the renderer', () => {
    const outbound = [
      ...Object.values(invokeChannels).map((c) => c.response as z.ZodType),
      ...Object.values(eventChannels),
    ]
    const keys = outbound.flatMap((schema) => keysOf(schema))
    expect(keys.length).toBeGreaterThan(20)
    expect(keys).toContain('accessKeyIdMasked')
    expect(keys.filter((k) => /secret|token|password|passphrase/i.test(k))).toEqual([])
  })

  it('takes the secret in exactly one place, credentials:set', () => {
    const withSecret = Object.entries(invokeChannels)
      .filter(([, c]) => keysOf(c.request as z.ZodType).some((k) => /secret/i.test(k)))
      .map(([name]) => name)
    expect(withSecret).toEqual(['credentials:set'])
  })

  // State events say what changed; the few asks from main's own UI (menu, tray, notifications)
  // to the page say what is requested.
  it('names channels domain:verb-noun and events domain:noun-changed or -requested', () => {
    for (const name of Object.keys(invokeChannels))
      expect(name).toMatch(/^[a-z]+:[a-z]+(-[a-z]+)*$/)
    for (const name of Object.keys(eventChannels))
      expect(name).toMatch(/^[a-z]+:([a-z]+-)*(changed|requested)$/)
  })
})
