import type { ReactNode } from 'react'
import { CAUSES, GROUP_BY_FIELDS, SEVERITIES } from '@claimcheck/shared'
import { causeLabel } from '../../lib/causes.ts'
import { setField } from './model.ts'

type Raw = Record<string, unknown>

const get = (raw: Raw, path: readonly string[]): unknown => path.reduce<unknown>((v, k) => (v !== null && typeof v === 'object' ? (v as Raw)[k] : undefined), raw)
const str = (value: unknown) => (value === undefined || value === null ? '' : String(value))

/** Default condition fields when switching type, so the rule stays valid. */
const CONDITIONS = {
  threshold: { type: 'threshold', metric: 'count', op: '>', value: 50, window: '5m' },
  spike: { type: 'spike', window: '5m', history: 12, zScore: 3, minCount: 10 },
} as const

interface Props {
  raw: Raw
  errors: Record<string, string>
  readOnly: boolean
  onChange(next: Raw): void
}

/**
 * The rule as a form: the same object as the JSON view (each edit rewrites the JSON, each JSON
 * edit redraws the form), with the schema's messages under the fields they are about.
 */
export function RuleForm({ raw, errors, readOnly, onChange }: Props) {
  const set = (path: string[], value: unknown) => onChange(setField(raw, path, value))
  const field = (label: string, path: string[], input: ReactNode, hint?: string) => {
    const key = path.join('.')
    const error = errors[key]
    const id = `rule-${key.replace(/\./g, '-')}`
    return (
      <label className={`rule-field${error ? ' invalid' : ''}`} htmlFor={id}>
        <span>{label}</span>
        {input}
        {error ? <span className="field-error" id={`${id}-error`}>{error}</span> : hint ? <span className="rule-hint">{hint}</span> : null}
      </label>
    )
  }
  const text = (path: string[], placeholder = '') => {
    const key = path.join('.')
    return (
      <input id={`rule-${key.replace(/\./g, '-')}`} className="input" value={str(get(raw, path))} placeholder={placeholder} readOnly={readOnly}
        aria-invalid={errors[key] ? true : undefined} aria-describedby={errors[key] ? `rule-${key.replace(/\./g, '-')}-error` : undefined}
        onChange={(e) => set(path, e.target.value === '' ? undefined : e.target.value)} />
    )
  }
  const number = (path: string[], step = 'any') => {
    const key = path.join('.')
    return (
      <input id={`rule-${key.replace(/\./g, '-')}`} className="input" type="number" step={step} value={str(get(raw, path))} readOnly={readOnly}
        aria-invalid={errors[key] ? true : undefined} aria-describedby={errors[key] ? `rule-${key.replace(/\./g, '-')}-error` : undefined}
        onChange={(e) => set(path, e.target.value === '' ? undefined : Number(e.target.value))} />
    )
  }
  const select = (path: string[], options: readonly (readonly [string, string])[]) => (
    <select id={`rule-${path.join('-')}`} className="select" value={str(get(raw, path))} disabled={readOnly} aria-invalid={errors[path.join('.')] ? true : undefined}
      onChange={(e) => set(path, e.target.value)}>
      {options.map(([value, label]) => <option key={value} value={value}>{label}</option>)}
    </select>
  )
  const type = get(raw, ['condition', 'type']) === 'spike' ? 'spike' : 'threshold'
  const groupBy = Array.isArray(raw.groupBy) ? (raw.groupBy as string[]) : []
  return (
    <div className="rule-form">
      <fieldset disabled={readOnly}>
        <legend>Rule</legend>
        {field('Name', ['name'], text(['name'], 'unknown-sub-spike'))}
        {field('Severity', ['severity'], select(['severity'], SEVERITIES.map((s) => [s, s])))}
        {field('Cause', ['target', 'cause'], select(['target', 'cause'], [...CAUSES.map((c) => [c, causeLabel(c)] as const), ['any', 'Any failure'] as const]))}
        <div className={`rule-field${errors.groupBy ? ' invalid' : ''}`} role="group" aria-label="Group by">
          <span>Group by</span>
          <div className="rule-checks">
            {GROUP_BY_FIELDS.map((name) => (
              <label key={name}>
                <input type="checkbox" checked={groupBy.includes(name)}
                  onChange={(e) => set(['groupBy'], e.target.checked ? [...groupBy, name] : groupBy.filter((g) => g !== name))} /> {name}
              </label>
            ))}
          </div>
          {errors.groupBy ? <span className="field-error">{errors.groupBy}</span> : null}
        </div>
      </fieldset>
      <fieldset disabled={readOnly}>
        <legend>Condition</legend>
        {field('Type', ['condition', 'type'], (
          <select id="rule-condition-type" className="select" value={type} onChange={(e) => set(['condition'], { ...CONDITIONS[e.target.value as 'spike'] })}>
            <option value="threshold">Threshold</option><option value="spike">Spike over baseline</option>
          </select>
        ))}
        {type === 'threshold' ? (
          <>
            {field('Metric', ['condition', 'metric'], select(['condition', 'metric'], [['count', 'count of failures'], ['rate', 'rate (failures / calls)']]))}
            {field('Operator', ['condition', 'op'], select(['condition', 'op'], ['>', '>=', '<', '<='].map((o) => [o, o])))}
            {field('Value', ['condition', 'value'], number(['condition', 'value']), get(raw, ['condition', 'metric']) === 'rate' ? '0–1, e.g. 0.25 for 25 %' : undefined)}
          </>
        ) : (
          <>
            {field('Standard scores (z)', ['condition', 'zScore'], number(['condition', 'zScore']))}
            {field('Baseline windows', ['condition', 'history'], number(['condition', 'history'], '1'))}
            {field('At least (failures)', ['condition', 'minCount'], number(['condition', 'minCount'], '1'))}
          </>
        )}
        {field('Window', ['condition', 'window'], text(['condition', 'window'], '5m'), 'whole minutes: 5m, 1h')}
        {field('For', ['for'], text(['for'], 'default'), 'how long it must hold before firing')}
        {field('Keep firing for', ['keepFiringFor'], text(['keepFiringFor'], 'none'))}
      </fieldset>
    </div>
  )
}
