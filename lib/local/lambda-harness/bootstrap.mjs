/**
 * The bundle harness's stand-in for the Lambda Node.js runtime interface: one process is one execution environment.
 * It loads the handler the way Lambda does (`<dir>/<file>.<export>` from the bundle, its top-level code and Amplify's
 * SSM banner run at import: the cold start), then serves invocations sent by the parent over IPC, one at a time, with a
 * Lambda-shaped context. The parent enforces the timeout by ending the process, as Lambda ends the environment.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [taskRoot, handlerSetting] = process.argv.slice(2);
const [file, exportName] = [
  handlerSetting.slice(0, handlerSetting.lastIndexOf('.')),
  handlerSetting.slice(handlerSetting.lastIndexOf('.') + 1),
];
const candidates = ['.mjs', '.js', '.cjs'].map((ext) => path.join(taskRoot, `${file}${ext}`));
const { existsSync } = await import('node:fs');
const entry = candidates.find((c) => existsSync(c));

const send = (message) => process.send?.(message);
try {
  if (!entry) throw new Error(`no ${file}.mjs/.js/.cjs in ${taskRoot}`);
  const module = await import(pathToFileURL(entry).href);
  const handler = module[exportName] ?? module.default?.[exportName];
  if (typeof handler !== 'function') throw new Error(`${handlerSetting}: the bundle exports no function ${exportName}`);
  const timeoutMs = Number(process.env.AWS_LAMBDA_FUNCTION_TIMEOUT ?? '3') * 1000;
  process.on('message', async ({ id, event }) => {
    const startedAt = Date.now();
    const context = {
      awsRequestId: randomUUID(),
      functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
      functionVersion: '$LATEST',
      invokedFunctionArn: `arn:aws:lambda:${process.env.AWS_REGION}:000000000000:function:${process.env.AWS_LAMBDA_FUNCTION_NAME}`,
      memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
      logGroupName: `/aws/lambda/${process.env.AWS_LAMBDA_FUNCTION_NAME}`,
      logStreamName: 'harness',
      callbackWaitsForEmptyEventLoop: true,
      getRemainingTimeInMillis: () => Math.max(0, timeoutMs - (Date.now() - startedAt)),
    };
    try {
      send({ id, ok: true, result: await handler(event, context) });
    } catch (err) {
      send({ id, ok: false, error: { errorType: err?.name ?? 'Error', errorMessage: err?.message ?? String(err) } });
    }
  });
  send({ ready: true });
} catch (err) {
  send({ ready: false, error: { errorType: err?.name ?? 'Error', errorMessage: err?.message ?? String(err) } });
  process.exit(1);
}
