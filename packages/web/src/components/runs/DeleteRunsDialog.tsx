import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { ApiRequestError } from '../../api/client';
import { deleteRun } from '../../api/endpoints';
import { ConfirmDialog } from '../ConfirmDialog';
import { ShownText, UserText } from '../UserText';

export interface RunRef {
  id: string;
  name: string;
}

type Phase =
  | { kind: 'confirm' }
  | { kind: 'busy' }
  /** Runs the API refused with 409: their writer is alive. */
  | { kind: 'conflict'; runs: RunRef[]; message: string }
  /** Any other failure; `forbidden`: the API refused the caller's role (403), in the API's words. */
  | { kind: 'error'; message: string; left: RunRef[]; forbidden: boolean };

/**
 * Confirms and deletes runs (DELETE /runs/:run, one by one). A run still being written is refused by the API (409);
 * the dialog then says why and offers "Delete anyway" (force=true).
 */
export function DeleteRunsDialog({ runs, onDone, onCancel }: { runs: RunRef[]; onDone: (deleted: string[]) => void; onCancel: () => void }) {
  const queryClient = useQueryClient();
  const [phase, setPhase] = useState<Phase>({ kind: 'confirm' });
  const [deleted, setDeleted] = useState<string[]>([]);

  async function remove(targets: RunRef[], force: boolean) {
    setPhase({ kind: 'busy' });
    const done = [...deleted];
    const refused: RunRef[] = [];
    let refusal = '';
    for (const [i, run] of targets.entries()) {
      try {
        await deleteRun(run.id, force);
        done.push(run.id);
      } catch (error) {
        if (error instanceof ApiRequestError && error.status === 404) {
          done.push(run.id); // already gone: what the user wanted
        } else if (error instanceof ApiRequestError && error.status === 409 && !force) {
          refused.push(run);
          refusal = error.message;
        } else {
          setDeleted(done);
          void queryClient.invalidateQueries({ queryKey: ['runs'] });
          const message = error instanceof Error ? error.message : String(error);
          const forbidden = error instanceof ApiRequestError && error.status === 403;
          setPhase({ kind: 'error', message, left: [...refused, ...targets.slice(i)], forbidden });
          return;
        }
      }
    }
    setDeleted(done);
    void queryClient.invalidateQueries({ queryKey: ['runs'] });
    if (refused.length) setPhase({ kind: 'conflict', runs: refused, message: refusal });
    else onDone(done);
  }

  const busy = phase.kind === 'busy';
  const many = runs.length > 1;
  if (phase.kind === 'conflict') {
    return (
      <ConfirmDialog
        key="conflict"
        title={phase.runs.length > 1 ? `${phase.runs.length} runs are still running` : 'This run is still running'}
        confirmLabel="Delete anyway"
        danger
        onConfirm={() => void remove(phase.runs, true)}
        onCancel={() => onDone(deleted)}
      >
        <p>
          <ShownText text={phase.message} />
        </p>
        <ul>
          {phase.runs.map((r) => (
            <li key={r.id}>
              <UserText text={r.name} />
            </li>
          ))}
        </ul>
        <p className="muted">“Delete anyway” deletes it now; its evaluation will fail to store further items.</p>
      </ConfirmDialog>
    );
  }
  if (phase.kind === 'error') {
    return (
      <ConfirmDialog
        key="error"
        title={phase.forbidden ? 'Deleting is not allowed' : 'The delete failed'}
        confirmLabel="Retry"
        danger
        onConfirm={() => void remove(phase.left, false)}
        onCancel={() => onDone(deleted)}
      >
        <p role="alert">
          <ShownText text={phase.message} />
        </p>
        <p className="muted">
          {phase.left.length} of {runs.length} not deleted.
        </p>
      </ConfirmDialog>
    );
  }
  return (
    <ConfirmDialog
      key="confirm"
      title={many ? `Delete ${runs.length} runs?` : 'Delete this run?'}
      confirmLabel={busy ? 'Deleting…' : many ? `Delete ${runs.length} runs` : 'Delete run'}
      danger
      busy={busy}
      onConfirm={() => void remove(runs, false)}
      onCancel={onCancel}
    >
      <ul>
        {runs.map((r) => (
          <li key={r.id}>
            <strong>
              <UserText text={r.name} />
            </strong> <span className="muted mono">{r.id.slice(0, 8)}</span>
          </li>
        ))}
      </ul>
      <p className="muted">Their items, scores and metrics are deleted too. This cannot be undone.</p>
    </ConfirmDialog>
  );
}
