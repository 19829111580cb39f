import type { Metadata } from 'next';
import { UnsubscribeConfirm } from '@/components/account/UnsubscribeConfirm';
import { PageHeader } from '@/components/layout/PageHeader';

export const metadata: Metadata = { title: 'Stop reminder emails' };

/** Opened from an email's "Stop these emails" link: asks first (link scanners open links), then switches reminders off. */
export default async function Page({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const q = await searchParams;
  const one = (v: string | string[] | undefined) => (typeof v === 'string' ? v : '');
  return (
    <>
      <PageHeader title="Stop reminder emails">You can switch them back on under Email preferences.</PageHeader>
      <UnsubscribeConfirm user={one(q.user)} kind={one(q.kind)} token={one(q.token)} />
    </>
  );
}
