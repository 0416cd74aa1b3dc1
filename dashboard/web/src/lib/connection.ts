import { useSyncExternalStore } from 'react'
import { backoffDelay, type BackoffPolicy } from '@claimcheck/shared'

/**
 * Whether the claimcheck server answers, for the whole tab. Every API call reports here
 * (`api/client.ts`); while the server is unreachable one banner says so, panels keep their last
 * data dimmed, and `watchRecovery` probes `/api/health` with backoff so the page recovers by
 * itself when the server returns, auto refresh or not.
 */
export interface ConnectionState {
  online: boolean
  /** When the first failed request of this outage failed, epoch ms. */
  since: number | undefined
  /** When the next probe runs, epoch ms (undefined while online). */
  nextProbeAt: number | undefined
  /** Failed probes in a row. */
  attempts: number
}

const listeners = new Set<() => void>()
let state: ConnectionState = { online: true, since: undefined, nextProbeAt: undefined, attempts: 0 }

function set(next: ConnectionState): void {
  state = next
  for (const listener of listeners) listener()
}

export function connectionState(): ConnectionState {
  return state
}

export function subscribeConnection(listener: () => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

export function useConnection(): ConnectionState {
  return useSyncExternalStore(subscribeConnection, connectionState, connectionState)
}

/** A request could not reach the server. */
export function reportUnreachable(nowMs = Date.now()): void {
  if (state.online) set({ online: false, since: nowMs, nextProbeAt: undefined, attempts: 0 })
}

/** A request got an answer (any HTTP status): the server is there. */
export function reportReachable(): void {
  if (!state.online) set({ online: true, since: undefined, nextProbeAt: undefined, attempts: 0 })
}

/**
 * Up to 1 s, 2 s, 4 s … 30 s, jittered (every open tab saw the same outage): quick when a restart
 * takes seconds, gentle during a long outage.
 */
export const PROBE_BACKOFF: BackoffPolicy = { initialMs: 1_000, maxMs: 30_000 }

/** The wait before the probe after `attempts` failed ones. */
export function probeDelay(attempts: number): number {
  return backoffDelay(attempts + 1, PROBE_BACKOFF)
}

/**
 * While offline, probes `probe` with backoff; on success marks the server reachable and calls
 * `onRecovered` (refetch what failed). Returns a stop function.
 */
export function watchRecovery(probe: () => Promise<boolean>, onRecovered: () => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined
  let stopped = false
  const schedule = (delay = probeDelay(state.attempts)) => {
    if (stopped || state.online || timer) return
    set({ ...state, nextProbeAt: Date.now() + delay })
    timer = setTimeout(async () => {
      timer = undefined
      const ok = await probe().catch(() => false)
      if (stopped) return
      if (ok) {
        reportReachable()
        onRecovered()
      } else {
        set({ ...state, attempts: state.attempts + 1, nextProbeAt: undefined })
        schedule()
      }
    }, delay)
  }
  const unsubscribe = subscribeConnection(() => {
    if (!state.online && !timer && state.nextProbeAt === undefined) schedule()
  })
  schedule()
  runProbeNow = () => {
    if (timer) clearTimeout(timer)
    timer = undefined
    schedule(0)
  }
  return () => {
    stopped = true
    if (timer) clearTimeout(timer)
    runProbeNow = undefined
    unsubscribe()
  }
}

let runProbeNow: (() => void) | undefined

/** Probes now instead of waiting for the next backoff step ("Retry now"). */
export function probeNow(): void {
  runProbeNow?.()
}
