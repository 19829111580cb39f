import type { CSSProperties } from 'react';
import { ErrorAlert, Spinner } from '@/components/ui/States';

/** What the payment forms end with: the progress announced to screen readers, the form's error and "Pay $…". */
export function PayButton({
  status,
  formError,
  busy,
  disabled,
  amountLabel,
  style,
}: {
  status: string;
  formError: string | null;
  busy: boolean;
  disabled: boolean;
  amountLabel: string;
  style?: CSSProperties;
}) {
  return (
    <>
      <p className="visually-hidden" role="status" aria-live="polite">
        {status}
      </p>
      <ErrorAlert message={formError} />
      <button type="submit" className="button button--block button--large" style={style} disabled={busy || disabled}>
        {busy ? (
          <>
            <Spinner small /> Processing payment…
          </>
        ) : (
          `Pay ${amountLabel}`
        )}
      </button>
    </>
  );
}
