/**
 * The bench's background load: bookings of other providers and customers, written straight into the Booking table in
 * parallel batches, so the earnings query can be measured with a large table around it.
 */
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** Writes up to `count` unrelated bookings within `budgetMs`; answers how many were written. */
export async function writeUnrelatedBookings(
  db: DynamoDBDocumentClient,
  bookingTable: string,
  { count, budgetMs, say }: { count: number; budgetMs: number; say: (line: string) => void },
): Promise<number> {
  const statuses = ['CONFIRMED', 'COMPLETED', 'PAID_OUT', 'CANCELLED', 'EXPIRED', 'PENDING_PAYMENT'];
  let written = 0;
  let batchNo = 0;
  const fillStart = Date.now();
  const totalBatches = Math.ceil(count / 25);
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      for (;;) {
        const b = batchNo++;
        if (b >= totalBatches || Date.now() - fillStart > budgetMs) return;
        const now = new Date().toISOString();
        const items = Array.from({ length: Math.min(25, count - b * 25) }, (_, k) => {
          const i = b * 25 + k;
          const start = new Date(Date.now() + (i % 5000) * 3_600_000).toISOString();
          return {
            PutRequest: {
              Item: {
                id: `bk_unrelated_${i}`,
                __typename: 'Booking',
                createdAt: now,
                updatedAt: now,
                providerId: `user_unrelated_provider_${i % 1000}`,
                customerId: `user_unrelated_customer_${i % 5000}`,
                serviceId: `svc_unrelated_${i % 3000}`,
                status: statuses[i % statuses.length],
                startDateTime: start,
                endDateTime: start,
                holdExpiresAt: now,
                totalAmountCents: 12_000,
                platformFeeCents: 960,
                providerEarningsCents: 11_040,
                currency: 'usd',
              },
            },
          };
        });
        let request: Record<string, unknown[]> | undefined = { [bookingTable]: items };
        while (request && Object.keys(request).length > 0) {
          const out = await db.send(new BatchWriteCommand({ RequestItems: request as never }));
          request = out.UnprocessedItems as Record<string, unknown[]> | undefined;
        }
        written += items.length;
        if (written % 10_000 < 25) say(`  ${written}/${count} (${Math.round(written / ((Date.now() - fillStart) / 1000))}/s)`);
      }
    }),
  );
  return written;
}
