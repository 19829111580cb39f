'use client';

import { useEffect, useState } from 'react';
import type { RefundStatus } from '@/lib/http/refund-processor';
import { refundApi } from '@/lib/client/api';
import { useLoad } from '@/components/ui/useLoad';

/** A refund being sent back is checked often; an open contest waits on an admin, so less often. */
const REFUND_POLL_MS = 2_000;
const CONTEST_POLL_MS = 5_000;
const MAX_POLLS = 120;

/**
 * GET_REFUND_STATUS for a paid (or once paid) booking, polled while something is moving: a refund in progress or a
 * contest under review, so the timeline follows it without a reload. `enabled` false: nothing is loaded.
 */
export function useRefundProgress(bookingId: string, enabled: boolean): { status: RefundStatus | null; reload: () => void } {
  const load = useLoad(
    async (signal) => (enabled ? refundApi('GET_REFUND_STATUS', { bookingId }, { signal }) : null),
    `${bookingId}:${enabled}`,
  );
  const status = load.data ?? null;
  const [polls, setPolls] = useState(0);
  const moving = status?.inProgress ? REFUND_POLL_MS : status?.refundDispute?.status === 'OPEN' ? CONTEST_POLL_MS : 0;
  const { reload, loading } = load;

  useEffect(() => {
    if (!moving || loading || polls >= MAX_POLLS) return;
    const t = setTimeout(() => {
      setPolls((p) => p + 1);
      reload();
    }, moving);
    return () => clearTimeout(t);
  }, [moving, loading, polls, reload]);

  return { status, reload };
}
