import type { IRouter, Request, Response } from 'express'
import { API_OPERATIONS, expressPath, type ApiOperation, type OperationId } from '@claimcheck/shared'

export type Handler = (req: Request, res: Response) => unknown

/** Handlers of contract operations, keyed by operation id; where each is served comes from the table only. */
export type OperationHandlers = { readonly [Id in OperationId]?: Handler }

/**
 * A resource's handlers, keyed by operation id: a key that names no operation fails typecheck
 * (whether every operation has a handler is checked where a process composes them). No path is
 * written here or by the caller.
 */
export function bindOperations<const H extends OperationHandlers>(handlers: H & Record<Exclude<keyof H, OperationId>, never>): H {
  return handlers
}

/**
 * Mounts every handler at its operation's served path (`/api/v1/calls/:traceId/:spanId`,
 * `/api/health`, `/metrics`), in the table's order, which is the order the route policy matches in.
 */
export function mountOperations(router: IRouter, handlers: OperationHandlers): void {
  const byId = handlers as Record<string, Handler | undefined>
  for (const operation of API_OPERATIONS as readonly ApiOperation[]) {
    const handler = byId[operation.id]
    if (handler) router[operation.method](expressPath(operation), handler)
  }
}
