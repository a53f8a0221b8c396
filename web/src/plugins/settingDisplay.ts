import type { Setting } from '../api/types';

/** The Api's placeholder for a sensitive value; sending it back keeps the stored secret. */
export const redactedValue = '(redacted)';

export interface SettingDisplay {
  text: string;
  /** Shown as a masked secret: the value exists but is never sent to the browser. */
  masked: boolean;
  unset: boolean;
  /** What a screen reader says, since dots alone mean nothing. */
  label: string;
}

export function isRedacted(setting: Pick<Setting, 'value' | 'redacted'>): boolean {
  return setting.redacted || setting.value === redactedValue;
}

export function displaySetting(setting: Pick<Setting, 'value' | 'redacted' | 'sensitive' | 'source' | 'reference'>): SettingDisplay {
  if (isRedacted(setting)) {
    return { text: '••••••••', masked: true, unset: false, label: 'secret value set, hidden' };
  }
  if (setting.value === null || setting.value === undefined || setting.source === 'unset') {
    return { text: '(not set)', masked: false, unset: true, label: 'not set' };
  }
  const text = typeof setting.value === 'string' ? setting.value : JSON.stringify(setting.value);
  if (setting.reference) {
    return { text, masked: false, unset: false, label: `reference to the host's environment variable ${text}` };
  }
  return { text, masked: false, unset: false, label: text };
}

/** The editor's starting text: never the placeholder, so saving untouched keeps the secret. */
export function editorText(setting: Pick<Setting, 'value' | 'redacted'>): string {
  if (isRedacted(setting) || setting.value === null || setting.value === undefined) return '';
  return typeof setting.value === 'string' ? setting.value : JSON.stringify(setting.value, null, 2);
}

export type ParsedValue = { ok: true; value: unknown } | { ok: false; error: string };

/**
 * Turns the editor's text into the JSON value to PUT, by the setting's kind. An empty
 * editor on a secret sends the placeholder back, which the Api reads as "keep".
 */
export function parseSettingInput(setting: Pick<Setting, 'kind' | 'redacted' | 'value' | 'name'>, text: string): ParsedValue {
  if (text === '' && isRedacted(setting)) return { ok: true, value: redactedValue };
  switch (setting.kind) {
    case 'integer': {
      if (!/^-?\d+$/.test(text.trim())) return { ok: false, error: `${setting.name} must be a whole number.` };
      return { ok: true, value: Number(text.trim()) };
    }
    case 'boolean': {
      const t = text.trim().toLowerCase();
      if (t === 'true' || t === 'false') return { ok: true, value: t === 'true' };
      return { ok: false, error: `${setting.name} must be true or false.` };
    }
    case 'object':
    case 'array': {
      try {
        const value: unknown = JSON.parse(text);
        const isArray = Array.isArray(value);
        if ((setting.kind === 'array') !== isArray || typeof value !== 'object' || value === null) {
          return { ok: false, error: `${setting.name} must be a JSON ${setting.kind}.` };
        }
        return { ok: true, value };
      } catch (e) {
        return { ok: false, error: `${setting.name} is not valid JSON: ${(e as Error).message}` };
      }
    }
    default:
      return { ok: true, value: text };
  }
}
