// The shapes of docs/api.md, one place, so a contract change is one edit. Interfaces that mirror an
// Api schema are checked against the served OpenAPI document (tests/Api.Tests/Contract).

export type Role = 'admin' | 'viewer';

export interface User {
  name: string;
  role: Role;
}

export interface Identity {
  authenticationEnabled: boolean;
  anonymousReadonly: boolean;
  user: User | null;
  environment: string | null;
  environments: string[];
  projectReadonly: boolean;
  uiReadonly: boolean;
  canWrite: boolean;
  canEditProject: boolean;
  traceUrlTemplate: string | null;
}

export interface TokenResponse {
  accessToken: string;
  expiresAt: string;
  user: User;
}

export type RunStatus = 'queued' | 'running' | 'success' | 'failed' | 'cancelled' | 'dead' | 'stalled';
export const runStatuses: readonly RunStatus[] = ['queued', 'running', 'success', 'failed', 'cancelled', 'dead', 'stalled'];
export type Trigger = 'cli' | 'schedule' | 'api';
export const triggers: readonly Trigger[] = ['cli', 'schedule', 'api'];

export interface Run {
  id: number;
  runId: string;
  stateId: string;
  status: RunStatus;
  trigger: Trigger;
  scheduleName: string | null;
  jobName: string | null;
  requestedBy: string | null;
  queuedAt: string;
  startedAt: string | null;
  endedAt: string | null;
  durationSeconds: number | null;
  records: number;
  error: string | null;
  traceId: string | null;
  block: string;
  retryOf: number | null;
  rerunOf: number | null;
}

/** POST /runs/cancel: what became of each id (cancelled: was queued; cancelling: its Runner stops it). */
export interface CancelRunResult {
  id: number;
  outcome: 'cancelled' | 'cancelling' | 'ended' | 'not_found';
  status: RunStatus | null;
}

export interface CancelRunsResult {
  results: CancelRunResult[];
}

/** Records and bytes one stream moved; bytes null on rows written before they were kept. */
export interface StreamView {
  stream: string;
  records: number;
  bytes: number | null;
}

export interface RunDetail extends Run {
  streams: StreamView[];
  exitCodes: Record<string, number>;
  worker: string | null;
  heartbeatAt: string | null;
  logPath: string | null;
  cancelRequested: boolean;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface RunSummary {
  id: number;
  status: RunStatus;
  startedAt: string | null;
  durationSeconds: number | null;
  records: number;
}

export interface Schedule {
  name: string;
  kind: 'elt' | 'job';
  extractor: string | null;
  loader: string | null;
  transform: string | null;
  job: string | null;
  tasks: TaskItem[] | null;
  interval: string | null;
  cron: string | null;
  intervalText: string | null;
  timezone: string;
  startDate: string | null;
  enabled: boolean;
  nextFireAt: string | null;
  error: string | null;
  scheduler: ScheduleStatus | null;
  lastRun: RunSummary | null;
  recent: RunSummary[];
}

/** What the Scheduler recorded about a schedule (its schedule_status row). */
export interface ScheduleStatus {
  lastFireAt: string | null;
  lastOutcome: 'enqueued' | 'duplicate' | 'skipped_overlap' | null;
  nextFireAt: string | null;
  error: string | null;
  updatedAt: string;
}

/** GET /schedules/interval: an interval as the Scheduler reads it. */
export interface IntervalPreview {
  interval: string;
  cron: string | null;
  words: string | null;
  nextFireAt: string | null;
  error: string | null;
  presets: string[];
}

export type TaskItem = string | string[];

export interface Job {
  name: string;
  tasks: TaskItem[];
}

export type ScheduleBody =
  | { name: string; extractor: string; loader: string; transform?: string; interval: string }
  | { name: string; job: string; interval: string };

export type PluginType =
  | 'extractors'
  | 'loaders'
  | 'mappers'
  | 'utilities'
  | 'transformers'
  | 'orchestrators'
  | 'files';

export interface Plugin {
  type: PluginType;
  name: string;
  variant: string | null;
  pipUrl: string | null;
  executable: string | null;
  inheritFrom: string | null;
  installed: boolean;
}

export type SettingSource = 'env' | 'dotenv' | 'environment' | 'meltano_yml' | 'db' | 'inherited' | 'default' | 'unset';
export type SettingStore = 'meltano_yml' | 'dotenv' | 'db';

export interface Setting {
  name: string;
  kind: string;
  label: string | null;
  description: string | null;
  value: unknown;
  source: SettingSource;
  sensitive: boolean;
  redacted: boolean;
  envVar: string;
  /** The value is a `$VAR` reference to the host's environment, shown as written, never expanded. */
  reference: boolean;
}

export interface PluginDetail extends Plugin {
  settings: Setting[];
}

export interface StateSummary {
  stateId: string;
  updatedAt: string;
  hasPartial: boolean;
}

export interface StateDetail {
  stateId: string;
  completed: unknown;
  partial: unknown;
  updatedAt: string;
  streams: StreamBookmark[];
}

export interface StreamBookmark {
  stream: string;
  replicationKey: string | null;
  values: BookmarkValue[];
}

export type BookmarkType = 'timestamp' | 'integer' | 'number' | 'string' | 'boolean' | 'other';

export interface BookmarkValue {
  key: string;
  value: unknown;
  type: BookmarkType;
  lagSeconds: number | null;
}

export interface StateHistoryEntry {
  runId: string | null;
  id: number;
  savedAt: string;
  actor: string | null;
  reason: string | null;
  cleared: boolean;
}

export interface UserRow {
  name: string;
  role: Role;
  disabled: boolean;
  createdAt: string;
  lastLoginAt: string | null;
}

export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
}

