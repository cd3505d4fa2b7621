// Runs in Node (main side). Downloads an institution's provisioning file from its web address (IT teams
// publish one file for every teacher), bounded in size and time like every remote answer, and says which
// bound was hit. https only, except on this machine's loopback (test servers); redirects are not followed.
import got, { type Progress } from 'got';
import { StudioError } from '../../shared/errors';
import { networkError, POD_ERROR } from './podErrors';

export interface ProvisioningDownloadLimits {
  maxBytes: number;
  maxMs: number;
}

/** A provisioning file lists a few servers: a megabyte is far more than any needs. */
export const PROVISIONING_LIMITS: ProvisioningDownloadLimits = { maxBytes: 1024 * 1024, maxMs: 30_000 };

function isLoopback(host: string): boolean {
  return host === '127.0.0.1' || host === 'localhost' || host === '[::1]';
}

export async function downloadProvisioning(address: string, limits: Partial<ProvisioningDownloadLimits> = {}): Promise<string> {
  const bounds = { ...PROVISIONING_LIMITS, ...limits };
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    throw new StudioError(POD_ERROR.provisioning, `"${address}" is not a web address.`);
  }
  if (!(url.protocol === 'https:' || (url.protocol === 'http:' && isLoopback(url.hostname)))) {
    throw new StudioError(POD_ERROR.provisioning, `A provisioning file is downloaded over https only, not ${url.protocol}//.`);
  }
  let tooLarge = false;
  try {
    const request = got(url, {
      followRedirect: false,
      throwHttpErrors: false,
      retry: { limit: 0 },
      responseType: 'text',
      timeout: { request: bounds.maxMs },
      headers: { Accept: 'application/json' },
    });
    // `on` returns the request itself, awaited below: nothing is left floating.
    void request.on('downloadProgress', (progress: Progress) => {
      if (progress.transferred > bounds.maxBytes && !tooLarge) {
        tooLarge = true;
        request.cancel();
      }
    });
    const response = await request;
    if (response.statusCode !== 200) throw new StudioError(POD_ERROR.provisioning, `The provisioning file could not be downloaded from ${url.host} (HTTP ${response.statusCode}).`, { status: response.statusCode });
    return response.body;
  } catch (error) {
    if (error instanceof StudioError) throw error;
    if (tooLarge) {
      throw new StudioError(POD_ERROR.answerTooLarge, `${url.host} sent more than ${Math.round(bounds.maxBytes / 1024)} KiB for the provisioning file; such a file is far smaller, so the download was stopped.`, { host: url.host, limitBytes: bounds.maxBytes });
    }
    if ((error as { name?: string; event?: string }).name === 'TimeoutError' && (error as { event?: string }).event === 'request') {
      throw new StudioError(POD_ERROR.answerTooSlow, `${url.host} took more than ${bounds.maxMs >= 1000 ? `${Math.round(bounds.maxMs / 1000)} s` : `${bounds.maxMs} ms`} to send the provisioning file; the download was stopped.`, { host: url.host, limitMs: bounds.maxMs });
    }
    throw networkError(error, url.host);
  }
}
