import { Link } from 'react-router';

export function NotFoundPage() {
  return (
    <div className="page">
      <h1>Page not found</h1>
      <p>
        There is no dashboard page at this address. <Link to="/">Back to the runs</Link>.
      </p>
    </div>
  );
}
