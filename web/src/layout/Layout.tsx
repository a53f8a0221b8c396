import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { Link, NavLink, Outlet, useLocation } from 'react-router';
import { useApi } from '../api/ApiContext';
import { useIdentity } from '../identity/IdentityContext';

export function Layout() {
  const { identity, can } = useIdentity();
  const { session } = useApi();
  const queryClient = useQueryClient();
  const location = useLocation();
  const main = useRef<HTMLElement>(null);
  const shownPath = useRef(location.pathname);

  // After client-side navigation, move focus to the new page so keyboard and screen
  // reader users start at its heading, as they would after a full page load.
  useEffect(() => {
    if (shownPath.current === location.pathname) return;
    shownPath.current = location.pathname;
    main.current?.focus();
  }, [location.pathname]);

  const signOut = async () => {
    await session.logout();
    queryClient.clear();
    await queryClient.invalidateQueries();
  };

  const links: [string, string][] = [
    ['/', 'Overview'],
    ['/pipelines', 'Pipelines'],
    ['/runs', 'Runs'],
    ['/plugins', 'Plugins'],
    ['/state', 'State'],
  ];
  if (can.isAdmin && identity.authenticationEnabled) links.push(['/users', 'Users']);
  if (can.isAdmin) links.push(['/notifications', 'Notifications'], ['/audit', 'Audit']);
  if (identity.user) links.push(['/account', 'Account']);

  return (
    <>
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <header className="app-header">
        <Link to="/" className="brand">
          Tapline
        </Link>
        <nav aria-label="Main">
          <ul>
            {links.map(([to, label]) => (
              <li key={to}>
                <NavLink to={to} end={to === '/'}>{label}</NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="header-status" aria-label="Session">
          {identity.environment && (
            <span className="badge" title="Meltano environment the Api runs with">
              env: {identity.environment}
            </span>
          )}
          {identity.projectReadonly && (
            <span className="badge badge-warn" title="project_readonly is on: meltano.yml cannot be changed from here">
              project read-only
            </span>
          )}
          {identity.uiReadonly && (
            <span className="badge badge-warn" title="ui.readonly is on: the UI makes no changes">
              UI read-only
            </span>
          )}
          {identity.user ? (
            <>
              <span className="user">
                <span className="sr-only">Signed in as </span>
                {identity.user.name} <span className="badge">{identity.user.role}</span>
              </span>
              <button type="button" className="btn btn-plain" onClick={() => void signOut()}>
                Sign out
              </button>
            </>
          ) : (
            identity.authenticationEnabled && (
              <Link to="/sign-in" className="btn btn-plain">
                Sign in
              </Link>
            )
          )}
        </div>
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        <Outlet />
      </main>
    </>
  );
}
