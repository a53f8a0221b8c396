import { describe, expect, it } from 'vitest';
import { ApiError } from '../ApiError';
import { backoffMs, followEventStream, type StreamConnection, type StreamFetch } from './followEventStream';
import type { SseEvent } from './sseParser';

/** A server answer: a status, or a stream of text chunks that then closes (a drop) unless it sent `end`. */
type Answer = { status: number; body?: string } | { chunks: string[] } | Error;

function server(answers: Answer[]) {
  const requests: { path: string; headers: Record<string, string> }[] = [];
  const fetch: StreamFetch = async (path, init) => {
    requests.push({ path, headers: { ...(init.headers as Record<string, string>) } });
    const answer = answers.shift();
    if (!answer) throw new Error('no more answers');
    if (answer instanceof Error) throw answer;
    if ('status' in answer) {
      return new Response(answer.body ?? null, { status: answer.status, headers: { 'content-type': 'application/problem+json' } });
    }
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const chunk of answer.chunks) controller.enqueue(encoder.encode(chunk));
        controller.close();
      },
    });
    return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
  };
  return { fetch, requests };
}

function follow(fetch: StreamFetch, signal = new AbortController().signal) {
  const events: SseEvent[] = [];
  const states: StreamConnection[] = [];
  const errors: unknown[] = [];
  const waits: number[] = [];
  let chunks = 0;
  const outcome = followEventStream(fetch, {
    path: '/runs/7/log/stream',
    signal,
    onEvent: (event) => {
      events.push(event);
      return event.event === 'end';
    },
    onChunk: () => chunks++,
    onConnection: (state) => states.push(state),
    onError: (error) => errors.push(error),
    sleep: async (ms) => {
      waits.push(ms);
    },
  });
  return { outcome, events, states, errors, waits, chunks: () => chunks };
}

const lines = (events: SseEvent[]) => events.filter((e) => e.event === 'message').map((e) => `${e.id}:${e.data}`);

describe('followEventStream', () => {
  it('delivers events until the end event and asks for an event stream', async () => {
    const { fetch, requests } = server([{ chunks: ['id: 1\ndata: one\n\nid: 2\nda', 'ta: two\n\nevent: end\ndata: success\n\n'] }]);
    const f = follow(fetch);
    expect(await f.outcome).toBe('ended');
    expect(lines(f.events)).toEqual(['1:one', '2:two']);
    expect(f.events.at(-1)).toEqual({ event: 'end', data: 'success', id: null });
    expect(f.states).toEqual(['live']);
    expect(f.errors).toEqual([null]);
    expect(f.chunks()).toBe(2);
    expect(requests).toEqual([{ path: '/runs/7/log/stream', headers: { Accept: 'text/event-stream' } }]);
  });

  it('stops at the end event and hands on nothing after it', async () => {
    const { fetch } = server([{ chunks: ['id: 1\ndata: one\n\nevent: end\ndata: failed\n\nid: 2\ndata: late\n\n'] }]);
    const f = follow(fetch);
    expect(await f.outcome).toBe('ended');
    expect(lines(f.events)).toEqual(['1:one']);
  });

  it('after a drop reconnects with Last-Event-ID of the last line, so no line is lost or doubled', async () => {
    const { fetch, requests } = server([
      { chunks: ['id: 1\ndata: one\n\nid: 2\ndata: two\n\n'] },
      { chunks: ['id: 3\ndata: three\n\nevent: end\ndata: success\n\n'] },
    ]);
    const f = follow(fetch);
    expect(await f.outcome).toBe('ended');
    expect(lines(f.events)).toEqual(['1:one', '2:two', '3:three']);
    expect(requests.map((r) => r.headers['Last-Event-ID'])).toEqual([undefined, '2']);
    expect(f.states).toEqual(['live', 'reconnecting', 'live']);
    expect(f.waits).toEqual([backoffMs(1)]);
  });

  it('keeps the last id across a connection that brought none', async () => {
    const { fetch, requests } = server([
      { chunks: ['id: 5\ndata: five\n\n'] },
      { chunks: [': ping\n\n'] },
      { chunks: ['event: end\ndata: success\n\n'] },
    ]);
    expect(await follow(fetch).outcome).toBe('ended');
    expect(requests.map((r) => r.headers['Last-Event-ID'])).toEqual([undefined, '5', '5']);
  });

  it('backs off longer after each failure in a row, up to 10 s, and starts over after a success', async () => {
    const down = Array.from({ length: 7 }, (): Answer => ({ status: 503 }));
    const { fetch } = server([...down, { chunks: ['id: 1\ndata: one\n\n'] }, new Error('network down'), { chunks: ['event: end\ndata: success\n\n'] }]);
    const f = follow(fetch);
    expect(await f.outcome).toBe('ended');
    expect(f.waits).toEqual([1000, 2000, 4000, 8000, 10_000, 10_000, 10_000, 1000, 2000]);
    expect(f.errors.filter((e) => e instanceof ApiError).map((e) => (e as ApiError).status)).toEqual(Array(7).fill(503));
    expect(f.errors.some((e) => e instanceof Error && e.message === 'network down')).toBe(true);
    // A success clears the error the user saw.
    expect(f.errors.at(-1)).toBeNull();
  });

  it('gives up on a 4xx (a missing run will not appear by retrying) and says why', async () => {
    const { fetch, requests } = server([{ status: 404, body: JSON.stringify({ detail: 'Run 7 does not exist.' }) }]);
    const f = follow(fetch);
    expect(await f.outcome).toBe('closed');
    expect(requests).toHaveLength(1);
    expect(f.states).toEqual(['closed']);
    expect((f.errors[0] as ApiError).message).toBe('Run 7 does not exist.');
  });

  it('stops without another request once the caller aborts during a wait', async () => {
    const controller = new AbortController();
    const { fetch, requests } = server([{ status: 503 }, { status: 503 }]);
    const outcome = followEventStream(fetch, {
      path: '/runs/7/progress/stream',
      signal: controller.signal,
      onEvent: () => false,
      sleep: async () => controller.abort(),
    });
    expect(await outcome).toBe('aborted');
    expect(requests).toHaveLength(1);
  });
});
