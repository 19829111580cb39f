/** The one switch between the two stacks (documented in .env.example). */
type MarketplaceMode = 'local' | 'aws';
export function marketplaceMode(): MarketplaceMode {
  return process.env.NEXT_PUBLIC_MARKETPLACE_MODE === 'aws' ? 'aws' : 'local';
}
