import { useI18n } from '../../i18n/useI18n';
import { useAppStore } from '../../store/appStore';
import type { RunRecord } from '../../store/runRecord';
import { MAX_RUN_NAME_LENGTH } from '../../store/runsSlice';
import { selectIsBusy } from '../../store/selectors';
import { focusAfterRemoval } from '../../ui/focus';
import { useRenaming } from '../../ui/useRenaming';
import { runName } from './runName';

interface RunRowProps {
  run: RunRecord;
  isCompared: boolean;
  isInUse: boolean;
  isStored: boolean;
  /** The live run cannot be used, renamed away or deleted while it trains. */
  isLive: boolean;
}

/** One run of the history: tick it for the comparison, use its model, rename it in place or delete it. */
export function RunRow({ run, isCompared, isInUse, isStored, isLive }: RunRowProps) {
  const { setCompared, activateRun, renameRun, deleteRun } = useAppStore.getState();
  // A backend that is still starting disposes every model as it comes up: a run's model is read back after that.
  // While a model trains the engine is busy with it: a run's model is switched to once it is free.
  const canSwitch = useAppStore((s) => s.backendStatus === 'ready' && !selectIsBusy(s));
  const { newName, setNewName, renameButton } = useRenaming();
  const i18n = useI18n();
  const { t, f } = i18n;
  const words = t.runs;
  const name = runName(run, i18n);
  const isFinished = run.status !== 'training';

  return (
    <tr data-run-id={run.id}>
      <td>
        <input type="checkbox" checked={isCompared} disabled={!isFinished || run.batches.x.length === 0} aria-label={words.compareRun(name)}
          onChange={(e) => setCompared(run.id, e.target.checked)} />
      </td>
      <td className="run-name">
        {newName === null ? (
          <>
            <span>{name}</span>
            {isInUse && <span className="badge good run-badge">{words.inUse}</span>}
            {!isStored && <span className="badge warn run-badge">{words.notStored}</span>}
          </>
        ) : (
          <form className="run-rename" onSubmit={(e) => { e.preventDefault(); renameRun(run.id, newName); setNewName(null); }}
            onKeyDown={(e) => { if (e.key === 'Escape') setNewName(null); }}>
            <input aria-label={words.newName(name)} value={newName} maxLength={MAX_RUN_NAME_LENGTH} onChange={(e) => setNewName(e.target.value)} autoFocus />
            <button type="submit" className="small">{words.ok}</button>
            <button type="button" className="small" onClick={() => setNewName(null)}>{words.cancel}</button>
          </form>
        )}
      </td>
      <td className="num">{run.test ? f.percent(run.test.accuracy, 2) : words.notTested}</td>
      <td className="num run-optional">{f.int(run.params)}</td>
      <td className="run-optional">{run.status === 'done' ? f.dateTime(run.startedAt) : `${f.dateTime(run.startedAt)} · ${words.statuses[run.status]}`}</td>
      <td className="run-actions">
        <button type="button" className="small" disabled={!canSwitch || !isFinished || isInUse || (run.weightsBytes === null && !isLive)}
          onClick={() => void activateRun(run.id)} aria-label={words.useNamed(name)}>{words.use}</button>
        <button type="button" className="small" ref={renameButton} disabled={newName !== null}
          onClick={() => setNewName(run.name ?? name)} aria-label={words.renameNamed(name)}>{words.rename}</button>
        <button type="button" className="small" disabled={!isFinished}
          onClick={(e) => { const refocus = focusAfterRemoval(e.currentTarget, 'tr', 'runs-title'); void deleteRun(run.id).then(refocus); }}
          aria-label={words.deleteNamed(name)}>{words.delete}</button>
      </td>
    </tr>
  );
}
