import { describe, expect, it } from 'vitest';
import { intervalToWords } from './intervalToWords';

describe('intervalToWords', () => {
  it.each([
    ['@daily', 'every day at 00:00 UTC'],
    ['@hourly', 'every hour at minute 0'],
    ['@weekly', 'every Sunday at 00:00 UTC'],
    ['@monthly', 'on day 1 of every month at 00:00 UTC'],
    ['@yearly', 'every year on 1 January at 00:00 UTC'],
    ['@once', 'once, at the first scheduler start'],
    ['@manual', 'only when run by hand'],
    ['@none', 'only when run by hand'],
  ])('says Meltano preset %s as "%s"', (interval, words) => {
    expect(intervalToWords(interval)).toBe(words);
  });

  it.each([
    ['*/15 * * * *', 'every 15 minutes'],
    ['* * * * *', 'every minute'],
    ['*/1 * * * *', 'every minute'],
    ['5 * * * *', 'every hour at minute 5'],
    ['0 */6 * * *', 'every 6 hours at minute 0'],
    ['30 2 * * *', 'every day at 02:30 UTC'],
    ['0 6 * * 1', 'every Monday at 06:00 UTC'],
    ['0 6 * * 1-5', 'every Monday to Friday at 06:00 UTC'],
    ['0 6 * * 1,3,5', 'every Monday, Wednesday and Friday at 06:00 UTC'],
    ['15 4 1 * *', 'on day 1 of every month at 04:15 UTC'],
    ['0 0 25 12 *', 'every year on 25 December at 00:00 UTC'],
  ])('says cron %s as "%s"', (cron, words) => {
    expect(intervalToWords(cron)).toBe(words);
  });

  it('quotes back a cron it cannot say in words instead of guessing', () => {
    expect(intervalToWords('0 0 1-7 * 1')).toBe('on cron "0 0 1-7 * 1"');
    expect(intervalToWords('every tuesday')).toBe('on cron "every tuesday"');
  });

  it('says an empty interval plainly', () => {
    expect(intervalToWords('')).toBe('no interval');
    expect(intervalToWords(null)).toBe('no interval');
  });
});
