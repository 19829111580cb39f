import { SUPPORTED_CURRENCIES } from '@/lib/domain/money';

type RangeKey = 'currency' | 'from' | 'to' | 'order';

/**
 * The filter fields every created-date admin list shares: currency, a range of UTC days and the order. `idPrefix`
 * keeps the ids unique per page; `dayWord` names the date ("Created", "Bought").
 */
export function ListRangeFields({
  idPrefix,
  dayWord,
  newestLabel,
  oldestLabel,
  form,
  set,
}: {
  idPrefix: string;
  dayWord: string;
  newestLabel: string;
  oldestLabel: string;
  form: Record<RangeKey, string>;
  set: (key: RangeKey) => (e: { target: { value: string } }) => void;
}) {
  return (
    <>
      <div className="field">
        <label htmlFor={`${idPrefix}-currency`}>Currency</label>
        <select id={`${idPrefix}-currency`} name="currency" className="select" value={form.currency} onChange={set('currency')}>
          <option value="">Any currency</option>
          {SUPPORTED_CURRENCIES.map((c) => (
            <option key={c} value={c}>
              {c.toUpperCase()}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${idPrefix}-from`}>{dayWord} from</label>
        <input id={`${idPrefix}-from`} name="from" type="date" className="input" value={form.from} onChange={set('from')} />
      </div>
      <div className="field">
        <label htmlFor={`${idPrefix}-to`}>{dayWord} to</label>
        <input id={`${idPrefix}-to`} name="to" type="date" className="input" value={form.to} onChange={set('to')} />
      </div>
      <div className="field">
        <label htmlFor={`${idPrefix}-order`}>Order</label>
        <select id={`${idPrefix}-order`} name="order" className="select" value={form.order} onChange={set('order')}>
          <option value="">{newestLabel}</option>
          <option value="oldest">{oldestLabel}</option>
        </select>
      </div>
    </>
  );
}
