import { useShallow } from 'zustand/react/shallow';
import { getPreset } from '../../core/config/presets';
import { layerLabel } from '../../core/model/describe';
import { describeModel } from '../../core/model/describe';
import { useI18n } from '../../i18n/useI18n';
import { useAppStore } from '../../store/appStore';
import { runsToCsv, runsToJson } from '../../store/runRecord';
import { runList, selectActiveRunId, selectCanTrainPair } from '../../store/runsSlice';
import { Card } from '../../ui/Card';
import { downloadText } from '../export/download';
import { RunRow } from './RunRow';
import { runName } from './runName';
import './runs.css';

const DENSE_PARAMS = describeModel(getPreset('small-dense')!.layers).totalParams;
const CONV_PARAMS = describeModel(getPreset('small-conv')!.layers).totalParams;

/**
 * The run history: "Conv vs dense" in one click, every run kept in this browser (tick to compare,
 * use its model, rename, delete), downloads as JSON and CSV, and how much room it all takes.
 */
export function RunHistory() {
  const runsById = useAppStore((s) => s.runs);
  const { compareIds, historyStatus, historyMessage, historyUsage, unstoredRunIds, pair, liveRunId, trainingStatus } = useAppStore(useShallow((s) => ({
    compareIds: s.compareIds, historyStatus: s.historyStatus, historyMessage: s.historyMessage, historyUsage: s.historyUsage,
    unstoredRunIds: s.unstoredRunIds, pair: s.pair, liveRunId: s.runId, trainingStatus: s.trainingStatus,
  })));
  const activeRunId = useAppStore(selectActiveRunId);
  const settings = useAppStore((s) => s.settings);
  const canTrain = useAppStore(selectCanTrainPair);
  const { trainConvVsDense } = useAppStore.getState();
  const i18n = useI18n();
  const { t, f } = i18n;
  const words = t.runs;
  const runs = runList(runsById).reverse();
  const isPairRunning = pair?.status === 'dense' || pair?.status === 'conv';

  const exported = () => {
    const picked = runList(runsById).filter((r) => r.status !== 'training');
    return compareIds.length > 0 ? picked.filter((r) => compareIds.includes(r.id)) : picked;
  };
  const stamp = new Date().toISOString().slice(0, 16).replace(/[:T]/g, '-');

  return (
    <Card title={words.title} id="runs">
      <p className="muted">{words.intro}</p>
      <div className="run-pair">
        <button type="button" className="primary" onClick={() => void trainConvVsDense()} disabled={!canTrain || isPairRunning} aria-describedby="run-pair-help">
          {words.pairButton}
        </button>
        <p className="muted" id="run-pair-help">
          {words.pairHelp(f.int(settings.trainSize), settings.epochs, settings.seed, f.int(DENSE_PARAMS), f.int(CONV_PARAMS))}
        </p>
      </div>
      {pair && <p className="run-pair-status" role="status">{words.pairStatus[pair.status]}</p>}
      {historyStatus === 'loading' && runs.length === 0 && <p className="muted">{words.loading}</p>}
      {historyStatus !== 'loading' && runs.length === 0 && <p className="muted">{words.empty}</p>}
      {runs.length > 0 && (
        <div className="table-scroll">
          <table className="layers run-table" aria-label={words.table}>
            <thead>
              <tr>
                <th scope="col">{words.compare}</th>
                <th scope="col">{words.run}</th>
                <th scope="col" className="num">{words.testAccuracy}</th>
                <th scope="col" className="num run-optional">{t.compare.params}</th>
                <th scope="col" className="run-optional">{words.when}</th>
                <th scope="col"><span className="sr-only">{words.actions}</span></th>
              </tr>
            </thead>
            <tbody>
              {runs.map((run) => (
                <RunRow key={run.id} run={run} isCompared={compareIds.includes(run.id)} isInUse={activeRunId === run.id}
                  isStored={!unstoredRunIds.includes(run.id)} isLive={run.id === liveRunId && trainingStatus !== 'idle'} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {runs.length > 0 && (
        <div className="buttons run-exports">
          <button type="button" className="small" onClick={() => downloadText(runsToJson(exported()), `mnist-runs-${stamp}.json`, 'application/json')}>
            {words.exportJson} <span className="muted">({words.exportWhich(compareIds.length)})</span>
          </button>
          <button type="button" className="small"
            onClick={() => downloadText(runsToCsv(exported(), (r) => runName(r, i18n), (layers) => layers.map(layerLabel).join(' | ')), `mnist-runs-${stamp}.csv`, 'text/csv')}>
            {words.exportCsv} <span className="muted">({words.exportWhich(compareIds.length)})</span>
          </button>
        </div>
      )}
      {historyUsage && runs.length > 0 && (
        <p className="muted run-usage">
          {words.usage(f.bytes(historyUsage.recordsBytes + historyUsage.weightsBytes), f.bytes(historyUsage.recordsBytes), f.bytes(historyUsage.weightsBytes))}
          {historyUsage.siteUsage !== null && historyUsage.siteQuota !== null && <> {words.siteUsage(f.bytes(historyUsage.siteUsage), f.bytes(historyUsage.siteQuota))}</>}
        </p>
      )}
      {historyMessage && (
        <div className={historyMessage.code === 'runsUnreadable' ? 'notice warn' : 'notice error'} role="alert">
          {i18n.say(historyMessage)}{' '}
          <button type="button" className="small" onClick={() => useAppStore.setState({ historyMessage: null })}>{words.dismiss}</button>
        </div>
      )}
    </Card>
  );
}
