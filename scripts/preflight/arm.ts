/**
 * Talking to Azure Resource Manager for preflight: the credential, the four ARM SDK clients, one retry/timeout policy
 * shared by all of them, and the translation of what went wrong into an {@link OutsideError} a person can act on.
 *
 * The SDKs' own retry is switched off and replaced by {@link preflightRetryPolicy}, so the budget is the same for
 * every client and small enough to configure for tests: each attempt has a timeout; 429 waits for `Retry-After` (and
 * gives up when Azure asks for longer than the budget allows); 408/5xx, dropped connections, timeouts and malformed
 * JSON are retried with exponential back-off; 401 and 403 are never retried.
 *
 * Nothing is sent anywhere but the endpoint's origin: {@link originGuardPolicy} runs first in every client's pipeline,
 * before the credential adds the bearer token, and refuses any request to another scheme, host or port (a `nextLink`
 * a hostile server or proxy pointed elsewhere). A success answer that is not a JSON object is never handed on as if it
 * were one.
 */
import { ComputeManagementClient, isRestError, type ComputeManagementClientOptionalParams } from '@azure/arm-compute';
import { ResourceManagementClient } from '@azure/arm-resources';
import { SubscriptionClient } from '@azure/arm-resources-subscriptions';
import { StorageManagementClient } from '@azure/arm-storage';
import { DefaultAzureCredential, type AccessToken, type TokenCredential } from '@azure/identity';
import { OutsideError } from '../lib/cli';

// Pipeline types, taken from the SDK's own option types rather than from its transitive dependencies.
type PipelinePolicy = NonNullable<ComputeManagementClientOptionalParams['additionalPolicies']>[number]['policy'];
type PipelineRequest = Parameters<PipelinePolicy['sendRequest']>[0];
type PipelineResponse = Awaited<ReturnType<PipelinePolicy['sendRequest']>>;
type AbortSignalLike = NonNullable<PipelineRequest['abortSignal']>;

/** The public Azure Resource Manager endpoint. */
export const DEFAULT_ARM_ENDPOINT = 'https://management.azure.com';

/** How hard preflight tries before it says Azure could not be asked. */
export interface RetryBudget {
  /** Milliseconds one attempt may take before it is abandoned (and retried). */
  readonly requestTimeoutMs: number;
  /** Retries after the first attempt of each call. */
  readonly maxRetries: number;
  /** First back-off delay in milliseconds; doubles on every retry. */
  readonly retryDelayMs: number;
  /** The longest `Retry-After` wait accepted, in milliseconds; a longer one ends the run as throttled. */
  readonly maxRetryWaitMs: number;
}

/** The budget used when nothing is configured: generous enough for a real subscription. */
export const DEFAULT_RETRY_BUDGET: RetryBudget = {
  requestTimeoutMs: 30_000,
  maxRetries: 4,
  retryDelayMs: 1_000,
  maxRetryWaitMs: 60_000,
};

/** The allowed range of a {@link RetryBudget} setting, and its unit for messages. */
export interface BudgetLimit {
  readonly min: number;
  readonly max: number;
  /** `milliseconds` or `retries`. */
  readonly unit: string;
}

/**
 * The range each budget setting may take. Every bound keeps Node's timers exact (they cut anything above
 * 2^31 − 1 ms to 1 ms): one attempt at most 10 minutes, at most 10 retries, a first back-off of at most a minute, and
 * at most an hour of `Retry-After`.
 */
export const BUDGET_LIMITS: { readonly [K in keyof RetryBudget]: BudgetLimit } = {
  requestTimeoutMs: { min: 1, max: 600_000, unit: 'milliseconds' },
  maxRetries: { min: 0, max: 10, unit: 'retries' },
  retryDelayMs: { min: 0, max: 60_000, unit: 'milliseconds' },
  maxRetryWaitMs: { min: 0, max: 3_600_000, unit: 'milliseconds' },
};

/** Where and how to reach ARM. */
export interface ArmSettings {
  /** ARM base URL (HTTPS). */
  readonly endpoint: string;
  /** The subscription every call is made in. */
  readonly subscriptionId: string;
  /** Retry and timeout budget. */
  readonly budget: RetryBudget;
}

/** The credential preflight uses and how to describe it. */
export interface CredentialChoice {
  readonly credential: TokenCredential;
  /** `static` when `AZURE_ARM_TOKEN` supplied a bearer token, else `default` (DefaultAzureCredential). */
  readonly kind: 'static' | 'default';
  /** A sentence for the output; never contains the token. */
  readonly description: string;
}

