/** Paints 28x28 grey digits side by side on a canvas, pixel for pixel (white ink on black, as MNIST stores them). */
export function paintDigits(canvas: HTMLCanvasElement, pixels: Uint8Array, count: number): void {
  const size = 28;
  canvas.width = size * count;
  canvas.height = size;
  const context = canvas.getContext('2d');
  if (!context) return;
  const image = context.createImageData(size * count, size);
  for (let n = 0; n < count; n++) {
    for (let row = 0; row < size; row++) {
      for (let col = 0; col < size; col++) {
        const value = pixels[n * size * size + row * size + col];
        const offset = (row * size * count + n * size + col) * 4;
        image.data[offset] = value;
        image.data[offset + 1] = value;
        image.data[offset + 2] = value;
        image.data[offset + 3] = 255;
      }
    }
  }
  context.putImageData(image, 0, 0);
}
