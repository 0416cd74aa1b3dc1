import { Link } from 'react-router'
import type { PlaybookStep } from '@claimcheck/shared'
import { ZonedText } from '../components/ZonedText.tsx'
import { CHECK_LINKS, linkTarget } from './check-links.ts'
import { StatusMark } from './Marks.tsx'
import './troubleshoot.css'

/**
 * The taxonomy's ordered checks, each answerable one with claimcheck's answer from the data under
 * it; a step only a person can take says so. Presentational: the panels fetch.
 */
export function PlaybookSteps({ steps, carried, pending = false }: { steps: readonly PlaybookStep[]; carried: string; pending?: boolean }) {
  return (
    <ol className="playbook-steps playbook-answered">
      {steps.map((step) => {
        const link = step.check ? CHECK_LINKS[step.check] : undefined
        return (
          <li key={step.index} className="playbook-step" data-check={step.check ?? undefined}>
            <div className="playbook-text">{step.text}</div>
            {step.answer ? (
              <div className={`playbook-answer answer-${step.answer.status}`}>
                <StatusMark status={step.answer.status} />
                <div className="playbook-answer-body">
                  <p><ZonedText text={step.answer.summary} /></p>
                  {step.answer.facts.length > 0 ? (
                    <dl className="answer-facts">
                      {step.answer.facts.map((fact) => (
                        <div key={fact.label}>
                          <dt>{fact.label}</dt>
                          <dd><ZonedText text={fact.value} /></dd>
                        </div>
                      ))}
                    </dl>
                  ) : null}
                  {link ? <Link className="answer-link" to={linkTarget(link, carried)}>{link.label} →</Link> : null}
                </div>
              </div>
            ) : step.check && pending ? (
              <div className="playbook-answer answer-pending" aria-busy="true">Looking at the data…</div>
            ) : step.check === null ? (
              <div className="playbook-manual">A step for you: claimcheck cannot see this from its data.</div>
            ) : null}
          </li>
        )
      })}
    </ol>
  )
}