/** The environment variable that supplies a static bearer token (emulators, automation). */
export const STATIC_TOKEN_ENV = 'AZURE_ARM_TOKEN';

/**
 * Picks the credential: a static bearer token from `AZURE_ARM_TOKEN` when set, else `DefaultAzureCredential`
 * (Azure CLI login, environment variables, managed identity, ...).
 */
export function chooseCredential(env: NodeJS.ProcessEnv = process.env): CredentialChoice {
  const token = env[STATIC_TOKEN_ENV];
  if (token) {
    return {
      credential: staticTokenCredential(token),
      kind: 'static',
      description: `static bearer token from ${STATIC_TOKEN_ENV} (value not shown)`,
    };
  }
  return {
    credential: new DefaultAzureCredential(),
    kind: 'default',
    description: 'DefaultAzureCredential (az login, environment, managed identity)',
  };
}

/** A credential that always hands out the same bearer token. */
export function staticTokenCredential(token: string): TokenCredential {
  return {
    getToken: (): Promise<AccessToken> =>
      Promise.resolve({ token, expiresOnTimestamp: Date.now() + 60 * 60 * 1000, tokenType: 'Bearer' }),
  };
}

/** The ARM SDK clients preflight uses. */
export interface ArmClients {
  /** The origin (scheme, host, port) of the ARM endpoint: the only place requests and the token may go. */
  readonly endpoint: string;
  readonly compute: ComputeManagementClient;
  readonly resources: ResourceManagementClient;
  readonly subscriptions: SubscriptionClient;
  readonly storage: StorageManagementClient;
}

/** Builds every client against one endpoint with the preflight retry policy in place of the SDK's own. */
export function createArmClients(settings: ArmSettings, credential: TokenCredential): ArmClients {
  const endpoint = settings.endpoint.replace(/\/+$/, '');
  // The token audience follows the endpoint, as the SDKs do by default (a sovereign cloud has its own).
  const scope = `${endpoint}/.default`;
  const common = {
    endpoint,
    retryOptions: { maxRetries: 0 },
    additionalPolicies: [{ policy: preflightRetryPolicy(settings.budget), position: 'perCall' as const }],
    userAgentOptions: { userAgentPrefix: 'vast-azure-poc-preflight' },
  };
  const clients: ArmClients = {
    endpoint: new URL(endpoint).origin,
    compute: new ComputeManagementClient(credential, settings.subscriptionId, {
      ...common,
      credentials: { scopes: [scope] },
    }),
    resources: new ResourceManagementClient(credential, settings.subscriptionId, {
      ...common,
      credentialScopes: [scope],
    }),
    subscriptions: new SubscriptionClient(credential, { ...common, credentialScopes: [scope] }),
    storage: new StorageManagementClient(credential, settings.subscriptionId, { ...common, credentialScopes: [scope] }),
  };
  // The first phase of every pipeline, so it runs before the credential policy signs the request (in the modular
  // compute client an additional policy would run after it).
  const guard = originGuardPolicy(clients.endpoint);
  for (const client of [clients.compute, clients.resources, clients.subscriptions, clients.storage]) {
    client.pipeline.addPolicy(guard, { phase: 'Serialize' });
  }
  return clients;
}

/**
 * The origin of `url` (resolved against `base` when relative): `scheme://host[:port]`, with the default port left
 * out, as browsers compare origins. Undefined when it is not a URL.
 */
export function originOf(url: string, base?: string): string | undefined {
  try {
    return new URL(url, base).origin;
  } catch {
    return undefined;
  }
}

/** Whether `url` (resolved against `endpoint` when relative) has the endpoint's scheme, host and port. */
export function sameOrigin(url: string, endpoint: string): boolean {
  const origin = originOf(url, endpoint);
  return origin !== undefined && origin !== 'null' && origin === originOf(endpoint);
}

/**
 * The pipeline policy that refuses to send a request anywhere but the ARM endpoint's origin. It runs before the
 * credential policy, so a link to another host, port or to `http://` never gets a bearer token, and is not retried.
 */
export function originGuardPolicy(endpoint: string): PipelinePolicy {
  const allowed = originOf(endpoint) ?? endpoint;
  return {
    name: 'vastPreflightOriginGuard',
    sendRequest(request, next) {
      if (!sameOrigin(request.url, allowed)) {
        const origin = originOf(request.url) ?? 'a URL that does not parse';
        return Promise.reject(
          new ArmCallError(
            'foreign-origin',
            `${request.method} to ${origin} refused: it is not the ARM endpoint ${allowed}, and the token goes only there`,
          ),
        );
      }
      return next(request);
    },
  };
}

