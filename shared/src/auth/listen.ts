import type { Config } from '../config.ts'

export const LOOPBACK = '127.0.0.1'
export const ALL_INTERFACES = '0.0.0.0'

export interface ListenChoice {
  host: string
  /** Why this address, for the start-up log. */
  reason: 'configured' | 'authentication configured' | 'no authentication configured'
}

/**
 * Where the dashboard listens. An explicit `dashboard.host` wins; otherwise every interface once
 * API tokens or a trusted SSO proxy are configured (deployments that set them keep working), and
 * loopback only before that, so a first start is not reachable from the network.
 */
export function dashboardListenHost(config: Config): ListenChoice {
  if (config.dashboard.host) return { host: config.dashboard.host, reason: 'configured' }
  const configured = config.dashboard.apiTokens.length > 0 || config.dashboard.auth.proxy.trustedProxies.length > 0
  return configured ? { host: ALL_INTERFACES, reason: 'authentication configured' } : { host: LOOPBACK, reason: 'no authentication configured' }
}

/** Where the OTLP receivers listen: `collector.host`, else every interface with ingest tokens, else loopback. */
export function collectorListenHost(config: Pick<Config, 'collector'>): ListenChoice {
  if (config.collector.host) return { host: config.collector.host, reason: 'configured' }
  return config.collector.authTokens.length > 0 ? { host: ALL_INTERFACES, reason: 'authentication configured' } : { host: LOOPBACK, reason: 'no authentication configured' }
}

/** True for addresses only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host)
}
