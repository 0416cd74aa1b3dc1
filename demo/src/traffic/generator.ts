import { epochSeconds } from '../clock.ts'
import { demoUserId } from '../directory.ts'
import { BILLING_GATEWAY, ORDERS_GATEWAY } from '../gateway/routes.ts'
import { SCENARIO_HEADER } from '../gateway/server.ts'
import type { ScenarioDefinition } from '../scenarios/catalog.ts'
import type { ClientEffect, DemoClient, DemoWorld, PlannedRequest } from '../world.ts'
import { DEMO_CLIENTS, planRequest, USERS_PER_TENANT } from './clients.ts'
import { NoiseSchedule } from './noise.ts'

export interface TrafficResult {
  plan: PlannedRequest
  status: number
  /** The scenario (or `noise:…` kind) that shaped the request, '' for healthy baseline traffic. */
  scenario: string
}

export interface TrafficOptions {
  world: DemoWorld
  /** The scenarios in effect now (the scheduler's `active()`). */
  activeScenarios: () => readonly ScenarioDefinition[]
  /** Requests per second. */
  rate: number
  clients?: readonly DemoClient[]
  usersPerTenant?: number
  random?: () => number
  /** Share of baseline requests that carry background noise (a stray expired token…). Default 0.04; 0 = none. */
  noiseRate?: number
  /** Requests in flight at most; more are skipped rather than queued. Default 256. */
  maxInFlight?: number
  onResult?: (result: TrafficResult) => void
}

interface CachedToken {
  token: string
  refreshAt: number
}

/**
 * Plays the clients: picks a client, one of its users and one of its calls, gets a token from the
 * IdP (cached and refreshed like a real client does), lets active scenarios bend the request,
 * and sends it to the gateway with the scenario's name in a header as ground truth.
 */
export class TrafficGenerator {
  rate: number
  readonly counts = { sent: 0, skipped: 0, failed: 0, byStatus: new Map<number, number>() }
  private readonly clients: readonly DemoClient[]
  private readonly usersPerTenant: number
  private readonly random: () => number
  private readonly tokens = new Map<string, CachedToken>()
  private readonly sessions = new Map<string, string>()
  private readonly inFlight = new Set<Promise<unknown>>()
  private timer: NodeJS.Timeout | undefined
  private due = 0
  private last = 0
  private malformedTurn = 0
  private readonly noise: NoiseSchedule

  constructor(private readonly options: TrafficOptions) {
    this.rate = options.rate
    this.clients = options.clients ?? DEMO_CLIENTS
    this.usersPerTenant = options.usersPerTenant ?? USERS_PER_TENANT
    this.random = options.random ?? Math.random
    this.noise = new NoiseSchedule(options.noiseRate ?? 0.04)
    // Every user is signed in to every client it uses: one session each, revocable at the IdP.
    for (const client of this.clients) {
      for (const tenant of client.tenants) {
        for (let index = 0; index < this.usersPerTenant; index++) {
          this.sessions.set(`${client.id}|${demoUserId(tenant, index)}`, options.world.idp.openSession(tenant))
        }
      }
    }
  }

  start(): void {
    if (this.timer) return
    this.last = performance.now()
    this.timer = setInterval(() => this.pump(), 50)
  }

  /** Stops sending and waits for requests in flight. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer)
    this.timer = undefined
    await Promise.allSettled([...this.inFlight])
  }

  /** A random request, as a client would make it. */
  plan(): PlannedRequest {
    return planRequest(this.clients, this.usersPerTenant, this.random)
  }

