import { useState } from 'react';
import type { SavedModelInfo } from '../../engine/protocol';
import { useAppStore } from '../../store/appStore';
import { MAX_MODEL_NAME_LENGTH } from '../../store/modelSlice';
import { formatBytes } from '../../ui/format';

/** One saved model: open, rename (in place) or delete it. */
export function SavedModelRow({ model, isBusy }: { model: SavedModelInfo; isBusy: boolean }) {
  const { openSavedModel, renameSavedModel, deleteSavedModel } = useAppStore.getState();
  const [newName, setNewName] = useState<string | null>(null);

  return (
    <tr>
      <td>
        {newName === null ? model.name : (
          <form onSubmit={(e) => { e.preventDefault(); void renameSavedModel(model.name, newName).then(() => setNewName(null)); }}>
            <input aria-label={`New name for ${model.name}`} value={newName} maxLength={MAX_MODEL_NAME_LENGTH} onChange={(e) => setNewName(e.target.value)} autoFocus />
            <button type="submit" className="small" disabled={isBusy || newName.trim() === ''}>OK</button>
            <button type="button" className="small" onClick={() => setNewName(null)}>Cancel</button>
          </form>
        )}
      </td>
      <td>{new Date(model.savedAt).toLocaleString()}</td>
      <td className="num">{formatBytes(model.bytes)}</td>
      <td className="saved-actions">
        <button type="button" className="small" disabled={isBusy} onClick={() => void openSavedModel(model.name)} aria-label={`Open ${model.name}`}>Open</button>
        <button type="button" className="small" disabled={isBusy || newName !== null} onClick={() => setNewName(model.name)} aria-label={`Rename ${model.name}`}>Rename</button>
        <button type="button" className="small" disabled={isBusy} onClick={() => void deleteSavedModel(model.name)} aria-label={`Delete ${model.name}`}>Delete</button>
      </td>
    </tr>
  );
}
