import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { useApi } from '../api/ApiContext';
import { seg } from '../api/request';
import type { Plugin, Setting, SettingStore } from '../api/types';
import { useIdentity } from '../identity/IdentityContext';
import { ActionButton, ErrorAlert } from '../layout/controls';
import { displaySetting, editorText, parseSettingInput } from './settingDisplay';
import { envQuery } from './useEnvironment';

const stores: { value: SettingStore; label: string; projectFile: boolean }[] = [
  { value: 'meltano_yml', label: 'meltano.yml', projectFile: true },
  { value: 'dotenv', label: '.env', projectFile: true },
  { value: 'db', label: 'system database', projectFile: false },
];

export function SettingRow({ plugin, setting, environment }: { plugin: Plugin; setting: Setting; environment: string }) {
  const api = useApi();
  const { can } = useIdentity();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState('');
  // Secrets belong out of meltano.yml (Meltano's advice); the project's read-only mode leaves only the database.
  const allowedStores = stores.filter((s) => !can.editProject || !s.projectFile);
  const [store, setStore] = useState<SettingStore>(setting.sensitive ? 'dotenv' : 'meltano_yml');
  const [invalid, setInvalid] = useState<string | null>(null);
  const ids = { value: useId(), store: useId() };
  const shown = displaySetting(setting);
  const effectiveStore = allowedStores.some((s) => s.value === store) ? store : (allowedStores[0]?.value ?? 'db');

  const save = useMutation({
    mutationFn: (value: unknown) =>
      api.send<Setting>(
        'PUT',
        `/plugins/${seg(plugin.type)}/${seg(plugin.name)}/settings/${seg(setting.name)}${envQuery(environment)}`,
        { value, store: effectiveStore },
      ),
    onSuccess: () => {
      setEditing(false);
      void queryClient.invalidateQueries({ queryKey: ['plugins'] });
    },
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const parsed = parseSettingInput(setting, text);
    if (!parsed.ok) {
      setInvalid(parsed.error);
      return;
    }
    setInvalid(null);
    save.mutate(parsed.value);
  };

  const label = setting.label ?? setting.name;
  return (
    <tr>
      <th scope="row" data-label="Setting">
        {setting.name}
        {setting.label && setting.label !== setting.name && <div className="muted small">{setting.label}</div>}
        {setting.description && <div className="muted small">{setting.description}</div>}
      </th>
      <td data-label="Value">
        {editing ? (
          <form onSubmit={submit} className="stack">
            <ErrorAlert error={invalid ? new Error(invalid) : save.error} />
            <label htmlFor={ids.value}>New value for {label}</label>
            {setting.kind === 'object' || setting.kind === 'array' ? (
              <textarea id={ids.value} rows={4} value={text} onChange={(e) => setText(e.target.value)} />
            ) : (
              <input
                id={ids.value}
                type={setting.sensitive ? 'password' : setting.kind === 'integer' ? 'number' : 'text'}
                autoComplete="off"
                value={text}
                placeholder={shown.masked ? 'leave empty to keep the secret' : undefined}
                onChange={(e) => setText(e.target.value)}
              />
            )}
            <label htmlFor={ids.store}>Store in</label>
            <select id={ids.store} value={effectiveStore} onChange={(e) => setStore(e.target.value as SettingStore)}>
              {allowedStores.map((s) => (
                <option key={s.value} value={s.value}>
                  {s.label}
                </option>
              ))}
            </select>
            <div className="row">
              <ActionButton type="submit" variant="primary" busy={save.isPending}>
                Save {setting.name}
              </ActionButton>
              <ActionButton onClick={() => setEditing(false)}>Cancel</ActionButton>
            </div>
          </form>
        ) : (
          shown.masked ? (
            <span className="secret" title="Sensitive: the value is set but never sent to the browser">
              <span aria-hidden="true">{shown.text}</span>
              <span className="sr-only">{shown.label}</span>
            </span>
          ) : (
            <span className={shown.unset ? 'muted' : 'value'}>{shown.text}</span>
          )
        )}
      </td>
      <td data-label="Source">{setting.source}</td>
      <td data-label="Env var">
        <code className="small">{setting.envVar || '—'}</code>
      </td>
      <td data-label="Actions">
        {!editing && (
          <ActionButton
            blockedBy={can.write}
            aria-label={`Edit ${setting.name}`}
            onClick={() => {
              setText(editorText(setting));
              setInvalid(null);
              save.reset();
              setEditing(true);
            }}
          >
            Edit
          </ActionButton>
        )}
      </td>
    </tr>
  );
}
