import { useQuery } from '@tanstack/react-query'
import { roleAtLeast, SessionInfoSchema, type Role, type SessionInfo } from '@claimcheck/shared'
import { authorizationHeader, csrfHeader, setCsrfToken } from '../api/auth.ts'
import { ApiError } from '../api/client.ts'

/** Who is signed in (`GET /api/v1/auth/session`), and the CSRF token that comes with a session. */
export const SESSION_KEY = ['session'] as const

async function readMessage(response: Response): Promise<string> {
  try {
    return ((await response.json()) as { error?: { message?: string } }).error?.message ?? response.statusText
  } catch {
    return response.statusText
  }
}

/** The signed-in principal, or null when nobody is (401). */
export async function fetchSession(signal?: AbortSignal): Promise<SessionInfo | null> {
  const response = await fetch('/api/v1/auth/session', { headers: { accept: 'application/json', ...authorizationHeader() }, signal })
  if (response.status === 401) {
    setCsrfToken(undefined)
    return null
  }
  if (!response.ok) throw new ApiError(response.status, `http_${response.status}`, await readMessage(response))
  const session = SessionInfoSchema.parse(await response.json())
  setCsrfToken(session.csrfToken)
  return session
}

export function useSession() {
  return useQuery({ queryKey: SESSION_KEY, queryFn: ({ signal }) => fetchSession(signal), retry: false, staleTime: 60_000 })
}

/** Whether the signed-in role may use a control that needs `role` (the server checks again). */
export function useCan(role: Role): boolean {
  const { data } = useSession()
  return data ? roleAtLeast(data.role, role) : false
}

export async function signIn(user: string, password: string): Promise<SessionInfo> {
  const response = await fetch('/api/v1/auth/login', {
    method: 'POST', headers: { accept: 'application/json', 'content-type': 'application/json' }, body: JSON.stringify({ user, password }),
  })
  if (!response.ok) throw new ApiError(response.status, `http_${response.status}`, await readMessage(response))
  const session = SessionInfoSchema.parse(await response.json())
  setCsrfToken(session.csrfToken)
  return session
}

export async function signOut(): Promise<void> {
  await fetch('/api/v1/auth/logout', { method: 'POST', headers: csrfHeader('POST') })
  setCsrfToken(undefined)
}
