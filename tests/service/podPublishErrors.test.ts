// Runs in Node (tests). Every failure a publication can meet, injected by the fake Pod: each ends with
// a clear message and a job that can be retried (and then succeeds once the cause is gone), and a
// connection cut after the upload was received leads to exactly one video on the server.
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { JobInfo } from '../../src/shared/domain/jobs';
import type { PublishResult } from '../../src/shared/domain/pod';
import { tempDir } from '../support/tempDir';
import { makeMp4, metadata, openPodTestBed, type PodTestBed } from '../support/podStudio';
import { NON_STAFF_TOKEN, STAFF_TOKEN } from '../support/podServer/state';
import type { PodFault } from '../support/podServer/server';
import type { PublishJobConfig } from '../../src/main/pod/publishJob';
import type { PodServerOptions } from '../support/podServer/server';

const media = tempDir('pod-err-media-');
let mp4: { path: string; sha256: string; size: number };
let bed: PodTestBed | null = null;

beforeAll(async () => {
  mp4 = await makeMp4(path.join(media, 'capsule.mp4'));
});

afterEach(async () => {
  await bed?.close();
  bed = null;
});

async function publishExpectingFailure(options: { fault?: PodFault; server?: PodServerOptions; config?: Partial<PublishJobConfig>; token?: string } = {}): Promise<{ bed: PodTestBed; job: JobInfo }> {
  bed = await openPodTestBed(tempDir(), { server: options.server, config: options.config, token: options.token });
  if (options.fault) bed.server.inject(options.fault);
  const queued = await bed.pod.publish({ profileId: bed.profile.id, filePath: mp4.path, metadata: metadata(), mode: 'new', chapters: [{ title: 'Intro', startMs: 0 }] });
  const job = await bed.studio.context.jobs.wait(queued.id);
  expect(job.state).toBe('failed');
  // The user can retry it: it goes back to the queue with its checkpoint.
  return { bed, job };
}

async function retryToSuccess(b: PodTestBed, job: JobInfo): Promise<PublishResult> {
  expect(b.studio.context.jobs.retry(job.id).state).toBe('queued');
  const result = await b.studio.context.jobs.result<PublishResult>(job.id);
  expect(b.server.state.videos).toHaveLength(1);
  expect(b.server.state.videos[0]!.file.sha256).toBe(mp4.sha256);
  expect(result.pageUrl).toBe(`${b.server.url}/video/${b.server.state.videos[0]!.slug}/`);
  return result;
}

