// Meltano's interval presets and cron, said in words. Times are UTC because the
// Scheduler fires in UTC; saying so avoids the "why did it run at 1 am" question.

const presets: Record<string, string> = {
  '@once': 'once, at the first scheduler start',
  '@manual': 'only when run by hand',
  '@none': 'only when run by hand',
  '@hourly': 'every hour at minute 0',
  '@daily': 'every day at 00:00 UTC',
  '@midnight': 'every day at 00:00 UTC',
  '@weekly': 'every Sunday at 00:00 UTC',
  '@monthly': 'on day 1 of every month at 00:00 UTC',
  '@yearly': 'every year on 1 January at 00:00 UTC',
  '@annually': 'every year on 1 January at 00:00 UTC',
};

const dayNames = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const monthNames = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
];

const isNumber = (field: string): boolean => /^\d+$/.test(field);
const pad = (n: number): string => String(n).padStart(2, '0');
const plural = (n: number, word: string): string => (n === 1 ? word : `${n} ${word}s`);

function stepOf(field: string): number | null {
  const match = /^\*\/(\d+)$/.exec(field);
  return match ? Number(match[1]) : null;
}

function dayOfWeekWords(field: string): string | null {
  const name = (value: string): string | undefined => dayNames[Number(value) % 7];
  if (isNumber(field)) return name(field) ?? null;
  const range = /^(\d)-(\d)$/.exec(field);
  if (range) return `${name(range[1]!)} to ${name(range[2]!)}`;
  if (/^\d(,\d)+$/.test(field)) {
    const names = field.split(',').map((d) => name(d));
    return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
  }
  return null;
}

/** Words for a Meltano interval (preset or 5-field cron); unknown shapes are quoted back. */
export function intervalToWords(interval: string | null | undefined): string {
  const text = (interval ?? '').trim();
  if (!text) return 'no interval';
  const preset = presets[text.toLowerCase()];
  if (preset) return preset;

  const fields = text.split(/\s+/);
  if (fields.length !== 5) return `on cron "${text}"`;
  const [minute, hour, dom, month, dow] = fields as [string, string, string, string, string];
  const anyDay = dom === '*' && month === '*' && dow === '*';

  if (anyDay && hour === '*') {
    if (minute === '*') return 'every minute';
    const step = stepOf(minute);
    if (step) return `every ${plural(step, 'minute')}`;
    if (isNumber(minute)) return `every hour at minute ${Number(minute)}`;
  }

  if (anyDay && isNumber(minute)) {
    const hourStep = stepOf(hour);
    if (hourStep) return `every ${plural(hourStep, 'hour')} at minute ${Number(minute)}`;
  }

  if (!isNumber(minute) || !isNumber(hour)) return `on cron "${text}"`;
  const at = `at ${pad(Number(hour))}:${pad(Number(minute))} UTC`;

  if (anyDay) return `every day ${at}`;
  if (dom === '*' && month === '*') {
    const days = dayOfWeekWords(dow);
    if (days) return `every ${days} ${at}`;
  }
  if (isNumber(dom) && month === '*' && dow === '*') return `on day ${Number(dom)} of every month ${at}`;
  if (isNumber(dom) && isNumber(month) && dow === '*') {
    const monthName = monthNames[Number(month) - 1];
    if (monthName) return `every year on ${Number(dom)} ${monthName} ${at}`;
  }
  return `on cron "${text}"`;
}

export const intervalPresets = ['@once', '@manual', '@hourly', '@daily', '@weekly', '@monthly', '@yearly'] as const;
