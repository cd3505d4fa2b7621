// Runs in Node (test). The BBB checksum rule against worked examples built from https://docs.bigbluebutton.org/development/api/#api-security-model.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  algorithmFromChecksumLength,
  buildBbbUrl,
  normaliseBbbApiBase,
  serialiseBbbParams,
  signedBbbQuery,
  splitChecksumFromQuery,
  type HashFunction,
} from '../../src/shared/logic/bbbChecksum';

const hash: HashFunction = (algorithm, text) => createHash(algorithm).update(text, 'utf8').digest('hex');
const SECRET = '639259d4-9dd8-4b25-bf01-95f9567eaf4b';

describe('BBB checksum', () => {
  it('(a) signs the documentation create vector with SHA-1 and SHA-256', () => {
    const params: [string, string][] = [
      ['name', 'Test Meeting'],
      ['meetingID', 'abc123'],
      ['attendeePW', '111222'],
      ['moderatorPW', '333444'],
    ];
    expect(serialiseBbbParams(params)).toBe('name=Test+Meeting&meetingID=abc123&attendeePW=111222&moderatorPW=333444');
    expect(signedBbbQuery('create', params, SECRET, 'sha1', hash)).toMatch(/&checksum=1fcbb0c4fc1f039f73aa6d697d2db9ba7f803f17$/);
    expect(signedBbbQuery('create', params, SECRET, 'sha256', hash)).toMatch(/&checksum=da9185f7f333cfdfcd6eeac32dca3777510c4c436020d8b887ba5515bd1d189e$/);
  });

  it('(b) signs a paginated getRecordings with SHA-1, SHA-256 and SHA-512', () => {
    const params = { meetingID: 'abc123', state: 'published,unpublished', offset: '0', limit: '50' };
    expect(serialiseBbbParams(params)).toBe('meetingID=abc123&state=published%2Cunpublished&offset=0&limit=50');
    expect(signedBbbQuery('getRecordings', params, SECRET, 'sha1', hash)).toContain('checksum=ec491efb02dd3c9472c8279ebac41d78a2c244c5');
    expect(signedBbbQuery('getRecordings', params, SECRET, 'sha512', hash)).toContain(
      'checksum=2b991a47444e2b85d10c61f1f40df1733fbccbb4191343c6a8c0e3ad3e1dc723d7e10c561454bc809f9621114dfd378219b5e8138d043e18ff6bb2e5a86e7eb5',
    );
    expect(buildBbbUrl('https://bbb.example.edu/bigbluebutton/api/', 'getRecordings', params, SECRET, 'sha256', hash)).toBe(
      'https://bbb.example.edu/bigbluebutton/api/getRecordings?meetingID=abc123&state=published%2Cunpublished&offset=0&limit=50&checksum=99c9c6308b3524832cf014cddf50ffe3985820098d9e3fc0a997cb8f5e77e2d0',
    );
  });

  it('(c) signs an empty query with ?checksum=', () => {
    expect(buildBbbUrl('https://bbb.example.edu/bigbluebutton/api', 'getMeetings', {}, SECRET, 'sha256', hash)).toBe(
      'https://bbb.example.edu/bigbluebutton/api/getMeetings?checksum=a5370c5f3d97d56d53b435684cdbc429c2898a3bf9f435518b4279e1e0dbfc8c',
    );
  });

  it('produces a SHA-384 checksum of 96 hex digits the server can recognise by length', () => {
    const query = signedBbbQuery('getRecordings', { meetingID: 'x' }, SECRET, 'sha384', hash);
    const { checksum, query: rest } = splitChecksumFromQuery(query);
    expect(rest).toBe('meetingID=x');
    expect(checksum).toHaveLength(96);
    expect(algorithmFromChecksumLength(96)).toBe('sha384');
    expect(algorithmFromChecksumLength(50)).toBeNull();
  });

  it('normalises the base URLs users paste', () => {
    expect(normaliseBbbApiBase('https://bbb.example.edu')).toBe('https://bbb.example.edu/bigbluebutton/api/');
    expect(normaliseBbbApiBase('https://bbb.example.edu/bigbluebutton/')).toBe('https://bbb.example.edu/bigbluebutton/api/');
    expect(normaliseBbbApiBase('https://bbb.example.edu/bigbluebutton/api')).toBe('https://bbb.example.edu/bigbluebutton/api/');
    expect(normaliseBbbApiBase(' http://127.0.0.1:8080/bigbluebutton/api/ ')).toBe('http://127.0.0.1:8080/bigbluebutton/api/');
    expect(normaliseBbbApiBase('ftp://x')).toBeNull();
  });
});
