/**
 * Sending the notifier's outbox rows: claim (so two senders never send one message), render, send through the
 * Mailer port, record the outcome. A transport failure is retried with backoff (lib/domain/notifications.ts) until
 * the row is DEAD; a refusal for good (MailRejected: a rejected or suppressed address) or a template missing a field
 * ends it FAILED at once. Every failure is logged with the message id and never thrown: money flows never wait on mail.
 *
 * Also here: the hourly reminders and the admin's idempotent resend.
 */
import type { DataDeps } from '../data/transact';
import { claimForSend, dueNotifications, putNotificationOnce, recordSendOutcome, requeueNotification } from '../data/notification-writes';
import { remindersOff } from '../data/notification-preferences';
import { repo } from '../data/repository';
import { afterFailedAttempt, isOptionalKind, notificationKey, recipientZone, reminderWindow, SEND_LEASE_MS } from '../domain/notifications';
import { renderEmail } from '../email/render';
import { MissingField } from '../email/messages';
import { MailRejected, type Clock, type Deps } from '../ports';
import { unsubscribeUrls } from './unsubscribe-links';

export type DeliveryDeps = DataDeps & { clock: Clock } & Pick<Deps, 'mailer' | 'notifications'>;

const log = (line: string) => console.error(`[notifications] ${line}`);
const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

export type DeliveryResult = 'sent' | 'retry' | 'failed' | 'dead' | 'skipped';

/** One send attempt of one row; 'skipped' when it is not due, another sender holds it, or no mailer is wired. */
export async function deliverNotification(deps: DeliveryDeps, id: string): Promise<DeliveryResult> {
  const { mailer, notifications: settings } = deps;
  if (!mailer || !settings) return 'skipped';
  const row = await claimForSend(deps, id, deps.clock.now(), SEND_LEASE_MS);
  if (!row) return 'skipped';
  try {
    if (isOptionalKind(row.kind) && row.recipientUserId && (await remindersOff(deps, row.recipientUserId))) {
      await recordSendOutcome(deps, id, row.attempts, { status: 'FAILED', error: 'switched off by the recipient' }, deps.clock.now());
      return 'failed';
    }
    const email = await renderEmail({
      id,
      kind: row.kind,
      to: row.recipientEmail,
      fields: { ...row.fields, appUrl: settings.appUrl, recipientRole: row.recipientRole },
      ...(row.recipientUserId ? { unsubscribe: unsubscribeUrls(settings, row.recipientUserId, row.kind) } : {}),
    });
    const { messageId } = await mailer.send(email);
    await recordSendOutcome(deps, id, row.attempts, { status: 'SENT', messageId }, deps.clock.now());
    return 'sent';
  } catch (err) {
    const now = deps.clock.now();
    if (err instanceof MailRejected || err instanceof MissingField) {
      log(`message ${id} (${row.kind} to ${row.recipientEmail}) failed for good: ${messageOf(err)}`);
      await recordSendOutcome(deps, id, row.attempts, { status: 'FAILED', error: messageOf(err) }, now);
      return 'failed';
    }
    const next = afterFailedAttempt(row.attempts, now);
    log(
      `message ${id} attempt ${row.attempts} failed (${next.status === 'DEAD' ? 'dead-lettered' : `retry at ${next.nextAttemptAt}`}): ${messageOf(err)}`,
    );
    await recordSendOutcome(
      deps,
      id,
      row.attempts,
      next.status === 'DEAD' ? { status: 'DEAD', error: messageOf(err) } : { ...next, error: messageOf(err) },
      now,
    );
    return next.status === 'DEAD' ? 'dead' : 'retry';
  }
}

/** The scheduled run's retries: every row due by now, each attempted once. */
export async function deliverDueNotifications(deps: DeliveryDeps): Promise<Record<DeliveryResult, number>> {
  const counts: Record<DeliveryResult, number> = { sent: 0, retry: 0, failed: 0, dead: 0, skipped: 0 };
  if (!deps.mailer) return counts;
  for (const row of await dueNotifications(deps, deps.clock.now().toISOString())) {
    counts[
      await deliverNotification(deps, row.id).catch((err: unknown) => (log(`message ${row.id}: ${messageOf(err)}`), 'skipped' as const))
    ]++;
  }
  return counts;
}

/**
 * Reminders for CONFIRMED bookings starting within the reminder window (24 h by default): one row per booking and
 * recipient (`booking:<id>:reminder:<role>`), so the hourly run may look at a booking many times and send once.
 */
export async function queueReminders(deps: DeliveryDeps): Promise<{ queued: number }> {
  const now = deps.clock.now();
  const window = reminderWindow(now, deps.notifications?.reminderHours ?? 24);
  // a booking starting in the window ends after its start: read the CONFIRMED ones ending since now, keep those starting in time
  const bookings = (await repo.bookingsInStatusEndedSince(deps, 'CONFIRMED', window.from)).filter(
    (b) => b.startDateTime > window.from && b.startDateTime <= window.to,
  );
  let queued = 0;
  for (const booking of bookings) {
    const [service, provider, customer] = await Promise.all([
      repo.service(deps, booking.serviceId),
      repo.userProfile(deps, booking.providerId),
      repo.userProfile(deps, booking.customerId),
    ]);
    const serviceZone = service?.timeZone ?? 'UTC';
    const recipients = [
      { role: 'customer' as const, email: customer?.email ?? booking.customerEmail, userId: booking.customerId, zone: customer?.timeZone },
      ...(provider ? [{ role: 'provider' as const, email: provider.email, userId: provider.id, zone: provider.timeZone }] : []),
    ];
    for (const r of recipients) {
      // switched off: no row at all (the send-time check covers a switch between queueing and sending)
      if (await remindersOff(deps, r.userId)) continue;
      const id = notificationKey(`booking:${booking.id}`, 'reminder', r.role);
      const fields = {
        bookingId: booking.id,
        serviceTitle: booking.serviceTitle,
        startIso: booking.startDateTime,
        endIso: booking.endDateTime,
        recipientZone: recipientZone(r.zone, serviceZone),
        providerZone: provider?.timeZone ?? serviceZone,
        customerEmail: booking.customerEmail,
        changedAt: booking.confirmedAt ?? booking.updatedAt,
      };
      const n = {
        id,
        kind: 'booking-reminder' as const,
        recipientRole: r.role,
        recipientEmail: r.email,
        recipientUserId: r.userId,
        subjectKey: `booking:${booking.id}`,
        fields,
      };
      if (await putNotificationOnce(deps, n, now)) {
        queued++;
        await deliverNotification(deps, id);
      }
    }
  }
  return { queued };
}

/** The admin's resend: a FAILED or DEAD message is due again and sent now; a sent or queued one is left as it is. */
export async function resendNotification(deps: DeliveryDeps, id: string): Promise<{ requeued: boolean; result?: DeliveryResult }> {
  const requeued = await requeueNotification(deps, id, deps.clock.now());
  if (!requeued) return { requeued };
  return { requeued, result: await deliverNotification(deps, id) };
}

export interface ScheduledNotifications {
  reminders: number;
  sent: number;
  retry: number;
  failed: number;
  dead: number;
}

/** The scheduled run's notifications step (hourly in AWS): queue the reminders now due, then retry what is due. */
export async function runScheduledNotifications(deps: DeliveryDeps): Promise<ScheduledNotifications> {
  const { queued } = await queueReminders(deps);
  const due = await deliverDueNotifications(deps);
  return { reminders: queued, sent: due.sent, retry: due.retry, failed: due.failed, dead: due.dead };
}
