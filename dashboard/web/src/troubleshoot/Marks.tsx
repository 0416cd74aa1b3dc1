import type { AnswerStatus, CheckStatus, SubjectState } from '@claimcheck/shared'

/** A status glyph with its meaning as text for screen readers: checks (pass/fail/skip/error) and answers. */
const MARKS: Record<CheckStatus | AnswerStatus, { glyph: string; label: string; tone: string }> = {
  pass: { glyph: '✓', label: 'Passed', tone: 'ok' },
  fail: { glyph: '✕', label: 'Failed', tone: 'bad' },
  skip: { glyph: '–', label: 'Skipped', tone: 'muted' },
  error: { glyph: '!', label: 'Could not be checked', tone: 'warn' },
  problem: { glyph: '!', label: 'Points here', tone: 'bad' },
  ok: { glyph: '✓', label: 'Ruled out', tone: 'ok' },
  info: { glyph: 'i', label: 'Facts', tone: 'info' },
  unknown: { glyph: '?', label: 'Not answered', tone: 'muted' },
}

export function StatusMark({ status }: { status: CheckStatus | AnswerStatus }) {
  const mark = MARKS[status]
  return (
    <span className={`status-mark tone-${mark.tone}`} title={mark.label}>
      <span aria-hidden="true">{mark.glyph}</span>
      <span className="sr-only">{mark.label}</span>
    </span>
  )
}

export const STATE_LABELS: Record<SubjectState, string> = {
  active: 'Present',
  disabled: 'Disabled',
  deleted: 'Deleted',
  not_found: 'Not in directory',
  unavailable: 'Directory unavailable',
}

const STATE_TONES: Record<SubjectState, string> = { active: 'info', disabled: 'warn', deleted: 'bad', not_found: 'bad', unavailable: 'muted' }

/** What the subject directory says, as a small pill. */
export function SubjectStatePill({ state }: { state: SubjectState }) {
  return <span className={`state-pill tone-${STATE_TONES[state]}`}>{STATE_LABELS[state]}</span>
}
