import { useEffect, useState } from 'react';
import { MODEL_FILE_NAME, WEIGHTS_FILE_NAME } from '../../core/export/layersModelFiles';
import { downloadUrl } from './download';

/** A model's two files as object URLs, kept as links in case the browser saved only one of them. */
export interface ModelFileLinks {
  modelJson: string;
  weights: string;
  /** What the files came from (a run, a model): the caller decides when the links are stale. */
  source: unknown;
}

/**
 * Downloads a model's model.json and weights and keeps their object URLs for the page's
 * fallback links; the URLs are released when replaced and when the component goes away.
 */
export function useModelFileLinks(): [ModelFileLinks | null, (files: { modelJson: string; weights: ArrayBuffer }, source?: unknown) => void] {
  const [links, setLinks] = useState<ModelFileLinks | null>(null);
  useEffect(() => () => {
    if (links) [links.modelJson, links.weights].forEach((url) => URL.revokeObjectURL(url));
  }, [links]);

  function download(files: { modelJson: string; weights: ArrayBuffer }, source?: unknown): void {
    const next = {
      modelJson: URL.createObjectURL(new Blob([files.modelJson], { type: 'application/json' })),
      weights: URL.createObjectURL(new Blob([files.weights], { type: 'application/octet-stream' })),
      source,
    };
    setLinks(next);
    downloadUrl(next.modelJson, MODEL_FILE_NAME);
    downloadUrl(next.weights, WEIGHTS_FILE_NAME);
  }
  return [links, download];
}
