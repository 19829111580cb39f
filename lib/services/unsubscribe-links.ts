/**
 * The signed unsubscribe links of the messages one can switch off: an HMAC of user and kind, so a link works without
 * a session and cannot be made for someone else.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { NotificationKind } from '../domain/notifications';
import type { NotificationSettings } from '../ports';

/** The unsubscribe token of one user and kind: an HMAC, so a link works without a session and cannot be forged. */
export function unsubscribeToken(secret: string, userId: string, kind: NotificationKind): string {
  return createHmac('sha256', secret).update(`unsubscribe:${userId}:${kind}`).digest('base64url');
}

export function verifyUnsubscribeToken(secret: string, userId: string, kind: NotificationKind, token: string): boolean {
  const expected = Buffer.from(unsubscribeToken(secret, userId, kind));
  const given = Buffer.from(token);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** The page a person opens from the email, and the endpoint of the one-click POST (RFC 8058); both signed. */
export function unsubscribeUrls(
  settings: NotificationSettings,
  userId: string,
  kind: NotificationKind,
): { pageUrl: string; oneClickUrl: string } {
  const q = new URLSearchParams({ user: userId, kind, token: unsubscribeToken(settings.unsubscribeSecret, userId, kind) }).toString();
  return {
    pageUrl: `${settings.appUrl}/notifications/unsubscribe?${q}`,
    oneClickUrl: `${settings.appUrl}/api/notifications/unsubscribe?${q}`,
  };
}
