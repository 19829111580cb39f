'use client';

import Link from 'next/link';
import { usePathname, useRouter } from 'next/navigation';
import { useEffect, useId, useRef, useState } from 'react';
import { useSession } from '@/components/session/SessionProvider';
import { errorMessage } from '@/lib/client/http';
import { Icon } from '@/components/ui/Icon';

function NavLink({ href, children }: { href: string; children: React.ReactNode }) {
  const pathname = usePathname();
  const current = href === '/' ? pathname === '/' : pathname === href || pathname.startsWith(`${href}/`);
  return (
    <Link href={href} aria-current={current ? 'page' : undefined}>
      {children}
    </Link>
  );
}

function UserMenu() {
  const { session, logout } = useSession();
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const panelId = useId();
  const rootRef = useRef<HTMLLIElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const pathname = usePathname();

  // Navigating closes the menu: noticed while rendering, so the new page never shows it open.
  const [lastPathname, setLastPathname] = useState(pathname);
  if (lastPathname !== pathname) {
    setLastPathname(pathname);
    setOpen(false);
  }

  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (rootRef.current && !rootRef.current.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        setOpen(false);
        buttonRef.current?.focus();
      }
    };
    document.addEventListener('mousedown', onDown);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('mousedown', onDown);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  if (session.status === 'loading') {
    return (
      <li aria-hidden="true">
        <span className="nav-button muted">…</span>
      </li>
    );
  }
  if (session.status !== 'authenticated') {
    const next = pathname && pathname !== '/login' && pathname !== '/signup' ? `?next=${encodeURIComponent(pathname)}` : '';
    return (
      <>
        <li>
          <Link href={`/login${next}`} aria-current={pathname === '/login' ? 'page' : undefined}>
            Log in
          </Link>
        </li>
        <li>
          <Link href="/signup" className="nav-cta" aria-current={pathname === '/signup' ? 'page' : undefined}>
            Sign up
          </Link>
        </li>
      </>
    );
  }

  const onLogout = async () => {
    setBusy(true);
    setError(null);
    try {
      await logout();
      setOpen(false);
      router.push('/');
      router.refresh();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <li className="user-menu" ref={rootRef}>
      <button
        ref={buttonRef}
        type="button"
        className="nav-button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((o) => !o)}
      >
        <Icon name="user" />
        <span>
          <span className="visually-hidden">Account menu for </span>
          {session.user.displayName}
        </span>
        <Icon name="chevronDown" size={16} />
      </button>
      <div id={panelId} className="user-menu__panel" hidden={!open}>
        <div className="user-menu__who">
          Signed in as <strong>{session.user.email}</strong>
        </div>
        <Link href="/bookings">My bookings</Link>
        <Link href="/credits">Credits</Link>
        <Link href="/memberships">Membership</Link>
        <Link href="/account/payments">Payment history</Link>
        <Link href="/account/cards">Saved cards</Link>
        <Link href="/account">Your account</Link>
        <Link href="/account/notifications">Email preferences</Link>
        <button type="button" className="nav-button" onClick={onLogout} disabled={busy}>
          {busy ? 'Logging out…' : 'Log out'}
        </button>
        {error ? (
          <p role="alert" className="field__error small">
            {error}
          </p>
        ) : null}
      </div>
    </li>
  );
}

function ProviderLink() {
  const { session } = useSession();
  if (session.status !== 'authenticated') return null;
  return (
    <li>
      <NavLink href="/provider">{session.user.groups.includes('PROVIDER') ? 'Provider' : 'Become a provider'}</NavLink>
    </li>
  );
}

function AdminLink() {
  const { session } = useSession();
  if (session.status !== 'authenticated' || !session.user.groups.includes('ADMIN')) return null;
  return (
    <li>
      <NavLink href="/admin">Admin</NavLink>
    </li>
  );
}

export function SiteHeader() {
  return (
    <header className="site-header">
      <div className="container site-header__inner">
        <Link href="/" className="brand">
          <span className="brand__mark" aria-hidden="true">
            ✦
          </span>
          <span>Bookwell</span>
        </Link>
        <nav className="site-nav" aria-label="Main">
          <ul>
            <li>
              <NavLink href="/services">Services</NavLink>
            </li>
            <li>
              <NavLink href="/bookings">My bookings</NavLink>
            </li>
            <ProviderLink />
            <AdminLink />
            <UserMenu />
          </ul>
        </nav>
      </div>
    </header>
  );
}
