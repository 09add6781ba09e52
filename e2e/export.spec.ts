import { readFile } from 'node:fs/promises';
import type { Download } from '@playwright/test';
import { expect, test } from './fixtures';

async function text(download: Download): Promise<string> {
  return readFile(await download.path(), 'utf8');
}

test.describe('export', () => {
  test('downloads Keras and PyTorch scripts of the model, and the trained model as model.json + weights', async ({ playground, page, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await playground.open('preset=dense-baseline&backend=wasm&trainSize=5000&epochs=1');
    const card = page.getByRole('region', { name: 'Export' });
    const downloadModel = card.getByRole('button', { name: 'Download trained model' });

    // Before any training there are no weights, and the page says why.
    await expect(downloadModel).toBeDisabled();
    await expect(downloadModel).toHaveAccessibleDescription(/Train a model first/);

    // The scripts need no training: they describe the model and the recipe on screen.
    const [keras] = await Promise.all([page.waitForEvent('download'), card.getByRole('button', { name: 'Keras script' }).click()]);
    expect(keras.suggestedFilename()).toBe('mnist_keras.py');
    const kerasCode = await text(keras);
    expect(kerasCode).toContain('# MNIST Training Playground');
    expect(kerasCode).toContain('Parameters: 101,770');
    expect(kerasCode).toMatch(/layers\.Flatten\(\),.*\n\s+layers\.Dense\(128, activation="relu"\),.*\n\s+layers\.Dropout\(0\.2\),.*\n\s+layers\.Dense\(10, activation="softmax"\),/);
    expect(kerasCode).toContain('keras.optimizers.Adam(learning_rate=0.001');
    expect(kerasCode).toContain('TRAIN_SIZE = 5000');
    expect(kerasCode).toContain('EPOCHS = 1');

    const [pytorch] = await Promise.all([page.waitForEvent('download'), card.getByRole('button', { name: 'PyTorch script' }).click()]);
    expect(pytorch.suggestedFilename()).toBe('mnist_pytorch.py');
    const pytorchCode = await text(pytorch);
    expect(pytorchCode).toMatch(/nn\.Flatten\(\),.*\n\s+nn\.Linear\(784, 128\),\n\s+nn\.ReLU\(\),.*\n\s+nn\.Dropout\(p=0\.2\),.*\n\s+nn\.Linear\(128, 10\),/);
    expect(pytorchCode).toContain('loss_fn = nn.CrossEntropyLoss()');
    expect(pytorchCode).toContain('torch.optim.Adam(model.parameters(), lr=0.001');

    // The preview shows the same code, and its button copies it.
    await card.getByText('PyTorch code').click();
    await expect(card.getByRole('region', { name: 'PyTorch script' })).toContainText('nn.Linear(784, 128)');
    await card.getByRole('button', { name: 'Copy the PyTorch script' }).click();
    await expect(card.getByText('Copied to the clipboard.')).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(pytorchCode);

    await playground.waitForBackend(/WebAssembly/);
    await playground.train();
    await expect(downloadModel).toBeDisabled();
    await expect(playground.testStatus).toHaveText(/Test accuracy: \d+\.\d+%/, { timeout: 240_000 });

    // One click, two files.
    const downloads: Download[] = [];
    page.on('download', (download) => downloads.push(download));
    await expect(downloadModel).toBeEnabled();
    await downloadModel.click();
    await expect.poll(() => downloads.length, { timeout: 30_000 }).toBe(2);
    const byName = new Map(downloads.map((download) => [download.suggestedFilename(), download]));
    expect([...byName.keys()].sort()).toEqual(['mnist-model.weights.bin', 'model.json']);

    const modelJson = JSON.parse(await text(byName.get('model.json')!));
    expect(modelJson.format).toBe('layers-model');
    expect(modelJson.modelTopology.class_name).toBe('Sequential');
    expect(modelJson.weightsManifest).toHaveLength(1);
    expect(modelJson.weightsManifest[0].paths).toEqual(['mnist-model.weights.bin']);
    const specs: { shape: number[]; dtype: string }[] = modelJson.weightsManifest[0].weights;
    const manifestValues = specs.reduce((sum, spec) => sum + spec.shape.reduce((a, b) => a * b, 1), 0);

    const weights = await readFile(await byName.get('mnist-model.weights.bin')!.path());
    const params = Number(((await page.getByTestId('param-count').textContent()) ?? '').replace(/[^0-9]/g, ''));
    expect(params).toBe(101_770);
    expect(weights.byteLength).toBe(4 * params);
    expect(manifestValues).toBe(params);
    // Trained weights, not an empty or zeroed buffer.
    expect(new Float32Array(weights.buffer, weights.byteOffset, params).some((w) => w !== 0 && Number.isFinite(w))).toBe(true);

    // Links stay for a browser that saved only one of the two files.
    await expect(card.getByRole('link', { name: 'mnist-model.weights.bin' })).toBeVisible();
  });
});
