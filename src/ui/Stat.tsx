/** One figure with its caption, inside a <dl>; `detail` is a smaller line under the figure. */
export function Stat({ label, value, detail, detailTestId }: { label: string; value: string; detail?: string; detailTestId?: string }) {
  return (
    <div className="stat">
      <dt>{label}</dt>
      <dd>{value}</dd>
      {detail !== undefined && <dd className="stat-detail" data-testid={detailTestId}>{detail}</dd>}
    </div>
  );
}
