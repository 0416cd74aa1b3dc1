import { useQueryClient } from '@tanstack/react-query'
import { Link } from 'react-router'
import { setApiToken } from '../api/auth.ts'
import { SESSION_KEY, signOut, useSession } from './session.ts'

/** Who is signed in, with which role, and the way out. */
export function UserMenu() {
  const client = useQueryClient()
  const { data } = useSession()
  if (!data) return null
  const leave = async () => {
    if (data.kind === 'session') await signOut()
    setApiToken(undefined)
    client.setQueryData(SESSION_KEY, null)
    client.removeQueries({ predicate: (query) => query.queryKey[0] !== SESSION_KEY[0] })
  }
  return (
    <div className="user-menu" aria-label="Signed in">
      <Link className="user-name" to="/account" title={data.email ?? data.user} aria-label={`Your account: ${data.user}, ${data.role}`}>
        <span>{data.user}</span>
        <span className={`role-badge role-${data.role}`}>{data.role}</span>
      </Link>
      {data.kind === 'proxy' ? null : <button type="button" className="btn btn-ghost btn-sm" onClick={() => void leave()}>Sign out</button>}
    </div>
  )
}
