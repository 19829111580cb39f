import { unsubscribeGet, unsubscribePost } from '@/lib/server/unsubscribe-route';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** RFC 8058 one-click (form-encoded) or the unsubscribe page's JSON POST; see lib/server/unsubscribe-route.ts. */
export const POST = unsubscribePost;
export const GET = unsubscribeGet;
