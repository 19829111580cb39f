import type { Metadata } from 'next';
import { Memberships } from '@/components/memberships/Memberships';

export const metadata: Metadata = { title: 'Memberships' };

export default function Page() {
  return (
    <>
      <div className="page-header">
        <h1>Memberships</h1>
        <p>A monthly plan adds credits to your account every month.</p>
      </div>
      <Memberships />
    </>
  );
}
