/**
 * Keeps the training images on a GPU backend's device across runs (core/data/deviceImages.ts), and
 * falls back to uploading each batch from the CPU when the device refuses the memory or holds
 * something else than was sent. Off WebGL and WebGPU nothing changes: WASM and CPU kernels read
 * the CPU's memory directly.
 */
import * as tf from '../core/tf';
import type { MnistDataset } from '../core/data/dataset';
import { DeviceImages, deviceImageBytes } from '../core/data/deviceImages';
import type { ImagePlacement } from './protocol';

/** Backends whose kernels run on a device of their own. */
export function isGpuBackend(backend: string): boolean {
  return backend === 'webgl' || backend === 'webgpu';
}

type ErrorScopeDevice = { pushErrorScope(filter: string): void; popErrorScope(): Promise<{ message: string } | null> };
type WebGlContext = { getError(): number; NO_ERROR: number; OUT_OF_MEMORY: number };

/**
 * Runs `use` (which makes the device allocate) and says whether the device refused memory on the
 * way: WebGPU through error scopes, WebGL through gl.getError(); tfjs checks neither by default.
 */
async function allocates(use: () => Promise<boolean>): Promise<boolean> {
  const backend = tf.backend() as unknown as { device?: ErrorScopeDevice; gpgpu?: { gl: WebGlContext } };
  const device = tf.getBackend() === 'webgpu' ? backend.device : undefined;
  const gl = tf.getBackend() === 'webgl' ? backend.gpgpu?.gl : undefined;
  if (gl) while (gl.getError() !== gl.NO_ERROR) { /* earlier errors are not ours */ }
  device?.pushErrorScope('out-of-memory');
  device?.pushErrorScope('validation');
  const errors: unknown[] = [];
  const isRight = await use().finally(async () => {
    errors.push(await device?.popErrorScope(), await device?.popErrorScope());
  });
  const isOutOfMemory = gl !== undefined && gl.getError() === gl.OUT_OF_MEMORY;
  return isRight && !isOutOfMemory && errors.every((error) => !error);
}

export class TrainImagesOnDevice {
  private images: DeviceImages | null = null;
  /** The backend that refused the images: not asked again until the backend changes. */
  private refusedBy: string | null = null;
  private placing: Promise<DeviceImages | null> | null = null;

  /** `create` makes the images, `check` proves them, `backend` names the running backend (tests give their own). */
  constructor(
    private readonly create: (dataset: MnistDataset) => DeviceImages = (dataset) => DeviceImages.create(dataset),
    private readonly check: (images: DeviceImages, dataset: MnistDataset) => Promise<boolean> = (images, dataset) => allocates(() => images.verify(dataset)),
    private readonly backend: () => string = () => tf.getBackend(),
  ) {}

  /** Bytes on the device now (0 when the images are not there). */
  get numBytes(): number {
    return this.images?.numBytes ?? 0;
  }

  /**
   * Where one run's training batches come from: on a GPU backend, a source for dataset.view() that
   * gives the device images once every training shard is in (null before, and after a refusal);
   * undefined elsewhere. `report` hears each change of placement, the first one included.
   */
  sourceFor(dataset: MnistDataset, isAugmented: boolean, report: (placement: ImagePlacement) => void): (() => Promise<DeviceImages | null>) | undefined {
    const backend = this.backend();
    if (!isGpuBackend(backend)) return undefined;
    const bytes = deviceImageBytes(dataset.count('train'));
    if (isAugmented) {
      report({ where: 'upload', reason: 'augmented', bytes });
      return undefined;
    }
    let last = '';
    const say = (placement: ImagePlacement) => {
      const key = JSON.stringify(placement);
      if (key !== last) report(placement);
      last = key;
    };
    return async () => {
      await this.prepare(dataset);
      if (this.images) say({ where: 'device', bytes: this.images.numBytes });
      else say({ where: 'upload', reason: this.refusedBy === backend ? 'refused' : 'streaming', bytes });
      return this.images;
    };
  }

  /**
   * Puts the images on the device once every training shard is in, unless they are there or the
   * device refused them: the engine calls it as the data completes, so a Train pressed later does
   * not wait for the upload; a run's source calls it before each batch.
   */
  async prepare(dataset: MnistDataset): Promise<void> {
    const backend = this.backend();
    if (!isGpuBackend(backend) || this.images || this.refusedBy === backend || dataset.loadedCount('train') !== dataset.count('train')) return;
    this.placing ??= this.place(dataset, backend).finally(() => (this.placing = null));
    await this.placing;
  }

  /** Releases the device images (a backend switch: they live on the old one). */
  dispose(): void {
    this.images?.dispose();
    this.images = null;
    this.refusedBy = null;
  }

  private async place(dataset: MnistDataset, backend: string): Promise<DeviceImages | null> {
    let images: DeviceImages | null = null;
    try {
      images = this.create(dataset);
      if (await this.check(images, dataset)) {
        this.images = images;
        return images;
      }
    } catch {
      // Refused outright (e.g. a buffer over the device's limit): the same fallback as a silent refusal.
    }
    images?.dispose();
    this.refusedBy = backend;
    return null;
  }
}
