/**
 * `node --import` preload of the bundle harness: sends the HTTPS requests a bundle makes to fixed AWS and Stripe hosts
 * (api.stripe.com, cognito-idp.<region>.amazonaws.com) to the local stand-ins instead, over plain HTTP. The bundles
 * keep their production configuration; only this process's network is pointed elsewhere.
 * LAMBDA_HARNESS_REDIRECTS: JSON { "<host>": "http://127.0.0.1:<port>" }.
 */
import http from 'node:http';
import https from 'node:https';
import { syncBuiltinESMExports } from 'node:module';

const redirects = JSON.parse(process.env.LAMBDA_HARNESS_REDIRECTS ?? '{}');
const originalRequest = https.request;
const originalGet = https.get;

function redirected(args) {
  const [first, second] = args;
  const fromUrl = typeof first === 'string' || first instanceof URL ? new URL(first) : undefined;
  const options = fromUrl ? { ...(typeof second === 'object' && second ? second : {}) } : { ...(first ?? {}) };
  const host = fromUrl?.hostname ?? options.hostname ?? options.host;
  const target = host ? redirects[String(host).replace(/:\d+$/, '')] : undefined;
  if (!target) return undefined;
  const to = new URL(target);
  const path = fromUrl ? `${fromUrl.pathname}${fromUrl.search}` : (options.path ?? '/');
  const rest = args.slice(fromUrl ? 2 : 1).filter((a) => typeof a === 'function');
  const { agent: _agent, ...kept } = options;
  void _agent; // an https.Agent cannot carry a plain-HTTP request
  return [{ ...kept, protocol: 'http:', hostname: to.hostname, host: to.hostname, port: Number(to.port), path }, ...rest];
}

https.request = (...args) => {
  const to = redirected(args);
  return to ? http.request(...to) : originalRequest(...args);
};
https.get = (...args) => {
  const to = redirected(args);
  return to ? http.get(...to) : originalGet(...args);
};
syncBuiltinESMExports();
