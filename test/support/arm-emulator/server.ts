/**
 * A local HTTPS emulator of the Azure Resource Manager calls preflight makes, for tests, benchmarks and demos.
 *
 * It binds to 127.0.0.1 only, with a certificate generated at start-up whose CA is written to a temporary file
 * (`caCertPath`): clients trust it through `NODE_EXTRA_CA_CERTS`. It serves the documented JSON shapes from a
 * {@link World} and can inject faults per operation: HTTP errors (401, 403, 500, 503, ...), 429 with `Retry-After`,
 * a hang that never answers, malformed JSON, plus a fixed added latency and paging through `nextLink` links that
 * point back at itself. Hostile modes stand in for a server (or a proxy in front of it) that cannot be trusted: any
 * body for an operation (`{}`, empty, HTML), and a listing whose `nextLink` points at another origin (a second local
 * HTTPS server that records whether a bearer token reached it, see {@link ArmEmulator.startForeignOrigin}), at
 * `http://`, at itself forever, or at a fresh page forever.
 *
 * Besides the ARM routes it answers a small control API under `/_emulator/` (no authentication) so a standalone
 * instance can be driven with `curl`: `GET /_emulator/requests`, `POST /_emulator/settings`, `POST /_emulator/reset`,
 * `GET|PUT /_emulator/world`.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateCertificateAuthority, issueServerCertificate, type CertificateAuthority } from './cert';
import {
  defaultWorld,
  featureKey,
  findNetwork,
  findSubnet,
  type FeatureJson,
  type PermissionJson,
  type World,
} from './world';

/** The ARM operations the emulator serves. */
export type Operation =
  'skus' | 'usages' | 'locations' | 'provider' | 'checkNameAvailability' | 'feature' | 'network' | 'permissions';

/** The operations, for listing and validation. */
export const OPERATIONS: readonly Operation[] = [
  'skus',
  'usages',
  'locations',
  'provider',
  'checkNameAvailability',
  'feature',
  'network',
  'permissions',
];

/** Which requests a fault applies to and how often. */
interface FaultScope {
  /**
   * The operation the fault applies to.
   *
   * @default - every ARM operation
   */
  op?: Operation;
  /**
   * How many matching requests get the fault before the emulator behaves again.
   *
   * @default - every matching request, forever
   */
  times?: number;
}

/** A fault to inject. */
export type Fault =
  | (FaultScope & { kind: 'status'; status: number; code?: string })
  | (FaultScope & { kind: 'throttle'; retryAfterSeconds: number })
  | (FaultScope & { kind: 'hang' })
  | (FaultScope & { kind: 'malformed' })
  | (FaultScope & {
      /** Answers exactly this body (e.g. `{}`, `''`, an HTML page), whatever the operation. */
      kind: 'body';
      body: string;
      /** @default 'application/json; charset=utf-8' */
      contentType?: string;
      /** @default 200 */
      status?: number;
    })
  | (FaultScope & {
      /**
       * Answers a listing (`skus`, `usages`, `permissions`) with its items and a hostile `nextLink`: `foreign` points at the
       * foreign-origin server (started with {@link ArmEmulator.startForeignOrigin}), `http` at this emulator over
       * plain `http://`, `loop` at the same page for ever, `endless` at a new page for ever.
       */
      kind: 'nextLink';
      link: HostileLink;
    });

/** The hostile `nextLink` kinds of a `nextLink` fault. */
export type HostileLink = 'foreign' | 'http' | 'loop' | 'endless';

/** A request the foreign-origin server received. */
export interface ForeignRequest {
  readonly method: string;
  /** Path and query. */
  readonly url: string;
  /** Whether it carried an `Authorization` header (its value is never kept). */
  readonly authorization: boolean;
}

/** A second local HTTPS server, on another port, that stands in for another origin a nextLink may point at. */
export interface ForeignOrigin {
  /** Its base URL, e.g. `https://127.0.0.1:41235`. */
  readonly url: string;
  /** What it received, in arrival order. */
  readonly requests: ForeignRequest[];
}

/** Behaviour switches that can be changed while the emulator runs. */
export interface EmulatorSettings {
  /**
   * The bearer token the emulator accepts.
   *
   * @default - any non-empty bearer token
   */
  token?: string;
  /** Milliseconds added before answering every ARM request. @default 0 */
  latencyMs: number;
  /** Items per page for SKU and usage lists; 0 answers in one page. @default 0 */
  pageSize: number;
  /** Faults to inject, checked in order; the first that matches a request applies. @default [] */
  faults: Fault[];
}

