import { describe, expect, it } from 'vitest'
import { ZodError } from 'zod'
import { ManualClock } from '../clock.ts'
import type { DemoWorld } from '../world.ts'
import type { ScenarioDefinition } from './catalog.ts'
import { ScenarioScheduler, UnknownScenarioError } from './scheduler.ts'

function fixture() {
  const clock = new ManualClock(Date.UTC(2026, 2, 1, 9, 0, 0))
  const log: string[] = []
  const definition = (name: string, slow = false): ScenarioDefinition => ({
    name, title: name, description: name, expected: { cause: 'other' }, affects: () => true,
    async apply() {
      if (slow) await new Promise((resolve) => setTimeout(resolve, 20))
      log.push(`apply ${name}`)
      return async () => {
        if (slow) await new Promise((resolve) => setTimeout(resolve, 5))
        log.push(`undo ${name}`)
      }
    },
  })
  const events: string[] = []
  const scheduler = new ScenarioScheduler([definition('a'), definition('b', true), { ...definition('client-side'), apply: undefined }], {} as DemoWorld, clock,
    (event) => events.push(`${event.name} ${event.state}`))
  return { clock, log, events, scheduler }
}

describe('ScenarioScheduler.schedule', () => {
  it('starts at once and ends when the window is over', async () => {
    const { clock, log, events, scheduler } = fixture()
    const status = await scheduler.schedule('a', { durationSeconds: 60 })
    expect(status).toMatchObject({ name: 'a', state: 'active', startsAt: '2026-03-01T09:00:00.000Z', endsAt: '2026-03-01T09:01:00.000Z' })
    expect(scheduler.isActive('a')).toBe(true)
    clock.advance(59_999)
    await scheduler.tick()
    expect(log).toEqual(['apply a'])
    clock.advance(1)
    await scheduler.tick()
    expect(log).toEqual(['apply a', 'undo a'])
    expect(events).toEqual(['a started', 'a ended'])
    expect(scheduler.status().find((entry) => entry.name === 'a')).toMatchObject({ state: 'idle', startsAt: null, endsAt: null })
  })

  it('waits for a delayed start', async () => {
    const { clock, log, scheduler } = fixture()
    expect(await scheduler.schedule('a', { startInSeconds: 30, durationSeconds: 10 })).toMatchObject({ state: 'scheduled' })
    clock.advance(29_000)
    await scheduler.tick()
    expect(log).toEqual([])
    clock.advance(1_000)
    await scheduler.tick()
    expect(scheduler.active().map((definition) => definition.name)).toEqual(['a'])
    clock.advance(10_000)
    await scheduler.tick()
    expect(log).toEqual(['apply a', 'undo a'])
  })

  it('never applies a window that passed entirely between two ticks', async () => {
    const { clock, log, scheduler } = fixture()
    await scheduler.schedule('a', { startInSeconds: 5, durationSeconds: 1 })
    clock.advance(60_000)
    await scheduler.tick()
    expect(log).toEqual([])
    expect(scheduler.status()[0]!.state).toBe('idle')
  })

  it('extends an active scenario without applying it twice, and runs until cancelled without a duration', async () => {
    const { clock, log, scheduler } = fixture()
    await scheduler.schedule('a', { durationSeconds: 10 })
    clock.advance(5_000)
    await scheduler.schedule('a', { durationSeconds: 60 })
    clock.advance(30_000)
    await scheduler.tick()
    expect(log).toEqual(['apply a'])
    await scheduler.schedule('a')
    clock.advance(86_400_000)
    await scheduler.tick()
    expect(scheduler.isActive('a')).toBe(true)
  })

  it('keeps several scenarios independent and applies client-side ones without a world change', async () => {
    const { clock, log, scheduler } = fixture()
    await scheduler.schedule('a', { durationSeconds: 10 })
    await scheduler.schedule('b', { durationSeconds: 20 })
    await scheduler.schedule('client-side', { durationSeconds: 5 })
    expect(scheduler.active().map((definition) => definition.name)).toEqual(['a', 'b', 'client-side'])
    clock.advance(10_000)
    await scheduler.tick()
    expect(scheduler.active().map((definition) => definition.name)).toEqual(['b'])
    expect(log).toEqual(['apply a', 'apply b', 'undo a'])
  })

  it('rejects unknown scenarios and invalid windows', async () => {
    const { scheduler } = fixture()
    await expect(scheduler.schedule('nope')).rejects.toBeInstanceOf(UnknownScenarioError)
    await expect(scheduler.schedule('nope')).rejects.toThrow(/Unknown scenario "nope"\. Known: a, b, client-side/)
    await expect(scheduler.schedule('a', { durationSeconds: -1 })).rejects.toBeInstanceOf(ZodError)
    await expect(scheduler.schedule('a', { durationSeconds: 0 })).rejects.toBeInstanceOf(ZodError)
  })
})

describe('ScenarioScheduler.cancel', () => {
  it('undoes an active scenario, drops a scheduled one, and says false for an idle one', async () => {
    const { log, scheduler } = fixture()
    await scheduler.schedule('a')
    await scheduler.schedule('b', { startInSeconds: 100 })
    expect(await scheduler.cancel('a')).toBe(true)
    expect(await scheduler.cancel('b')).toBe(true)
    expect(await scheduler.cancel('a')).toBe(false)
    expect(log).toEqual(['apply a', 'undo a'])
    expect(scheduler.status().every((entry) => entry.state === 'idle')).toBe(true)
  })

  it('serializes a slow apply and the cancel that follows it', async () => {
    const { log, scheduler } = fixture()
    const started = scheduler.schedule('b')
    const cancelled = scheduler.cancel('b')
    await Promise.all([started, cancelled])
    expect(log).toEqual(['apply b', 'undo b'])
  })
})

describe('ScenarioScheduler.cancelAll', () => {
  it('ends everything', async () => {
    const { log, scheduler } = fixture()
    await scheduler.schedule('a')
    await scheduler.schedule('b')
    await scheduler.cancelAll()
    expect(scheduler.active()).toEqual([])
    expect(log.filter((line) => line.startsWith('undo')).sort()).toEqual(['undo a', 'undo b'])
  })
})
