/**
 * A route for a call that carries no `http.route` (nginx, Kong or Traefik access logs, route-less
 * spans): its path with the parts that vary per request replaced by `{id}`, so `/orders/1234`
 * and `/orders/98` are one route in `gateway_calls`' sort key and in every rollup, not two.
 */

export const ROUTE_PLACEHOLDER = '{id}'

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i
const NUMBER = /^[+-]?\d+(?:[.,]\d+)?$/
const HEX = /^(?:0x)?[0-9a-f]{8,}$/i
const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/
/** Long opaque tokens (base64url ids, hashes with a prefix): letters and digits mixed, 16+ characters. */
const OPAQUE = /^[A-Za-z0-9_=-]{16,}$/

function isVariable(segment: string): boolean {
  if (NUMBER.test(segment) || UUID.test(segment) || ULID.test(segment)) return true
  if (HEX.test(segment) && /\d/.test(segment)) return true
  return OPAQUE.test(segment) && /\d/.test(segment) && /[A-Za-z]/.test(segment)
}

/** `/users/42/orders/9f8e7d6c5b4a` → `/users/{id}/orders/{id}`; already templated segments (`{id}`, `:id`) stay. */
export function templatePath(path: string): string {
  if (path === '') return ''
  let changed = false
  const segments = path.split('/').map((segment) => {
    if (segment === '' || !isVariable(segment)) return segment
    changed = true
    return ROUTE_PLACEHOLDER
  })
  return changed ? segments.join('/') : path
}

/** Route every call of a service gets once the service has used up its distinct routes. */
export const OVERFLOW_ROUTE = 'other'

/**
 * Caps distinct routes per service: the first `maxPerService` routes of a service are kept, any
 * further one becomes `other` (and `onOverflow` counts it). The set lives in memory: after a
 * restart it fills again from the routes seen first.
 */
export class RouteLimiter {
  private readonly seen = new Map<string, Set<string>>()

  constructor(private readonly maxPerService: number, private readonly onOverflow: (service: string) => void = () => {}) {}

  admit(service: string, route: string): string {
    if (route === '') return route
    let routes = this.seen.get(service)
    if (!routes) this.seen.set(service, (routes = new Set()))
    if (routes.has(route)) return route
    if (routes.size < this.maxPerService) {
      routes.add(route)
      return route
    }
    this.onOverflow(service)
    return OVERFLOW_ROUTE
  }
}
