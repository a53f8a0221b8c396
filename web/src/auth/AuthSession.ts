import { ApiError } from '../api/ApiError';
import type { TokenResponse, User } from '../api/types';

export interface SessionSnapshot {
  user: User | null;
  /** True once a signed-in session could not be refreshed: the UI asks to sign in again over the page. */
  expired: boolean;
}

type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;
type Listener = (snapshot: SessionSnapshot) => void;

/** Refresh this long before the access token's expiry, so a request never races it. */
const refreshMarginMs = 30_000;

/**
 * Holds the access token in memory only (never storage: a script injected into the page
 * must not find it there) and keeps it fresh with the HttpOnly refresh cookie.
 * Concurrent 401s share one refresh, because the server rotates the cookie on each call
 * and a second refresh with the old cookie would be refused.
 */
export class AuthSession {
  private accessToken: string | null = null;
  private expiresAt = 0;
  private user: User | null = null;
  private expired = false;
  private inflight: Promise<boolean> | null = null;
  private restored: Promise<boolean> | null = null;
  private readonly listeners = new Set<Listener>();
  private snap: SessionSnapshot = { user: null, expired: false };

  constructor(
    private readonly http: FetchLike,
    private readonly now: () => number = Date.now,
    readonly base = '/api/v1',
  ) {}

  get token(): string | null {
    return this.accessToken;
  }

  snapshot = (): SessionSnapshot => this.snap;

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  async login(username: string, password: string): Promise<User> {
    const response = await this.http(`${this.base}/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      credentials: 'same-origin',
      body: JSON.stringify({ username, password }),
    });
    if (!response.ok) throw await ApiError.from(response);
    const body = (await response.json()) as TokenResponse;
    this.accept(body);
    return body.user;
  }

  /**
   * The page's first refresh, shared by whoever asks: main.tsx starts it before React renders
   * (it is the first thing every page waits for), Bootstrap waits for the same one. `early`
   * is that refresh already sent by index.html while the code downloaded: it must be adopted
   * here, since the server rotated the cookie when it answered.
   */
  restore(early?: Promise<Response>): Promise<boolean> {
    this.restored ??= this.refresh(early);
    return this.restored;
  }

  /** Uses the refresh cookie; true when a fresh access token is held afterwards. */
  refresh(early?: Promise<Response>): Promise<boolean> {
    this.inflight ??= this.doRefresh(early).finally(() => {
      this.inflight = null;
    });
    return this.inflight;
  }

  async logout(): Promise<void> {
    try {
      await this.http(`${this.base}/auth/logout`, { method: 'POST', credentials: 'same-origin' });
    } finally {
      this.accessToken = null;
      this.expiresAt = 0;
      this.user = null;
      this.expired = false;
      this.publish();
    }
  }

  /**
   * Sends a request with the bearer token; on 401 refreshes once and retries. When the
   * refresh fails for a session that was signed in, the session is marked expired (the page
   * stays, a sign-in dialog appears) and the 401 is returned to the caller.
   */
  async fetch(path: string, init: RequestInit = {}): Promise<Response> {
    if (this.accessToken && this.expiresAt - this.now() < refreshMarginMs) {
      await this.refresh();
    }
    let response = await this.send(path, init);
    if (response.status !== 401 || path.startsWith('/auth/')) return response;

    const hadSession = this.user !== null;
    if (await this.refresh()) {
      response = await this.send(path, init);
    } else if (hadSession) {
      this.markExpired();
    }
    return response;
  }

  private send(path: string, init: RequestInit): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.accessToken) headers.set('Authorization', `Bearer ${this.accessToken}`);
    return this.http(`${this.base}${path}`, { ...init, headers, credentials: 'same-origin' });
  }

  private async doRefresh(early?: Promise<Response>): Promise<boolean> {
    let response: Response;
    try {
      response = await (early ?? this.http(`${this.base}/auth/refresh`, { method: 'POST', credentials: 'same-origin' }));
    } catch {
      return false;
    }
    if (!response.ok) {
      this.accessToken = null;
      this.expiresAt = 0;
      return false;
    }
    this.accept((await response.json()) as TokenResponse);
    return true;
  }

  private accept(body: TokenResponse): void {
    this.accessToken = body.accessToken;
    const parsed = Date.parse(body.expiresAt);
    this.expiresAt = Number.isNaN(parsed) ? this.now() + 60_000 : parsed;
    this.user = body.user;
    this.expired = false;
    this.publish();
  }

  private markExpired(): void {
    this.accessToken = null;
    this.expiresAt = 0;
    this.expired = true;
    this.publish();
  }

  private publish(): void {
    this.snap = { user: this.user, expired: this.expired };
    for (const listener of this.listeners) listener(this.snap);
  }
}
