import { defineStorage } from '@aws-amplify/backend';
import { domainEvents } from '../functions/domain-events/resource';
import { refundProcessor } from '../functions/refund-processor/resource';

/**
 * The admins' CSV exports (`exports/<export id>.csv`): the event consumers (domain-events) write them in the background,
 * refund-processor reads them to presign a download link (ADMIN_EXPORT_LINK). No one else, and no browser, has access:
 * a download is a presigned GET of a few minutes. Each function gets the bucket as `EXPORTS_BUCKET_NAME`.
 */
export const exportStorage = defineStorage({
  name: 'exports',
  isDefault: true,
  access: (allow) => ({
    'exports/*': [allow.resource(domainEvents).to(['read', 'write']), allow.resource(refundProcessor).to(['read'])],
  }),
});
