import { useEffect, type ReactNode } from 'react'
import { useQueryClient } from '@tanstack/react-query'
import { isApiTokenRequired, onApiTokenChange } from '../api/auth.ts'
import { ErrorState, Loading } from '../components/States.tsx'
import { LoginPage } from './LoginPage.tsx'
import { SESSION_KEY, useSession } from './session.ts'

/** Shows the sign-in page until somebody is signed in; a 401 later (session ended) brings it back. */
export function AuthGate({ children }: { children: ReactNode }) {
  const client = useQueryClient()
  const session = useSession()
  useEffect(() => onApiTokenChange(() => {
    if (isApiTokenRequired()) void client.invalidateQueries({ queryKey: SESSION_KEY })
  }), [client])
  if (session.isPending) return <Loading label="Checking your sign-in" />
  if (session.isError) return <ErrorState error={session.error} onRetry={() => void session.refetch()} />
  if (!session.data) return <LoginPage />
  return children
}
