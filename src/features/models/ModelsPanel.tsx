import { useEffect, useState, type DragEvent } from 'react';
import { MODEL_FILE_NAME, WEIGHTS_FILE_NAME } from '../../core/export/layersModelFiles';
import { useAppStore } from '../../store/appStore';
import { MAX_MODEL_NAME_LENGTH } from '../../store/modelSlice';
import { Card } from '../../ui/Card';
import { formatInt } from '../../ui/format';
import { downloadUrl } from '../export/download';
import { SavedModelRow } from './SavedModelRow';

const SOURCE_WORDS = { ready: 'shipped with the page', trained: 'trained in this page', fineTuned: 'fine-tuned on your digits', loaded: 'loaded from files', saved: 'saved in this browser' } as const;

/** Which model reads the drawings; save it, open saved ones, download it, or load one from files. */
export function ModelsPanel() {
  const active = useAppStore((s) => s.activeModel);
  const readyError = useAppStore((s) => s.readyModelError);
  const hasTrained = useAppStore((s) => s.hasTrainedModel);
  const saved = useAppStore((s) => s.savedModels);
  const task = useAppStore((s) => s.modelTask);
  const notice = useAppStore((s) => s.modelNotice);
  const { activateModel, saveActiveModel, downloadActiveModel, loadModelFiles, dismissModelNotice } = useAppStore.getState();
  const [name, setName] = useState('');
  const [isDragging, setDragging] = useState(false);
  const [links, setLinks] = useState<{ modelJson: string; weights: string } | null>(null);

  useEffect(() => () => {
    if (links) [links.modelJson, links.weights].forEach((url) => URL.revokeObjectURL(url));
  }, [links]);

  async function download() {
    const files = await downloadActiveModel();
    if (!files) return;
    const next = {
      modelJson: URL.createObjectURL(new Blob([files.modelJson], { type: 'application/json' })),
      weights: URL.createObjectURL(new Blob([files.weights], { type: 'application/octet-stream' })),
    };
    setLinks(next);
    downloadUrl(next.modelJson, MODEL_FILE_NAME);
    downloadUrl(next.weights, WEIGHTS_FILE_NAME);
  }

  function load(files: FileList | null) {
    if (!files || files.length === 0) return;
    void loadModelFiles([...files].map((f) => ({ name: f.name, size: f.size, read: () => f.arrayBuffer() })));
  }

  function drop(event: DragEvent) {
    event.preventDefault();
    setDragging(false);
    load(event.dataTransfer.files);
  }

  return (
    <Card title="Models" id="models">
      <p className="active-model" aria-live="polite">
        {active ? <>Reading drawings: <strong>{active.name}</strong> ({SOURCE_WORDS[active.source]}, {formatInt(active.params)} parameters{active.standardize ? ', standardised inputs' : ''})</> : readyError ? 'No model reads drawings yet: train one, or load one from files.' : 'Loading the ready model…'}
      </p>
      {readyError && !active && <div className="notice warn" role="alert">{readyError}</div>}
      <div className="buttons">
        <button type="button" onClick={() => void activateModel('ready')} disabled={task !== null || active?.source === 'ready'}>Use the ready model</button>
        <button type="button" onClick={() => void activateModel('trained')} disabled={task !== null || !hasTrained || active?.source === 'trained'}>Use the model you trained</button>
        <button type="button" onClick={() => void download()} disabled={task !== null || !active}>Download this model</button>
      </div>
      <form className="save-model" onSubmit={(e) => { e.preventDefault(); void saveActiveModel(name).then(() => setName('')); }}>
        <label htmlFor="save-model-name">Save the active model in this browser as</label>
        <input id="save-model-name" value={name} maxLength={MAX_MODEL_NAME_LENGTH} onChange={(e) => setName(e.target.value)} placeholder="e.g. my first CNN" />
        <button type="submit" disabled={task !== null || !active || name.trim() === ''}>Save</button>
      </form>
      {saved.length > 0 && (
        <table className="layers saved-models" aria-label="Saved models">
          <thead><tr><th scope="col">Saved model</th><th scope="col">Saved</th><th scope="col" className="num">Size</th><th scope="col"><span className="sr-only">Actions</span></th></tr></thead>
          <tbody>{saved.map((m) => <SavedModelRow key={m.name} model={m} isBusy={task !== null} />)}</tbody>
        </table>
      )}
      <div className={isDragging ? 'drop-zone dragging' : 'drop-zone'} onDragOver={(e) => { e.preventDefault(); setDragging(true); }} onDragLeave={() => setDragging(false)} onDrop={drop}>
        <label htmlFor="model-files">Load a model from files (model.json and its weights .bin): choose them, or drop them here</label>
        <input id="model-files" type="file" multiple accept=".json,.bin,application/json,application/octet-stream" disabled={task !== null}
          onChange={(e) => { load(e.target.files); e.target.value = ''; }} />
      </div>
      {task && <p className="muted" role="status">{task}</p>}
      {notice && (
        <div className={`notice ${notice.tone === 'error' ? 'error' : 'info'}`} role={notice.tone === 'error' ? 'alert' : 'status'}>
          {notice.text} <button type="button" className="small" onClick={dismissModelNotice}>Dismiss</button>
        </div>
      )}
      {links && <p className="muted">Nothing downloaded? <a href={links.modelJson} download={MODEL_FILE_NAME}>{MODEL_FILE_NAME}</a> and <a href={links.weights} download={WEIGHTS_FILE_NAME}>{WEIGHTS_FILE_NAME}</a>.</p>}
    </Card>
  );
}
