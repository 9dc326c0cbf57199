import type { Metadata } from 'next';
import { connection } from 'next/server';
import type { ReactNode } from 'react';

export const metadata: Metadata = {
  title: 'Audience',
  description: 'Daily audience of tracks across platforms',
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page renders per request: Next.js can only put proxy.ts's CSP nonce on its scripts then;
  // a page prerendered at build time would carry scripts the policy refuses.
  await connection();
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