/** Options for {@link ArmEmulator.start}. */
export interface EmulatorOptions extends Partial<EmulatorSettings> {
  /** The data to serve. @default defaultWorld() */
  world?: World;
  /** The port to bind on 127.0.0.1. @default - a free port */
  port?: number;
  /**
   * The CA that signs the server certificate, e.g. the test run's CA that every worker already trusts.
   *
   * @default - a fresh CA of its own
   */
  authority?: CertificateAuthority;
}

/** One request the emulator received (no headers are kept, so no token is ever recorded). */
export interface RecordedRequest {
  readonly method: string;
  /** Path without the query string. */
  readonly path: string;
  /** Query parameters. */
  readonly query: Readonly<Record<string, string>>;
  /** The ARM operation, when the path is one. */
  readonly op?: Operation;
  /** Status answered (0 when the request was left hanging). */
  status: number;
  /** When the request arrived, in milliseconds of `performance.now()`. */
  readonly receivedAt: number;
  /** When the answer was sent, in milliseconds of `performance.now()`; absent while hanging. */
  answeredAt?: number;
}

/** A running emulator. */
export class ArmEmulator {
  /** Requests received so far, in arrival order. */
  readonly requests: RecordedRequest[] = [];
  /** The current behaviour switches. */
  settings: EmulatorSettings;
  /** The data served; tests may change it between runs (see the helpers in `world.ts`). */
  world: World;
  /** The server certificate and key, kept to serve the foreign-origin server with the same trusted identity. */
  private tls?: { readonly cert: string; readonly key: string };
  private foreign?: { readonly server: Server; readonly origin: ForeignOrigin };

  private constructor(
    private readonly server: Server,
    private readonly dir: string,
    /** The base URL, e.g. `https://127.0.0.1:41234`. */
    readonly url: string,
    /** A PEM file with the CA certificate that signed the server certificate. */
    readonly caCertPath: string,
    options: EmulatorOptions,
  ) {
    this.settings = settingsFrom(options);
    this.world = options.world ?? defaultWorld();
  }

  /** Generates certificates, binds to 127.0.0.1 and resolves once listening. */
  static async start(options: EmulatorOptions = {}): Promise<ArmEmulator> {
    const certs = issueServerCertificate(options.authority ?? generateCertificateAuthority());
    const dir = mkdtempSync(join(tmpdir(), 'arm-emulator-'));
    const caCertPath = join(dir, 'ca.pem');
    writeFileSync(caCertPath, certs.caCertPem);
    const ref: { emulator?: ArmEmulator } = {};
    const server = createServer(
      { cert: certs.serverCertPem + certs.caCertPem, key: certs.serverKeyPem },
      (req, res) => {
        ref.emulator?.handle(req, res).catch((e: unknown) => {
          if (!res.headersSent) send(res, 500, { error: { code: 'EmulatorBug', message: String(e) } });
        });
      },
    );
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    ref.emulator = new ArmEmulator(server, dir, `https://127.0.0.1:${port}`, caCertPath, options);
    ref.emulator.tls = { cert: certs.serverCertPem + certs.caCertPem, key: certs.serverKeyPem };
    return ref.emulator;
  }

