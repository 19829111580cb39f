'use client';

import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { bookingApi } from '@/lib/client/api';
import { mediumDateTime } from '@/lib/client/format';
import { errorMessage } from '@/lib/client/http';

/** The browser's barcode reader where there is one (Chrome on Android and macOS); typing the code works everywhere. */
interface BarcodeReader {
  detect(source: HTMLVideoElement): Promise<{ rawValue: string }[]>;
}
type BarcodeReaderClass = new (options: { formats: string[] }) => BarcodeReader;
const barcodeReader = (): BarcodeReaderClass | undefined =>
  typeof window === 'undefined' ? undefined : (window as unknown as { BarcodeDetector?: BarcodeReaderClass }).BarcodeDetector;

/**
 * The provider checks the customer in: scans the QR code on the customer's booking page with the camera, or types the
 * code under it. The server checks the code (it is secret to the customer) and records the check-in once.
 */
export function CheckInForm({ bookingId, onCheckedIn }: { bookingId: string; onCheckedIn: (checkedInAt: string) => void }) {
  const id = useId();
  const [code, setCode] = useState('');
  const [state, setState] = useState<{ busy: boolean; error?: string; done?: string }>({ busy: false });
  const [scanning, setScanning] = useState(false);
  const video = useRef<HTMLVideoElement>(null);

  async function submit(value: string) {
    setState({ busy: true });
    try {
      const { checkedInAt } = await bookingApi('CHECK_IN', { bookingId, code: value.trim() });
      setState({ busy: false, done: `Checked in at ${mediumDateTime(checkedInAt)}.` });
      onCheckedIn(checkedInAt);
    } catch (err) {
      setState({ busy: false, error: errorMessage(err) });
    }
  }

  useEffect(() => {
    const Reader = barcodeReader();
    if (!scanning || !Reader || !video.current) return;
    let stream: MediaStream | undefined;
    let stopped = false;
    const reader = new Reader({ formats: ['qr_code'] });
    void (async () => {
      try {
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } });
        if (!video.current || stopped) return;
        video.current.srcObject = stream;
        await video.current.play();
        while (!stopped) {
          const found = (await reader.detect(video.current)).find((r) => r.rawValue.startsWith('ci_'));
          if (found) {
            setScanning(false);
            setCode(found.rawValue);
            void submit(found.rawValue);
            return;
          }
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
      } catch {
        setScanning(false);
        setState({ busy: false, error: 'The camera could not be used. Type the code under the QR code instead.' });
      }
    })();
    return () => {
      stopped = true;
      for (const track of stream?.getTracks() ?? []) track.stop();
    };
    // submit is stable enough for a scan session; re-running on each render would restart the camera
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [scanning]);

  if (state.done) return <p role="status">{state.done}</p>;
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void submit(code);
  };
  return (
    <form onSubmit={onSubmit} aria-label="Check the customer in" className="check-in-form">
      <label htmlFor={`${id}-code`}>Check-in code</label>
      <input
        id={`${id}-code`}
        value={code}
        onChange={(e) => setCode(e.target.value)}
        autoComplete="off"
        spellCheck={false}
        required
        aria-invalid={state.error ? true : undefined}
        aria-describedby={`${id}-help${state.error ? ` ${id}-error` : ''}`}
      />
      <p id={`${id}-help`} className="muted">
        The code under the QR code on the customer&apos;s booking page.
      </p>
      <button type="submit" className="button" disabled={state.busy || code.trim() === ''}>
        {state.busy ? 'Checking in…' : 'Check in'}
      </button>
      {barcodeReader() ? (
        <button type="button" className="button button--secondary" onClick={() => setScanning((s) => !s)}>
          {scanning ? 'Stop the camera' : 'Scan the QR code'}
        </button>
      ) : null}
      {scanning ? <video ref={video} muted playsInline aria-label="Camera view for scanning the QR code" /> : null}
      {state.error ? (
        <p id={`${id}-error`} role="alert">
          {state.error}
        </p>
      ) : null}
    </form>
  );
}
