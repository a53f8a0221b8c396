import { Link } from 'react-router';
import { usePageTitle } from './usePageTitle';

export function NotFoundPage() {
  usePageTitle('Not found');
  return (
    <>
      <h1>Not found</h1>
      <p>
        There is no page here. Go to <Link to="/pipelines">Pipelines</Link>.
      </p>
    </>
  );
}