  /**
   * Starts (once) a second HTTPS server on another port of 127.0.0.1, with the same certificate, so a client that
   * trusts the emulator would also talk to it: the "other origin" of a `nextLink` fault of kind `foreign`. It answers
   * every request with an empty list and records whether the request carried an `Authorization` header.
   */
  async startForeignOrigin(): Promise<ForeignOrigin> {
    if (this.foreign) return this.foreign.origin;
    if (!this.tls) throw new Error('the emulator has no TLS identity');
    const requests: ForeignRequest[] = [];
    const server = createServer({ cert: this.tls.cert, key: this.tls.key }, (req, res) => {
      requests.push({
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        authorization: req.headers.authorization !== undefined,
      });
      send(res, 200, { value: [] });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    const origin: ForeignOrigin = { url: `https://127.0.0.1:${port}`, requests };
    this.foreign = { server, origin };
    return origin;
  }

  /** Changes behaviour switches; unspecified ones keep their value. */
  configure(settings: Partial<EmulatorSettings>): void {
    this.settings = { ...this.settings, ...settings };
  }

  /** Adds a fault after the existing ones. */
  addFault(fault: Fault): void {
    this.settings.faults.push(fault);
  }

  /** Restores the default world and settings and forgets recorded requests. */
  reset(): void {
    this.settings = settingsFrom({});
    this.world = defaultWorld();
    this.requests.length = 0;
    if (this.foreign) this.foreign.origin.requests.length = 0;
  }

  /** The recorded requests for one operation. */
  requestsFor(op: Operation): RecordedRequest[] {
    return this.requests.filter((r) => r.op === op);
  }

  /** Stops listening, drops open (including hanging) connections and removes the certificate files. */
  async close(): Promise<void> {
    const servers = [this.server, ...(this.foreign ? [this.foreign.server] : [])];
    await Promise.all(
      servers.map(
        (server) =>
          new Promise<void>((resolve) => {
            server.close(() => resolve());
            server.closeAllConnections();
          }),
      ),
    );
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const receivedAt = performance.now();
    const url = new URL(req.url ?? '/', this.url);
    const body = await readBody(req);
    if (url.pathname.startsWith('/_emulator/')) return this.control(req.method ?? 'GET', url.pathname, body, res);

    const route = matchRoute(req.method ?? 'GET', url.pathname);
    const record: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      ...(route ? { op: route.op } : {}),
      status: 0,
      receivedAt,
    };
    this.requests.push(record);
    const reply = (status: number, payload: unknown, headers: Record<string, string> = {}): void => {
      record.status = status;
      send(res, status, payload, headers);
      record.answeredAt = performance.now();
    };

    if (this.settings.latencyMs > 0) await sleep(this.settings.latencyMs);

    const auth = req.headers.authorization ?? '';
    const token = /^Bearer (.+)$/.exec(auth)?.[1];
    if (!token || (this.settings.token !== undefined && token !== this.settings.token)) {
      return reply(
        401,
        {
          error: {
            code: token ? 'InvalidAuthenticationToken' : 'AuthenticationFailed',
            message: token
              ? 'The access token is invalid.'
              : "Authentication failed. The 'Authorization' header is missing.",
          },
        },
        {
          'WWW-Authenticate':
            'Bearer authorization_uri="https://login.microsoftonline.com/common", error="invalid_token", error_description="The authentication failed because of missing or invalid Authorization header."',
        },
      );
    }
    if (!route) {
      return reply(404, {
        error: { code: 'NotFound', message: `The emulator does not serve ${req.method} ${url.pathname}` },
      });
    }

    const fault = this.takeFault(route.op);
    let hostileLink: HostileLink | undefined;
    if (fault) {
      switch (fault.kind) {
        case 'body':
          record.status = fault.status ?? 200;
          res.writeHead(record.status, {
            'Content-Type': fault.contentType ?? 'application/json; charset=utf-8',
            'Content-Length': String(Buffer.byteLength(fault.body)),
          });
          res.end(fault.body);
          record.answeredAt = performance.now();
          return;
        case 'nextLink':
          hostileLink = fault.link;
          break;
        case 'hang':
          return; // never answer; close() drops the connection
        case 'malformed':
          record.status = 200;
          res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' });
          res.end('{"value": [{"name": "Standard_L8s_v3", "capabilities": [');
          record.answeredAt = performance.now();
          return;
        case 'throttle':
          return reply(
            429,
            {
              error: {
                code: 'TooManyRequests',
                message: 'The request is being throttled as the limit has been reached for operation type - Read.',
              },
            },
            { 'Retry-After': String(fault.retryAfterSeconds) },
          );
        case 'status':
          return reply(fault.status, {
            error: {
              code: fault.code ?? defaultErrorCode(fault.status),
              message: errorMessage(fault.status, url.pathname),
            },
          });
      }
    }

    // A network may live in another subscription (a hub network): it is looked up by id below.
    if (route.op !== 'network' && route.subscriptionId.toLowerCase() !== this.world.subscriptionId.toLowerCase()) {
      return reply(404, {
        error: {
          code: 'SubscriptionNotFound',
          message: `The subscription '${route.subscriptionId}' could not be found.`,
        },
      });
    }
    const w = this.world;
    switch (route.op) {
      case 'locations':
        return reply(200, { value: w.locations });
      case 'provider': {
        const ns = Object.keys(w.providers).find((k) => k.toLowerCase() === route.param.toLowerCase());
        if (!ns) {
          return reply(404, {
            error: {
              code: 'InvalidResourceNamespace',
              message: `The resource namespace '${route.param}' is invalid.`,
            },
          });
        }
        return reply(200, {
          id: `/subscriptions/${w.subscriptionId}/providers/${ns}`,
          namespace: ns,
          registrationState: w.providers[ns],
          registrationPolicy: 'RegistrationRequired',
          resourceTypes: [],
        });
      }
      case 'skus': {
        const filter = url.searchParams.get('$filter') ?? '';
        const location = /^location eq '([^']+)'$/i.exec(filter.trim())?.[1];
        const items = location
          ? w.skus.filter((s) => s.locations.some((l) => l.toLowerCase() === location.toLowerCase()))
          : w.skus;
        return reply(200, hostileLink ? this.hostilePage(items, url, hostileLink) : this.page(items, url));
      }
      case 'usages': {
        const items = w.usages[route.param.toLowerCase()] ?? [];
        return reply(200, hostileLink ? this.hostilePage(items, url, hostileLink) : this.page(items, url));
      }
      case 'checkNameAvailability':
        return reply(200, nameAvailability(parseJson(body), w.takenStorageNames));
      case 'feature': {
        const [namespace = '', name = ''] = route.param.split('/');
        const key = featureKey(w, namespace, name);
        const state = key === undefined ? undefined : w.features[key];
        if (key === undefined || state === undefined) {
          // What the emulator answers for a feature the cloud does not have; preflight reads only the 404.
          return reply(404, {
            error: { code: 'FeatureNotFound', message: `The feature '${name}' could not be found.` },
          });
        }
        const [ns = namespace, n = name] = key.split('/');
        const feature: FeatureJson = {
          properties: { state },
          id: `/subscriptions/${w.subscriptionId}/providers/Microsoft.Features/providers/${ns}/features/${n}`,
          name: key,
          type: 'Microsoft.Features/providers/features',
        };
        return reply(200, feature);
      }
      case 'network': {
        const answer = networkAnswer(w, route);
        return reply(answer.status, answer.body);
      }
      case 'permissions': {
        const own = route.param === '' ? [] : groupPermissions(w, route.param);
        if (own === undefined) {
          return reply(404, {
            error: { code: 'ResourceGroupNotFound', message: `Resource group '${route.param}' could not be found.` },
          });
        }
        const items = [...(w.permissions ?? []), ...own];
        return reply(200, hostileLink ? this.hostilePage(items, url, hostileLink) : this.page(items, url));
      }
    }
  }

  private page(items: readonly unknown[], url: URL): { value: unknown[]; nextLink?: string } {
    const size = this.settings.pageSize;
    if (size <= 0) return { value: [...items] };
    const start = Number(url.searchParams.get('$skiptoken') ?? '0') || 0;
    const value = items.slice(start, start + size);
    if (start + size >= items.length) return { value };
    const next = new URL(url.pathname, this.url);
    for (const [k, v] of url.searchParams) if (k !== '$skiptoken') next.searchParams.set(k, v);
    next.searchParams.set('$skiptoken', String(start + size));
    return { value, nextLink: next.toString() };
  }

  /** Every item, with the hostile `nextLink` of a `nextLink` fault. */
  private hostilePage(items: readonly unknown[], url: URL, link: HostileLink): { value: unknown[]; nextLink: string } {
    const next = new URL(url.pathname + url.search, this.url);
    switch (link) {
      case 'foreign': {
        if (!this.foreign) throw new Error('a foreign nextLink needs startForeignOrigin() first');
        const foreign = new URL(url.pathname + url.search, this.foreign.origin.url);
        foreign.searchParams.set('$skiptoken', '1');
        return { value: [...items], nextLink: foreign.toString() };
      }
      case 'http':
        next.protocol = 'http:';
        next.searchParams.set('$skiptoken', '1');
        break;
      case 'loop':
        next.searchParams.set('$skiptoken', 'again');
        break;
      case 'endless':
        next.searchParams.set('$skiptoken', String((Number(url.searchParams.get('$skiptoken')) || 0) + 1));
        break;
    }
    return { value: [...items], nextLink: next.toString() };
  }

  private takeFault(op: Operation): Fault | undefined {
    const fault = this.settings.faults.find((f) => (f.op === undefined || f.op === op) && (f.times ?? 1) > 0);
    if (fault && fault.times !== undefined) fault.times -= 1;
    return fault;
  }

  private control(method: string, path: string, body: string, res: ServerResponse): void {
    if (method === 'GET' && path === '/_emulator/requests') return send(res, 200, { value: this.requests });
    if (method === 'GET' && path === '/_emulator/world') return send(res, 200, this.world);
    if (method === 'PUT' && path === '/_emulator/world') {
      this.world = parseJson(body) as World;
      return send(res, 200, { ok: true });
    }
    if (method === 'POST' && path === '/_emulator/reset') {
      this.reset();
      return send(res, 200, { ok: true });
    }
    if (method === 'POST' && path === '/_emulator/settings') {
      this.configure(parseJson(body) as Partial<EmulatorSettings>);
      return send(res, 200, this.settings);
    }
    return send(res, 404, { error: { code: 'NotFound', message: `no control route ${method} ${path}` } });
  }
}

