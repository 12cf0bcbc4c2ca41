/**
 * A local server that speaks the Azure Retail Prices API shape (reference §5): `GET /api/retail/prices` with
 * `api-version`, `currencyCode` and an OData `$filter` of `field eq 'value'` clauses joined by `and` (values compared
 * case-sensitively, as the real API does); answers `{ BillingCurrency, CustomerEntityId, CustomerEntityType, Items,
 * NextPageLink, Count }`, paging with `$skip` and a `NextPageLink` that points back at itself. Binds to 127.0.0.1.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One price item as the API returns it (subset of fields, plus `serviceName` and `type` used by filters). */
export type RetailItem = Readonly<Record<string, string | number>>;

/** How the server misbehaves, for failure tests. */
export type Behaviour = 'ok' | 'error500' | 'throttle' | 'hang' | 'notJson' | 'noItems' | 'foreignNextPage';

/** Options for {@link startRetailPricesServer}. */
export interface RetailPricesServerOptions {
  readonly items: readonly RetailItem[];
  /** Items per page. @default 100 (the real API's page size) */
  readonly pageSize?: number;
  /** @default 'ok' */
  readonly behaviour?: Behaviour;
}

/** A running server. */
export interface RetailPricesServer {
  /** Base URL, e.g. http://127.0.0.1:51234 */
  readonly url: string;
  /** Every request path and query received, in order. */
  readonly requests: string[];
  close(): Promise<void>;
}

/** Parses `a eq 'x' and b eq 'y'`; `undefined` when the filter uses anything else. */
export function parseFilter(filter: string): Array<[string, string]> | undefined {
  const clauses = filter.split(/\s+and\s+/);
  const out: Array<[string, string]> = [];
  for (const c of clauses) {
    const m = /^\s*(\w+)\s+eq\s+'([^']*)'\s*$/.exec(c);
    if (!m) return undefined;
    out.push([m[1]!, m[2]!]);
  }
  return out;
}

/** Field names in a filter → item fields (`priceType` filters the item's `type`). */
const FIELD: Readonly<Record<string, string>> = { priceType: 'type' };

/** Starts the server on an ephemeral port of 127.0.0.1. */
export async function startRetailPricesServer(options: RetailPricesServerOptions): Promise<RetailPricesServer> {
  const requests: string[] = [];
  const pageSize = options.pageSize ?? 100;
  const behaviour = options.behaviour ?? 'ok';
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    requests.push(req.url ?? '');
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
    if (behaviour === 'hang') return; // never answer
    if (url.pathname !== '/api/retail/prices') return send(res, 404, { Error: { Code: 'NotFound' } });
    if (behaviour === 'error500') return send(res, 500, { Error: { Code: 'InternalServerError' } });
    if (behaviour === 'throttle') return send(res, 429, { Error: { Code: 'TooManyRequests' } });
    if (behaviour === 'notJson') {
      res.writeHead(200, { 'content-type': 'text/html' });
      return res.end('<html>maintenance</html>');
    }
    if (behaviour === 'noItems') return send(res, 200, { BillingCurrency: 'USD' });
    const filter = url.searchParams.get('$filter') ?? '';
    const clauses = filter ? parseFilter(filter) : [];
    if (!clauses) return send(res, 400, { Error: { Code: 'InvalidFilter', Message: `cannot parse ${filter}` } });
    const matches = options.items.filter((item) => clauses.every(([f, v]) => String(item[FIELD[f] ?? f]) === v));
    const skip = Number(url.searchParams.get('$skip') ?? '0');
    const page = matches.slice(skip, skip + pageSize);
    let next: string | null = null;
    if (skip + pageSize < matches.length) {
      const n = new URL(url.href);
      n.searchParams.set('$skip', String(skip + pageSize));
      next = behaviour === 'foreignNextPage' ? n.href.replace('127.0.0.1', 'prices.example.invalid') : n.href;
    }
    return send(res, 200, {
      BillingCurrency: 'USD',
      CustomerEntityId: 'Default',
      CustomerEntityType: 'Retail',
      Items: page,
      NextPageLink: next,
      Count: page.length,
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}
