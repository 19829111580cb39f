import { actionRoute } from '@/lib/server/routes';

export const runtime = 'nodejs';
export const POST = actionRoute('refund-processor');
