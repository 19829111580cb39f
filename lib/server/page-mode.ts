import { marketplaceMode } from './mode';

/**
 * The server's mode for a page that renders differently per mode (the account pages): read when the page is rendered,
 * so one build serves either mode. A mode the server refuses renders as local; its routes then answer MISCONFIGURED.
 */
export function pageMode(): 'local' | 'aws' {
  try {
    return marketplaceMode();
  } catch {
    return 'local';
  }
}
