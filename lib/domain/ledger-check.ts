/**
 * Does every booking's ledger balance to the cent? The pure decision behind the integration suite's after-file check
 * (and usable by any reconciliation job): group the ledger lines by booking, run bookingMoneyFlow on each, report the
 * bookings whose flow does not balance.
 */
import { OPEN_DISPUTE_STATUSES } from './disputes';
import { bookingMoneyFlow, type LedgerEntryType, type MoneyFlowBalance } from './ledger';

export interface CheckedBooking {
  id: string;
  status: string;
  /** The Stripe dispute status while a chargeback exists (open ones freeze the provider's share). */
  chargebackStatus?: string | undefined;
}

export interface CheckedLine {
  /** The ledger account: a booking id for a booking's lines. */
  bookingId: string;
  type: LedgerEntryType;
  amountCents: number;
}

interface UnbalancedBooking {
  bookingId: string;
  status: string;
  flow: MoneyFlowBalance;
}

const isChargebackOpen = (chargebackStatus: string | undefined): boolean =>
  chargebackStatus !== undefined && (OPEN_DISPUTE_STATUSES as readonly string[]).includes(chargebackStatus);

/** The bookings whose ledger does not balance (empty: every ledger balances). A booking without lines balances. */
export function unbalancedBookings(bookings: readonly CheckedBooking[], lines: readonly CheckedLine[]): UnbalancedBooking[] {
  const byBooking = new Map<string, CheckedLine[]>();
  for (const line of lines) {
    const list = byBooking.get(line.bookingId);
    if (list) list.push(line);
    else byBooking.set(line.bookingId, [line]);
  }
  const out: UnbalancedBooking[] = [];
  for (const b of bookings) {
    const flow = bookingMoneyFlow(byBooking.get(b.id) ?? [], isChargebackOpen(b.chargebackStatus), b.status === 'COMPLETED');
    if (!flow.balanced) out.push({ bookingId: b.id, status: b.status, flow });
  }
  return out;
}
