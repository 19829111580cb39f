import { env } from '$amplify/env/domain-events';
import { createDomainEventsHandler } from '../../../lib/functions/domain-events';
import { observed } from '../../../lib/functions/observed';
import { createAwsConsumerRuntime } from '../shared/aws-runtime';

/** Invoked by the DomainEvent stream's event source mapping with a DynamoDBStreamEvent; answers a partial batch response. */
export const handler = observed(createDomainEventsHandler(createAwsConsumerRuntime(env)));
