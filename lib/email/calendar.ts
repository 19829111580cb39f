/**
 * A booking's calendar invite (.ics, the `ics` package): one UID per booking, so calendar apps update one event across
 * confirmation, reminder and cancellation, and a SEQUENCE that grows with every change (the change's time in seconds).
 * Times are written in UTC (`…Z`): each calendar shows them in its owner's zone.
 */
import { createEvent } from 'ics';

export interface BookingInvite {
  bookingId: string;
  title: string;
  startIso: string;
  endIso: string;
  /** When the booking last changed: later changes get a higher SEQUENCE. */
  changedAtIso: string;
  cancelled: boolean;
  description?: string;
  url?: string;
}

/** The invite's UID: the same for every message and download about the booking. */
export const inviteUid = (bookingId: string) => `${bookingId}@bookwell`;

export const inviteSequence = (changedAtIso: string) => Math.floor(Date.parse(changedAtIso) / 1000);

export function bookingInvite(invite: BookingInvite): string {
  const { error, value } = createEvent({
    uid: inviteUid(invite.bookingId),
    sequence: inviteSequence(invite.changedAtIso),
    productId: 'bookwell/notifications',
    method: invite.cancelled ? 'CANCEL' : 'REQUEST',
    status: invite.cancelled ? 'CANCELLED' : 'CONFIRMED',
    title: invite.title,
    start: Date.parse(invite.startIso),
    end: Date.parse(invite.endIso),
    startInputType: 'utc',
    startOutputType: 'utc',
    endInputType: 'utc',
    endOutputType: 'utc',
    ...(invite.description ? { description: invite.description } : {}),
    ...(invite.url ? { url: invite.url } : {}),
  });
  if (error || !value) throw new Error(`calendar invite for ${invite.bookingId}: ${error?.message ?? 'empty'}`);
  return value;
}
