/**
 * RFC 6750 §3 `WWW-Authenticate` challenge parsing. Gateways differ in punctuation (AWS omits the
 * commas between parameters), and OTel header attributes may hold a JSON array of values.
 */

export interface WwwAuthenticate {
  /** Lowercased auth scheme, e.g. `bearer`. */
  scheme: string
  /** Lowercased parameter name → value (quotes and escapes removed). */
  params: Record<string, string>
}

const PARAM = /([A-Za-z][A-Za-z0-9_-]*)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,"]+))/g

function firstValue(raw: string): string {
  const trimmed = raw.trim()
  if (!trimmed.startsWith('[')) return trimmed
  try {
    const parsed: unknown = JSON.parse(trimmed)
    if (Array.isArray(parsed)) {
      // Prefer the Bearer challenge when several schemes are offered.
      const values = parsed.filter((v): v is string => typeof v === 'string')
      return values.find((v) => /^\s*bearer\b/i.test(v)) ?? values[0] ?? ''
    }
  } catch {
    // Not JSON after all: treat the text as the header value.
  }
  return trimmed
}

/** Parses one header value (or a JSON array string of values); undefined when empty. */
export function parseWwwAuthenticate(raw: string | undefined): WwwAuthenticate | undefined {
  if (!raw) return undefined
  const value = firstValue(raw)
  if (!value) return undefined
  const schemeMatch = /^\s*([A-Za-z][A-Za-z0-9_-]*)(?=\s|$|,)/.exec(value)
  const scheme = schemeMatch?.[1]?.toLowerCase() ?? ''
  const params: Record<string, string> = {}
  PARAM.lastIndex = schemeMatch ? schemeMatch[0].length : 0
  for (let m = PARAM.exec(value); m !== null; m = PARAM.exec(value)) {
    const name = m[1]!.toLowerCase()
    const quoted = m[2]
    params[name] = quoted !== undefined ? quoted.replace(/\\(.)/g, '$1') : (m[3] ?? '')
  }
  return { scheme, params }
}
