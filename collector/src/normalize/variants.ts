/**
 * Encoded forms a credential hides behind: URL percent-encoding (`%2E` for the dots of a JWT,
 * `%20` after `Bearer`, double-encoded `%252E`, form `+`) and JSON string escapes (`\u002e`,
 * `\"` in JSON carried inside a string). The redactor masks the decoded form when it reveals
 * something the encoded one hid.
 */

const PERCENT = /%([0-9A-Fa-f]{2})/g
const HAS_PERCENT = /%[0-9A-Fa-f]{2}/
const JSON_ESCAPE = /\\(u[0-9A-Fa-f]{4}|["\\/bfnrt])/g
const JSON_SIMPLE: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' }

function percentDecodeOnce(s: string): string {
  const plus = s.replace(/\+/g, ' ')
  try {
    return decodeURIComponent(plus)
  } catch {
    // Malformed UTF-8 sequences: decode the ASCII escapes only.
    return plus.replace(PERCENT, (m, hex: string) => {
      const code = parseInt(hex, 16)
      return code < 0x80 ? String.fromCharCode(code) : m
    })
  }
}

function jsonUnescape(s: string): string {
  return s.replace(JSON_ESCAPE, (_m, esc: string) => (esc.length === 5 ? String.fromCharCode(parseInt(esc.slice(1), 16)) : JSON_SIMPLE[esc]!))
}

/** The decoded forms of `s` that differ from it (usually none: the cheap gates fail). */
export function decodedVariants(s: string): string[] {
  const out: string[] = []
  if (s.indexOf('%') >= 0 && HAS_PERCENT.test(s)) {
    let decoded = s
    // Up to three rounds: `%252E` → `%2E` → `.`.
    for (let round = 0; round < 3 && decoded.indexOf('%') >= 0; round++) {
      const next = percentDecodeOnce(decoded)
      if (next === decoded) break
      decoded = next
    }
    if (decoded !== s) out.push(decoded)
  }
  if (s.indexOf('\\') >= 0) {
    const unescaped = jsonUnescape(s)
    if (unescaped !== s) out.push(unescaped)
  }
  return out
}
