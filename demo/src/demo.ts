import { systemClock, type Clock } from './clock.ts'
import { createControlApp } from './control.ts'
import { DEMO_GATEWAYS, type GatewayAuthSettings, type GatewaySpec } from './gateway/routes.ts'
import { startGateway, type DemoGateway } from './gateway/server.ts'
import { createGatewayTelemetry, type GatewayTelemetry, type GatewayTelemetryOptions } from './gateway/telemetry.ts'
import { SIGNING_ALGS } from './idp.ts'
import { startDemoIdentity, type DemoIdentity } from './identity.ts'
import { listenLoopback } from './listen.ts'
import { SCENARIOS } from './scenarios/catalog.ts'
import { ScenarioScheduler, type ScenarioStatus, type ScenarioWindow } from './scenarios/scheduler.ts'
import { TrafficGenerator, type TrafficResult } from './traffic/generator.ts'
import { startUpstream } from './upstream.ts'
import type { DemoWorld } from './world.ts'

export interface DemoOptions {
  /** OTLP/HTTP base URL of claimcheck. Default `http://127.0.0.1:4318`. */
  otlpEndpoint?: string
  /** Extra OTLP request headers (an ingest token: `{ authorization: 'Bearer …' }`). */
  otlpHeaders?: Record<string, string>
  /** Requests per second across all clients. Default 10. */
  rate?: number
  /** Scenarios switched on at start. */
  scenarios?: readonly string[]
  /** How long the start-up scenarios last; omitted = until switched off. */
  scenarioDurationSeconds?: number
  /** Port of the control endpoint. Default 0 (a free port). */
  controlPort?: number
  /** Batch delay of the OTel span and log processors. Default 500 ms. */
  exportDelayMs?: number
  /** How long gateways trust a fetched JWKS. Default 10,000 ms. */
  jwksCacheMaxAgeMs?: number
  /** Share of baseline requests carrying background noise (every cause, a trickle). Default 0.04; 0 = none. */
  noiseRate?: number
  /** Start sending traffic at once. Default true. */
  traffic?: boolean
  /**
   * An IdP and directory already running (`startDemoIdentity`), e.g. because claimcheck was
   * configured with their URLs first. The demo uses it and leaves stopping it to the caller.
   * Default: the demo starts its own (with `clock`) and stops it with the rest.
   */
  identity?: DemoIdentity
  clock?: Clock
  /** Source of randomness for the traffic mix (a seeded one makes runs reproducible). */
  random?: () => number
  /** Replaces the OTLP export (tests pass in-memory processors). */
  telemetry?: (serviceName: string) => GatewayTelemetry
  onScenarioChange?: (event: { name: string; state: 'started' | 'ended' }) => void
  onResult?: (result: TrafficResult) => void
}

export interface DemoUrls {
  control: string
  idp: string
  jwks: string
  /** The directory's user API, `{sub}` standing for the subject. */
  users: string
  upstream: string
  gateways: Record<string, string>
}

export interface DemoHandle {
  urls: DemoUrls
  world: DemoWorld
  traffic: TrafficGenerator
  /** Switches a scenario on for a window (default: until `clearScenario`). */
  setScenario(name: string, window?: ScenarioWindow): Promise<ScenarioStatus>
  clearScenario(name: string): Promise<boolean>
  scenarios(): ScenarioStatus[]
  /** Stops traffic, ends scenarios, flushes telemetry, closes every server. */
  stop(): Promise<void>
}

/**
 * Runs the whole demo system in this process on loopback: IdP and user directory (or the given
 * `identity`), upstream, one gateway per spec (each its own `service.name`), the traffic generator
 * and the control endpoint.
 */
export async function startDemo(options: DemoOptions = {}): Promise<DemoHandle> {
  const clock = options.clock ?? systemClock
  const closers: (() => Promise<void>)[] = []
  const stopAll = async () => {
    for (const close of closers.splice(0).reverse()) await close().catch(() => {})
  }
  try {
    const identity = options.identity ?? await startDemoIdentity({ clock })
    if (!options.identity) closers.push(identity.stop)
    const { idp, directory } = identity
    const upstream = await startUpstream()
    closers.push(() => upstream.close())

    const gateways = new Map<string, DemoGateway>()
    const world: DemoWorld = { clock, idp, directory, gateways }
    for (const spec of DEMO_GATEWAYS) {
      const telemetry = options.telemetry?.(spec.name) ?? createGatewayTelemetry(telemetryOptions(spec, options))
      closers.push(() => telemetry.shutdown())
      const gateway = await startGateway({
        spec, telemetry, upstreamUrl: upstream.url, settings: gatewaySettings(spec, idp.issuer, identity.urls.jwks, options),
        deps: { findUser: (sub) => directory.get(sub), isSessionActive: (id) => idp.isSessionActive(id), clock },
      })
      closers.push(() => gateway.close())
      gateways.set(spec.name, gateway)
    }

    const scheduler = new ScenarioScheduler(SCENARIOS, world, clock, options.onScenarioChange)
    const ticker = setInterval(() => void scheduler.tick(), 250)
    closers.push(async () => {
      clearInterval(ticker)
      await scheduler.cancelAll()
    })
    const traffic = new TrafficGenerator({
      world, rate: options.rate ?? 10, activeScenarios: () => scheduler.active(), noiseRate: options.noiseRate ?? 0.04,
      ...(options.random ? { random: options.random } : {}), ...(options.onResult ? { onResult: options.onResult } : {}),
    })
    // Closers run in reverse: control endpoint, traffic, scenarios, gateways, telemetry flush, upstream, IdP.
    closers.push(() => traffic.stop())

    const urls: DemoUrls = {
      control: '', ...identity.urls, upstream: upstream.url,
      gateways: Object.fromEntries([...gateways].map(([name, gateway]) => [name, gateway.url])),
    }
    const control = await listenLoopback(createControlApp({ scheduler, traffic, directory, idp, urls: () => ({ ...urls }) }), options.controlPort ?? 0)
    urls.control = control.url
    closers.push(() => control.close())

    for (const name of options.scenarios ?? []) {
      await scheduler.schedule(name, options.scenarioDurationSeconds === undefined ? {} : { durationSeconds: options.scenarioDurationSeconds })
    }
    if (options.traffic ?? true) traffic.start()
    let stopped: Promise<void> | undefined
    return {
      urls, world, traffic,
      setScenario: (name, window) => scheduler.schedule(name, window),
      clearScenario: (name) => scheduler.cancel(name),
      scenarios: () => scheduler.status(),
      stop: () => (stopped ??= stopAll()),
    }
  } catch (error) {
    await stopAll()
    throw error
  }
}

function telemetryOptions(spec: GatewaySpec, options: DemoOptions): GatewayTelemetryOptions {
  return {
    serviceName: spec.name, endpoint: options.otlpEndpoint ?? 'http://127.0.0.1:4318', exportDelayMs: options.exportDelayMs ?? 500,
    ...(options.otlpHeaders ? { headers: options.otlpHeaders } : {}),
  }
}

function gatewaySettings(spec: GatewaySpec, issuer: string, jwksUrl: string, options: DemoOptions): GatewayAuthSettings {
  return {
    issuer, audience: spec.audience, algorithms: [...SIGNING_ALGS], clockToleranceSeconds: 30, jwksUrl,
    jwksCacheMaxAgeMs: options.jwksCacheMaxAgeMs ?? 10_000, jwksCooldownMs: 5_000, jwksTimeoutMs: 2_000,
  }
}
