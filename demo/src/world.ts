import type { Clock } from './clock.ts'
import type { UserDirectory } from './directory.ts'
import type { DemoGateway } from './gateway/server.ts'
import type { IdentityProvider, SigningAlg } from './idp.ts'

/** Everything a scenario may break: the IdP, the user directory and the gateways, by service name. */
export interface DemoWorld {
  clock: Clock
  idp: IdentityProvider
  directory: UserDirectory
  gateways: Map<string, DemoGateway>
}

/** One client of the demo system: an app acting for users of some tenants. */
export interface DemoClient {
  id: string
  /** Tenants whose users sign in with this client. */
  tenants: string[]
  scopes: string[]
  alg: SigningAlg
  tokenTtlSeconds: number
  /** Share of traffic relative to the other clients. */
  weight: number
  userAgent: string
  /** Client addresses are `${ipPrefix}${user index}` (documentation ranges, only ever a header value). */
  ipPrefix: string
  calls: ClientCall[]
}

export interface ClientCall {
  gateway: string
  method: 'GET' | 'POST'
  /** Route template as the gateway declares it. */
  route: string
  weight: number
}

/** One request the traffic generator is about to send. */
export interface PlannedRequest {
  client: DemoClient
  user: { id: string; tenant: string; index: number }
  call: ClientCall
  /** Concrete path, template parameters filled in. */
  path: string
}

/** How a client-side scenario changes the credentials a request carries. */
export interface ClientEffect {
  /** Send no Authorization header at all. */
  omitToken?: boolean
  /** Send something that is not a JWT. */
  malformed?: boolean
  /** The token comes from an issuer whose clock is off by this many seconds. */
  clockOffsetSeconds?: number
  /** The client kept a token obtained this many seconds ago and never refreshed it. */
  issuedSecondsAgo?: number
  /** The token belongs to a user who was deleted from the directory long ago. */
  formerUser?: boolean
  /** The token was minted with these scopes instead of the client's. */
  scopes?: string[]
  /** The token was minted for this audience instead of the demo APIs'. */
  audience?: string[]
  /** The token's session was signed out at the IdP. */
  revokedSession?: boolean
}
