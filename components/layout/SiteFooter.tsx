export function SiteFooter() {
  const year = new Date().getFullYear();
  return (
    <footer className="site-footer">
      <div className="container site-footer__inner">
        <p>© {year} Bookwell marketplace. Book trusted local services in minutes.</p>
        <p>Payments are processed securely by Stripe.</p>
      </div>
    </footer>
  );
}
