import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import { connection } from 'next/server';
import './globals.css';
import './styles/header-footer.css';
import './styles/controls.css';
import './styles/surfaces.css';
import './styles/services.css';
import './styles/service-detail.css';
import './styles/checkout.css';
import './styles/bookings.css';
import './styles/auth.css';
import './styles/reviews.css';
import './styles/provider.css';
import { SessionProvider } from '@/components/session/SessionProvider';
import { SiteHeader } from '@/components/layout/SiteHeader';
import { SiteFooter } from '@/components/layout/SiteFooter';

export const metadata: Metadata = {
  title: { default: 'Bookwell — book local services', template: '%s · Bookwell' },
  description: 'Browse trusted local services, pick a free slot and pay securely online.',
  icons: {
    icon: `data:image/svg+xml,${encodeURIComponent(
      '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="9" fill="#4338ca"/><text x="16" y="22" font-size="18" text-anchor="middle" fill="#fff">✦</text></svg>',
    )}`,
  },
};

export const viewport: Viewport = {
  themeColor: '#4338ca',
  width: 'device-width',
  initialScale: 1,
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Rendered per request, never prerendered: Next.js can stamp the CSP nonce of proxy.ts on its scripts only then.
  await connection();
  return (
    <html lang="en">
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <SessionProvider>
          <SiteHeader />
          <main id="main" tabIndex={-1}>
            <div className="container">{children}</div>
          </main>
          <SiteFooter />
        </SessionProvider>
      </body>
    </html>
  );
}
