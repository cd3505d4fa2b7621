// Runs in Node (main side). Turns BBB/Scalelite `messageKey`s into plain words and stable StudioError codes.
import { StudioError, type BbbServerCode } from '../../shared/errors';

const EXPLANATIONS: Record<string, string> = {
  checksumError:
    'The server refused the request signature. Check the shared secret (bbb-conf --secret on the server), and the checksum algorithm: Scalelite does not accept SHA-384, and old servers only accept SHA-1.',
  notFound: 'The server does not know this meeting or recording.',
  missingParamMeetingID: 'The request lacked a meeting ID.',
  missingParamRecordID: 'The request lacked a recording ID.',
  missingParamPublish: 'The request lacked the publish parameter.',
  invalidMeetingIdentifier: 'A meeting ID in the filter is not valid for this server.',
  missingParameters:
    'This server (Scalelite in filtered mode) only lists recordings of given meetings: add meeting IDs to the profile\'s filter.',
  unsupportedRequest: 'The server does not support this API call: is the URL really a BigBlueButton or Scalelite API?',
  unsupportedContentType: 'The server refused the request format.',
  serverUnavailable: 'Scalelite has no BigBlueButton server available right now. Try again later.',
};

export function explainMessageKey(messageKey: string | null, serverMessage: string | null): string {
  const known = messageKey ? EXPLANATIONS[messageKey] : undefined;
  if (known) return known;
  return serverMessage ? `The server answered: ${serverMessage}` : 'The server answered FAILED without saying why.';
}

/** The StudioError for a FAILED answer: code `BBB_<MESSAGEKEY>`, plain message, server text in details. */
export function failedAnswerError(call: string, messageKey: string | null, serverMessage: string | null): StudioError {
  const code = (messageKey ? `BBB_${messageKey.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase()}` : 'BBB_FAILED') as BbbServerCode;
  return new StudioError(code, explainMessageKey(messageKey, serverMessage), { call, messageKey, serverMessage });
}
