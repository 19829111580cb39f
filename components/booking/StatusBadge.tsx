import type { BookingStatus } from '@/lib/data/records';
import { statusLabel } from '@/lib/domain/booking-status';
import { STATUS_TONES } from '@/lib/client/format';

export function StatusBadge({ status }: { status: BookingStatus }) {
  const tone = STATUS_TONES[status] ?? 'neutral';
  return (
    <span className={`badge badge--${tone}`}>
      <span className="visually-hidden">Status: </span>
      {statusLabel(status)}
    </span>
  );
}