describe('publication errors', () => {
  it('401: a refused token says so', async () => {
    const { bed: b, job } = await publishExpectingFailure({ fault: { kind: 'unauthorized', method: 'POST', path: '/rest/videos/' } });
    expect(job.error).toMatchObject({ code: 'POD_BAD_TOKEN' });
    expect(job.error!.message).toMatch(/refused the API token while uploading the video \("Invalid token\."\)/);
    await retryToSuccess(b, job);
  });

  it('403: a token without staff rights is told apart from a proxy refusing /rest', async () => {
    const { bed: b, job } = await publishExpectingFailure({ token: NON_STAFF_TOKEN });
    expect(job.error).toMatchObject({ code: 'POD_NOT_STAFF' });
    expect(job.error!.message).toMatch(/cannot use the Pod API: its token has no staff rights/);
    expect(b.server.state.videos).toHaveLength(0);
    // The administrators give a staff token: the same job goes through.
    await b.pod.saveProfile({ id: b.profile.id, name: b.profile.name, baseUrl: b.profile.baseUrl, username: 'jdoe', token: STAFF_TOKEN });
    await retryToSuccess(b, job);
  });

  it('403 from the DRF permission check and 403 HTML from nginx have distinct messages', async () => {
    const { bed: b, job } = await publishExpectingFailure({ fault: { kind: 'forbidden', method: 'POST', path: '/rest/videos/' } });
    expect(job.error).toMatchObject({ code: 'POD_NOT_STAFF' });
    await b.close();
    bed = null;
    const html = await publishExpectingFailure({ fault: { kind: 'forbiddenHtml', method: 'GET', path: '/rest/sites/' } });
    expect(html.job.error).toMatchObject({ code: 'POD_BLOCKED' });
    expect(html.job.error!.message).toMatch(/proxy in front of Pod refused access.*IP restriction/);
    await retryToSuccess(html.bed, html.job);
  });

  it('400: Pod field errors come back mapped to the form fields', async () => {
    const { bed: b, job } = await publishExpectingFailure({
      fault: { kind: 'fieldErrors', method: 'POST', path: '/rest/videos/', fieldErrors: { title: ['Ensure this field has no more than 250 characters.'], discipline: ['Invalid hyperlink - Object does not exist.'], video: ['The submitted file is empty.'] } },
    });
    expect(job.error).toMatchObject({ code: 'POD_VALIDATION', message: 'Pod rejected some fields while uploading the video.' });
    expect(job.error!.details!.fields).toEqual({
      title: ['Ensure this field has no more than 250 characters.'],
      disciplines: ['Invalid hyperlink - Object does not exist.'],
      general: ['video: The submitted file is empty.'],
    });
    await retryToSuccess(b, job);
  });

  it('400 from the real validation: a relation Pod does not have', async () => {
    // No vocabulary is cached, so only Pod can say the discipline does not exist.
    bed = await openPodTestBed(tempDir());
    const queued = await bed.pod.publish({ profileId: bed.profile.id, filePath: mp4.path, metadata: metadata({ disciplines: ['/rest/discipline/99/'] }), mode: 'new' });
    const job = await bed.studio.context.jobs.wait(queued.id);
    expect(job.state).toBe('failed');
    expect(job.error!.details!.fields).toEqual({ disciplines: ['Invalid hyperlink - Object does not exist.'] });
    expect(bed.server.state.videos).toHaveLength(0);
  });

  it('local validation stops a bad form before anything is sent', async () => {
    bed = await openPodTestBed(tempDir());
    await bed.pod.vocabulary(bed.profile.id);
    const before = bed.server.requests.length;
    await expect(bed.pod.publish({ profileId: bed.profile.id, filePath: mp4.path, metadata: metadata({ title: ' ', type: null, themes: ['/rest/themes/11/'], tags: 'a b' }), mode: 'new' })).rejects.toMatchObject({
      code: 'POD_INVALID_METADATA',
      details: { fields: { title: ['required'], type: ['required'], themes: ['theme_outside_channel'], tags: ['tags_unsupported'] } },
    });
    expect(bed.server.requests.length).toBe(before);
  });

  it('413: a file too large for the server', async () => {
    const { bed: b, job } = await publishExpectingFailure({ server: { knobs: { maxUploadBytes: 1000 } } });
    expect(job.error).toMatchObject({ code: 'POD_TOO_LARGE' });
    expect(job.error!.message).toMatch(/refuses a file this large \(HTTP 413/);
    b.server.state.knobs.maxUploadBytes = null; // the administrators raise client_max_body_size
    await retryToSuccess(b, job);
  });

  it('500 answered with an HTML page: reported as a server error, retried without a duplicate', async () => {
    const { bed: b, job } = await publishExpectingFailure({ fault: { kind: 'serverErrorHtml', method: 'POST', path: '/rest/videos/' } });
    expect(job.error).toMatchObject({ code: 'POD_SERVER_ERROR' });
    expect(job.error!.message).toMatch(/internal error while uploading the video \(HTTP 500, an HTML error page\)/);
    expect(String(job.error!.details!.bodyStart)).toContain('<!DOCTYPE html>');
    await retryToSuccess(b, job);
  });

  it('a connection reset in the middle of the upload: nothing was created, the retry uploads again', async () => {
    const { bed: b, job } = await publishExpectingFailure({ fault: { kind: 'resetMidUpload', method: 'POST', path: '/rest/videos/' } });
    expect(job.error).toMatchObject({ code: 'POD_CONNECTION_LOST' });
    expect(job.error!.message).toMatch(/connection to 127\.0\.0\.1:\d+ was cut/);
    expect(b.server.state.videos).toHaveLength(0);
    await retryToSuccess(b, job);
    expect(b.server.requestsTo('POST', '/rest/videos/')).toHaveLength(2);
  });

  it('a connection cut after Pod received the upload and created the video: exactly one video, found again, not re-uploaded', async () => {
    // Two attempts: the queue retries the network failure by itself after its backoff.
    bed = await openPodTestBed(tempDir(), { config: { maxAttempts: 2 } });
    bed.server.inject({ kind: 'cutAfterCreate', method: 'POST', path: '/rest/videos/' });
    const queued = await bed.pod.publish({ profileId: bed.profile.id, filePath: mp4.path, metadata: metadata(), mode: 'new', chapters: [{ title: 'Intro', startMs: 0 }] });
    const states: string[] = [];
    bed.studio.context.events.subscribe((name, payload) => {
      const info = payload as JobInfo;
      if (name === 'job.progress' && info.id === queued.id) states.push(info.error ? `${info.state}:${info.error.code}` : info.state);
    });
    const result = await bed.studio.context.jobs.result<PublishResult>(queued.id);
    expect(states).toContain('queued:POD_CONNECTION_LOST');
    expect(bed.server.state.videos).toHaveLength(1);
    expect(bed.server.requestsTo('POST', '/rest/videos/')).toHaveLength(1);
    expect(bed.server.requestsTo('GET', '/rest/videos/user_videos/').length).toBeGreaterThan(0);
    expect(result.videoId).toBe(bed.server.state.videos[0]!.id);
    expect(bed.server.state.videos[0]!.launches).toBe(1);
    expect(bed.server.state.chapters).toHaveLength(1);
    expect(bed.studio.context.jobs.get(queued.id).attempts).toBe(2);
  });

  it('DNS failure: the server name cannot be found', async () => {
    bed = await openPodTestBed(tempDir());
    const profile = await bed.pod.saveProfile({ id: bed.profile.id, name: 'Test Pod', baseUrl: 'http://pod.invalid', username: 'jdoe', token: STAFF_TOKEN });
    const queued = await bed.pod.publish({ profileId: profile.id, filePath: mp4.path, metadata: metadata(), mode: 'new' });
    const job = await bed.studio.context.jobs.wait(queued.id);
    expect(job.state).toBe('failed');
    expect(job.error).toMatchObject({ code: 'POD_DNS' });
    expect(job.error!.message).toBe('The server name "pod.invalid" cannot be found (DNS). Check the Pod address and your network connection.');
    // The address is corrected (the token must be given again for a new host): the retry publishes there.
    await bed.pod.saveProfile({ id: profile.id, name: 'Test Pod', baseUrl: bed.server.url, username: 'jdoe', token: STAFF_TOKEN });
    await retryToSuccess(bed, job);
  });

  it('timeout: a server that never answers', async () => {
    const { bed: b, job } = await publishExpectingFailure({ fault: { kind: 'hang', method: 'POST', path: '/rest/videos/' }, config: { timeouts: { connectMs: 2000, idleMs: 400, responseMs: 600 } } });
    expect(job.error).toMatchObject({ code: 'POD_TIMEOUT' });
    expect(job.error!.message).toMatch(/stopped answering \(\w+ timeout\)/);
    expect(job.error!.message).not.toMatch(/will be retried/);
    await retryToSuccess(b, job);
    // The retry first checked whether the unanswered create had made a video.
    expect(b.server.requestsTo('GET', '/rest/videos/user_videos/').length).toBeGreaterThan(0);
  });

  it('an encoding that never finishes is reported as stuck in plain words; when the encoder comes back, a retry follows it without sending the file again', async () => {
    const { bed: b, job } = await publishExpectingFailure({ server: { knobs: { encoding: 'stuck' } } });
    expect(job.error).toMatchObject({ code: 'POD_ENCODING_STUCK' });
    expect(job.error!.message).toMatch(/encoding of this video has stopped \(step "2: start standard encoding": nothing has moved for 1 min\)/);
    expect(job.error!.message).toMatch(/never makes a second one/);
    b.server.state.knobs.encoding = 'normal'; // Pod's encoder comes back
    await retryToSuccess(b, job);
    const video = b.server.state.videos[0]!;
    expect(b.server.requestsTo('POST', '/rest/videos/')).toHaveLength(1);
    expect(b.server.requestsTo('PATCH', `/rest/videos/${video.id}/`)).toHaveLength(0);
    expect(video.launches).toBe(1);
  });

  it('an encoding error is terminal and quotes Pod', async () => {
    const { bed: b, job } = await publishExpectingFailure({ server: { knobs: { encoding: 'fail' } } });
    expect(job.error).toMatchObject({ code: 'POD_ENCODING_FAILED' });
    expect(job.error!.message).toMatch(/Pod could not encode the video: Error during video `1` encoding\. See log at:/);
    expect(b.studio.context.jobs.list({ kind: 'publish' })[0]!.state).toBe('failed');
  });

  it('a missing source file (-1 with the flag left on) stops polling at once', async () => {
    const { job } = await publishExpectingFailure({ server: { knobs: { encoding: 'failWrongPath' } } });
    expect(job.error).toMatchObject({ code: 'POD_ENCODING_FAILED' });
    expect(job.error!.message).toMatch(/Wrong file or path:/);
  });
});