/** Why a call could not be completed. */
export type ArmFailureKind =
  | 'auth'
  | 'forbidden'
  | 'throttled'
  | 'unavailable'
  | 'timeout'
  | 'unreachable'
  | 'tls'
  | 'malformed'
  | 'unreadable'
  | 'foreign-origin'
  | 'paging'
  | 'not-found'
  | 'other';

/** A call to ARM that failed for good (after any retries the budget allows). */
export class ArmCallError extends Error {
  override readonly name = 'ArmCallError';
  constructor(
    readonly kind: ArmFailureKind,
    message: string,
    /** The HTTP status, when Azure answered. */
    readonly status?: number,
    /** The ARM error code, when Azure sent one. */
    readonly code?: string,
  ) {
    super(message);
  }
}

const TRANSIENT_STATUS = new Set([408, 500, 502, 503, 504]);
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ESOCKETTIMEDOUT', 'EPIPE', 'EAI_AGAIN']);
const TLS_CODES = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/**
 * The pipeline policy that gives every ARM call the same timeout and retry budget. It sits outside the SDKs'
 * deserialization, so it also sees (and retries) a body that is not valid JSON.
 */
export function preflightRetryPolicy(budget: RetryBudget): PipelinePolicy {
  return {
    name: 'vastPreflightRetry',
    async sendRequest(request, next) {
      const what = `${request.method} ${new URL(request.url).pathname}`;
      for (let attempt = 0; ; attempt += 1) {
        // The attempt's own timeout: a timer that is always cleared, so no stray timer keeps the process alive.
        const callerSignal = request.abortSignal;
        const attemptAbort = new AbortController();
        const onCallerAbort = (): void => attemptAbort.abort();
        callerSignal?.addEventListener('abort', onCallerAbort);
        let timedOut = false;
        const timer = setTimeout(() => {
          timedOut = true;
          attemptAbort.abort();
        }, budget.requestTimeoutMs);
        request.abortSignal = attemptAbort.signal;
        let response: PipelineResponse | undefined;
        let error: unknown;
        try {
          response = await next(request);
        } catch (e) {
          error = e;
        } finally {
          clearTimeout(timer);
          callerSignal?.removeEventListener('abort', onCallerAbort);
          request.abortSignal = callerSignal;
        }
        if (callerSignal?.aborted) {
          throw error instanceof Error ? error : new ArmCallError('other', `${what} was cancelled`);
        }
        const outcome = judge(what, response, error, timedOut, budget);
        if (outcome.done) {
          if (outcome.failure) throw outcome.failure;
          if (error !== undefined)
            throw error instanceof Error ? error : new ArmCallError('other', `${what}: failed without an error object`);
          if (response) return response;
          throw new ArmCallError('other', `${what}: no response`);
        }
        if (attempt >= budget.maxRetries) throw outcome.failure;
        const backoff = Math.min(budget.retryDelayMs * 2 ** attempt, MAX_TIMER_MS);
        await sleep(outcome.waitMs ?? backoff, request.abortSignal);
      }
    },
  };

  function judge(
    what: string,
    response: PipelineResponse | undefined,
    error: unknown,
    timedOut: boolean,
    b: RetryBudget,
  ): { done: true; failure?: ArmCallError } | { done: false; failure: ArmCallError; waitMs?: number } {
    const status = response?.status ?? (isRestError(error) ? error.statusCode : undefined);
    const headers = response?.headers ?? (isRestError(error) ? error.response?.headers : undefined);
    const body = response?.bodyAsText ?? (isRestError(error) ? error.response?.bodyAsText : undefined);
    if (status !== undefined) {
      const arm = armError(body);
      const detail = arm ? `${arm.code}: ${arm.message}` : `HTTP ${status}`;
      if (status === 401)
        return { done: true, failure: new ArmCallError('auth', `${what}: ${detail}`, status, arm?.code) };
      if (status === 403)
        return { done: true, failure: new ArmCallError('forbidden', `${what}: ${detail}`, status, arm?.code) };
      if (status === 429) {
        const waitMs = retryAfterMs(
          headers?.get('retry-after-ms') ?? headers?.get('x-ms-retry-after-ms'),
          headers?.get('retry-after'),
        );
        const failure = new ArmCallError(
          'throttled',
          `${what}: throttled by Azure (429${waitMs === undefined ? '' : `, Retry-After ${Math.ceil(waitMs / 1000)} s`})`,
          status,
          arm?.code,
        );
        if (waitMs !== undefined && waitMs > b.maxRetryWaitMs) return { done: true, failure };
        return { done: false, failure, ...(waitMs === undefined ? {} : { waitMs }) };
      }
      if (TRANSIENT_STATUS.has(status)) {
        const waitMs = retryAfterMs(undefined, headers?.get('retry-after'));
        return {
          done: false,
          failure: new ArmCallError('unavailable', `${what}: Azure answered ${detail}`, status, arm?.code),
          ...(waitMs !== undefined && waitMs <= b.maxRetryWaitMs ? { waitMs } : {}),
        };
      }
      if (status >= 200 && status < 300 && !error && response) {
        const problem = bodyProblem(response);
        if (problem === NOT_AN_OBJECT) {
          return {
            done: true,
            failure: new ArmCallError('unreadable', `${what}: Azure answered ${status} with ${problem}`, status),
          };
        }
        if (problem !== undefined) {
          return {
            done: false,
            failure: new ArmCallError('malformed', `${what}: Azure answered ${status} with ${problem}`, status),
          };
        }
      }
      if (isRestError(error) && error.code === 'PARSE_ERROR') {
        return {
          done: false,
          failure: new ArmCallError('malformed', `${what}: Azure answered with malformed JSON`, status),
        };
      }
      if (status === 404 && arm?.code === 'SubscriptionNotFound') {
        return { done: true, failure: new ArmCallError('not-found', `${what}: ${detail}`, status, arm.code) };
      }
      return { done: true };
    }
    if (timedOut) {
      return {
        done: false,
        failure: new ArmCallError('timeout', `${what}: no answer within ${b.requestTimeoutMs} ms`),
      };
    }
    const code = isRestError(error) ? error.code : (error as NodeJS.ErrnoException | undefined)?.code;
    if (code && TLS_CODES.has(code)) {
      return {
        done: true,
        failure: new ArmCallError('tls', `${what}: the server's TLS certificate is not trusted (${code})`),
      };
    }
    if (code && (NETWORK_CODES.has(code) || code === 'ENOTFOUND' || code === 'REQUEST_SEND_ERROR')) {
      const failure = new ArmCallError('unreachable', `${what}: could not connect (${code})`);
      return code === 'ENOTFOUND' ? { done: true, failure } : { done: false, failure };
    }
    return { done: true };
  }
}

