import { describe, expect, it } from 'vitest';
import { fireOutcome } from './fireOutcome';

describe("the Scheduler's last fire in words", () => {
  it('says what came of each outcome the Scheduler records', () => {
    expect(fireOutcome('enqueued')).toBe('run queued');
    expect(fireOutcome('skipped_overlap')).toBe('skipped: the previous run was still going');
    expect(fireOutcome('duplicate')).toBe('already queued by another Scheduler');
    expect(fireOutcome(null)).toBe('outcome unknown');
  });
});
