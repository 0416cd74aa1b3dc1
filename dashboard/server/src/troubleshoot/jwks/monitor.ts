import type { KeySets } from './key-sets.ts'

/** Fetches every configured JWKS on an interval, so the health page has history between inspections. */
export interface JwksMonitor {
  start(): void
  /** One round now: every URL fetched, whatever the cache holds. */
  pollOnce(): Promise<void>
  stop(): Promise<void>
}

export function createJwksMonitor(keySets: KeySets, urls: readonly string[], pollSeconds: number): JwksMonitor {
  let timer: NodeJS.Timeout | undefined
  let round: Promise<void> | undefined
  const pollOnce = async () => {
    round ??= Promise.all(urls.map((url) => keySets.refresh(url))).then(() => undefined).finally(() => (round = undefined))
    await round
  }
  return {
    start() {
      if (timer || pollSeconds === 0 || urls.length === 0) return
      void pollOnce()
      timer = setInterval(() => void pollOnce(), pollSeconds * 1000)
      // Polling alone never keeps the process alive.
      timer.unref()
    },
    pollOnce,
    async stop() {
      clearInterval(timer)
      timer = undefined
      await round
    },
  }
}
