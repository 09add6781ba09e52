import { selectCanTrain, selectIsBusy, selectTrainBlockedReason } from '../../store/selectors';
import { useI18n } from '../../i18n/useI18n';
import { useAppStore } from '../../store/appStore';
import { TRAIN_BUTTON_ID } from '../training/SkipToTrain';

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
  const i18n = useI18n();
  const { t } = i18n;

  const showReason = blockedReason !== null && !isBusy;

  return (
    <>
      <div className="buttons" role="group" aria-label={t.training.controls}>
        <button type="button" id={TRAIN_BUTTON_ID} className="primary" onClick={train} disabled={!canTrain} aria-describedby={showReason ? 'train-blocked-reason' : undefined}>{t.training.train}</button>
        {status === 'paused'
          ? <button type="button" onClick={resume}>{t.training.resume}</button>
          : <button type="button" onClick={pause} disabled={status !== 'training'}>{t.training.pause}</button>}
        {/* Stop also ends a test-set evaluation (after training or on request): on a slow backend it can take a while. */}
        <button type="button" onClick={stop} disabled={!isRunning && status !== 'evaluating' && status !== 'starting'}>{t.training.stop}</button>
        <button type="button" onClick={evaluate} disabled={isBusy || !hasModel || !testReady}>{t.training.evaluate}</button>
      </div>
      {showReason && <p className="train-blocked" id="train-blocked-reason">{i18n.trainBlocked(blockedReason)}</p>}
    </>
  );
}
