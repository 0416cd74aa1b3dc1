import { Router, type Request, type Response } from 'express'
import { API_OPERATIONS, expressPath, type ApiOperation } from '@claimcheck/shared'

export type Handler = (req: Request, res: Response) => unknown

type Operation = (typeof API_OPERATIONS)[number]
/** The ids of the `/api/v1` operations at `prefix` or below it (`/alerts` → `listAlertRules`, …). */
export type OperationIdUnder<P extends string> = Exclude<Extract<Operation, { path: P | `${P}/${string}` }>, { base: string }>['id']

/**
 * A router for every `/api/v1` operation under `prefix`, to be mounted at `/api/v1${prefix}`: each
 * handler at its operation's path from the contract, in the table's order. The handlers are keyed
 * by operation id, so a contract operation without a handler, or a handler of no operation, fails
 * typecheck; no path is written here.
 */
export function operationsRouter<P extends string>(prefix: P, handlers: NoInfer<Record<OperationIdUnder<P>, Handler>>): Router {
  const router = Router()
  const mount = `/api/v1${prefix}`
  const byId = handlers as Record<string, Handler>
  for (const operation of API_OPERATIONS as readonly ApiOperation[]) {
    const handler = byId[operation.id]
    if (!handler) continue
    const path = expressPath(operation)
    router[operation.method](path.slice(mount.length) || '/', handler)
  }
  return router
}
