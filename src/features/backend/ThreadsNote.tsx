import type { WasmThreadLimit } from '../../engine/protocol';
import { useI18n } from '../../i18n/useI18n';

/** Says why the WASM backend got one thread where the machine has more cores (nothing when it did not). */
export function ThreadsNote({ limit }: { limit: WasmThreadLimit | null | undefined }) {
  const { t } = useI18n();
  if (!limit) return null;
  const { title, body } = t.threads[limit];
  return (
    <div className="notice info" data-testid="threads-note">
      <strong>{title}</strong> {body}
    </div>
  );
}
