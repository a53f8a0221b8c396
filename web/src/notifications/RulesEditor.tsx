import { useEffect, useState } from 'react';
import type { NotificationRule } from '../api/types';
import { useIdentity } from '../identity/IdentityContext';
import { ActionButton, ErrorAlert } from '../layout/controls';
import { submitting, useSaveRules } from './forms';

const blank = (): NotificationRule => ({ events: [], channels: [], schedules: [], jobs: [], groupWindow: null });

function toggle(list: string[], item: string, on: boolean): string[] {
  return on ? [...list, item] : list.filter((x) => x !== item);
}

/** Which events go to which channels; empty schedules and jobs mean the whole project. */
export function RulesEditor({ rules, events, channels, onSaved }: { rules: NotificationRule[]; events: string[]; channels: string[]; onSaved: () => void }) {
  const { can } = useIdentity();
  const [draft, setDraft] = useState<NotificationRule[]>(rules);
  useEffect(() => setDraft(rules), [rules]);
  const save = useSaveRules(onSaved);
  const change = (i: number, patch: Partial<NotificationRule>) => setDraft((d) => d.map((r, j) => (j === i ? { ...r, ...patch } : r)));

  return (
    <section aria-labelledby="rules-title">
      <h2 id="rules-title">Rules</h2>
      <form className="stack" onSubmit={submitting(() => save.mutate(draft))}>
        <ErrorAlert error={save.error} />
        {draft.length === 0 && <p>No rules: nothing is sent.</p>}
        {draft.map((rule, i) => (
          <fieldset key={i} className="stack">
            <legend>Rule {i + 1}</legend>
            <div className="row" role="group" aria-label={`Events of rule ${i + 1}`}>
              {events.map((e) => (
                <label key={e}>
                  <input type="checkbox" checked={rule.events.includes(e)} onChange={(x) => change(i, { events: toggle(rule.events, e, x.target.checked) })} /> {e}
                </label>
              ))}
            </div>
            <div className="row" role="group" aria-label={`Channels of rule ${i + 1}`}>
              {channels.map((c) => (
                <label key={c}>
                  <input type="checkbox" checked={rule.channels.includes(c)} onChange={(x) => change(i, { channels: toggle(rule.channels, c, x.target.checked) })} /> {c}
                </label>
              ))}
            </div>
            <label>
              Only schedules (comma-separated; empty = all)
              <input
                value={rule.schedules.join(', ')}
                onChange={(x) => change(i, { schedules: x.target.value.split(',').map((s) => s.trim()).filter(Boolean) })}
              />
            </label>
            <label>
              Group window (one message, then a count)
              <input value={rule.groupWindow ?? ''} placeholder="15m" onChange={(x) => change(i, { groupWindow: x.target.value || null })} />
            </label>
            <ActionButton onClick={() => setDraft((d) => d.filter((_, j) => j !== i))}>Remove rule {i + 1}</ActionButton>
          </fieldset>
        ))}
        <div className="row">
          <ActionButton onClick={() => setDraft((d) => [...d, blank()])} blockedBy={can.write}>
            Add rule
          </ActionButton>
          <ActionButton type="submit" variant="primary" blockedBy={can.write} busy={save.isPending}>
            Save rules
          </ActionButton>
        </div>
      </form>
    </section>
  );
}
