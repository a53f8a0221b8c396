import { describe, expect, it } from 'vitest';
import { AuthSession } from './AuthSession';

interface Call {
  url: string;
  auth: string | null;
}

/** A stand-in for the Api's auth endpoints: a refresh cookie that is valid or not, and tokens. */
function fakeApi(options: { cookieValid: boolean; expiresInMs?: number; now?: () => number }) {
  const calls: Call[] = [];
  let issued = 0;
  let current = '';
  const now = options.now ?? Date.now;
  const state = { cookieValid: options.cookieValid };
  const tokenBody = () => {
    issued += 1;
    current = `token-${issued}`;
    return { accessToken: current, expiresAt: new Date(now() + (options.expiresInMs ?? 600_000)).toISOString(), user: { name: 'ada', role: 'admin' } };
  };
  const json = (status: number, body: unknown) =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  const http = async (url: string, init?: RequestInit): Promise<Response> => {
    const auth = new Headers(init?.headers).get('Authorization');
    calls.push({ url, auth });
    await Promise.resolve();
    if (url.endsWith('/auth/refresh')) return state.cookieValid ? json(200, tokenBody()) : json(401, { detail: 'Refresh token is invalid.' });
    if (url.endsWith('/auth/login')) {
      state.cookieValid = true;
      return json(200, tokenBody());
    }
    if (auth === `Bearer ${current}` && current) return json(200, { ok: true });
    return json(401, { detail: 'Not signed in.' });
  };
  return { http, calls, state, expire: () => { current = 'server-forgot'; } };
}

describe('auth token refresh', () => {
  it('signs in from the refresh cookie on load', async () => {
    const api = fakeApi({ cookieValid: true });
    const session = new AuthSession(api.http);
    expect(await session.refresh()).toBe(true);
    expect(session.snapshot().user).toEqual({ name: 'ada', role: 'admin' });
    expect(session.token).toBe('token-1');
  });

  it('restores the session with one refresh however many ask, even after it finished (the cookie rotates on each)', async () => {
    const api = fakeApi({ cookieValid: true });
    const session = new AuthSession(api.http);
    const early = session.restore();
    expect(await Promise.all([early, session.restore()])).toEqual([true, true]);
    expect(await session.restore()).toBe(true);
    expect(api.calls.filter((c) => c.url.endsWith('/auth/refresh'))).toHaveLength(1);
    expect(session.token).toBe('token-1');
  });

  it('adopts the refresh index.html sent early instead of sending another', async () => {
    const api = fakeApi({ cookieValid: true });
    const early = api.http('/api/v1/auth/refresh', { method: 'POST' });
    const session = new AuthSession(api.http);
    expect(await session.restore(early)).toBe(true);
    expect(await session.restore()).toBe(true);
    expect(api.calls.filter((c) => c.url.endsWith('/auth/refresh'))).toHaveLength(1);
    expect(session.snapshot().user).toEqual({ name: 'ada', role: 'admin' });
  });

  it('stays signed out when the early refresh failed on the network, and a later refresh can still sign in', async () => {
    const api = fakeApi({ cookieValid: true });
    const session = new AuthSession(api.http);
    expect(await session.restore(Promise.reject(new TypeError('Failed to fetch')))).toBe(false);
    expect(await session.refresh()).toBe(true);
  });

  it('stays signed out without a cookie and does not call that expiry', async () => {
    const api = fakeApi({ cookieValid: false });
    const session = new AuthSession(api.http);
    expect(await session.refresh()).toBe(false);
    const response = await session.fetch('/runs');
    expect(response.status).toBe(401);
    expect(session.snapshot()).toEqual({ user: null, expired: false });
  });

  it('refreshes once on 401 and retries the request with the new token', async () => {
    const api = fakeApi({ cookieValid: true });
    const session = new AuthSession(api.http);
    await session.login('ada', 'pw');
    api.expire();
    const response = await session.fetch('/runs');
    expect(response.status).toBe(200);
    expect(api.calls.map((c) => c.url)).toEqual(['/api/v1/auth/login', '/api/v1/runs', '/api/v1/auth/refresh', '/api/v1/runs']);
    expect(api.calls[3]!.auth).toBe('Bearer token-2');
  });

  it('shares one refresh between requests that fail together, since the cookie rotates', async () => {
    const api = fakeApi({ cookieValid: true });
    const session = new AuthSession(api.http);
    await session.login('ada', 'pw');
    api.expire();
    const results = await Promise.all([session.fetch('/runs'), session.fetch('/schedules'), session.fetch('/state')]);
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(api.calls.filter((c) => c.url.endsWith('/auth/refresh'))).toHaveLength(1);
  });

  it('marks a signed-in session expired when the refresh is refused, keeping the page', async () => {
    const api = fakeApi({ cookieValid: true });
    const session = new AuthSession(api.http);
    const seen: boolean[] = [];
    session.subscribe((s) => seen.push(s.expired));
    await session.login('ada', 'pw');
    api.expire();
    api.state.cookieValid = false;
    const response = await session.fetch('/runs');
    expect(response.status).toBe(401);
    expect(session.snapshot().expired).toBe(true);
    expect(session.token).toBeNull();
    expect(seen).toEqual([false, true]);

    await session.login('ada', 'pw');
    expect(session.snapshot().expired).toBe(false);
  });

  it('refreshes ahead of expiry instead of waiting for a 401', async () => {
    let clock = 1_000_000;
    const api = fakeApi({ cookieValid: true, expiresInMs: 60_000, now: () => clock });
    const session = new AuthSession(api.http, () => clock);
    await session.login('ada', 'pw');
    clock += 45_000;
    await session.fetch('/runs');
    expect(api.calls.map((c) => c.url)).toEqual(['/api/v1/auth/login', '/api/v1/auth/refresh', '/api/v1/runs']);
    expect(api.calls[2]!.auth).toBe('Bearer token-2');
  });
});
