import type { z } from 'zod'
import { reportReachable, reportUnreachable } from '../lib/connection.ts'
import { authorizationHeader, csrfHeader, markApiTokenRequired } from './auth.ts'

/** An API failure with what the server said, so error states can tell the user what to do. */
export class ApiError extends Error {
  override readonly name = 'ApiError'
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message)
  }
}

/** The server could not be reached (stopped, restarting, network down): the banner's business. */
export function isUnreachable(error: unknown): boolean {
  return error instanceof ApiError && (error.code === 'network' || error.status === 502 || error.status === 504)
}

export type QueryValue = string | number | boolean | undefined | null | readonly (string | number)[]

/** `/api/v1/calls?x=1&y=a&y=b`: arrays repeat the key, empty values are left out. */
export function buildUrl(path: string, params: Record<string, QueryValue> = {}): string {
  const search = new URLSearchParams()
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue
    if (Array.isArray(value)) for (const item of value) search.append(key, String(item))
    else search.append(key, String(value))
  }
  const text = search.toString()
  return `/api/v1${path}${text ? `?${text}` : ''}`
}

async function readError(response: Response): Promise<ApiError> {
  let code = `http_${response.status}`
  let message = response.statusText || `HTTP ${response.status}`
  try {
    const body = (await response.json()) as { error?: { code?: string; message?: string } }
    if (body.error?.message) message = body.error.message
    if (body.error?.code) code = body.error.code
  } catch {
    // Not JSON (a proxy's HTML error page): keep the status text.
  }
  return new ApiError(response.status, code, message)
}

/** Every API request goes through here: the API token when one is set, the CSRF token on changes, one error mapping. */
export async function apiFetch(url: string, init: RequestInit = {}): Promise<Response> {
  let response: Response
  try {
    response = await fetch(url, { ...init, headers: { accept: 'application/json', ...authorizationHeader(), ...csrfHeader(init.method), ...init.headers } })
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error
    reportUnreachable()
    throw new ApiError(0, 'network', 'The claimcheck server cannot be reached. Is it running?')
  }
  // A proxy in front of a stopped server answers 502/503/504 itself: the server is still away.
  if (response.status === 502 || response.status === 504) reportUnreachable()
  else reportReachable()
  if (response.status === 401) markApiTokenRequired()
  if (!response.ok) throw await readError(response)
  return response
}

async function send<S extends z.ZodType>(url: string, schema: S, init: RequestInit): Promise<z.infer<S>> {
  const response = await apiFetch(url, init)
  const body: unknown = await response.json()
  const parsed = schema.safeParse(body)
  if (!parsed.success) {
    throw new ApiError(response.status, 'bad_response', `Unexpected response from ${new URL(url, location.origin).pathname}: ${parsed.error.issues[0]?.message ?? 'invalid'}`)
  }
  return parsed.data
}

/** GET an API path and parse the body with the schema the server validated it with. */
export function getJson<S extends z.ZodType>(path: string, params: Record<string, QueryValue>, schema: S, signal?: AbortSignal): Promise<z.infer<S>> {
  return send(buildUrl(path, params), schema, { signal })
}

export function postJson<S extends z.ZodType>(path: string, body: unknown, schema: S, signal?: AbortSignal): Promise<z.infer<S>> {
  return sendJson('POST', path, body, schema, signal)
}

/** POST/PUT/PATCH a JSON body and parse the JSON answer. */
export function sendJson<S extends z.ZodType>(method: 'POST' | 'PUT' | 'PATCH', path: string, body: unknown, schema: S, signal?: AbortSignal): Promise<z.infer<S>> {
  return send(buildUrl(path), schema, { method, body: JSON.stringify(body), headers: { 'content-type': 'application/json' }, signal })
}

/** DELETE a resource; a 404 (already gone) counts as done. */
export async function deleteResource(path: string): Promise<void> {
  try {
    await apiFetch(buildUrl(path), { method: 'DELETE' })
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 404)) throw error
  }
}
