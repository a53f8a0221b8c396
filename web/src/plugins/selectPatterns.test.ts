import { describe, expect, it } from 'vitest';
import { togglePattern } from './selectPatterns';

describe('togglePattern', () => {
  it('excludes a stream with a bare ! pattern and selects it with stream.*, replacing patterns of that stream only', () => {
    expect(togglePattern(['orders.*', 'users.id'], 'orders', null, false)).toEqual(['users.id', '!orders']);
    expect(togglePattern(['!orders', 'users.id'], 'orders', null, true)).toEqual(['users.id', 'orders.*']);
  });

  it('excludes and re-selects one property, escaping dots in the stream id', () => {
    expect(togglePattern(['public.orders.*'], 'public.orders', 'address.city', false)).toEqual(['public.orders.*', '!public\\.orders.address.city']);
    expect(togglePattern(['!public\\.orders.address.city'], 'public.orders', 'address.city', true)).toEqual(['public\\.orders.address.city']);
  });
});
