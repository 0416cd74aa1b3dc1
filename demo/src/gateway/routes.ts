import type { SigningAlg } from '../idp.ts'

export type HttpMethod = 'GET' | 'POST'

export interface GatewayRoute {
  method: HttpMethod
  /** Express route template; reported as `http.route`. */
  path: string
  /** Scopes the token must all carry (RFC 6750 `insufficient_scope` otherwise). */
  scopes: string[]
}

/** What a gateway checks in a bearer token. Scenarios change these at run time. */
export interface GatewayAuthSettings {
  issuer: string
  audience: string
  /** Allow-list passed to `jwtVerify`'s `algorithms`. */
  algorithms: SigningAlg[]
  /** Seconds of skew tolerated on `exp`/`nbf`. */
  clockToleranceSeconds: number
  jwksUrl: string
  /** How long a fetched JWKS is trusted before it is fetched again (jose `cacheMaxAge`). */
  jwksCacheMaxAgeMs: number
  /** Least time between two JWKS fetches triggered by an unknown `kid` (jose `cooldownDuration`). */
  jwksCooldownMs: number
  jwksTimeoutMs: number
}

export interface GatewaySpec {
  /** `service.name` of the gateway instance. */
  name: string
  /** RFC 6750 `realm`. */
  realm: string
  audience: string
  routes: GatewayRoute[]
}

export const ORDERS_GATEWAY: GatewaySpec = {
  name: 'orders-gateway',
  realm: 'orders-api',
  audience: 'orders-api',
  routes: [
    { method: 'GET', path: '/v1/orders', scopes: ['orders:read'] },
    { method: 'GET', path: '/v1/orders/:orderId', scopes: ['orders:read'] },
    { method: 'POST', path: '/v1/orders', scopes: ['orders:write'] },
  ],
}

export const BILLING_GATEWAY: GatewaySpec = {
  name: 'billing-gateway',
  realm: 'billing-api',
  audience: 'billing-api',
  routes: [
    { method: 'GET', path: '/v1/invoices', scopes: ['billing:read'] },
    { method: 'GET', path: '/v1/invoices/:invoiceId', scopes: ['billing:read'] },
    { method: 'POST', path: '/v1/payments', scopes: ['billing:write'] },
  ],
}

export const DEMO_GATEWAYS: readonly GatewaySpec[] = [ORDERS_GATEWAY, BILLING_GATEWAY]

/** `GET /v1/orders` — how scenarios and clients name a route. */
export function routeKey(route: Pick<GatewayRoute, 'method' | 'path'>): string {
  return `${route.method} ${route.path}`
}
