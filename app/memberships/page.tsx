import type { Metadata } from 'next';
import { Memberships } from '@/components/memberships/Memberships';
import { PageHeader } from '@/components/layout/PageHeader';

export const metadata: Metadata = { title: 'Memberships' };

export default function Page() {
  return (
    <>
      <PageHeader title="Memberships">A monthly plan adds credits to your account every month.</PageHeader>
      <Memberships />
    </>
  );
}
