import { Fragment, useEffect, useLayoutEffect, useState, type ReactElement } from 'react';
import { i18nFor } from '../i18n/i18n';
import { I18nContext } from '../i18n/useI18n';
import { BackendPanel } from '../features/backend/BackendPanel';
import { TrainingCharts } from '../features/charts/TrainingCharts';
import { SettingsPanel } from '../features/controls/SettingsPanel';
import { DataPanel } from '../features/data/DataPanel';
import { StoragePanel } from '../features/storage/StoragePanel';
import { TestResults } from '../features/evaluation/TestResults';
import { InspectPanel } from '../features/inspect/InspectPanel';
import { TestExamples } from '../features/evaluation/TestExamples';
import { DrawPanel } from '../features/draw/DrawPanel';
import { HandwritingPanel } from '../features/draw/HandwritingPanel';
import { ExportPanel } from '../features/export/ExportPanel';
import { ModelsPanel } from '../features/models/ModelsPanel';
import { RunComparison } from '../features/runs/RunComparison';
import { RunHistory } from '../features/runs/RunHistory';
import { ModelSummary } from '../features/model/ModelSummary';
import { TrainingStatus } from '../features/training/TrainingStatus';
import { SkipToTrain } from '../features/training/SkipToTrain';
import { watchRunSpeed } from '../store/speedSlice';
import { LanguageSwitch } from '../features/language/LanguageSwitch';
import { SharePanel } from '../features/classroom/SharePanel';
import { syncHashFromStore } from '../store/urlSync';
import { syncRunsWithStorage } from '../store/runsSync';
import { engine, useAppStore } from '../store/appStore';
import { useIsNarrowScreen } from '../ui/screen';
import { registerServiceWorkerWhenIdle } from './serviceWorker';
import { DATA_URL, hashStart } from './boot';

type Panel = 'model' | 'settings' | 'backend' | 'training' | 'charts' | 'draw' | 'test' | 'examples' | 'inspect' | 'handwriting' | 'models' | 'export' | 'data' | 'storage' | 'share' | 'runs' | 'compare';

const panels: Record<Panel, ReactElement> = {
  model: <ModelSummary />,
  settings: <SettingsPanel />,
  backend: <BackendPanel />,
  training: <TrainingStatus />,
  charts: <TrainingCharts />,
  draw: <DrawPanel />,
  test: <TestResults />,
  inspect: <InspectPanel />,
  examples: <TestExamples />,
  runs: <RunHistory />,
  compare: <RunComparison />,
  handwriting: <HandwritingPanel />,
  models: <ModelsPanel />,
  export: <ExportPanel />,
  data: <DataPanel />,
  storage: <StoragePanel dataUrl={DATA_URL} />,
  share: <SharePanel />,
};

/** Where there is room: the model and its recipe on the left, the run and what it gives on the right. */
const WIDE_COLUMNS: Panel[][] = [
  ['model', 'settings', 'backend'],
  ['training', 'charts', 'draw', 'test', 'runs', 'compare', 'examples', 'inspect', 'handwriting', 'models', 'export', 'share', 'data', 'storage'],
];
/**
 * One column (a phone, an upright tablet): Train, the curves, the score and the drawing first; the
 * layer editor and the settings below them, folded (see useFold), instead of three screens of layers
 * above the Train button.
 */
const NARROW_COLUMNS: Panel[][] = [
  ['training', 'charts', 'test', 'draw', 'examples', 'runs', 'compare', 'model', 'settings', 'backend', 'inspect', 'handwriting', 'models', 'export', 'share', 'data', 'storage'],
];
/** A column of the presenter view; a `full` one spans the projector's whole width. */
interface PresentColumn { id: string; panels: Panel[]; full?: boolean }

/**
 * The presenter view (view=present), for a projector, in large type: Train beside the drawing;
 * then, across the whole width, the comparison of the runs once two are ticked (the live curves
 * until then); then the score and the test digits beside "Conv vs dense" with the run list, the
 * look inside the network and the settings. The controls the link hid stay hidden, and the panels
 * a lesson does not show (storage, export, saved models, handwriting, sharing) are left out.
 */
