import Link from 'next/link';
import { ThemeToggle } from './ThemeToggle';

/** The app's name, home link and the admin's way in or out; the sign-out form works without JavaScript. */
export function SiteHeader({ signedIn, signOut }: { signedIn: boolean; signOut: () => Promise<void> }) {
  return (
    <header className="site-header">
      <div className="site-header-inner">
        <Link href="/" className="brand">
          <span className="brand-mark" aria-hidden="true">
            ♪
          </span>
          Audience
        </Link>
        <nav className="site-nav" aria-label="Account">
          <ThemeToggle />
          {signedIn ? (
            <>
              <span className="admin-badge">Admin</span>
              <Link href="/admin">Operations</Link>
              <form action={signOut}>
                <button type="submit" className="link-button">
                  Sign out
                </button>
              </form>
            </>
          ) : (
            <Link href="/sign-in">Sign in</Link>
          )}
        </nav>
      </div>
    </header>
  );
}
