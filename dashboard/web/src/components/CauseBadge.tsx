import type { StoredCause } from '@claimcheck/shared'
import { causeColor, causeLabel } from '../lib/causes.ts'

export function CauseBadge({ cause, detail }: { cause: StoredCause; detail?: string }) {
  return (
    <span className={`cause-badge${cause === '' ? ' ok' : ''}`} style={{ ['--cause' as string]: causeColor(cause) }}>
      <span className="swatch" aria-hidden="true" />
      {causeLabel(cause)}
      {detail ? <span className="cause-badge-detail">· {detail}</span> : null}
    </span>
  )
}

export function StatusCode({ code }: { code: number }) {
  const kind = code >= 500 ? 'err' : code >= 400 ? 'warn' : code >= 200 && code < 400 ? 'ok' : 'other'
  return <span className={`status-code status-${kind}`}>{code || '–'}</span>
}
