import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useApi } from '../api/ApiContext';
import { errorMessage } from '../api/ApiError';
import { seg } from '../api/request';
import type { BookmarkType, BookmarkValue, StateDetail, StreamBookmark } from '../api/types';
import { useIdentity } from '../identity/IdentityContext';
import { ActionButton, ConfirmButton } from '../layout/controls';
import { BackfillButton } from './BackfillButton';
import { bookmarkText, formatLag } from './stateDiff';

const examples: Record<BookmarkType, string> = {
  timestamp: '2024-01-31T00:00:00+00:00',
  integer: '1000',
  number: '12.5',
  string: 'any text',
  boolean: 'true or false',
  other: '',
};

/** The streams of a state id with each bookmark value, its type and (for timestamps) how old the data is. */
export function StreamsTable({ stateId, streams }: { stateId: string; streams: StreamBookmark[] }) {
  const [editing, setEditing] = useState<string | null>(null);
  if (streams.length === 0) return <p className="muted">No stream has a bookmark in this state.</p>;
  return (
    <table className="table responsive" aria-label="Streams and bookmarks">
      <thead>
        <tr>
          <th scope="col">Stream</th>
          <th scope="col">Bookmark</th>
          <th scope="col">Value</th>
          <th scope="col">Type</th>
          <th scope="col">Lag</th>
          <th scope="col">Actions</th>
        </tr>
      </thead>
      <tbody>
        {streams.flatMap((s) =>
          s.values.map((v, i) => {
            const id = `${s.stream}\u0000${v.key}`;
            return (
              <tr key={id} data-stream={s.stream}>
                <th scope="row" data-label="Stream">
                  {i === 0 ? <code>{s.stream}</code> : null}
                </th>
                <td data-label="Bookmark">
                  <code>{v.key}</code>
                  {s.replicationKey && v.key === 'replication_key_value' && <span className="muted small"> of {s.replicationKey}</span>}
                </td>
                <td data-label="Value">
                  {editing === id ? (
                    <BookmarkEditor stateId={stateId} stream={s.stream} value={v} onDone={() => setEditing(null)} />
                  ) : (
                    <code>{bookmarkText(v.value)}</code>
                  )}
                </td>
                <td data-label="Type">{v.type}</td>
                <td data-label="Lag">{formatLag(v.lagSeconds)}</td>
                <td data-label="Actions">
                  <StreamActions stateId={stateId} stream={s.stream} first={i === 0} canEdit={v.type !== 'other'} onEdit={() => setEditing(id)} />
                </td>
              </tr>
            );
          }),
        )}
      </tbody>
    </table>
  );
}

function StreamActions({
  stateId,
  stream,
  first,
  canEdit,
  onEdit,
}: {
  stateId: string;
  stream: string;
  first: boolean;
  canEdit: boolean;
  onEdit: () => void;
}) {
  const api = useApi();
  const { can } = useIdentity();
  const queryClient = useQueryClient();
  return (
    <div className="row">
      {canEdit && (
        <ActionButton blockedBy={can.write} onClick={onEdit} aria-label={`Edit bookmark of ${stream}`}>
          Edit
        </ActionButton>
      )}
      {first && <BackfillButton stateId={stateId} stream={stream} />}
      {first && (
        <ConfirmButton
          label="Clear bookmark"
          variant="plain"
          question={`Clear the bookmark of ${stream}? Its next run syncs it from the start; the other streams keep theirs.`}
          blockedBy={can.write}
          onConfirm={async () => {
            await api.send<StateDetail>('DELETE', `/state/${seg(stateId)}/streams/${seg(stream)}/bookmark`);
            await queryClient.invalidateQueries({ queryKey: ['state'] });
          }}
        />
      )}
    </div>
  );
}

/** Edits one value; the Api checks the type and its refusal (naming stream and key) shows under the field. */
function BookmarkEditor({ stateId, stream, value, onDone }: { stateId: string; stream: string; value: BookmarkValue; onDone: () => void }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [text, setText] = useState(bookmarkText(value.value));
  const [reason, setReason] = useState('');
  const errorId = useId();
  const save = useMutation({
    mutationFn: () =>
      api.send<StateDetail>('PUT', `/state/${seg(stateId)}/streams/${seg(stream)}/bookmark`, {
        key: value.key,
        value: text,
        reason: reason || null,
      }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['state'] });
      onDone();
    },
  });
  return (
    <form
      className="stack"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <label>
        New {value.type} value
        <input
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder={examples[value.type]}
          aria-invalid={save.isError || undefined}
          aria-describedby={save.isError ? errorId : undefined}
          autoFocus
        />
      </label>
      <label>
        Reason (kept in the history)
        <input value={reason} onChange={(e) => setReason(e.target.value)} />
      </label>
      {save.isError && (
        <p id={errorId} role="alert" className="field-error">
          {errorMessage(save.error)}
        </p>
      )}
      <div className="row">
        <ActionButton type="submit" variant="primary" busy={save.isPending}>
          Save bookmark
        </ActionButton>
        <ActionButton onClick={onDone}>Cancel</ActionButton>
      </div>
    </form>
  );
}
