import type { AuthSession } from '../auth/AuthSession';
import { ApiError } from './ApiError';

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** One Api call through the session: JSON in, JSON (or nothing) out, problem+json as ApiError. */
export async function request<T>(session: AuthSession, method: Method, path: string, body?: unknown): Promise<T> {
  const init: RequestInit = { method, headers: { Accept: 'application/json' } };
  if (body !== undefined) {
    init.headers = { Accept: 'application/json', 'Content-Type': 'application/json' };
    init.body = JSON.stringify(body);
  }
  const response = await session.fetch(path, init);
  if (!response.ok) throw await ApiError.from(response);
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Path segments such as state ids contain ':' and must be encoded. */
export function seg(value: string): string {
  return encodeURIComponent(value);
}
