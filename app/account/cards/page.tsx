import type { Metadata } from 'next';
import { SavedCards } from '@/components/account/SavedCards';

export const metadata: Metadata = { title: 'Saved cards' };

export default function Page() {
  return (
    <>
      <div className="page-header">
        <h1>Saved cards</h1>
        <p>Cards saved to your account for faster checkout and your membership.</p>
      </div>
      <SavedCards />
    </>
  );
}
