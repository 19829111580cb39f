import Link from 'next/link';
import { FeaturedServices } from '@/components/services/FeaturedServices';

export default function HomePage() {
  return (
    <>
      <section className="hero" aria-labelledby="hero-title">
        <h1 id="hero-title">Book trusted local services in minutes</h1>
        <p>
          Classes, tours, repairs and more from independent providers. Pick a time that suits you and pay securely online — your slot is
          held while you check out.
        </p>
        <div className="hero__actions">
          <Link href="/services" className="button button--large">
            Browse services
          </Link>
          <Link href="/bookings" className="button button--secondary button--large">
            My bookings
          </Link>
        </div>
      </section>

      <section aria-labelledby="featured-title">
        <div className="section-header">
          <h2 id="featured-title">Featured services</h2>
          <Link href="/services">See all services</Link>
        </div>
        <FeaturedServices />
      </section>

      <section aria-labelledby="how-title">
        <h2 id="how-title" className="visually-hidden">
          How it works
        </h2>
        <ol className="steps">
          <li>
            <strong>1. Choose a service</strong>
            <span className="muted">Compare prices, durations and cancellation policies.</span>
          </li>
          <li>
            <strong>2. Pick a free slot</strong>
            <span className="muted">Times are shown in the provider&apos;s local time zone.</span>
          </li>
          <li>
            <strong>3. Pay securely</strong>
            <span className="muted">Your booking is confirmed as soon as the payment goes through.</span>
          </li>
        </ol>
      </section>
    </>
  );
}
