/** The compact request-parameter schema the emulator validates against (extracted from Stripe's OpenAPI). */
export type ParamSchema =
  | { t: 'string'; enum?: string[]; max?: number }
  | { t: 'integer' }
  | { t: 'number' }
  | { t: 'boolean' }
  | { t: 'object'; props: Record<string, ParamSchema>; req?: string[]; extra?: ParamSchema }
  | { t: 'array'; items: ParamSchema }
  | { t: 'union'; of: ParamSchema[] }
  | { t: 'any' };

/** Per operation (`POST /v1/payment_intents/*`): the top-level params and which are required. */
export interface OperationSchema {
  props: Record<string, ParamSchema>;
  req: string[];
}

export type SpecFile = Record<string, OperationSchema>;

/** `/v1/payment_intents/{intent}` and `/v1/payment_intents/:id` both become `/v1/payment_intents/*`. */
export function operationKey(method: string, path: string): string {
  return `${method.toUpperCase()} ${path.replace(/\{[^}]+\}|:[^/]+/g, '*')}`;
}

/**
 * The compact response schema of an object, extracted from Stripe's OpenAPI description: `ref` names
 * a component schema (kept by name, as the schemas refer to each other), `n` = nullable, `req` =
 * always present, `extra` = the value schema of a map (metadata) — an object without it is closed.
 */
export type ObjectSchema = { n?: true } & (
  | { t: 'ref'; ref: string }
  | { t: 'string'; enum?: string[]; pattern?: string }
  | { t: 'integer' }
  | { t: 'number' }
  | { t: 'boolean' }
  | { t: 'object'; props: Record<string, ObjectSchema>; req?: string[]; extra?: ObjectSchema }
  | { t: 'array'; items: ObjectSchema }
  | { t: 'anyOf'; of: ObjectSchema[] }
  | { t: 'any' }
);

/** spec/responses.json: the component schemas and, per operation, the schema of its 200 response. */
export interface ResponseSpec {
  schemas: Record<string, ObjectSchema>;
  operations: Record<string, ObjectSchema>;
}
