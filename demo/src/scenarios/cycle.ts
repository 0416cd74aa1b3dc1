import type { ScenarioWindow } from './scheduler.ts'

/**
 * Runs scenarios one after another, each for `seconds`, with a healthy pause of half as long in
 * between, forever: what `--cycle` does so a newcomer sees every kind of failure come and go.
 * Returns the function that stops cycling.
 */
export function cycleScenarios(
  schedule: (name: string, window: ScenarioWindow) => Promise<unknown>,
  names: readonly string[],
  seconds: number,
  onError: (error: unknown) => void = () => {},
): () => void {
  if (names.length === 0 || seconds <= 0) return () => {}
  let next = 0
  const startNext = () => {
    const name = names[next++ % names.length]!
    schedule(name, { durationSeconds: seconds }).catch(onError)
  }
  startNext()
  const timer = setInterval(startNext, seconds * 1500)
  timer.unref()
  return () => clearInterval(timer)
}
