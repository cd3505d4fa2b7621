// Runs in Node (main side). Turns what can go wrong between the app and a Pod server into StudioErrors
// with stable codes and plain messages (https://www.django-rest-framework.org/api-guide/authentication/, https://www.django-rest-framework.org/api-guide/exceptions/): network failures, DRF's JSON errors,
// nginx's and Django's HTML pages. Which failures a queued publication retries by itself is decided here too.
import { StudioError, type StudioErrorInfo } from '../../shared/errors';
import { mapPodFieldErrors } from '../../shared/logic/podMetadata';
import { scalarText } from '../../shared/logic/scalarText';

export const POD_ERROR = {
  badUrl: 'POD_BAD_URL',
  dns: 'POD_DNS',
  unreachable: 'POD_UNREACHABLE',
  tls: 'POD_TLS',
  timeout: 'POD_TIMEOUT',
  connectionLost: 'POD_CONNECTION_LOST',
  notPod: 'POD_NOT_POD',
  redirect: 'POD_REDIRECT',
  badToken: 'POD_BAD_TOKEN',
  notStaff: 'POD_NOT_STAFF',
  blocked: 'POD_BLOCKED',
  unknownUser: 'POD_UNKNOWN_USER',
  validation: 'POD_VALIDATION',
  invalidMetadata: 'POD_INVALID_METADATA',
  tooLarge: 'POD_TOO_LARGE',
  serverError: 'POD_SERVER_ERROR',
  notFound: 'POD_NOT_FOUND',
  encodingFailed: 'POD_ENCODING_FAILED',
  encodingStuck: 'POD_ENCODING_STUCK',
  noToken: 'POD_NO_TOKEN',
  noUsername: 'POD_NO_USERNAME',
  noProfile: 'POD_NO_PROFILE',
  noSource: 'POD_NO_SOURCE',
  badResponse: 'POD_BAD_RESPONSE',
  provisioning: 'POD_PROVISIONING_INVALID',
  answerTooLarge: 'POD_ANSWER_TOO_LARGE',
  answerTooSlow: 'POD_ANSWER_TOO_SLOW',
  /** A request that carried the file failed after it may have been stored: never repeated without a re-read. */
  uploadUncertain: 'POD_UPLOAD_UNCERTAIN',
  alreadyPublished: 'POD_ALREADY_PUBLISHED',
} as const;

/** Network hiccups and server-side 5xx: worth retrying with backoff. Everything else waits for the user. */
const RETRYABLE = new Set<string>([POD_ERROR.dns, POD_ERROR.unreachable, POD_ERROR.timeout, POD_ERROR.connectionLost, POD_ERROR.serverError]);

export function isRetryablePodError(error: StudioErrorInfo): boolean {
  return RETRYABLE.has(error.code);
}

const TLS_CODES = /^(CERT_|UNABLE_TO_(GET|VERIFY)|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|ERR_TLS_|ERR_SSL_|EPROTO$|HOSTNAME_MISMATCH)/;

/** A failure before any HTTP answer: DNS, refused connection, TLS, timeout, reset. */
export function networkError(error: unknown, host: string): StudioError {
  const code = scalarText((error as { code?: unknown }).code);
  const message = (error as Error).message ?? String(error);
  const details = { host, cause: code || message };
  if ((error as Error).name === 'AbortError' || code === 'ERR_ABORTED' || code === 'ABORT_ERR') return new StudioError('CANCELLED', 'The operation was cancelled.');
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME' || code === 'EAI_FAIL') {
    return new StudioError(POD_ERROR.dns, `The server name "${host}" cannot be found (DNS). Check the Pod address and your network connection.`, details);
  }
  if (code === 'ECONNREFUSED' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'EADDRNOTAVAIL' || code === 'ENETDOWN') {
    return new StudioError(POD_ERROR.unreachable, `The Pod server ${host} cannot be reached (${code}). Check the address, your network, or whether the server is down.`, details);
  }
  // Decided on error codes only, never on message texts (they change with versions and languages).
  if (TLS_CODES.test(code)) {
    return new StudioError(POD_ERROR.tls, `The secure connection to ${host} failed (${code || 'TLS error'}): its certificate is not trusted or does not match the address.`, details);
  }
  if (code === 'ETIMEDOUT' || (error as Error).name === 'TimeoutError') {
    const which = (error as { event?: string }).event;
    return new StudioError(POD_ERROR.timeout, `The Pod server ${host} stopped answering (${which ? `${which} timeout` : 'timeout'}). It may be overloaded.`, { ...details, timeout: which ?? null });
  }
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'ERR_STREAM_PREMATURE_CLOSE' || code === 'ECONNABORTED') {
    return new StudioError(POD_ERROR.connectionLost, `The connection to ${host} was cut before Pod answered.`, details);
  }
  return new StudioError(POD_ERROR.unreachable, `The Pod server ${host} cannot be reached: ${message}`, details);
}

export interface PodHttpAnswer {
  status: number;
  contentType: string;
  text: string;
  json: unknown;
}

function detailOf(json: unknown): string | null {
  return typeof json === 'object' && json !== null && typeof (json as { detail?: unknown }).detail === 'string' ? (json as { detail: string }).detail : null;
}

/** An HTTP answer that is not the expected success. `what` names the action, e.g. "uploading the video". */
export function httpError(answer: PodHttpAnswer, what: string, host: string): StudioError {
  const isJson = answer.json !== undefined;
  const detail = detailOf(answer.json);
  const base = { status: answer.status, action: what, host };
  switch (answer.status) {
    case 301:
    case 302:
    case 307:
    case 308:
      return new StudioError(POD_ERROR.redirect, `Pod redirected the request while ${what} (HTTP ${answer.status}). Check the address (https, www, path).`, base);
    case 401:
      return new StudioError(POD_ERROR.badToken, `Pod refused the API token while ${what}${detail ? ` ("${detail}")` : ''}. Ask your Pod administrators for a valid token.`, base);
    case 403:
      if (isJson) return new StudioError(POD_ERROR.notStaff, `This Pod account cannot use the Pod API: its token has no staff rights${detail ? ` ("${detail}")` : ''}. Ask your Pod administrators for a staff token.`, base);
      return new StudioError(POD_ERROR.blocked, `A proxy in front of Pod refused access to the API (HTML 403), probably an IP restriction on /rest. Ask the Pod administrators to allow your network.`, base);
    case 400:
      return new StudioError(POD_ERROR.validation, `Pod rejected some fields while ${what}.`, { ...base, fields: mapPodFieldErrors(answer.json ?? answer.text), pod: answer.json ?? null });
    case 404:
      return new StudioError(POD_ERROR.notFound, `Pod does not know this object (${detail ?? 'HTTP 404'}) while ${what}.`, base);
    case 413:
      return new StudioError(POD_ERROR.tooLarge, `The server refuses a file this large (HTTP 413 while ${what}). Ask the Pod administrators to raise their upload limit, or publish a shorter or lighter video.`, base);
    default:
      if (answer.status >= 500) {
        return new StudioError(POD_ERROR.serverError, `Pod had an internal error while ${what} (HTTP ${answer.status}${isJson ? '' : ', an HTML error page'}).`, { ...base, bodyStart: answer.text.slice(0, 200) });
      }
      return new StudioError(POD_ERROR.badResponse, `Pod answered HTTP ${answer.status} while ${what}${detail ? `: ${detail}` : ''}.`, { ...base, bodyStart: answer.text.slice(0, 200) });
  }
}
