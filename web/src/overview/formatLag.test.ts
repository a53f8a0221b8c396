import { describe, expect, it } from 'vitest';
import { formatLag } from './formatLag';

describe('formatLag', () => {
  it('shows minutes, hours and days', () => {
    expect(formatLag(45 * 60)).toBe('45 min');
    expect(formatLag(5 * 3600 + 720)).toBe('5.2 h');
    expect(formatLag(3 * 86400)).toBe('3 d');
  });
});
