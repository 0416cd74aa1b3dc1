import { useSyncExternalStore } from 'react'

/**
 * The one time-zone setting of the dashboard: the browser's zone or UTC, kept in localStorage.
 * Every formatter in `time.ts` reads it, so tables, charts, tooltips and playbooks agree.
 */
export type TimeZoneSetting = 'browser' | 'utc'

const STORAGE_KEY = 'claimcheck.timeZone'
const listeners = new Set<() => void>()

function read(): TimeZoneSetting {
  try {
    return globalThis.localStorage?.getItem(STORAGE_KEY) === 'utc' ? 'utc' : 'browser'
  } catch {
    return 'browser'
  }
}

let zone: TimeZoneSetting = read()

export function currentTimeZone(): TimeZoneSetting {
  return zone
}

export function setTimeZone(next: TimeZoneSetting): void {
  zone = next
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, next)
  } catch {
    // Private mode: the setting lasts for this tab only.
  }
  for (const listener of listeners) listener()
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

export function useTimeZone(): TimeZoneSetting {
  return useSyncExternalStore(subscribe, currentTimeZone, currentTimeZone)
}
