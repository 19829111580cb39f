/**
 * The export store in AWS: the Amplify Storage bucket (amplify/storage/resource.ts). The event consumers write each
 * file; refund-processor presigns a GET of a few minutes that names the file for the browser's download.
 */
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { ExportStore } from '../ports';

export function s3ExportStore(options: { bucket: string; client?: S3Client }): ExportStore {
  const client = options.client ?? new S3Client({});
  return {
    async put(key, body, meta) {
      await client.send(
        new PutObjectCommand({
          Bucket: options.bucket,
          Key: key,
          Body: body,
          ContentType: meta.contentType,
          ContentDisposition: `attachment; filename="${meta.fileName}"`,
        }),
      );
    },
    async link(key, ttlSeconds, fileName) {
      const get = new GetObjectCommand({
        Bucket: options.bucket,
        Key: key,
        ResponseContentDisposition: `attachment; filename="${fileName}"`,
        ResponseContentType: 'text/csv; charset=utf-8',
      });
      return getSignedUrl(client, get, { expiresIn: ttlSeconds });
    },
  };
}
