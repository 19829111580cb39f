import type { NextConfig } from 'next';
import { securityHeaders } from './lib/server/security-headers';
import { securityHeaderSettings } from './lib/server/security-header-settings';

const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Tests and the dev runner open the app on 127.0.0.1 as well as localhost.
  allowedDevOrigins: ['127.0.0.1'],
  // Server-only packages the local stack loads at run time (the DynamoDB Local launcher ships a jar).
  serverExternalPackages: ['amplify-dynamodb-simulator'],
  // Every response, static files and API routes included. Pages get the same set, and proxy.ts replaces their
  // Content-Security-Policy with one that carries a per-request nonce; without it, a page's scripts would be refused.
  async headers() {
    return [{ source: '/:path*', headers: securityHeaders(securityHeaderSettings()) }];
  },
};

export default nextConfig;
