/**
 * One figure with its caption, inside a <dl>; `detail` is a smaller line under the figure.
 * `isPending`: the value is a word saying when the figure will come ("measuring…"), set smaller.
 */
export function Stat({ label, value, detail, detailTestId, isPending = false }: {
  label: string;
  value: string;
  detail?: string;
  detailTestId?: string;
  isPending?: boolean;
}) {
  return (
    <div className="stat">
      <dt>{label}</dt>
      <dd className={isPending ? 'stat-pending' : undefined}>{value}</dd>
      {detail !== undefined && <dd className="stat-detail" data-testid={detailTestId}>{detail}</dd>}
    </div>
  );
}
