/**
 * A small local SQS for the SDK's AWS JSON 1.0 protocol (what @aws-sdk/client-sqs v3 sends:
 * `POST /` with `X-Amz-Target: AmazonSQS.<Operation>` and `Content-Type: application/x-amz-json-1.0`).
 * Operations: SendMessage, ReceiveMessage (visibility timeout, receive count), DeleteMessage. Queue URLs are
 * `<url>/000000000000/<name>`; the SDK sends each request to its queue URL's host.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

interface StoredMessage {
  messageId: string;
  body: string;
  attributes: Record<string, { DataType: string; StringValue: string }>;
  visibleAt: number;
  receiveCount: number;
  receiptHandle?: string;
  sentAt: number;
}

export async function startSqsEndpoint() {
  const queues = new Map<string, StoredMessage[]>();
  const operations: string[] = [];
  const queueOf = (url: unknown): StoredMessage[] | undefined => (typeof url === 'string' ? queues.get(url) : undefined);

  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const target = String(req.headers['x-amz-target'] ?? '');
    const input = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
    const reply = (status: number, body: unknown, errorType?: string) =>
      res
        .writeHead(status, {
          'content-type': 'application/x-amz-json-1.0',
          ...(errorType ? { 'x-amzn-query-error': `${errorType};Sender` } : {}),
        })
        .end(JSON.stringify(body));
    if (!String(req.headers['content-type']).startsWith('application/x-amz-json-1.0') || !target.startsWith('AmazonSQS.')) {
      return reply(400, { __type: 'com.amazon.coral.service#UnknownOperationException', message: 'not AWS JSON 1.0' });
    }
    const op = target.slice('AmazonSQS.'.length);
    operations.push(op);
    const queue = queueOf(input.QueueUrl);
    if (!queue)
      return reply(
        400,
        { __type: 'com.amazonaws.sqs#QueueDoesNotExist', message: 'no such queue' },
        'AWS.SimpleQueueService.NonExistentQueue',
      );
    const now = Date.now();
    switch (op) {
      case 'SendMessage': {
        const body = String(input.MessageBody ?? '');
        const message: StoredMessage = {
          messageId: randomUUID(),
          body,
          attributes: (input.MessageAttributes ?? {}) as StoredMessage['attributes'],
          visibleAt: now,
          receiveCount: 0,
          sentAt: now,
        };
        queue.push(message);
        return reply(200, { MessageId: message.messageId, MD5OfMessageBody: md5(body) });
      }
      case 'ReceiveMessage': {
        const max = Math.min(10, Number(input.MaxNumberOfMessages ?? 1));
        const visibility = Number(input.VisibilityTimeout ?? 30);
        const batch = queue.filter((m) => m.visibleAt <= now).slice(0, max);
        for (const m of batch) {
          m.receiveCount++;
          m.receiptHandle = randomUUID();
          m.visibleAt = now + visibility * 1000;
        }
        return reply(200, {
          Messages: batch.map((m) => ({
            MessageId: m.messageId,
            ReceiptHandle: m.receiptHandle,
            MD5OfBody: md5(m.body),
            Body: m.body,
            Attributes: { ApproximateReceiveCount: String(m.receiveCount), SentTimestamp: String(m.sentAt) },
            ...(Object.keys(m.attributes).length > 0 ? { MessageAttributes: m.attributes } : {}),
          })),
        });
      }
      case 'DeleteMessage': {
        const i = queue.findIndex((m) => m.receiptHandle !== undefined && m.receiptHandle === input.ReceiptHandle);
        if (i < 0)
          return reply(
            400,
            { __type: 'com.amazonaws.sqs#ReceiptHandleIsInvalid', message: 'unknown receipt handle' },
            'ReceiptHandleIsInvalid',
          );
        queue.splice(i, 1);
        return reply(200, {});
      }
      default:
        return reply(400, { __type: 'com.amazon.coral.service#UnknownOperationException', message: op });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    operations,
    createQueue(name: string): string {
      const queueUrl = `${url}/000000000000/${name}`;
      queues.set(queueUrl, []);
      return queueUrl;
    },
    /** Every message still in the queue (visible or in flight). */
    messages: (queueUrl: string) => [...(queues.get(queueUrl) ?? [])],
    /** Makes in-flight messages visible again (as if their visibility timeout ran out). */
    expireVisibility(queueUrl: string): void {
      for (const m of queues.get(queueUrl) ?? []) m.visibleAt = 0;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
export type SqsEndpoint = Awaited<ReturnType<typeof startSqsEndpoint>>;

function md5(text: string): string {
  return createHash('md5').update(text, 'utf8').digest('hex');
}
