import { webhookRoute } from '@/lib/server/routes';

export const runtime = 'nodejs';
export const POST = webhookRoute;
