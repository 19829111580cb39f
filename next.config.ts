import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Tests and the dev runner open the app on 127.0.0.1 as well as localhost.
  allowedDevOrigins: ['127.0.0.1'],
  // Server-only packages the local stack loads at run time (the DynamoDB Local launcher ships a jar).
  serverExternalPackages: ['amplify-dynamodb-simulator'],
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
          { key: 'X-Frame-Options', value: 'DENY' },
        ],
      },
    ];
  },
};

export default nextConfig;