/** Waits, ending early (without error) when the request is cancelled; the loop then reports the cancellation. */
function sleep(ms: number, signal: AbortSignalLike | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done);
  });
}

/** The longest delay Node's timers take; a longer one is cut to 1 ms (with a TimeoutOverflowWarning). */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** What {@link bodyProblem} says of valid JSON that is not an object (a list, a string, null). */
export const NOT_AN_OBJECT = 'JSON that is not an object';

/**
 * What is wrong with a success answer's body, phrased for a message, or undefined when it is a JSON object (every ARM
 * read preflight makes answers one).
 */
export function bodyProblem(response: {
  readonly headers: { get(name: string): string | undefined };
  readonly bodyAsText?: string | null;
}): string | undefined {
  const text = response.bodyAsText ?? '';
  const contentType = response.headers.get('content-type') ?? '';
  if (text.trim() === '') return 'an empty body';
  if (!/^application\/([\w.+-]*\+)?json\s*(;|$)/i.test(contentType)) {
    const media = /^[\w.+-]+\/[\w.+-]+/.exec(contentType.trim())?.[0];
    return media ? `a ${media} body, not JSON` : 'a body without a content type, not JSON';
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return 'malformed JSON';
  }
  return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? undefined : NOT_AN_OBJECT;
}

function armError(body: string | null | undefined): { code: string; message: string } | undefined {
  if (!body) return undefined;
  try {
    const parsed = JSON.parse(body) as { error?: { code?: unknown; message?: unknown } };
    const code = parsed.error?.code;
    const message = parsed.error?.message;
    if (typeof code === 'string') return { code, message: typeof message === 'string' ? message : '' };
  } catch {
    // not an ARM error body
  }
  return undefined;
}

/** Milliseconds to wait from `retry-after-ms` or `Retry-After` (seconds or an HTTP date); undefined when absent. */
export function retryAfterMs(msHeader: string | undefined, header: string | undefined): number | undefined {
  if (msHeader !== undefined && /^\d+$/.test(msHeader.trim())) return Number(msHeader.trim());
  if (header === undefined) return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : undefined;
}

