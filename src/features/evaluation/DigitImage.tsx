import { memo, useEffect, useRef } from 'react';
import { paintDigits } from '../../vis/digitStrip';

/** One 28x28 test digit, pixel for pixel, drawn `size` CSS pixels wide (blank until its pixels arrive). */
export const DigitImage = memo(function DigitImage({ pixels, size }: { pixels: Uint8Array | undefined; size: number }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (pixels && canvas.current) paintDigits(canvas.current, pixels, 1);
  }, [pixels]);
  // Decorative: the button or cell around it names the digit.
  return <canvas ref={canvas} width={28} height={28} className="digit-image" style={{ width: size }} aria-hidden="true" />;
});
