import { useEffect, useRef, useState } from 'react';

/**
 * An in-place rename: the name being typed (null while not renaming) and a ref for the Rename
 * button, which gets the keyboard back when the rename ends (done, cancelled or refused).
 */
export function useRenaming() {
  const [newName, setNewName] = useState<string | null>(null);
  const renameButton = useRef<HTMLButtonElement>(null);
  const wasRenaming = useRef(false);
  useEffect(() => {
    if (newName !== null) wasRenaming.current = true;
    else if (wasRenaming.current) {
      wasRenaming.current = false;
      renameButton.current?.focus();
    }
  }, [newName]);
  return { newName, setNewName, renameButton };
}