interface Route {
  readonly op: Operation;
  readonly subscriptionId: string;
  /**
   * The location (usages), namespace (provider), `Namespace/Name` (feature), the resource id (network), or the
   * resource group (permissions; empty at subscription scope).
   */
  readonly param: string;
  /** The resource group, virtual network and subnet names of a network read. */
  readonly network?: { readonly resourceGroup: string; readonly name: string; readonly subnet?: string };
}

/**
 * What ARM answers for a virtual network or subnet read by id: the resource, or the 404 ARM sends when the
 * subscription, the resource group (known here only through the networks the world holds), the virtual network or
 * the subnet is not there.
 */
function networkAnswer(w: World, route: Route): { status: number; body: unknown } {
  const net = route.network;
  const sub = route.subscriptionId.toLowerCase();
  const networks = w.networks ?? [];
  const subscriptionOf = (id: string): string => (id.split('/')[2] ?? '').toLowerCase();
  const groupOf = (id: string): string => (id.split('/')[4] ?? '').toLowerCase();
  if (!net)
    return { status: 404, body: { error: { code: 'NotFound', message: `Resource ${route.param} not found.` } } };
  if (sub !== w.subscriptionId.toLowerCase() && !networks.some((n) => subscriptionOf(n.id) === sub)) {
    return {
      status: 404,
      body: {
        error: {
          code: 'SubscriptionNotFound',
          message: `The subscription '${route.subscriptionId}' could not be found.`,
        },
      },
    };
  }
  const rg = net.resourceGroup.toLowerCase();
  if (!networks.some((n) => subscriptionOf(n.id) === sub && groupOf(n.id) === rg)) {
    return {
      status: 404,
      body: {
        error: { code: 'ResourceGroupNotFound', message: `Resource group '${net.resourceGroup}' could not be found.` },
      },
    };
  }
  const vnetId = route.param.replace(/\/subnets\/[^/]+$/i, '');
  const vnet = findNetwork(w, vnetId);
  if (!vnet) {
    return {
      status: 404,
      body: {
        error: {
          code: 'ResourceNotFound',
          message: `The Resource 'Microsoft.Network/virtualNetworks/${net.name}' under resource group '${net.resourceGroup}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
        },
      },
    };
  }
  if (net.subnet === undefined) return { status: 200, body: vnet };
  const subnet = findSubnet(w, route.param);
  if (!subnet) {
    return { status: 404, body: { error: { code: 'NotFound', message: `Resource ${route.param} not found.` } } };
  }
  return { status: 200, body: subnet };
}

/** The permissions granted on an existing resource group itself (name matched case-insensitively), or undefined. */
function groupPermissions(w: World, name: string): PermissionJson[] | undefined {
  const groups = w.resourceGroups ?? {};
  const key = Object.keys(groups).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : groups[key];
}

function matchRoute(method: string, path: string): Route | undefined {
  const p = path.replace(/\/+$/, '');
  let m: RegExpExecArray | null;
  if (
    method === 'GET' &&
    (m =
      /^\/subscriptions\/([^/]+)(?:\/resourceGroups\/([^/]+))?\/providers\/Microsoft\.Authorization\/permissions$/i.exec(
        p,
      ))
  )
    return { op: 'permissions', subscriptionId: m[1] ?? '', param: decodeURIComponent(m[2] ?? '') };
  if (method === 'GET' && (m = /^\/subscriptions\/([^/]+)\/providers\/Microsoft\.Compute\/skus$/i.exec(p)))
    return { op: 'skus', subscriptionId: m[1] ?? '', param: '' };
  if (
    method === 'GET' &&
    (m = /^\/subscriptions\/([^/]+)\/providers\/Microsoft\.Compute\/locations\/([^/]+)\/usages$/i.exec(p))
  )
    return { op: 'usages', subscriptionId: m[1] ?? '', param: decodeURIComponent(m[2] ?? '') };
  if (
    method === 'GET' &&
    (m = /^\/subscriptions\/([^/]+)\/providers\/Microsoft\.Features\/providers\/([^/]+)\/features\/([^/]+)$/i.exec(p))
  )
    return {
      op: 'feature',
      subscriptionId: m[1] ?? '',
      param: `${decodeURIComponent(m[2] ?? '')}/${decodeURIComponent(m[3] ?? '')}`,
    };
  if (
    method === 'GET' &&
    (m =
      /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Network\/virtualNetworks\/([^/]+)(?:\/subnets\/([^/]+))?$/i.exec(
        p,
      ))
  ) {
    const subnet = m[4] === undefined ? undefined : decodeURIComponent(m[4]);
    return {
      op: 'network',
      subscriptionId: m[1] ?? '',
      param: decodeURIComponent(p),
      network: {
        resourceGroup: decodeURIComponent(m[2] ?? ''),
        name: decodeURIComponent(m[3] ?? ''),
        ...(subnet === undefined ? {} : { subnet }),
      },
    };
  }
  if (method === 'GET' && (m = /^\/subscriptions\/([^/]+)\/locations$/i.exec(p)))
    return { op: 'locations', subscriptionId: m[1] ?? '', param: '' };
  if (
    method === 'POST' &&
    (m = /^\/subscriptions\/([^/]+)\/providers\/Microsoft\.Storage\/checkNameAvailability$/i.exec(p))
  )
    return { op: 'checkNameAvailability', subscriptionId: m[1] ?? '', param: '' };
  if (method === 'GET' && (m = /^\/subscriptions\/([^/]+)\/providers\/([^/]+)$/i.exec(p)))
    return { op: 'provider', subscriptionId: m[1] ?? '', param: decodeURIComponent(m[2] ?? '') };
  return undefined;
}

function nameAvailability(input: unknown, taken: readonly string[]): unknown {
  const name = typeof input === 'object' && input !== null ? (input as { name?: unknown }).name : undefined;
  const text = typeof name === 'string' ? name : '';
  if (!/^[a-z0-9]{3,24}$/.test(text)) {
    return {
      nameAvailable: false,
      reason: 'AccountNameInvalid',
      message: `${text} is not a valid storage account name. Storage account name must be between 3 and 24 characters in length and use numbers and lower-case letters only.`,
    };
  }
  if (taken.includes(text)) {
    return {
      nameAvailable: false,
      reason: 'AlreadyExists',
      message: `The storage account named ${text} is already taken.`,
    };
  }
  return { nameAvailable: true };
}

function defaultErrorCode(status: number): string {
  switch (status) {
    case 401:
      return 'InvalidAuthenticationToken';
    case 403:
      return 'AuthorizationFailed';
    case 404:
      return 'NotFound';
    case 500:
      return 'InternalServerError';
    case 503:
      return 'ServiceUnavailable';
    default:
      return `Http${status}`;
  }
}

function errorMessage(status: number, path: string): string {
  if (status === 403) {
    return `The client 'emulated-user@example.com' with object id '00000000-0000-0000-0000-000000000000' does not have authorization to perform action 'read' over scope '${path}' or the scope is invalid.`;
  }
  if (status === 401) return 'The access token is invalid.';
  return `The emulator answered ${status} as configured.`;
}

function settingsFrom(options: Partial<EmulatorSettings>): EmulatorSettings {
  return {
    ...(options.token === undefined ? {} : { token: options.token }),
    latencyMs: options.latencyMs ?? 0,
    pageSize: options.pageSize ?? 0,
    faults: (options.faults ?? []).map((f) => ({ ...f })),
  };
}

function send(res: ServerResponse, status: number, payload: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(payload);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
    'x-ms-request-id': cryptoId(),
    ...headers,
  });
  res.end(text);
}

let counter = 0;
function cryptoId(): string {
  counter += 1;
  return `00000000-0000-4000-8000-${counter.toString(16).padStart(12, '0')}`;
}

function parseJson(text: string): unknown {
  try {
    return text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    return undefined;
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