/**
 * Turns anything a call threw into an {@link OutsideError} that says what failed and what to do. Anything not
 * foreseen is returned unchanged, so it is reported as a bug.
 *
 * @param credentialKind which credential was used, for the login hint.
 */
export function explainFailure(e: unknown, credentialKind: CredentialChoice['kind'], endpoint: string): Error {
  const loginHint =
    credentialKind === 'static'
      ? `check the token in ${STATIC_TOKEN_ENV} (it may have expired), or unset it and run \`az login\``
      : 'run `az login` (and `az account set --subscription <id>`), or set AZURE_CLIENT_ID, AZURE_TENANT_ID and AZURE_CLIENT_SECRET';
  if (e instanceof ArmCallError) {
    switch (e.kind) {
      case 'auth':
        return new OutsideError(`Azure refused the credentials (401): ${e.message}`, loginHint);
      case 'forbidden':
        return new OutsideError(
          `Azure denied access (403): ${e.message}`,
          /\/providers\/Microsoft\.Network\/virtualNetworks\//i.test(e.message)
            ? "ask for the Reader role on the existing network's resource group (network.existing) for this identity, as well as on the subscription (preflight only reads), or log in as a user that has both: `az login`"
            : 'ask for the Reader role on the subscription for this identity (preflight only reads), or log in as a user that has it: `az login`',
        );
      case 'throttled':
        return new OutsideError(
          `Azure kept throttling past the retry budget: ${e.message}`,
          'wait a few minutes and run preflight again; other tools in the subscription may be using up the read limit',
        );
      case 'unavailable':
        return new OutsideError(
          `Azure kept failing past the retry budget: ${e.message}`,
          'try again in a few minutes; check https://azure.status.microsoft for an incident',
        );
      case 'timeout':
        return new OutsideError(
          `Azure did not answer in time, even after retries: ${e.message}`,
          'check the network path to the ARM endpoint (proxy, firewall) and try again; raise PREFLIGHT_REQUEST_TIMEOUT_MS on a slow link',
        );
      case 'unreachable':
        return new OutsideError(
          `could not reach Azure Resource Manager at ${endpoint}: ${e.message}`,
          'check the network, proxy settings (HTTPS_PROXY) and the --arm-endpoint value',
        );
      case 'tls':
        return new OutsideError(
          `${e.message} at ${endpoint}`,
          'for an emulator or TLS-inspecting proxy, point NODE_EXTRA_CA_CERTS at its CA certificate (verification is never switched off)',
        );
      case 'malformed':
        return new OutsideError(
          `Azure answered with a body that is not valid JSON, even after retries: ${e.message}`,
          'try again; if it persists, a proxy between you and Azure may be rewriting responses',
        );
      case 'unreadable':
        return new OutsideError(
          `Azure's answer could not be read, so preflight reached no verdict: ${e.message}`,
          'try again; if it persists, check --arm-endpoint and any proxy between you and Azure (HTTPS_PROXY): the answer is not what Azure Resource Manager sends',
        );
      case 'foreign-origin':
        return new OutsideError(
          `refused to follow a link away from the ARM endpoint (the token is sent only to ${endpoint}): ${e.message}`,
          'check --arm-endpoint and any proxy between you and Azure (HTTPS_PROXY): Azure Resource Manager links only to itself',
        );
      case 'paging':
        return new OutsideError(
          `a paged answer from Azure did not end, so preflight stopped it: ${e.message}`,
          'try again; if it persists, check --arm-endpoint and any proxy between you and Azure (HTTPS_PROXY)',
        );
      case 'not-found':
        return new OutsideError(
          `the subscription was not found: ${e.message}`,
          'check --subscription (or the profile / AZURE_SUBSCRIPTION_ID) and that this identity can see it: `az account list`',
        );
      case 'other':
        return new OutsideError(e.message);
    }
  }
  if (e instanceof Error) {
    if (/CredentialUnavailableError|AuthenticationError|AggregateAuthenticationError/.test(e.name)) {
      return new OutsideError(`could not get an Azure token: ${firstLine(e.message)}`, loginHint);
    }
    if (isRestError(e)) {
      const arm = armError(e.response?.bodyAsText);
      return new OutsideError(
        `Azure answered ${e.statusCode ?? 'an error'}${arm ? ` (${arm.code}: ${arm.message})` : `: ${firstLine(e.message)}`}`,
        'check the subscription and the ARM endpoint; run with the same identity in the Azure portal to compare',
      );
    }
  }
  return e instanceof Error ? e : new Error(String(e));
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}
