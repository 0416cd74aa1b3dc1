import { z } from 'zod'
import { CallParamsSchema } from '../api/filters.ts'
import { CauseSchema, type Cause } from '../taxonomy.ts'

/**
 * Playbooks with answers: each step of `CAUSE_INFO[cause].playbook` that claimcheck can answer
 * from its data names a check; the API answers it for a cause view (filters and range) or for one
 * call. Steps only a person can take (ask the IdP, look at gateway ACLs) have no check.
 */
export const PLAYBOOK_CHECK_IDS = [
  'expiry_gap', 'client_refresh', 'clock_sync', 'token_lifetime',
  'subject_directory', 'shared_tenant', 'affected_clients',
  'scope_compare', 'client_scopes', 'route_change',
  'config_compare', 'jwks_health', 'onset', 'unexpected_issuers',
  'header_shape', 'token_type', 'claim_shape',
  'preflight', 'public_route',
  'nbf_gap', 'clock_sources', 'skew_setting',
  'revocation_kind', 'token_reuse',
  'messages', 'rules_file',
] as const
export const PlaybookCheckIdSchema = z.enum(PLAYBOOK_CHECK_IDS)
export type PlaybookCheckId = z.infer<typeof PlaybookCheckIdSchema>

/** Step i of a cause's playbook → the check answering it, or null. Same length as the playbook. */
export const PLAYBOOK_CHECKS: Readonly<Record<Cause, readonly (PlaybookCheckId | null)[]>> = {
  expired: ['expiry_gap', 'client_refresh', 'clock_sync', 'token_lifetime'],
  unknown_sub: ['subject_directory', 'shared_tenant', null, null, 'affected_clients'],
  insufficient_scope: ['scope_compare', 'client_scopes', null, 'route_change'],
  misconfig: ['config_compare', 'jwks_health', 'onset', 'unexpected_issuers'],
  malformed: ['header_shape', null, 'token_type', 'claim_shape'],
  missing_token: ['preflight', null, 'public_route'],
  not_yet_valid: ['nbf_gap', 'clock_sources', 'skew_setting'],
  revoked: ['revocation_kind', null, 'token_reuse'],
  other: ['messages', 'rules_file', null],
}

/** `problem`: the data points at this step; `ok`: the data rules it out; `info`: facts without a verdict; `unknown`: could not be answered. */
export const ANSWER_STATUSES = ['problem', 'ok', 'info', 'unknown'] as const
export const AnswerStatusSchema = z.enum(ANSWER_STATUSES)
export type AnswerStatus = z.infer<typeof AnswerStatusSchema>

export const PlaybookAnswerSchema = z.object({
  status: AnswerStatusSchema,
  summary: z.string(),
  facts: z.array(z.object({ label: z.string(), value: z.string() })),
})
export type PlaybookAnswer = z.infer<typeof PlaybookAnswerSchema>

export const PlaybookStepSchema = z.object({
  index: z.number().int().nonnegative(),
  text: z.string(),
  check: PlaybookCheckIdSchema.nullable(),
  /** Null for a step without a check. */
  answer: PlaybookAnswerSchema.nullable(),
})
export type PlaybookStep = z.infer<typeof PlaybookStepSchema>

export const PlaybookResponseSchema = z.object({
  cause: CauseSchema,
  scope: z.enum(['cause', 'call']),
  steps: z.array(PlaybookStepSchema),
})
export type PlaybookResponse = z.infer<typeof PlaybookResponseSchema>

export const PlaybookCauseParamsSchema = z.object({ cause: CauseSchema })
export const PlaybookCallParamsSchema = CallParamsSchema
