import type { IRouter, Request, Response } from 'express'
import type { ZodError, z } from 'zod'
import { API_OPERATIONS, expressPath, type ApiOperation, type OperationId } from '@claimcheck/shared'
import { BadRequestError } from '../errors.ts'

type Operation = (typeof API_OPERATIONS)[number]
type Parsed<O, K extends 'params' | 'query' | 'body'> = O extends { readonly [P in K]: infer S extends z.ZodType } ? z.output<S> : undefined

/** A request's params, query and body, parsed with the operation's schemas (`undefined` where it has none). */
export interface OperationInput<Id extends OperationId> {
  params: Parsed<Extract<Operation, { id: Id }>, 'params'>
  query: Parsed<Extract<Operation, { id: Id }>, 'query'>
  body: Parsed<Extract<Operation, { id: Id }>, 'body'>
}

/** Answers one operation; called only once its input passed the contract's schemas. */
export type OperationHandler<Id extends OperationId> = (req: Request, res: Response, input: OperationInput<Id>) => unknown
type TypedHandlers = { readonly [Id in OperationId]?: OperationHandler<Id> }

declare const bound: unique symbol
/** A handler wrapped by `bindOperations`: it validates before it answers. */
export type BoundHandler = ((req: Request, res: Response) => Promise<void>) & { readonly [bound]: true }
export type OperationHandlers = { readonly [Id in OperationId]?: BoundHandler }

export interface BindOptions {
  /**
   * Turns a body's issues into messages (alert rules name the rule: `rule "x": condition.zScore: …`);
   * they are answered as `bad_request` with the messages as details. Default: the error middleware's
   * `invalid_request` with each issue's path.
   */
  describeBodyIssues?: (error: ZodError, body: unknown) => string[]
}

const byId = new Map((API_OPERATIONS as readonly ApiOperation[]).map((operation) => [operation.id, operation]))

/**
 * A resource's handlers, keyed by operation id (a key that names no operation fails typecheck;
 * whether every operation has one is checked where a process composes them). Each is wrapped to
 * parse the request's params, query and body with its operation's schemas first: a ZodError is
 * the contract's 400 envelope, and the handler gets the parsed values. No path is written here.
 */
export function bindOperations<const H extends TypedHandlers>(
  handlers: H & Record<Exclude<keyof H, OperationId>, never>, options: BindOptions = {},
): { [Id in keyof H]: BoundHandler } {
  const wrapped: Record<string, BoundHandler> = {}
  for (const [id, handler] of Object.entries(handlers as Record<string, OperationHandler<OperationId>>)) {
    const operation = byId.get(id)!
    wrapped[id] = (async (req, res) => {
      await handler(req, res, parseInput(operation, req, options) as OperationInput<OperationId>)
    }) as BoundHandler
  }
  return wrapped as { [Id in keyof H]: BoundHandler }
}

function parseInput(operation: ApiOperation, req: Request, options: BindOptions) {
  const params = operation.params?.parse(req.params)
  const query = operation.query?.parse(req.query)
  if (!operation.body) return { params, query, body: undefined }
  // Express leaves the body undefined when none was sent: the schema says what is missing.
  const raw: unknown = req.body ?? {}
  const body = operation.body.safeParse(raw)
  if (body.success) return { params, query, body: body.data }
  if (!options.describeBodyIssues) throw body.error
  const issues = options.describeBodyIssues(body.error, raw)
  throw new BadRequestError(issues.join('; '), issues)
}

/**
 * Mounts every handler at its operation's served path (`/api/v1/calls/:traceId/:spanId`,
 * `/api/health`, `/metrics`), in the table's order, which is the order the route policy matches in.
 */
export function mountOperations(router: IRouter, handlers: OperationHandlers): void {
  const handlerOf = handlers as Record<string, BoundHandler | undefined>
  for (const operation of API_OPERATIONS as readonly ApiOperation[]) {
    const handler = handlerOf[operation.id]
    if (handler) router[operation.method](expressPath(operation), handler)
  }
}
