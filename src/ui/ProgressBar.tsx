/** A labelled progress bar (role="progressbar" with its value for assistive tech and tests). */
export function ProgressBar({ label, value, max, text }: { label: string; value: number; max: number; text: string }) {
  const fraction = max > 0 ? Math.min(1, value / max) : 0;
  return (
    <div>
      <div className="card-row muted"><span>{label}</span><span>{text}</span></div>
      <div
        className={`progress${fraction >= 1 ? ' done' : ''}`}
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={max}
        aria-valuenow={value}
        aria-valuetext={text}
      >
        <div style={{ width: `${(fraction * 100).toFixed(1)}%` }} />
      </div>
    </div>
  );
}
