import { REDACTED } from '../redaction.ts'
import type { OutboundConfig } from './config.ts'

const URL_PARTS = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*@)?([^?#]*)(\?[^#]*)?(#.*)?$/i

/**
 * A URL safe to show and log: user-info and every query-string value replaced by `REDACTED`
 * (keys stay, so `?api_key=[REDACTED]` says what was configured). Text-level, so templates such as
 * `{sub}` survive unencoded. Anything that is not an absolute URL is returned as it is.
 */
export function maskUrl(url: string): string {
  const parts = URL_PARTS.exec(url)
  if (!parts) return url
  const [, scheme, userInfo, rest, query] = parts
  const maskedQuery = query
    ? `?${query.slice(1).split('&').map((pair) => (pair.includes('=') ? `${pair.slice(0, pair.indexOf('='))}=${REDACTED}` : pair)).join('&')}`
    : ''
  return `${scheme}${userInfo ? `${REDACTED}@` : ''}${rest}${maskedQuery}`
}

/** `hooks.slack.com` matches itself; `*.example.com` matches every subdomain of example.com (not itself). */
function hostMatches(host: string, pattern: string): boolean {
  const wanted = pattern.trim().toLowerCase()
  return wanted.startsWith('*.') ? host.endsWith(wanted.slice(1)) && host.length > wanted.length - 1 : host === wanted
}

/**
 * Checks a URL claimcheck is about to call (a notifier, the subject directory) against the
 * outbound policy. Returns why it is refused, or undefined when it may be called.
 */
export function outboundRefusal(url: string, policy: OutboundConfig): string | undefined {
  let parsed: URL
  try {
    parsed = new URL(url.replaceAll('{sub}', 'sub'))
  } catch {
    return `${maskUrl(url)} is not a valid URL`
  }
  const scheme = parsed.protocol.replace(/:$/, '')
  if (!(policy.schemes as string[]).includes(scheme)) return `${scheme}: URLs are not allowed (outbound.schemes: ${policy.schemes.join(', ')})`
  const host = parsed.hostname.toLowerCase().replace(/^\[|\]$/g, '')
  if (policy.hosts.length > 0 && !policy.hosts.some((pattern) => hostMatches(host, pattern))) {
    return `host ${host} is not in outbound.hosts`
  }
  return undefined
}
