/**
 * A stored message made ready for a transport: HTML and plain text from the React Email layout, the calendar invite
 * for booking messages, and for the messages one can switch off an unsubscribe link with List-Unsubscribe headers
 * (RFC 8058 one-click).
 */
import { render } from '@react-email/render';
import { createElement } from 'react';
import { isOptionalKind, KINDS_WITH_INVITE, type NotificationKind } from '../domain/notifications';
import type { NotificationFields } from '../data/notification-writes';
import type { OutgoingEmail } from '../ports';
import { bookingInvite } from './calendar';
import { EmailLayout } from './layout';
import { messageContent, MissingField } from './messages';

export interface RenderInput {
  id: string;
  kind: NotificationKind;
  to: string;
  fields: NotificationFields;
  /**
   * For kinds one can switch off: the signed page a person opens from the email (it asks before changing anything)
   * and the endpoint a mail client POSTs to for an RFC 8058 one-click unsubscribe (the List-Unsubscribe header).
   */
  unsubscribe?: { pageUrl: string; oneClickUrl: string };
}

export async function renderEmail(input: RenderInput): Promise<OutgoingEmail> {
  const content = messageContent(input.kind, input.fields);
  const unsubscribe = isOptionalKind(input.kind) ? input.unsubscribe : undefined;
  const element = createElement(EmailLayout, { content, ...(unsubscribe ? { unsubscribeUrl: unsubscribe.pageUrl } : {}) });
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
  const email: OutgoingEmail = { to: input.to, subject: content.subject, html, text, idempotencyKey: input.id };
  if (unsubscribe) {
    email.headers = { 'List-Unsubscribe': `<${unsubscribe.oneClickUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
  }
  if (KINDS_WITH_INVITE.includes(input.kind)) {
    const f = input.fields;
    const need = (name: string) => {
      if (f[name] === undefined) throw new MissingField(`missing template field "${name}"`);
      return String(f[name]);
    };
    const ics = bookingInvite({
      bookingId: need('bookingId'),
      title: need('serviceTitle'),
      startIso: need('startIso'),
      endIso: need('endIso'),
      changedAtIso: need('changedAt'),
      cancelled: input.kind === 'booking-cancelled',
      url: `${need('appUrl')}/bookings/${need('bookingId')}`,
    });
    email.attachments = [
      {
        filename: 'booking.ics',
        contentType: 'text/calendar; charset=utf-8; method=' + (input.kind === 'booking-cancelled' ? 'CANCEL' : 'REQUEST'),
        content: ics,
      },
    ];
  }
  return email;
}
