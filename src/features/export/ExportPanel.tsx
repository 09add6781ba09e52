import { useMemo } from 'react';
import { getPreset } from '../../core/config/presets';
import type { ExportRequest } from '../../core/export/common';
import { KERAS_FILE_NAME, kerasScript } from '../../core/export/keras';
import { MODEL_FILE_NAME, WEIGHTS_FILE_NAME } from '../../core/export/layersModelFiles';
import { PYTORCH_FILE_NAME, pytorchScript } from '../../core/export/pytorch';
import { sameLayers } from '../../core/model/edit';
import { useI18n } from '../../i18n/useI18n';
import { selectModelDownloadBlockedReason } from '../../store/exportSlice';
import { selectModel } from '../../store/selectors';
import { trainingSpecOf } from '../../store/store';
import { useAppStore } from '../../store/appStore';
import { Card } from '../../ui/Card';
import { downloadText } from './download';
import { useModelFileLinks } from './modelFileLinks';
import { CodePreview } from './CodePreview';

const PYTHON_TYPE = 'text/x-python';

/** The model as a Keras or PyTorch script, and the trained weights in the TensorFlow.js format. */
export function ExportPanel() {
  const layers = useAppStore((s) => s.layers);
  const settings = useAppStore((s) => s.settings);
  const presetId = useAppStore((s) => s.presetId);
  const isValid = useAppStore((s) => selectModel(s).isValid);
  const run = useAppStore((s) => s.run);
  const downloadBlocked = useAppStore(selectModelDownloadBlockedReason);
  const exportError = useAppStore((s) => (s.modelExportStatus === 'failed' ? s.modelExportError : null));
  const [saved, downloadFiles] = useModelFileLinks();
  const i18n = useI18n();
  const { t } = i18n;
  const words = t.export;

  const scripts = useMemo(() => {
    if (!isValid) return null;
    const preset = getPreset(presetId);
    const isPreset = preset !== undefined && sameLayers(layers, preset.layers);
    const request: ExportRequest = { layers, training: trainingSpecOf(settings), settings, modelName: isPreset ? presetId : `${presetId}, edited` };
    return { keras: kerasScript(request), pytorch: pytorchScript(request) };
  }, [isValid, layers, settings, presetId]);
  const scriptsBlocked = scripts ? null : words.scriptsBlocked;

  async function downloadTrainedModel() {
    const files = await useAppStore.getState().exportTrainedModel();
    // The links name the run the weights came from: once another run starts, they are stale.
    if (files) downloadFiles(files, run);
  }

  const links = saved && saved.source === run ? saved : null;
  return (
    <Card title={words.title} id="export">
      <p className="muted" style={{ marginTop: 0 }}>{words.intro}</p>
      <div className="buttons">
        <button type="button" disabled={!scripts} aria-describedby={scriptsBlocked ? 'export-scripts-reason' : undefined}
          onClick={() => scripts && downloadText(scripts.keras, KERAS_FILE_NAME, PYTHON_TYPE)}>
          {words.keras}
        </button>
        <button type="button" disabled={!scripts} aria-describedby={scriptsBlocked ? 'export-scripts-reason' : undefined}
          onClick={() => scripts && downloadText(scripts.pytorch, PYTORCH_FILE_NAME, PYTHON_TYPE)}>
          {words.pytorch}
        </button>
        <button type="button" disabled={downloadBlocked !== null} aria-describedby="export-model-note" onClick={() => void downloadTrainedModel()}>
          {words.downloadModel}
        </button>
      </div>
      {scriptsBlocked && <p id="export-scripts-reason" className="muted">{scriptsBlocked}</p>}
      <p id="export-model-note" className="muted">
        {downloadBlocked ? t.problems.downloadBlocked[downloadBlocked] : links
          ? words.saved(
              MODEL_FILE_NAME,
              WEIGHTS_FILE_NAME,
              <a href={links.modelJson} download={MODEL_FILE_NAME}>{MODEL_FILE_NAME}</a>,
              <a href={links.weights} download={WEIGHTS_FILE_NAME}>{WEIGHTS_FILE_NAME}</a>,
            )
          : words.twoFiles(MODEL_FILE_NAME, WEIGHTS_FILE_NAME, <code>tf.loadLayersModel('…/{MODEL_FILE_NAME}')</code>)}
      </p>
      {exportError && <div className="notice error" role="alert">{i18n.say(exportError)}</div>}
      {scripts && (
        <>
          <CodePreview language="Keras" fileName={KERAS_FILE_NAME} code={scripts.keras} />
          <CodePreview language="PyTorch" fileName={PYTORCH_FILE_NAME} code={scripts.pytorch} />
        </>
      )}
    </Card>
  );
}
