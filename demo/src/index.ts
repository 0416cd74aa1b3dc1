// Public surface of @claimcheck/demo: a real IdP, user directory, gateways and failure scenarios
// that send OpenTelemetry to claimcheck, plus a generator of past calls for the store.
export { startDemo, type DemoHandle, type DemoOptions, type DemoUrls } from './demo.ts'
export { backfill, type BackfillOptions, type BackfillResult } from './backfill/index.ts'
export { SCENARIOS, SCENARIO_NAMES, findScenario, type ScenarioDefinition } from './scenarios/catalog.ts'
export { ScenarioScheduler, ScenarioWindowSchema, UnknownScenarioError, type ScenarioStatus, type ScenarioWindow } from './scenarios/scheduler.ts'
export { DEMO_GATEWAYS, type GatewaySpec } from './gateway/routes.ts'
export { SCENARIO_HEADER } from './gateway/server.ts'
export { DEMO_ISSUER } from './idp.ts'
export { ManualClock, systemClock, type Clock } from './clock.ts'
export { seededRandom } from './random.ts'
export { cycleScenarios } from './scenarios/cycle.ts'
export { NOISE_KINDS, NoiseSchedule, type NoiseKind } from './traffic/noise.ts'
