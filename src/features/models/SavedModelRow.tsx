import type { SavedModelInfo } from '../../engine/protocol';
import { useAppStore } from '../../store/appStore';
import { useI18n } from '../../i18n/useI18n';
import { MAX_MODEL_NAME_LENGTH } from '../../store/modelSlice';
import { focusAfterRemoval } from '../../ui/focus';
import { useRenaming } from '../../ui/useRenaming';

/** One saved model: open, rename (in place) or delete it. */
export function SavedModelRow({ model, isBusy }: { model: SavedModelInfo; isBusy: boolean }) {
  const { openSavedModel, renameSavedModel, deleteSavedModel } = useAppStore.getState();
  const { newName, setNewName, renameButton } = useRenaming();

  async function rename(name: string) {
    await renameSavedModel(model.name, name);
    if (useAppStore.getState().savedModels.some((m) => m.name === model.name)) {
      setNewName(null);
      return;
    }
    // Renamed: the row is a new one (rows are keyed by name); once it is drawn, its Rename button takes the focus.
    const renamed = name.trim();
    setTimeout(() => document.querySelector<HTMLButtonElement>(`button[data-rename-of="${CSS.escape(renamed)}"]`)?.focus());
  }
  const { t, f } = useI18n();
  const words = t.models;

  return (
    <tr>
      <td>
        {newName === null ? model.name : (
          <form onSubmit={(e) => { e.preventDefault(); void rename(newName); }} onKeyDown={(e) => { if (e.key === 'Escape') setNewName(null); }}>
            <input aria-label={words.newName(model.name)} value={newName} maxLength={MAX_MODEL_NAME_LENGTH} onChange={(e) => setNewName(e.target.value)} autoFocus />
            <button type="submit" className="small" disabled={isBusy || newName.trim() === ''}>{words.ok}</button>
            <button type="button" className="small" onClick={() => setNewName(null)}>{words.cancel}</button>
          </form>
        )}
      </td>
      <td>{f.dateTime(model.savedAt)}</td>
      <td className="num">{f.bytes(model.bytes)}</td>
      <td className="saved-actions">
        <button type="button" className="small" disabled={isBusy} onClick={() => void openSavedModel(model.name)} aria-label={words.openNamed(model.name)}>{words.open}</button>
        <button type="button" className="small" disabled={isBusy || newName !== null} ref={renameButton} data-rename-of={model.name} onClick={() => setNewName(model.name)} aria-label={words.renameNamed(model.name)}>{words.rename}</button>
        <button type="button" className="small" disabled={isBusy} onClick={(e) => { const refocus = focusAfterRemoval(e.currentTarget, 'tr', 'save-model-name'); void deleteSavedModel(model.name).then(refocus); }} aria-label={words.deleteNamed(model.name)}>{words.delete}</button>
      </td>
    </tr>
  );
}
