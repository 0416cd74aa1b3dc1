import { z } from 'zod'
import type { Clock } from '../clock.ts'
import type { DemoWorld } from '../world.ts'
import type { ScenarioDefinition, Undo } from './catalog.ts'

/** Body of `POST /scenarios/:name`; also what `setScenario` takes. */
export const ScenarioWindowSchema = z.object({
  /** How long the scenario lasts; omitted = until cancelled. */
  durationSeconds: z.number().positive().max(7 * 86_400).optional(),
  /** Delay before it starts. Default 0. */
  startInSeconds: z.number().min(0).max(7 * 86_400).default(0),
})
export type ScenarioWindow = z.input<typeof ScenarioWindowSchema>

export interface ScenarioStatus {
  name: string
  title: string
  description: string
  expectedCause: string
  expectedDetail: string
  state: 'idle' | 'scheduled' | 'active'
  /** ISO times of the current window, when there is one. */
  startsAt: string | null
  endsAt: string | null
}

interface Window {
  startsAt: number
  endsAt: number | null
  undo?: Undo
}

export class UnknownScenarioError extends Error {
  constructor(readonly scenario: string, known: readonly string[]) {
    super(`Unknown scenario "${scenario}". Known: ${known.join(', ')}`)
    this.name = 'UnknownScenarioError'
  }
}

/**
 * Turns scenarios on and off over time windows. `tick()` applies what is due at the clock's
 * now: the demo calls it a few times a second, tests call it after moving a manual clock.
 * Every change is serialized, so an undo never races the apply it reverts.
 */
export class ScenarioScheduler {
  private readonly windows = new Map<string, Window>()
  private queue: Promise<void> = Promise.resolve()

  constructor(
    private readonly catalog: readonly ScenarioDefinition[],
    private readonly world: DemoWorld,
    private readonly clock: Clock,
    private readonly onChange: (event: { name: string; state: 'started' | 'ended' }) => void = () => {},
  ) {}

  /** Schedules (or reschedules) a window for `name`, then applies what is due. */
  async schedule(name: string, window: ScenarioWindow = {}): Promise<ScenarioStatus> {
    const definition = this.definition(name)
    const { durationSeconds, startInSeconds } = ScenarioWindowSchema.parse(window)
    return this.serialized(async () => {
      const now = this.clock.now()
      const startsAt = now + startInSeconds * 1000
      const endsAt = durationSeconds === undefined ? null : startsAt + durationSeconds * 1000
      const existing = this.windows.get(name)
      // An active scenario keeps running (its undo stays) and only gets a new end.
      if (existing?.undo) existing.endsAt = endsAt
      else this.windows.set(name, { startsAt, endsAt })
      await this.applyDue()
      return this.statusOf(definition)
    })
  }

  /** Ends `name` now (undoing it if it was active). False when it had no window. */
  async cancel(name: string): Promise<boolean> {
    this.definition(name)
    return this.serialized(async () => {
      const window = this.windows.get(name)
      if (!window) return false
      window.endsAt = this.clock.now()
      window.startsAt = Math.min(window.startsAt, window.endsAt)
      await this.applyDue()
      return true
    })
  }

  async cancelAll(): Promise<void> {
    for (const name of [...this.windows.keys()]) await this.cancel(name)
  }

  /** Starts windows that are due and ends those that are over. */
  tick(): Promise<void> {
    return this.serialized(() => this.applyDue())
  }

  /** Scenarios in effect now, in catalog order. */
  active(): ScenarioDefinition[] {
    return this.catalog.filter((definition) => this.windows.get(definition.name)?.undo !== undefined)
  }

  isActive(name: string): boolean {
    return this.windows.get(name)?.undo !== undefined
  }

  status(): ScenarioStatus[] {
    return this.catalog.map((definition) => this.statusOf(definition))
  }

  private async applyDue(): Promise<void> {
    const now = this.clock.now()
    for (const definition of this.catalog) {
      const window = this.windows.get(definition.name)
      if (!window) continue
      if (window.undo && window.endsAt !== null && window.endsAt <= now) {
        const undo = window.undo
        this.windows.delete(definition.name)
        await undo()
        this.onChange({ name: definition.name, state: 'ended' })
      } else if (!window.undo && window.startsAt <= now) {
        if (window.endsAt !== null && window.endsAt <= now) {
          this.windows.delete(definition.name)
          continue
        }
        window.undo = definition.apply ? await definition.apply(this.world) : () => {}
        this.onChange({ name: definition.name, state: 'started' })
      }
    }
  }

  /** Runs `task` after every task queued before it: an undo never races the apply it reverts. */
  private serialized<T>(task: () => Promise<T>): Promise<T> {
    const result = this.queue.then(task)
    this.queue = result.then(() => undefined, () => undefined)
    return result
  }

  private definition(name: string): ScenarioDefinition {
    const found = this.catalog.find((definition) => definition.name === name)
    if (!found) throw new UnknownScenarioError(name, this.catalog.map((definition) => definition.name))
    return found
  }

  private statusOf(definition: ScenarioDefinition): ScenarioStatus {
    const window = this.windows.get(definition.name)
    const iso = (ms: number | null | undefined) => (ms === null || ms === undefined ? null : new Date(ms).toISOString())
    return {
      name: definition.name,
      title: definition.title,
      description: definition.description,
      expectedCause: definition.expected.cause,
      expectedDetail: definition.expected.detail ?? '',
      state: !window ? 'idle' : window.undo ? 'active' : 'scheduled',
      startsAt: iso(window?.startsAt),
      endsAt: iso(window?.endsAt),
    }
  }
}
