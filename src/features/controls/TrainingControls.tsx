import { selectCanTrain, selectIsBusy, selectTrainBlockedReason } from '../../store/selectors';
import { useAppStore } from '../../store/appStore';

/** Train, Pause/Resume, Stop and Evaluate, and what to fix when Train is disabled. */
export function TrainingControls() {
  const status = useAppStore((s) => s.trainingStatus);
  const canTrain = useAppStore(selectCanTrain);
  const isBusy = useAppStore(selectIsBusy);
  const blockedReason = useAppStore(selectTrainBlockedReason);
  const hasModel = useAppStore((s) => s.run !== null);
  const testReady = useAppStore((s) => (s.progress?.testImagesLoaded ?? 0) >= (s.progress?.testImagesTotal ?? 1));
  const { train, pause, resume, stop, evaluate } = useAppStore.getState();
  const isRunning = status === 'training' || status === 'paused';

  const showReason = blockedReason !== null && !isBusy;

  return (
    <>
      <div className="buttons" role="group" aria-label="Training controls">
        <button type="button" className="primary" onClick={train} disabled={!canTrain} aria-describedby={showReason ? 'train-blocked-reason' : undefined}>Train</button>
        {status === 'paused'
          ? <button type="button" onClick={resume}>Resume</button>
          : <button type="button" onClick={pause} disabled={status !== 'training'}>Pause</button>}
        <button type="button" onClick={stop} disabled={!isRunning}>Stop</button>
        <button type="button" onClick={evaluate} disabled={isBusy || !hasModel || !testReady}>Evaluate on test set</button>
      </div>
      {showReason && <p className="train-blocked" id="train-blocked-reason">{blockedReason}</p>}
    </>
  );
}
