import type { Metadata, Viewport } from 'next';
import { headers } from 'next/headers';
import { connection } from 'next/server';
import type { ReactNode } from 'react';
import { SiteHeader } from '@/components/SiteHeader';
import { THEME_SCRIPT } from '@/components/theme';
import { nonceOfPolicy } from '@/app/_http/content-security-policy';
import { signOut } from './sign-in/actions';
import { readAdminSession } from '@/app/_auth/session';
import './globals.css';

export const metadata: Metadata = {
  title: 'Audience',
  description: 'Daily audience of tracks across platforms',
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page renders per request: Next.js can only put proxy.ts's CSP nonce on its scripts then;
  // a page prerendered at build time would carry scripts the policy refuses.
  await connection();
  const [session, requestHeaders] = await Promise.all([readAdminSession(), headers()]);
  const nonce = nonceOfPolicy(requestHeaders.get('content-security-policy'));
  return (
    // The theme script sets data-theme before React hydrates: an attribute React did not render.
    <html lang="en" suppressHydrationWarning>
      <body>
        {/* First in the body, so that a picked theme applies before anything is painted. */}
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: THEME_SCRIPT }} />
        {/* The first thing a keyboard reaches: past the header to the page's own content. */}
        <a className="skip-link" href="#main">
          Skip to main content
        </a>
        <SiteHeader signedIn={session !== undefined} signOut={signOut} />
        {children}
      </body>
    </html>
  );
}
