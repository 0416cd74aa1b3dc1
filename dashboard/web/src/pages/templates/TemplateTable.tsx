import { Fragment, useState } from 'react'
import { Link, useLocation } from 'react-router'
import type { MessageTemplate, UserRuleVersion } from '@claimcheck/shared'
import { CauseBadge } from '../../components/CauseBadge.tsx'
import { formatExact, formatPercent } from '../../lib/format.ts'
import { formatDateTime } from '../../lib/time.ts'
import { carryViewParams } from '../../lib/view-state.ts'
import { isCause } from '../../lib/causes.ts'
import { Sparkline } from '../alerts/Sparkline.tsx'
import { AssignCauseForm } from './AssignCauseForm.tsx'
import { TemplateText } from './TemplateText.tsx'

/** Templates, most frequent first, each with its trend, examples and the rule made from it. */
export function TemplateTable({ templates, total, onSaved }: { templates: readonly MessageTemplate[]; total: number; onSaved: (saved: UserRuleVersion) => void }) {
  const [open, setOpen] = useState<string | undefined>()
  const carried = carryViewParams(new URLSearchParams(useLocation().search))
  return (
    <table className="data-table tpl-table">
      <thead>
        <tr>
          <th scope="col">Template</th>
          <th scope="col" className="num">Calls</th>
          <th scope="col" className="num">Share</th>
          <th scope="col">Trend</th>
          <th scope="col">Services</th>
          <th scope="col">Last seen</th>
          <th scope="col">Rule</th>
        </tr>
      </thead>
      <tbody>
        {templates.map((t) => (
          <Fragment key={t.id}>
            <tr className={open === t.id ? 'tpl-row open' : 'tpl-row'} data-template={t.id}>
              <td className="wrap">
                <TemplateText text={t.template} />
                <div className="tpl-examples">
                  {t.messages > 1 ? <span className="hint">{formatExact(t.messages)} distinct messages · </span> : null}
                  {t.examples.map((e, i) => (
                    <Link key={`${e.traceId}-${e.spanId}`} to={`/calls/${e.traceId}/${e.spanId}${carried}`} title={e.message}>
                      example {i + 1}
                    </Link>
                  ))}
                </div>
              </td>
              <td className="num">{formatExact(t.count)}</td>
              <td className="num">{formatPercent(total === 0 ? 0 : t.count / total)}</td>
              <td><Sparkline values={t.trend} width={110} height={22} label={`${t.template}: calls over the range`} /></td>
              <td>{t.services.join(', ')}</td>
              <td className="nowrap">{formatDateTime(t.lastSeen)}</td>
              <td className="nowrap">
                {t.rule ? (
                  <span className="tpl-rule" title={`${t.rule.id}, version ${t.rule.version}${t.rule.enabled ? '' : ' (disabled)'}`}>
                    {isCause(t.rule.cause) ? <CauseBadge cause={t.rule.cause} detail={t.rule.detail} /> : t.rule.cause}
                    <span className="hint">v{t.rule.version}{t.rule.enabled ? '' : ' · off'}</span>
                  </span>
                ) : (
                  <button className="btn btn-sm" type="button" aria-expanded={open === t.id} onClick={() => setOpen(open === t.id ? undefined : t.id)}>
                    Assign cause
                  </button>
                )}
              </td>
            </tr>
            {open === t.id && !t.rule ? (
              <tr className="tpl-form-row">
                <td colSpan={7}>
                  <AssignCauseForm template={t} onCancel={() => setOpen(undefined)} onSaved={(saved) => { setOpen(undefined); onSaved(saved) }} />
                </td>
              </tr>
            ) : null}
          </Fragment>
        ))}
      </tbody>
    </table>
  )
}