  /** Sends one request (the planned one, or a random one) and reports its outcome. */
  async send(plan: PlannedRequest = this.plan()): Promise<TrafficResult> {
    const affecting = this.options.activeScenarios().filter((scenario) => scenario.affects(plan))
    const noise = affecting.length === 0 ? this.noise.next() : undefined
    const scenario = affecting[0]?.name ?? noise?.name ?? ''
    const effect: ClientEffect = Object.assign({}, ...affecting.map((definition) => definition.clientEffect ?? {}), noise?.effect ?? {})
    const gateway = this.options.world.gateways.get(plan.call.gateway)
    if (!gateway) throw new Error(`gateway ${plan.call.gateway} is not running`)
    const headers: Record<string, string> = {
      'user-agent': plan.client.userAgent,
      'x-forwarded-for': `${plan.client.ipPrefix}${10 + plan.user.index}`,
      accept: 'application/json',
    }
    const authorization = await this.authorization(plan, effect)
    if (authorization !== undefined) headers.authorization = authorization
    if (scenario) headers[SCENARIO_HEADER] = scenario
    if (plan.call.method === 'POST') headers['content-type'] = 'application/json'
    let status = 0
    try {
      const response = await fetch(`${gateway.url}${plan.path}`, {
        method: plan.call.method,
        headers,
        ...(plan.call.method === 'POST' ? { body: JSON.stringify({ note: 'demo', amountCents: 1200 }) } : {}),
      })
      status = response.status
      await response.arrayBuffer()
    } catch {
      this.counts.failed++
    }
    this.counts.sent++
    this.counts.byStatus.set(status, (this.counts.byStatus.get(status) ?? 0) + 1)
    const result = { plan, status, scenario }
    this.options.onResult?.(result)
    return result
  }

  private pump(): void {
    const now = performance.now()
    this.due += (this.rate * (now - this.last)) / 1000
    this.last = now
    const maxInFlight = this.options.maxInFlight ?? 256
    while (this.due >= 1) {
      this.due -= 1
      if (this.inFlight.size >= maxInFlight) {
        this.counts.skipped++
        continue
      }
      const request = this.send().catch(() => {
        this.counts.failed++
      })
      this.inFlight.add(request)
      void request.finally(() => this.inFlight.delete(request))
    }
  }

  private async authorization(plan: PlannedRequest, effect: ClientEffect): Promise<string | undefined> {
    if (effect.omitToken) return undefined
    const token = await this.token(plan, effect)
    if (!effect.malformed) return `Bearer ${token}`
    // Classic client bugs: a token variable that was never set, or a token cut off mid-payload.
    const turn = this.malformedTurn++ % 3
    if (turn === 0) return 'Bearer undefined'
    if (turn === 1) return 'Bearer null'
    const firstDot = token.indexOf('.')
    return `Bearer ${token.slice(0, firstDot + 1 + Math.floor((token.length - firstDot) / 3))}`
  }

  private async token(plan: PlannedRequest, effect: ClientEffect): Promise<string> {
    const { idp, clock } = this.options.world
    const offset = effect.clockOffsetSeconds ?? 0
    const issuedAgo = effect.issuedSecondsAgo ?? 0
    // A user deleted long ago: an index the directory never had.
    const sub = effect.formerUser ? demoUserId(plan.user.tenant, 1000 + plan.user.index) : plan.user.id
    // A new signing key means new tokens: the key generation is part of the cache key.
    const generation = Object.values(idp.activeKids()).join(',')
    const key = [plan.client.id, sub, offset, issuedAgo, effect.scopes?.join(' '), effect.audience?.join(' '), effect.revokedSession, generation].join('|')
    const now = epochSeconds(clock.now())
    const cached = this.tokens.get(key)
    if (cached && cached.refreshAt > now) return cached.token
    let sessionId = this.sessions.get(`${plan.client.id}|${plan.user.id}`) ?? idp.openSession(plan.user.tenant)
    if (effect.revokedSession) {
      sessionId = idp.openSession(plan.user.tenant)
      idp.revokeSession(sessionId)
    }
    const token = await idp.issue({
      sub, tenant: plan.user.tenant, clientId: plan.client.id, scopes: effect.scopes ?? plan.client.scopes,
      audience: effect.audience ?? [ORDERS_GATEWAY.audience, BILLING_GATEWAY.audience], alg: plan.client.alg, ttlSeconds: plan.client.tokenTtlSeconds,
      clockOffsetSeconds: offset, issuedSecondsAgo: issuedAgo, sessionId,
    })
    // A healthy client refreshes a minute before expiry; a faulty one keeps what it has.
    const faulty = offset !== 0 || issuedAgo !== 0 || effect.formerUser || effect.scopes || effect.audience || effect.revokedSession
    const refreshAt = !faulty ? now + plan.client.tokenTtlSeconds - 60 : now + 300
    this.tokens.set(key, { token, refreshAt })
    return token
  }
}
