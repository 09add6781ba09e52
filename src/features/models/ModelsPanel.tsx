import { useState, type DragEvent } from 'react';
import { MODEL_FILE_NAME, WEIGHTS_FILE_NAME } from '../../core/export/layersModelFiles';
import { useAppStore } from '../../store/appStore';
import { useI18n } from '../../i18n/useI18n';
import { MAX_MODEL_NAME_LENGTH } from '../../store/modelSlice';
import { Card } from '../../ui/Card';
import { useModelFileLinks } from '../export/modelFileLinks';
import { SavedModelRow } from './SavedModelRow';

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
  const [links, downloadFiles] = useModelFileLinks();
  const i18n = useI18n();
  const { t, f } = i18n;
  const words = t.models;

  async function download() {
    const files = await downloadActiveModel();
    if (files) downloadFiles(files);
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
    <Card title={words.title} id="models">
      <p className="active-model" aria-live="polite">
        {active
          ? words.reading(<strong>{i18n.modelName(active.name)}</strong>, words.sources[active.source], f.int(active.params), active.standardize)
          : readyError ? words.noneReads : words.loadingReady}
      </p>
      {readyError && !active && <div className="notice warn" role="alert">{i18n.say(readyError)}</div>}
      <div className="buttons">
        <button type="button" onClick={() => void activateModel('ready')} disabled={task !== null || active?.source === 'ready'}>{words.useReady}</button>
        <button type="button" onClick={() => void activateModel('trained')} disabled={task !== null || !hasTrained || active?.source === 'trained'}>{words.useTrained}</button>
        <button type="button" onClick={() => void download()} disabled={task !== null || !active}>{words.download}</button>
      </div>
      <form className="save-model" onSubmit={(e) => { e.preventDefault(); void saveActiveModel(name).then(() => setName('')); }}>
        <label htmlFor="save-model-name">{words.saveAs}</label>
        <input id="save-model-name" value={name} maxLength={MAX_MODEL_NAME_LENGTH} onChange={(e) => setName(e.target.value)} placeholder={words.namePlaceholder} />
        <button type="submit" disabled={task !== null || !active || name.trim() === ''}>{words.save}</button>
      </form>
      {saved.length > 0 && (
        <table className="layers saved-models" aria-label={words.savedModels}>
          <thead><tr><th scope="col">{words.savedModel}</th><th scope="col">{words.savedAt}</th><th scope="col" className="num">{words.size}</th><th scope="col"><span className="sr-only">{words.actions}</span></th></tr></thead>
          <tbody>{saved.map((m) => <SavedModelRow key={m.name} model={m} isBusy={task !== null} />)}</tbody>
        </table>
      )}
      <div className={isDragging ? 'drop-zone dragging' : 'drop-zone'} onDragOver={(e) => { e.preventDefault(); setDragging(true); }} onDragLeave={() => setDragging(false)} onDrop={drop}>
        <label htmlFor="model-files">{words.loadFiles}</label>
        <input id="model-files" type="file" multiple accept=".json,.bin,application/json,application/octet-stream" disabled={task !== null}
          onChange={(e) => { load(e.target.files); e.target.value = ''; }} />
      </div>
      {task && <p className="muted" role="status">{t.problems.modelTasks[task]}</p>}
      {notice && (
        <div className={`notice ${notice.tone === 'error' ? 'error' : 'info'}`} role={notice.tone === 'error' ? 'alert' : 'status'}>
          {i18n.say(notice.message)} <button type="button" className="small" onClick={dismissModelNotice}>{words.dismiss}</button>
        </div>
      )}
      {links && (
        <p className="muted">
          {words.nothingDownloaded(
            <a href={links.modelJson} download={MODEL_FILE_NAME}>{MODEL_FILE_NAME}</a>,
            <a href={links.weights} download={WEIGHTS_FILE_NAME}>{WEIGHTS_FILE_NAME}</a>,
          )}
        </p>
      )}
    </Card>
  );
}
