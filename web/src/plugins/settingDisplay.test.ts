import { describe, expect, it } from 'vitest';
import type { Setting } from '../api/types';
import { displaySetting, editorText, parseSettingInput, redactedValue } from './settingDisplay';

const setting = (over: Partial<Setting>): Setting => ({
  name: 'password',
  kind: 'string',
  label: null,
  description: null,
  value: null,
  source: 'env',
  sensitive: false,
  redacted: false,
  envVar: 'TAP_X_PASSWORD',
  reference: false,
  ...over,
});

describe('redaction display', () => {
  it('shows a redacted secret as a masked value, never the placeholder', () => {
    const shown = displaySetting(setting({ value: redactedValue, sensitive: true, redacted: true }));
    expect(shown.masked).toBe(true);
    expect(shown.text).not.toContain('redacted');
    expect(shown.label).toBe('secret value set, hidden');
  });

  it('treats the placeholder string as redacted even without the flag', () => {
    expect(displaySetting(setting({ value: '(redacted)', sensitive: true })).masked).toBe(true);
  });

  it('shows an unset secret as not set rather than masked', () => {
    const shown = displaySetting(setting({ value: null, sensitive: true, source: 'unset' }));
    expect(shown.masked).toBe(false);
    expect(shown.text).toBe('(not set)');
  });

  it('shows plain values as text and structured values as JSON', () => {
    expect(displaySetting(setting({ value: 'data/users.csv' })).text).toBe('data/users.csv');
    expect(displaySetting(setting({ value: [{ entity: 'users' }] })).text).toBe('[{"entity":"users"}]');
    expect(displaySetting(setting({ value: false })).text).toBe('false');
  });

  it('shows a $VAR reference as written and says it points at the host environment', () => {
    const shown = displaySetting(setting({ value: '${MY_TOKEN}', reference: true }));
    expect(shown.text).toBe('${MY_TOKEN}');
    expect(shown.masked).toBe(false);
    expect(shown.label).toBe("reference to the host's environment variable ${MY_TOKEN}");
  });

  it('starts the editor of a secret empty and sends the placeholder back to keep it', () => {
    const secret = setting({ value: redactedValue, redacted: true, sensitive: true });
    expect(editorText(secret)).toBe('');
    expect(parseSettingInput(secret, '')).toEqual({ ok: true, value: redactedValue });
    expect(parseSettingInput(secret, 'new-secret')).toEqual({ ok: true, value: 'new-secret' });
  });

  it('parses typed values and names the setting when they are wrong', () => {
    expect(parseSettingInput(setting({ name: 'port', kind: 'integer' }), '5432')).toEqual({ ok: true, value: 5432 });
    expect(parseSettingInput(setting({ name: 'port', kind: 'integer' }), 'x')).toEqual({ ok: false, error: 'port must be a whole number.' });
    expect(parseSettingInput(setting({ name: 'files', kind: 'array' }), '{}')).toEqual({ ok: false, error: 'files must be a JSON array.' });
  });
});
