import { cleanToken, decodeJwt, type JwtDecode } from '@claimcheck/shared'

/**
 * A pasted JWT, decoded in the browser with the shared decoder (the one the collector and the
 * server use), without verifying it and without sending it anywhere. A failure's reason is a
 * sentence for the page.
 */
export function decodePastedToken(input: string): JwtDecode {
  const token = cleanToken(input)
  if (token === '') return { ok: false, reason: 'Nothing pasted yet.' }
  const decoded = decodeJwt(token)
  return decoded.ok ? decoded : { ok: false, reason: `Cannot decode: ${decoded.reason}.` }
}

/** A claim time against now: "expired 3 min ago", "expires in 54 min". */
export function relativeTo(epochSeconds: number, nowMs: number): { seconds: number; text: string } {
  const seconds = Math.round(epochSeconds - nowMs / 1000)
  const abs = Math.abs(seconds)
  const span = abs < 120 ? `${abs} s` : abs < 7_200 ? `${Math.round(abs / 60)} min` : abs < 172_800 ? `${Math.round(abs / 3_600)} h` : `${Math.round(abs / 86_400)} d`
  return { seconds, text: seconds >= 0 ? `in ${span}` : `${span} ago` }
}
