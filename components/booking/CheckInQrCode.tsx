'use client';

import Image from 'next/image';
import QRCode from 'qrcode';
import { useLoad } from '@/components/ui/useLoad';

/**
 * The check-in code as a QR code image (an SVG made in the browser, so no request leaves the page) with the code as
 * text beneath it, for a provider who cannot scan.
 */
export function CheckInQrCode({ code }: { code: string }) {
  const image = useLoad(async () => {
    // A white margin of 4 modules (the QR quiet zone) so phone cameras find it on any background.
    const svg = await QRCode.toString(code, {
      type: 'svg',
      errorCorrectionLevel: 'M',
      margin: 4,
      color: { dark: '#000000', light: '#ffffff' },
    });
    return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
  }, code);

  return (
    <figure className="qr-code" style={{ flexDirection: 'column', margin: 0 }}>
      {image.data ? (
        // Unoptimized: a data URL made in the browser, so there is nothing for the image optimizer to fetch or resize.
        <Image
          src={image.data}
          unoptimized
          width={220}
          height={220}
          alt={`QR code of your check-in code ${code}`}
          data-testid="checkin-qr"
        />
      ) : image.error !== undefined ? (
        <p className="small muted">The QR code could not be drawn: show the code below instead.</p>
      ) : (
        <div
          role="status"
          aria-live="polite"
          style={{ width: 220, height: 220, display: 'grid', placeItems: 'center' }}
          className="small muted"
        >
          Drawing your QR code…
        </div>
      )}
      <figcaption className="small" style={{ textAlign: 'center' }}>
        Can&apos;t scan it? Tell your provider this code:
        <br />
        <code>{code}</code>
      </figcaption>
    </figure>
  );
}
