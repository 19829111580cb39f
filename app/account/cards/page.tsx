import type { Metadata } from 'next';
import { SavedCards } from '@/components/account/SavedCards';
import { PageHeader } from '@/components/layout/PageHeader';

export const metadata: Metadata = { title: 'Saved cards' };

export default function Page() {
  return (
    <>
      <PageHeader title="Saved cards">Cards saved to your account for faster checkout and your membership.</PageHeader>
      <SavedCards />
    </>
  );
}
