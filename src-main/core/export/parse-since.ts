const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:\d{2})?)?$/i

/**
 * Parses an export's `--since` date: ISO 8601, `2026-11-01` (midnight UTC) or
 * `2026-11-01T08:30[:00[.000]][Z|+08:00]`. No offset means UTC, like every date we write.
 * Returns epoch ms, or null for anything else, including impossible dates such as 2026-02-30
 * (which Date would silently roll over to March).
 */
export function parseSince(text: string): number | null {
  const m = ISO.exec(text.trim())
  if (!m) return null
  const [, y, mo, d, h = '00', mi = '00', s = '00', ms = '0', zone = 'Z'] = m
  const iso = `${y}-${mo}-${d}T${h}:${mi}:${s}.${ms.padEnd(3, '0')}${zone.toUpperCase()}`
  const at = Date.parse(iso)
  if (Number.isNaN(at)) return null
  // Check the calendar fields survived (no rollover), in the date's own offset.
  const offsetMin = zone.toUpperCase() === 'Z' ? 0 : offsetMinutes(zone)
  const local = new Date(at + offsetMin * 60_000)
  const same =
    local.getUTCFullYear() === Number(y) &&
    local.getUTCMonth() + 1 === Number(mo) &&
    local.getUTCDate() === Number(d) &&
    local.getUTCHours() === Number(h) &&
    local.getUTCMinutes() === Number(mi) &&
    local.getUTCSeconds() === Number(s)
  return same ? at : null
}

function offsetMinutes(zone: string): number {
  const sign = zone.startsWith('-') ? -1 : 1
  const [hh = '0', mm = '0'] = zone.slice(1).split(':')
  return sign * (Number(hh) * 60 + Number(mm))
}
