/** The caller's own data on stripe-connect: EXPORT_MY_DATA and DELETE_MY_ACCOUNT (lib/services/data-export.ts, account-deletion.ts). */
import { accountDataRequests as req } from '../../http/account-data';
import { deleteMyAccount } from '../../services/account-deletion';
import { exportMyData } from '../../services/data-export';
import { action, requireCaller } from '../dispatch';

export const accountDataActions = {
  EXPORT_MY_DATA: action({ access: 'user', schema: req.EXPORT_MY_DATA, run: (ctx) => exportMyData(ctx.deps, requireCaller(ctx)) }),
  // Not rate limited: it succeeds once per account (then every session ends), and its Stripe writes are bounded by the
  // caller's own records, each under an idempotency key.
  DELETE_MY_ACCOUNT: action({
    access: 'user',
    limit: 'payment',
    schema: req.DELETE_MY_ACCOUNT,
    run: (ctx, { confirmation }) => deleteMyAccount(ctx.deps, requireCaller(ctx), confirmation),
  }),
};