function presentColumns(isComparing: boolean): PresentColumn[] {
  return [
    { id: 'run', panels: ['training'] },
    { id: 'draw', panels: ['draw'] },
    { id: 'wide', panels: [isComparing ? 'compare' : 'charts'], full: true },
    { id: 'results', panels: [isComparing ? 'charts' : 'compare', 'test', 'examples'] },
    { id: 'lab', panels: ['runs', 'inspect', 'model', 'settings', 'backend'] },
  ];
}

/** The columns to lay out: the presenter view's, or the ordinary page's; one column on a narrow screen. */
function columnsFor(isPresent: boolean, isComparing: boolean, isNarrow: boolean): PresentColumn[] {
  if (isPresent) {
    const columns = presentColumns(isComparing);
    return isNarrow ? [{ id: 'present', panels: columns.flatMap((c) => c.panels) }] : columns;
  }
  return (isNarrow ? NARROW_COLUMNS : WIDE_COLUMNS).map((panels, index) => ({ id: String(index), panels }));
}

/** The layout, and the one place where the features are wired together. */
export function App() {
  const [ignored, setIgnored] = useState(hashStart.ignored);
  const engineError = useAppStore((s) => s.engineError);
  const isNarrow = useIsNarrowScreen();
  const language = useAppStore((s) => s.language);
  const isPresent = useAppStore((s) => s.view === 'present');
  const isComparing = useAppStore((s) => s.compareIds.length >= 2);
  const i18n = i18nFor(language);
  const { t } = i18n;

  // The document says which language it is in: screen readers pick their voice by it.
  useEffect(() => {
    document.documentElement.lang = language;
    document.title = t.app.title;
  }, [language, t]);

  // The presenter view's large type is set on the root, so every rem grows with it (the charts read
  // their scale from the layout, see lineChart.ts). Before paint, so the view never flashes small.
  useLayoutEffect(() => {
    document.documentElement.classList.toggle('present', isPresent);
  }, [isPresent]);

  useEffect(registerServiceWorkerWhenIdle, []);
  useEffect(() => {
    // The engine started before the first render (boot.ts).
    const { loadKeptSamples, refreshSavedModels } = useAppStore.getState();
    void loadKeptSamples();
    void refreshSavedModels();
    return syncHashFromStore(hashStart.flags);
  }, []);
  // The run history: read from IndexedDB once, then every finished run written back.
  useEffect(() => syncRunsWithStorage(useAppStore), []);
  // How long the next run will take: the engine times each new set-up before Train is pressed.
  useEffect(() => watchRunSpeed(useAppStore, engine), []);

  return (
    <I18nContext.Provider value={i18n}>
      <SkipToTrain />
      <header className="app-header">
        <div>
          <h1>{t.app.title}</h1>
          <p>{t.app.tagline}</p>
        </div>
        <div className="header-tools">
          <LanguageSwitch />
          {isPresent && <button type="button" className="present-exit" onClick={() => useAppStore.getState().setView('standard')}>{t.classroom.exitPresenter}</button>}
        </div>
      </header>
      {ignored.length > 0 && (
        <div className="notice warn" role="alert" style={{ margin: '1rem 1.5rem 0' }}>
          {t.app.linkIgnored(ignored.map((i) => t.app.ignoredItem(i.key, i18n.linkProblem(i.reason))).join(t.app.ignoredSeparator))}{' '}
          <button type="button" onClick={() => setIgnored([])}>{t.app.dismiss}</button>
        </div>
      )}
      {engineError && <div className="notice error" role="alert" style={{ margin: '1rem 1.5rem 0' }}>{i18n.say(engineError)}</div>}
      {/* Keyed by the view: the charts are embedded again at the presenter view's size. */}
      <main className={isPresent ? 'layout present-layout' : 'layout'} key={isPresent ? 'present' : 'standard'}>
        {columnsFor(isPresent, isComparing, isNarrow).map((column) => (
          // Keyed by place and by panel: the panels that stay in the first column when a tablet
          // is turned keep their state (folds, drafts) rather than being built again.
          <div className={column.full ? 'column full' : 'column'} key={column.id}>
            {column.panels.map((panel) => <Fragment key={panel}>{panels[panel]}</Fragment>)}
          </div>
        ))}
      </main>
    </I18nContext.Provider>
  );
}
