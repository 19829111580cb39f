import type { Metadata } from 'next';
import { CreditsPage } from '@/components/credits/CreditsPage';

export const metadata: Metadata = { title: 'Credits' };

export default function Page() {
  return (
    <>
      <div className="page-header">
        <h1>Credits</h1>
        <p>Buy credits in packages and pay for bookings with them.</p>
      </div>
      <CreditsPage />
    </>
  );
}
