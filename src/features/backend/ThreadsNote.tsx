import type { WasmThreadLimit } from '../../engine/protocol';

// The words, kept together for the i18n layer.
const TEXT: Record<WasmThreadLimit, { title: string; body: string }> = {
  notIsolated: {
    title: 'WebAssembly runs on one thread here, so training is slower than it could be.',
    body:
      'This page is not cross-origin isolated: the server does not send the headers ' +
      'Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp, and ' +
      'without them the browser does not let threads share memory (SharedArrayBuffer). Training ' +
      'still works. Whoever hosts the page can add the two headers to unlock the threads.',
  },
  noSharedArrayBuffer: {
    title: 'WebAssembly runs on one thread here, so training is slower than it could be.',
    body: 'This browser offers no SharedArrayBuffer, which threads need to share memory. Training still works.',
  },
};

/** Says why the WASM backend got one thread where the machine has more cores (nothing when it did not). */
export function ThreadsNote({ limit }: { limit: WasmThreadLimit | null | undefined }) {
  if (!limit) return null;
  const { title, body } = TEXT[limit];
  return (
    <div className="notice info" data-testid="threads-note">
      <strong>{title}</strong> {body}
    </div>
  );
}
