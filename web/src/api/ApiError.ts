import type { Problem } from './types';

/** A failed Api call; `message` is the problem's `detail`, the sentence a person can act on. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;

  constructor(status: number, problem: Problem) {
    super(problem.detail ?? problem.title ?? `The server answered ${status}.`);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
  }

  static async from(response: Response): Promise<ApiError> {
    let problem: Problem = {};
    const type = response.headers.get('content-type') ?? '';
    try {
      if (type.includes('json')) {
        problem = (await response.json()) as Problem;
      } else {
        const text = await response.text();
        if (text) problem = { detail: text.slice(0, 500) };
      }
    } catch {
      // A body we cannot read still leaves the status, which the message below names.
    }
    if (!problem.detail && !problem.title) {
      problem = { ...problem, detail: defaultDetail(response.status) };
    }
    return new ApiError(response.status, problem);
  }
}

function defaultDetail(status: number): string {
  if (status === 401) return 'You are not signed in, or your session has ended.';
  if (status === 403) return 'You are not allowed to do this.';
  if (status === 404) return 'Not found.';
  if (status === 429) return 'Too many attempts; wait a moment and try again.';
  if (status >= 500) return `The server failed (${status}); see the Api log.`;
  return `The server answered ${status}.`;
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
