import { Link } from 'react-router'
import { PageHeader } from '../components/PageHeader.tsx'
import { Empty } from '../components/States.tsx'

export function NotFoundPage({ what = 'This page' }: { what?: string }) {
  return (
    <div className="page">
      <PageHeader title="Not found" time={false} />
      <Empty title={`${what} does not exist`}>
        Check the link, or go to the <Link to="/">overview</Link>.
      </Empty>
    </div>
  )
}
