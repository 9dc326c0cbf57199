import type { Metadata } from 'next';
import Link from 'next/link';
import { z } from 'zod';
import { SignInForm } from '@/components/SignInForm';
import { signIn } from './actions';
import { adminSignInConfigured, readAdminSession } from '@/app/_auth/session';

export const metadata: Metadata = { title: 'Admin sign-in · Audience' };

const nextSchema = z
  .preprocess((value) => (Array.isArray(value) ? value[0] : value), z.string().regex(/^\/(?![/\\])[^\s]*$/))
  .catch('/');

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const next = nextSchema.parse((await searchParams).next);
  const session = await readAdminSession();
  return (
    <main id="main" tabIndex={-1} className="page narrow">
      <h1>Admin sign-in</h1>
      {session ? (
        <p className="notice">
          You are signed in as an admin. <Link href={next}>Go back</Link>.
        </p>
      ) : adminSignInConfigured() ? (
        <>
          <p className="muted">
            Admins refresh data from SoundCharts and add tracks. Reading charts needs no sign-in.
          </p>
          <SignInForm next={next} signIn={signIn} />
        </>
      ) : (
        <p className="notice">
          Admin sign-in is switched off on this server. Set <code>ADMIN_TOKEN</code> (16 characters or more) and restart
          to enable it.
        </p>
      )}
    </main>
  );
}
