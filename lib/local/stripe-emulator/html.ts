/** Small HTML pieces shared by the emulator's pages (Checkout, 3D Secure, onboarding, receipts). */

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

export function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem}button{margin:.25rem;padding:.5rem 1rem;font-size:1rem}dl{display:grid;grid-template-columns:auto 1fr;gap:.5rem 1rem}dt{color:#555}dd{margin:0}</style>
</head><body><h1>${escapeHtml(title)}</h1>${body}</body></html>`;
}

/** Minor units in any currency as `12.34 USD` (`1234 JPY` for zero-decimal currencies). */
export function formatAmount(amount: number, currency: string): string {
  const code = currency.toUpperCase();
  let digits = 2;
  try {
    digits = new Intl.NumberFormat('en-US', { style: 'currency', currency: code }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    // not an ISO currency code: keep 2 decimals
  }
  return `${(amount / 10 ** digits).toFixed(digits)} ${code}`;
}
