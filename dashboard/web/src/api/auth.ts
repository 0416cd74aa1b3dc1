/**
 * The API token the dashboard sends when the server requires one (`dashboard.apiTokens`). Kept in
 * sessionStorage: it lasts for the tab, is not shared with other sites, and is gone when the tab
 * closes. A server without tokens never asks, and nothing is stored.
 */
const KEY = 'claimcheck.apiToken'
const listeners = new Set<() => void>()
/** Set when the server answered 401: the dashboard then asks for a token. */
let required = false

function storage(): Storage | undefined {
  try {
    return globalThis.sessionStorage
  } catch {
    return undefined
  }
}

export function getApiToken(): string | undefined {
  return storage()?.getItem(KEY) ?? undefined
}

export function setApiToken(token: string | undefined): void {
  const trimmed = token?.trim()
  if (trimmed) storage()?.setItem(KEY, trimmed)
  else storage()?.removeItem(KEY)
  required = false
  for (const listener of listeners) listener()
}

/** The server refused the request for want of a (valid) token. */
export function markApiTokenRequired(): void {
  if (required) return
  required = true
  for (const listener of listeners) listener()
}

export function isApiTokenRequired(): boolean {
  return required
}

/** Called whenever the token or the need for one changes (for useSyncExternalStore and refetching). */
export function onApiTokenChange(listener: () => void): () => void {
  listeners.add(listener)
  return () => void listeners.delete(listener)
}

export function authorizationHeader(): Record<string, string> {
  const token = getApiToken()
  return token ? { authorization: `Bearer ${token}` } : {}
}

/**
 * The CSRF token of the signed-in session, sent as `X-CSRF-Token` on every change. In memory
 * only: a page of another site can read neither it nor the cookie it is derived from.
 */
let csrfToken: string | undefined

export function setCsrfToken(token: string | undefined): void {
  csrfToken = token
}

export function csrfHeader(method: string | undefined): Record<string, string> {
  return csrfToken && method && !['GET', 'HEAD'].includes(method.toUpperCase()) ? { 'x-csrf-token': csrfToken } : {}
}
