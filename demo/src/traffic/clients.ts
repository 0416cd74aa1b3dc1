import { BILLING_GATEWAY, ORDERS_GATEWAY } from '../gateway/routes.ts'
import { demoUserId } from '../directory.ts'
import type { DemoClient, PlannedRequest } from '../world.ts'

export const DEMO_TENANTS = ['acme', 'globex', 'initech', 'umbrella'] as const
export const USERS_PER_TENANT = 12

const orders = ORDERS_GATEWAY.name
const billing = BILLING_GATEWAY.name

/**
 * The apps calling the demo APIs. Each acts for users of some tenants; together they give a
 * healthy baseline across both gateways, several routes, RS256 and ES256 tokens.
 */
export const DEMO_CLIENTS: readonly DemoClient[] = [
  {
    id: 'web-app', tenants: ['acme', 'globex', 'initech'], alg: 'RS256', tokenTtlSeconds: 3600, weight: 5,
    scopes: ['orders:read', 'orders:write', 'billing:read'],
    userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36',
    ipPrefix: '203.0.113.',
    calls: [
      { gateway: orders, method: 'GET', route: '/v1/orders', weight: 4 },
      { gateway: orders, method: 'GET', route: '/v1/orders/:orderId', weight: 4 },
      { gateway: orders, method: 'POST', route: '/v1/orders', weight: 1 },
      { gateway: billing, method: 'GET', route: '/v1/invoices', weight: 2 },
    ],
  },
  {
    id: 'mobile-app', tenants: ['acme', 'globex', 'umbrella'], alg: 'ES256', tokenTtlSeconds: 3600, weight: 3,
    scopes: ['orders:read', 'billing:read'],
    userAgent: 'DemoShop/4.12.0 (iPhone; iOS 19.1)',
    ipPrefix: '198.51.100.',
    calls: [
      { gateway: orders, method: 'GET', route: '/v1/orders', weight: 2 },
      { gateway: orders, method: 'GET', route: '/v1/orders/:orderId', weight: 3 },
      { gateway: billing, method: 'GET', route: '/v1/invoices/:invoiceId', weight: 1 },
    ],
  },
  {
    id: 'partner-portal', tenants: ['initech', 'umbrella'], alg: 'RS256', tokenTtlSeconds: 1800, weight: 2,
    scopes: ['billing:read', 'billing:write', 'orders:read'],
    userAgent: 'partner-portal/2.3 (+https://partners.demo.claimcheck.test)',
    ipPrefix: '192.0.2.',
    calls: [
      { gateway: billing, method: 'GET', route: '/v1/invoices', weight: 3 },
      { gateway: billing, method: 'POST', route: '/v1/payments', weight: 1 },
      { gateway: orders, method: 'GET', route: '/v1/orders/:orderId', weight: 1 },
    ],
  },
  {
    id: 'reporting-job', tenants: [...DEMO_TENANTS], alg: 'ES256', tokenTtlSeconds: 3600, weight: 1,
    scopes: ['orders:read', 'billing:read'],
    userAgent: 'python-requests/2.32.3',
    ipPrefix: '10.20.0.',
    calls: [
      { gateway: orders, method: 'GET', route: '/v1/orders', weight: 1 },
      { gateway: billing, method: 'GET', route: '/v1/invoices', weight: 1 },
    ],
  },
]

/** Picks an item with probability proportional to its weight; `random` in [0, 1). */
export function pickWeighted<T extends { weight: number }>(items: readonly T[], random: number): T {
  const total = items.reduce((sum, item) => sum + item.weight, 0)
  let point = random * total
  for (const item of items) {
    point -= item.weight
    if (point < 0) return item
  }
  return items[items.length - 1]!
}

/** A concrete path for a route template: `:orderId` → `ord_k3j9x2`. */
export function fillRoute(route: string, random: () => number): string {
  return route.replace(/:([A-Za-z]+)/g, (_match, name: string) => `${name.replace(/Id$/, '').slice(0, 3)}_${Math.floor(random() * 36 ** 6).toString(36).padStart(6, '0')}`)
}

/** A random request: a client by weight, one of its tenants' users, one of its calls. */
export function planRequest(clients: readonly DemoClient[], usersPerTenant: number, random: () => number): PlannedRequest {
  const client = pickWeighted(clients, random())
  const tenant = client.tenants[Math.floor(random() * client.tenants.length)]!
  const index = Math.floor(random() * usersPerTenant)
  const call = pickWeighted(client.calls, random())
  return { client, user: { id: demoUserId(tenant, index), tenant, index }, call, path: fillRoute(call.route, random) }
}
