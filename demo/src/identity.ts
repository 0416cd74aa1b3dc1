import express from 'express'
import { systemClock, type Clock } from './clock.ts'
import { createDirectoryApiRouter } from './directory-api.ts'
import { seedDirectory, UserDirectory } from './directory.ts'
import { createIdpRouter, IdentityProvider } from './idp.ts'
import { listenLoopback } from './listen.ts'
import { DEMO_TENANTS, USERS_PER_TENANT } from './traffic/clients.ts'

export interface DemoIdentityUrls {
  idp: string
  jwks: string
  /** URL template of the directory's user API: `{sub}` stands for the subject. */
  users: string
}

/** The identity side of the demo: the IdP and the user directory, served over HTTP on loopback. */
export interface DemoIdentity {
  idp: IdentityProvider
  directory: UserDirectory
  urls: DemoIdentityUrls
  stop(): Promise<void>
}

export interface DemoIdentityOptions {
  clock?: Clock
}

/**
 * Starts the IdP (discovery, JWKS, token endpoint) and the directory's user API on one loopback
 * server, the directory seeded with the demo tenants' users. Started on its own so a claimcheck
 * in the same process can be configured with its URLs before the gateways send anything.
 */
export async function startDemoIdentity(options: DemoIdentityOptions = {}): Promise<DemoIdentity> {
  const clock = options.clock ?? systemClock
  const directory = new UserDirectory(clock)
  seedDirectory(directory, DEMO_TENANTS, USERS_PER_TENANT)
  const idp = await IdentityProvider.create({ clock })
  const app = express()
  app.disable('x-powered-by')
  let baseUrl = ''
  app.use(createIdpRouter(idp, directory, () => baseUrl))
  app.use(createDirectoryApiRouter(directory))
  const server = await listenLoopback(app)
  baseUrl = server.url
  return {
    idp, directory,
    urls: { idp: baseUrl, jwks: `${baseUrl}/.well-known/jwks.json`, users: `${baseUrl}/users/{sub}` },
    stop: () => server.close(),
  }
}
