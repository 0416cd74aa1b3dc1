import { HealthResponseSchema, HealthUnavailableSchema, type StoreHealth } from '@claimcheck/shared'
import { assessStoreHealth, readStoreFacts, type Store } from '@claimcheck/shared/node'
import { sendParsed } from '../api/routes/respond.ts'
import { bindOperations } from '../http/operations.ts'

export interface HealthDeps {
  store: Store
  startedAt: Date
  version: string
  /** Free bytes the collector keeps on ClickHouse's disk (collector.diskReserveMb). */
  reserveBytes: number
  /** The in-process collector's view (it knows its failing inserts); absent when it is another process. */
  storeHealth?: (() => StoreHealth) | undefined
}

/** The store's health: the collector's own view when it runs here, else disks and detached parts read now. */
export async function currentStoreHealth(deps: Pick<HealthDeps, 'store' | 'reserveBytes' | 'storeHealth'>): Promise<StoreHealth> {
  if (deps.storeHealth) return deps.storeHealth()
  return assessStoreHealth(await readStoreFacts(deps.store.reader, deps.store.database), deps.reserveBytes)
}

/**
 * `GET /api/health`: 200 once the store answers, `status: 'degraded'` with the problems when it
 * cannot take writes safely (disk under the reserve, detached parts, failing inserts), 503 when
 * it does not answer.
 */
export function healthHandlers(deps: HealthDeps) {
  const { store, startedAt, version } = deps
  return bindOperations({
    getHealth: async (_req, res) => {
      try {
        const [clickhouseVersion, storeHealth] = await Promise.all([store.version(), currentStoreHealth(deps)])
        sendParsed(res, HealthResponseSchema, {
          status: storeHealth.status,
          version,
          store: { mode: store.mode, location: store.location, database: store.database, clickhouseVersion },
          storeHealth,
          startedAt: startedAt.toISOString(),
          uptimeSeconds: Math.round((Date.now() - startedAt.getTime()) / 1000),
        })
      } catch {
        res.status(503)
        sendParsed(res, HealthUnavailableSchema, { status: 'unavailable', store: { mode: store.mode, location: store.location } })
      }
    },
  })
}
