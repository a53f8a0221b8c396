import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { preloadPageFor } from './app/pages';
import { AuthSession } from './auth/AuthSession';
import './styles.css';

// Before the first render, all at once: the session's refresh (sent by index.html already, while
// this code downloaded), the opened page's chunk.
const session = new AuthSession((url, init) => fetch(url, init));
void session.restore((window as { taplineEarlyRefresh?: Promise<Response> }).taplineEarlyRefresh);
preloadPageFor(window.location.pathname);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App session={session} />
  </StrictMode>,
);
