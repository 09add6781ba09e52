import type { EvaluationResult } from '../../engine/protocol';
import { useI18n } from '../../i18n/useI18n';
import { useAppStore } from '../../store/appStore';
import { ProgressBar } from '../../ui/ProgressBar';

/** How far the test-set evaluation in progress has got (images evaluated of how many); nothing when none runs. */
export function EvaluationProgressBar() {
  const progress = useAppStore((s) => s.evaluationProgress);
  const { t, f } = useI18n();
  const words = t.evaluation;
  if (!progress) return null;
  const label = progress.epoch === null ? words.progressFinal : words.progressAfterEpoch(f.int(progress.epoch + 1));
  return (
    <div className="evaluation-progress" data-testid="evaluation-progress">
      <ProgressBar label={label} value={progress.evaluated} max={progress.total} text={words.progressText(f.int(progress.evaluated), f.int(progress.total))} />
      {/* After training, Stop ends only the evaluation; during a run it would end the run too. */}
      {progress.epoch === null && <p className="muted footnote">{words.stopHint}</p>}
    </div>
  );
}

/** The figures after an epoch, while training goes on (or after a stopped evaluation), and what they cover. */
export function EpochEvaluationLine({ epoch, result }: { epoch: number; result: EvaluationResult }) {
  const wasStopped = useAppStore((s) => s.isEvaluationStopped);
  const { t, f } = useI18n();
  const words = t.evaluation;
  return (
    <div data-testid="epoch-evaluation">
      <p className="epoch-result">
        {words.afterEpoch(f.int(epoch + 1), f.percent(result.accuracy, 2), f.int(result.accuracy * result.count), f.int(result.count))}
      </p>
      <p className="muted footnote">{wasStopped ? words.stopped : result.count < 10_000 ? words.subsetNote(f.int(result.count)) : words.fullNote}</p>
    </div>
  );
}
