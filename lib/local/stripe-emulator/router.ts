interface Compiled<R> {
  method: string;
  regex: RegExp;
  names: string[];
  route: R;
}

/** Matches `METHOD /path/:param` patterns. */
export class Router<R extends { method: string; path: string }> {
  private readonly compiled: Compiled<R>[] = [];

  constructor(routes: R[]) {
    for (const route of routes) {
      const names: string[] = [];
      const source = route.path
        .split('/')
        .map((seg) => {
          if (!seg.startsWith(':')) return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
          names.push(seg.slice(1));
          return '([^/]+)';
        })
        .join('/');
      this.compiled.push({ method: route.method, regex: new RegExp(`^${source}/?$`), names, route });
    }
  }

  match(method: string, path: string): { route: R; params: Record<string, string> } | undefined {
    for (const c of this.compiled) {
      if (c.method !== method) continue;
      const m = c.regex.exec(path);
      if (!m) continue;
      const params: Record<string, string> = {};
      c.names.forEach((n, i) => {
        params[n] = decodeURIComponent(m[i + 1] ?? '');
      });
      return { route: c.route, params };
    }
    return undefined;
  }
}
