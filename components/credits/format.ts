import { formatMoney, type Currency } from '@/lib/domain/money';

export const money = (amountCents: number, currency: Currency) => formatMoney({ amountCents, currency });
export const credits = (n: number) => `${new Intl.NumberFormat('en-US').format(n)} credit${n === 1 ? '' : 's'}`;
export const date = (iso: string) => new Intl.DateTimeFormat('en-US', { dateStyle: 'medium' }).format(new Date(iso));
export const dateTime = (iso: string) => new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
