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
