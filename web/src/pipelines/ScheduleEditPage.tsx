import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useApi } from '../api/ApiContext';
import { seg } from '../api/request';
import type { Plugin, Schedule, ScheduleBody } from '../api/types';
import { useIdentity } from '../identity/IdentityContext';
import { ActionButton, ErrorAlert, Loading } from '../layout/controls';
import { usePageTitle } from '../layout/usePageTitle';
import { useIntervalPreview, useJobs } from './schedulesApi';

interface Form {
  name: string;
  kind: 'elt' | 'job';
  extractor: string;
  loader: string;
  transform: string;
  job: string;
  interval: string;
}

const empty: Form = { name: '', kind: 'elt', extractor: '', loader: '', transform: 'skip', job: '', interval: '@daily' };

function fromSchedule(s: Schedule): Form {
  return {
    name: s.name,
    kind: s.kind,
    extractor: s.extractor ?? '',
    loader: s.loader ?? '',
    transform: s.transform ?? 'skip',
    job: s.job ?? '',
    interval: s.interval ?? '',
  };
}

function toBody(form: Form): ScheduleBody {
  if (form.kind === 'job') return { name: form.name.trim(), job: form.job, interval: form.interval.trim() };
  return {
    name: form.name.trim(),
    extractor: form.extractor.trim(),
    loader: form.loader.trim(),
    transform: form.transform,
    interval: form.interval.trim(),
  };
}

/** Create (no :name) or edit a schedule in meltano.yml. */
export function ScheduleEditPage() {
  const editing = useParams().name;
  usePageTitle(editing ? `Edit ${editing}` : 'New schedule');
  const api = useApi();
  const { can } = useIdentity();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [form, setForm] = useState<Form>(empty);
  const jobs = useJobs();
  const plugins = useQuery({ queryKey: ['plugins', null], queryFn: () => api.get<Plugin[]>('/plugins') });
  const existing = useQuery({
    queryKey: ['schedules', editing],
    queryFn: () => api.get<Schedule>(`/schedules/${seg(editing ?? '')}`),
    enabled: Boolean(editing),
  });

  useEffect(() => {
    if (existing.data) setForm(fromSchedule(existing.data));
  }, [existing.data]);
  const preview = useIntervalPreview(form.interval.trim(), existing.data?.timezone);

  const save = useMutation({
    mutationFn: (body: ScheduleBody) =>
      editing ? api.send<Schedule>('PUT', `/schedules/${seg(editing)}`, body) : api.send<Schedule>('POST', '/schedules', body),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['schedules'] });
      void navigate(`/pipelines/${encodeURIComponent(form.name.trim())}`);
    },
  });

  const set = <K extends keyof Form>(key: K, value: Form[K]) => setForm((f) => ({ ...f, [key]: value }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(toBody(form));
  };
  const names = (type: Plugin['type']) => plugins.data?.filter((p) => p.type === type).map((p) => p.name) ?? [];

  if (editing && existing.isPending) return <Loading what="schedule" />;

  return (
    <>
      <p className="crumbs">
        <Link to="/pipelines">← All pipelines</Link>
      </p>
      <h1>{editing ? `Edit ${editing}` : 'New schedule'}</h1>
      <ErrorAlert error={existing.error} />
      {can.editProject && (
        <p role="note" className="alert">
          {can.editProject}
        </p>
      )}
      <form className="stack form" onSubmit={submit}>
        <ErrorAlert error={save.error} />
        <label>
          Name
          <input required value={form.name} onChange={(e) => set('name', e.target.value)} pattern="[A-Za-z0-9_.\-]+" title="Letters, digits, - _ and . only" />
        </label>
        <fieldset>
          <legend>Runs</legend>
          <label className="inline">
            <input type="radio" name="kind" checked={form.kind === 'elt'} onChange={() => set('kind', 'elt')} /> ELT pipeline
          </label>
          <label className="inline">
            <input type="radio" name="kind" checked={form.kind === 'job'} onChange={() => set('kind', 'job')} /> Job
          </label>
        </fieldset>
        {form.kind === 'elt' ? (
          <>
            <label>
              Extractor
              <input required list="extractors" value={form.extractor} onChange={(e) => set('extractor', e.target.value)} />
            </label>
            <datalist id="extractors">
              {names('extractors').map((n) => (
                <option key={n} value={n} />
              ))}
            </datalist>
            <label>
              Loader
              <input required list="loaders" value={form.loader} onChange={(e) => set('loader', e.target.value)} />
            </label>
            <datalist id="loaders">
              {names('loaders').map((n) => (
                <option key={n} value={n} />
              ))}
            </datalist>
            <label>
              Transform
              <select value={form.transform} onChange={(e) => set('transform', e.target.value)}>
                <option value="skip">skip</option>
                <option value="run">run</option>
                <option value="only">only</option>
              </select>
            </label>
          </>
        ) : (
          <label>
            Job
            <select required value={form.job} onChange={(e) => set('job', e.target.value)}>
              <option value="">Choose a job</option>
              {jobs.data?.map((j) => (
                <option key={j.name} value={j.name}>
                  {j.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          Interval
          <input
            required
            list="interval-presets"
            value={form.interval}
            onChange={(e) => set('interval', e.target.value)}
            aria-describedby="interval-words"
          />
        </label>
        <datalist id="interval-presets">
          {(preview.data?.presets ?? []).map((p) => (
            <option key={p} value={p} />
          ))}
        </datalist>
        <p id="interval-words" className={preview.data?.error ? 'error-text' : 'muted'} aria-live="polite">
          {preview.data?.error
            ? preview.data.error
            : preview.data?.words
              ? `Runs ${preview.data.words}.`
              : 'A preset (@daily, @hourly, @once, @manual…) or a cron expression.'}
        </p>
        <div className="row">
          <ActionButton type="submit" variant="primary" blockedBy={can.editProject} busy={save.isPending}>
            {editing ? 'Save schedule' : 'Create schedule'}
          </ActionButton>
          <Link to={editing ? `/pipelines/${encodeURIComponent(editing)}` : '/pipelines'} className="btn btn-plain">
            Cancel
          </Link>
        </div>
      </form>
    </>
  );
}
