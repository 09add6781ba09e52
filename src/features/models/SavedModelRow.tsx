import { useState } from 'react';
import type { SavedModelInfo } from '../../engine/protocol';
import { useAppStore } from '../../store/appStore';
import { useI18n } from '../../i18n/useI18n';
import { MAX_MODEL_NAME_LENGTH } from '../../store/modelSlice';

/** One saved model: open, rename (in place) or delete it. */
export function SavedModelRow({ model, isBusy }: { model: SavedModelInfo; isBusy: boolean }) {
  const { openSavedModel, renameSavedModel, deleteSavedModel } = useAppStore.getState();
  const [newName, setNewName] = useState<string | null>(null);
  const { t, f } = useI18n();
  const words = t.models;

  return (
    <tr>
      <td>
        {newName === null ? model.name : (
          <form onSubmit={(e) => { e.preventDefault(); void renameSavedModel(model.name, newName).then(() => setNewName(null)); }}>
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
        <button type="button" className="small" disabled={isBusy || newName !== null} onClick={() => setNewName(model.name)} aria-label={words.renameNamed(model.name)}>{words.rename}</button>
        <button type="button" className="small" disabled={isBusy} onClick={() => void deleteSavedModel(model.name)} aria-label={words.deleteNamed(model.name)}>{words.delete}</button>
      </td>
    </tr>
  );
}
