import { jsonResponse } from '@/lib/http/errors';
import { marketplaceMode } from '@/lib/server/mode';
import { toResponse } from '@/lib/server/routes';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/**
 * AWS mode: the browser's Amplify configuration, the `version` and `auth` sections of amplify_outputs.json (user
 * pool id, app client id, region: public by design). Function names and every other output stay on the server.
 */
export async function GET(): Promise<Response> {
  try {
    if (marketplaceMode() !== 'aws') return toResponse(jsonResponse(404, { error: 'Local mode has no Amplify Auth', code: 'NOT_FOUND' }));
    const { loadAmplifyOutputs, publicAmplifyConfig } = await import('@/lib/aws/outputs');
    return toResponse(jsonResponse(200, publicAmplifyConfig(loadAmplifyOutputs())));
  } catch (err) {
    console.error(JSON.stringify({ level: 'error', msg: 'amplify outputs', error: err instanceof Error ? err.message : String(err) }));
    return toResponse(jsonResponse(503, { error: 'Sign-in is not configured', code: 'INTERNAL' }));
  }
}
