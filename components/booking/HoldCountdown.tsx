'use client';

import { useEffect, useRef, useState } from 'react';
import { countdownText } from '@/lib/client/format';
import { Icon } from '@/components/ui/Icon';

/**
 * "We're holding this slot for 14:32". The visible timer is not announced every second; a separate
 * polite live region speaks at 5 minutes, 1 minute and expiry.
 */
export function HoldCountdown({ expiresAt, onExpire }: { expiresAt: string; onExpire?: () => void }) {
  const target = Date.parse(expiresAt);
  const [now, setNow] = useState(() => Date.now());
  const [announcement, setAnnouncement] = useState('');
  const announced = useRef<Set<string>>(new Set());
  const expiredFired = useRef(false);

  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);

  const remaining = Number.isNaN(target) ? null : Math.max(0, Math.round((target - now) / 1000));

  useEffect(() => {
    if (remaining === null) return;
    const say = (key: string, text: string) => {
      if (announced.current.has(key)) return;
      announced.current.add(key);
      setAnnouncement(text);
    };
    if (remaining === 0) {
      say('0', 'Your hold on this slot has expired.');
      if (!expiredFired.current) {
        expiredFired.current = true;
        onExpire?.();
      }
    } else if (remaining <= 60) say('60', 'Less than a minute left to complete your payment.');
    else if (remaining <= 300) say('300', 'Less than 5 minutes left to complete your payment.');
  }, [remaining, onExpire]);

  if (remaining === null) return null;
  const expired = remaining === 0;
  return (
    <div className={`alert ${expired ? 'alert--error' : remaining <= 120 ? 'alert--warning' : 'alert--info'}`}>
      <div className="hold-timer">
        <Icon name="clock" />
        {expired ? (
          <span>Your hold on this slot has expired.</span>
        ) : (
          <span>
            We&apos;re holding this slot for you for{' '}
            <span className="hold-timer__time" role="timer" aria-label={`${Math.ceil(remaining / 60)} minutes`}>
              {countdownText(remaining)}
            </span>
          </span>
        )}
      </div>
      <p className="visually-hidden" aria-live="polite">
        {announcement}
      </p>
    </div>
  );
}
