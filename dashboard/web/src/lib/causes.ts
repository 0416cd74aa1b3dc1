import { CAUSES, CAUSE_INFO, type Cause, type StoredCause } from '@claimcheck/shared'

/**
 * The one cause → colour map. Every chart, badge and legend uses it, so a colour means the same
 * cause on every page. unknown_sub is the strong red: it is the failure this product started from.
 */
export const CAUSE_COLORS: Readonly<Record<Cause, string>> = {
  unknown_sub: '#e5243b',
  expired: '#f0a020',
  insufficient_scope: '#8e4ec6',
  misconfig: '#0d9488',
  malformed: '#d6409f',
  missing_token: '#a18072',
  not_yet_valid: '#f76b15',
  revoked: '#0ea5e9',
  other: '#8b8d98',
}

export const SUCCESS_COLOR = '#30a46c'

/** Causes in the order charts stack them: the loudest (unknown_sub) at the bottom. */
export const CAUSE_ORDER: readonly Cause[] = ['unknown_sub', ...CAUSES.filter((c) => c !== 'unknown_sub')]

export function causeColor(cause: StoredCause): string {
  return cause === '' ? SUCCESS_COLOR : CAUSE_COLORS[cause]
}

export function causeLabel(cause: StoredCause): string {
  return cause === '' ? 'OK' : CAUSE_INFO[cause].label
}

export function isCause(value: string): value is Cause {
  return (CAUSES as readonly string[]).includes(value)
}
