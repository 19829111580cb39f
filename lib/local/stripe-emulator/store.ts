import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { resourceMissing } from './errors';
import type { ParamMap } from './form';
import type { Kind, ObjectTypes } from './objects/registry';

/** The platform's own account id (Stripe-Account absent). */
export const PLATFORM_ACCOUNT = 'acct_1EmulatorPlatform0';

interface Entry<K extends Kind = Kind> {
  kind: K;
  /** The account that owns the object (platform or a connected account). */
  account: string;
  data: ObjectTypes[K];
}

export interface IdempotencyRecord {
  fingerprint: string;
  status: number;
  body: string;
  createdAt: number;
}

export interface AccountLinkRecord {
  account: string;
  type: string;
  refreshUrl: string;
  returnUrl: string;
  expiresAt: number;
  used: boolean;
}

interface State {
  version: 1;
  /** Seconds added to the wall clock by the advance-clock helper. */
  clockOffset: number;
  objects: Record<string, Entry>;
  idempotency: Record<string, IdempotencyRecord>;
  /** Private data that Stripe never returns again. */
  webhookSecrets: Record<string, string>;
  webhookConnect: Record<string, boolean>;
  cardNumbers: Record<string, string>;
  accountLinks: Record<string, AccountLinkRecord>;
  /** Accounts whose payouts fail (failure code), set by a test helper. */
  payoutFailures: Record<string, string>;
  /** Line item ids of each Checkout Session. */
  sessionLineItems: Record<string, string[]>;
  /** `payment_intent_data` of each Checkout Session, used when the customer pays. */
  sessionPaymentIntentData: Record<string, ParamMap>;
}

function emptyState(): State {
  return {
    version: 1,
    clockOffset: 0,
    objects: {},
    idempotency: {},
    webhookSecrets: {},
    webhookConnect: {},
    cardNumbers: {},
    accountLinks: {},
    payoutFailures: {},
    sessionLineItems: {},
    sessionPaymentIntentData: {},
  };
}

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
export function randomToken(length = 24): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const b of bytes) out += ALPHABET[b % ALPHABET.length];
  return out;
}

export function newId(prefix: string): string {
  return `${prefix}_${randomToken(24)}`;
}

const KIND_LABEL: Record<Kind, string> = {
  payment_intent: 'payment_intent',
  payment_method: 'PaymentMethod',
  charge: 'charge',
  refund: 'refund',
  account: 'account',
  webhook_endpoint: 'webhook endpoint',
  event: 'event',
  balance_transaction: 'balance transaction',
  transfer: 'transfer',
  transfer_reversal: 'transfer reversal',
  application_fee: 'application fee',
  fee_refund: 'fee refund',
  payout: 'payout',
  customer: 'customer',
  dispute: 'dispute',
  product: 'product',
  price: 'price',
  checkout_session: 'checkout.session',
  line_item: 'line item',
  setup_intent: 'setupintent',
  subscription: 'subscription',
  invoice: 'invoice',
  coupon: 'coupon',
  promotion_code: 'promotion code',
};

/** All objects by id, with their owning account; optionally persisted atomically to a JSON file. */
export class Store {
  state: State;

  constructor(private readonly path?: string) {
    this.state = path && existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as State) : emptyState();
    const fresh = emptyState();
    for (const key of Object.keys(fresh) as (keyof State)[]) {
      if (this.state[key] === undefined) Object.assign(this.state, { [key]: fresh[key] });
    }
  }

  /** Unix seconds on the emulator's clock. */
  now(): number {
    return Math.floor(Date.now() / 1000) + this.state.clockOffset;
  }

  insert<K extends Kind>(kind: K, account: string, data: ObjectTypes[K] & { id: string }): ObjectTypes[K] {
    const entry: Entry<K> = { kind, account, data };
    this.state.objects[data.id] = entry as unknown as Entry;
    return data;
  }

  entry(id: string): Entry | undefined {
    return this.state.objects[id];
  }

  /** The object of this kind and id, if the account may see it (undefined account: any). */
  find<K extends Kind>(kind: K, id: string, account?: string): ObjectTypes[K] | undefined {
    const e = this.state.objects[id];
    if (!e || e.kind !== kind) return undefined;
    if (account !== undefined && e.account !== account) return undefined;
    return e.data as ObjectTypes[K];
  }

  get<K extends Kind>(kind: K, id: string, account?: string, param = 'id'): ObjectTypes[K] {
    const obj = this.find(kind, id, account);
    if (!obj) throw resourceMissing(KIND_LABEL[kind], id, param);
    return obj;
  }

  ownerOf(id: string): string | undefined {
    return this.state.objects[id]?.account;
  }

  remove(id: string): void {
    delete this.state.objects[id];
  }

  /** Objects of a kind owned by an account (undefined: every account), oldest first. */
  all<K extends Kind>(kind: K, account?: string): ObjectTypes[K][] {
    const out: ObjectTypes[K][] = [];
    for (const e of Object.values(this.state.objects)) {
      if (e.kind === kind && (account === undefined || e.account === account)) out.push(e.data as ObjectTypes[K]);
    }
    return out;
  }

  /** Every object of a kind with the account that owns it (for work the clock does on each account's behalf), oldest first. */
  entriesOf<K extends Kind>(kind: K): Entry<K>[] {
    return Object.values(this.state.objects).filter((e): e is Entry<K> => e.kind === kind);
  }

  reset(): void {
    this.state = emptyState();
  }

  /** Writes the state to a temp file and renames it over the target (atomic on POSIX). */
  save(): void {
    if (!this.path) return;
    mkdirSync(dirname(this.path), { recursive: true });
    const tmp = `${this.path}.${process.pid}.${randomToken(6)}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.state));
    renameSync(tmp, this.path);
  }
}