/** A notification channel as written; secrets show a $VAR reference or "(redacted)" (Api ChannelView). */
export interface NotificationChannel {
  name: string;
  type: string;
  url: string | null;
  secret: string | null;
  host: string | null;
  port: string | null;
  security: string | null;
  username: string | null;
  password: string | null;
  from: string | null;
  to: string[];
  timeout: string | null;
}

export interface NotificationRule {
  events: string[];
  channels: string[];
  schedules: string[];
  jobs: string[];
  groupWindow: string | null;
}

export interface Notifications {
  source: string;
  storedInDatabase: boolean;
  projectReadonly: boolean;
  channels: NotificationChannel[];
  rules: NotificationRule[];
  problem: string | null;
  events: string[];
}

export interface Delivery {
  id: number;
  at: string;
  channel: string;
  channelType: string;
  eventKind: string;
  runId: string | null;
  pipeline: string | null;
  attempt: number;
  ok: boolean;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

export interface TestResult {
  ok: boolean;
  statusCode: number | null;
  error: string | null;
  result: string;
}

export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  source: string;
  action: string;
  target: string | null;
  request: string | null;
  before: string | null;
  after: string | null;
  sourceIp: string | null;
  outcome: string;
}

/** GET /runs/{id}/progress and the events of /runs/{id}/progress/stream. */
export interface RunProgressView {
  id: number;
  status: string;
  startedAt: string | null;
  endedAt: string | null;
  records: number;
  streams: StreamProgress[];
  metrics: RunMetricsSummary | null;
}

export interface StreamProgress {
  stream: string;
  records: number;
  bytes: number;
  recordsPerSecond: number | null;
}

/** The Singer METRIC lines of a run, per stream ('' = no stream tag). */
export interface RunMetricsSummary {
  streams: Record<string, StreamMetrics>;
}

export interface StreamMetrics {
  counters: Record<string, number>;
  timers: Record<string, TimerMetrics>;
  http: HttpMetrics | null;
  /** [seconds since start, records so far] */
  series: [number, number][] | null;
}

export interface TimerMetrics {
  count: number;
  sum: number;
  max: number;
}

export interface HttpMetrics {
  requests: number;
  errors: number;
  p50: number | null;
  p95: number | null;
  max: number;
}

/** GET /overview: the landing page. */
export interface OverviewView {
  generatedAt: string;
  running: RunningRun[];
  failures: FailedRun[];
  pipelines: PipelineTrend[];
  nextFires: NextFire[];
  broken: BrokenSchedule[];
  stale: StreamLag[];
  timeline: TimelineRun[];
}

export interface RunningRun {
  id: number;
  pipeline: string;
  block: string;
  startedAt: string | null;
  records: number;
  recordsPerSecond: number | null;
}

export interface FailedRun {
  id: number;
  pipeline: string;
  status: string;
  endedAt: string | null;
  error: string | null;
}

export interface PipelineTrend {
  pipeline: string;
  runs: number;
  succeeded: number;
  successRate: number | null;
  days: DayTrend[];
}

export interface DayTrend {
  day: string;
  runs: number;
  failed: number;
  meanDurationSeconds: number | null;
}

export interface NextFire {
  schedule: string;
  at: string;
}

export interface BrokenSchedule {
  schedule: string;
  error: string;
}

/** GET /freshness and the overview's stale streams. */
export interface StreamLag {
  schedule: string;
  stateId: string;
  stream: string;
  bookmark: string;
  lagSeconds: number;
  thresholdSeconds: number | null;
  breached: boolean;
}

export interface TimelineRun {
  id: number;
  pipeline: string;
  status: string;
  startedAt: string | null;
  endedAt: string | null;
}

export type SelectionName = 'selected' | 'excluded' | 'automatic' | 'unsupported';

export interface CatalogView {
  extractor: string;
  select: string[];
  selectWritten: boolean;
  discoveredAt: string;
  streams: CatalogStream[];
}

export interface CatalogStream {
  stream: string;
  selection: SelectionName;
  replicationMethod: string | null;
  replicationKey: string[];
  keyProperties: string[];
  properties: CatalogProperty[];
}

export interface CatalogProperty {
  path: string;
  selection: SelectionName;
}
