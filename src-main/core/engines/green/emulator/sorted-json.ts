/**
 * JSON with object keys in alphabetical order at every depth, as Green's fastjson answers look
 * (docs/green-api.md §4.1). Clients must not depend on it; the emulator mimics it anyway.
 */
export function sortedJson(value: unknown): string {
  return JSON.stringify(sortKeys(value))
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys)
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const key of Object.keys(value).sort()) {
      const child = (value as Record<string, unknown>)[key]
      if (child !== undefined) out[key] = sortKeys(child)
    }
    return out
  }
  return value
}
