import http from 'node:http';
import { NestApplicationOptions } from '@nestjs/common';
import { ExpressAdapter } from '@nestjs/platform-express';
import express from 'express';

/**
 * Nest's Express adapter, with the HTTP server creating each request and response directly as Express's
 * request and response objects.
 *
 * Express gives every request its API by `Object.setPrototypeOf(req, app.request)` (and the same for the
 * response). Changing a live object's prototype costs V8 dearly: every request's objects then survive the
 * young-generation collections and are promoted, so under load the old generation fills with garbage at
 * megabytes a second and the major collections that clear it stall the event loop for 100-200 ms every
 * few seconds (bench:search's p99). Built from constructors whose prototypes already are Express's,
 * the objects are what Express expects, its setPrototypeOf finds nothing to change (V8 returns early for
 * the same prototype), and request garbage dies young. Measured with --trace-gc-nvp at 500 requests/s:
 * 2.0 MB promoted per scavenge before, under 1 KB after on a bare Express app (~26 KB in the internships
 * service, whose other allocations remain).
 */
export class HamkorExpressAdapter extends ExpressAdapter {
  constructor() {
    super(express());
  }

  override initHttpServer(options: NestApplicationOptions): void {
    // TLS ends at the ingress (k8s/), so the platform never serves HTTPS itself; Nest's own server then.
    if (options?.httpsOptions || options?.forceCloseConnections) return super.initHttpServer(options);
    const app = this.getInstance<express.Express>();
    this.httpServer = http.createServer({ IncomingMessage: withPrototype(http.IncomingMessage, app.request), ServerResponse: withPrototype(http.ServerResponse, app.response) }, app);
  }
}

/**
 * A constructor that builds what `base` (one of node's function-style constructors, IncomingMessage or
 * ServerResponse) builds, with `prototype` as the instances' prototype.
 */
function withPrototype<C extends object>(base: C, prototype: object): C {
  function Constructed(this: object, ...args: unknown[]): void {
    (base as unknown as (this: object, ...args: unknown[]) => void).apply(this, args);
  }
  Constructed.prototype = prototype;
  return Constructed as unknown as C;
}
