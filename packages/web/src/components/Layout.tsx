import { NavLink, Outlet } from 'react-router';
import { useLiveConnected } from '../hooks/useRunEvents';
import { useSession } from '../hooks/useSession';
import { SignInPanel } from './auth/SignInPanel';
import { SignOutButton } from './auth/SignOutButton';

const NAV = [
  { to: '/', label: 'Runs', end: true },
  { to: '/compare', label: 'Compare', end: false },
  { to: '/trends', label: 'Trends', end: false },
  { to: '/projects', label: 'Projects', end: false },
  { to: '/health', label: 'Health', end: false },
];

/**
 * The frame of every page: navigation, the live-connection indicator, sign-out while a token is held, and the page
 * below, or the sign-in panel once the server asked for a token.
 */
export function Layout() {
  const live = useLiveConnected();
  const { signInNeeded } = useSession();
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        <NavLink to="/" className="brand" aria-label="llm-eval home">
          llm-eval
        </NavLink>
        <nav aria-label="Main">
          {NAV.map((item) => (
            <NavLink key={item.to} to={item.to} end={item.end} className={({ isActive }) => (isActive ? 'nav-link active' : 'nav-link')}>
              {item.label}
            </NavLink>
          ))}
        </nav>
        <span className={live ? 'live-dot on' : 'live-dot'} title={live ? 'Live updates on' : signInNeeded ? 'Live updates start once you sign in' : 'Live updates reconnecting…'} data-testid="live-indicator">
          {live ? 'live' : 'offline'}
        </span>
        <SignOutButton />
      </header>
      <main id="main" className="app-main">
        {signInNeeded ? <SignInPanel /> : <Outlet />}
      </main>
    </div>
  );
}
