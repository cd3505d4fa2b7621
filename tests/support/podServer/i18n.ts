// Runs in Node (test tooling). The fake Pod's languages, as Django's LocaleMiddleware and DRF's catalogues
// give them: the request language comes from Accept-Language (else the instance's LANGUAGE_CODE), and
// DRF's messages come back in French when that language is French, so client tests meet what a French Pod says.
//
// French texts are those of DRF 3.15.2's catalogue (rest_framework/locale/fr/LC_MESSAGES/django.po,
// https://github.com/encode/django-rest-framework/tree/3.15.2/rest_framework/locale/fr) and Django 4.2's,
// as a real Esup-Pod 4.1.0 answered them on loopback. Messages DRF leaves untranslated ("Must be a valid
// boolean.", "Not a valid string.", parse errors) and get_object_or_404's "No Video matches the given query."
// stay in English there too, so they do here.

/** The languages Pod declares (`LANGUAGES` in pod/main/settings.py). */
export type PodLanguage = 'fr' | 'en';
export const POD_LANGUAGES: readonly PodLanguage[] = ['fr', 'en'];

/**
 * LocaleMiddleware's choice: the supported language of highest quality in Accept-Language (a regional
 * variant such as fr-FR counts as fr), else the instance's LANGUAGE_CODE.
 */
export function requestLanguage(acceptLanguage: string | null | undefined, instanceLanguage: PodLanguage): PodLanguage {
  if (!acceptLanguage) return instanceLanguage;
  const ranges = acceptLanguage
    .split(',')
    .map((part, index) => {
      const [range = '', ...params] = part.trim().split(';');
      const q = params.map((param) => /^\s*q=([\d.]+)\s*$/.exec(param)?.[1]).find((value) => value !== undefined);
      return { range: range.trim().toLowerCase(), q: q === undefined ? 1 : Number(q), index };
    })
    .filter((item) => item.range !== '' && item.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { range } of ranges) {
    const base = range.split('-')[0] as PodLanguage;
    if (POD_LANGUAGES.includes(base)) return base;
  }
  return instanceLanguage;
}

const NBSP = '\u00a0';

/** Exact texts. */
const FRENCH: Record<string, string> = {
  'Authentication credentials were not provided.': "Informations d'authentification non fournies.",
  'Invalid token.': 'Token non valide.',
  'Invalid token header. No credentials provided.': "En-tête « token » non valide. Informations d'identification non fournies.",
  'Invalid token header. Token string should not contain spaces.': "En-tête « token » non valide. Un token ne doit pas contenir d'espaces.",
  'Invalid username/password.': "Nom d'utilisateur et/ou mot de passe non valide(s).",
  'User inactive or deleted.': 'Utilisateur inactif ou supprimé.',
  'You do not have permission to perform this action.': "Vous n'avez pas la permission d'effectuer cette action.",
  'Invalid page.': 'Page non valide.',
  'Not found.': 'Pas trouvé.',
  'Invalid hyperlink - No URL match.': `Lien non valide${NBSP}: pas d'URL correspondante.`,
  'Invalid hyperlink - Object does not exist.': `Lien non valide${NBSP}: l'objet n'existe pas.`,
  'This list may not be empty.': 'Cette liste ne peut pas être vide.',
  'No file was submitted.': "Aucun fichier n'a été soumis.",
  'The submitted data was not a file. Check the encoding type on the form.': "La donnée soumise n'est pas un fichier. Vérifiez le type d'encodage du formulaire.",
  'The submitted file is empty.': 'Le fichier soumis est vide.',
  'This field is required.': 'Ce champ est obligatoire.',
  'This field may not be blank.': 'Ce champ ne peut être vide.',
  'This field may not be null.': 'Ce champ ne peut être nul.',
  'A valid integer is required.': 'Un nombre entier valide est requis.',
  'Enter a number.': 'Saisissez un nombre.',
};

/** Texts with a parameter: English pattern → French template ($1, $2 are the captured parts). */
const FRENCH_PATTERNS: [RegExp, string][] = [
  [/^Method "(.*)" not allowed\.$/s, `Méthode «${NBSP}$1${NBSP}» non autorisée.`],
  [/^Unsupported media type "(.*)" in request\.$/s, `Type de média «${NBSP}$1${NBSP}» non supporté.`],
  [/^Incorrect type\. Expected URL string, received (.*)\.$/s, 'Type incorrect. Attendait une URL, a reçu $1.'],
  [/^Incorrect type\. Expected pk value, received (.*)\.$/s, 'Type incorrect. Attendait une clé primaire, a reçu $1.'],
  [/^Ensure this field has no more than (\d+) characters\.$/, `Assurez-vous que ce champ comporte au plus $1${NBSP}caractères.`],
  [/^Ensure this value is greater than or equal to (-?\d+)\.$/, `Assurez-vous que cette valeur est supérieure ou égale à${NBSP}$1.`],
  [/^Date has wrong format\. Use one of these formats instead: (.*)\.$/s, `La date n'a pas le bon format. Utilisez un des formats suivants${NBSP}: $1.`],
  [/^Datetime has wrong format\. Use one of these formats instead: (.*)\.$/s, `La date + heure n'a pas le bon format. Utilisez un des formats suivants${NBSP}: $1.`],
  [/^"(.*)" is not a valid choice\.$/s, `«${NBSP}$1${NBSP}» n'est pas un choix valide.`],
  [/^The fields (.*) must make a unique set\.$/s, 'Les champs $1 doivent former un ensemble unique.'],
  [/^Invalid data\. Expected a dictionary, but got (.*)\.$/s, 'Donnée non valide. Attendait un dictionnaire, a reçu $1.'],
  [/^Expected a list of items but got type "(.*)"\.$/s, `Attendait une liste d'éléments mais a reçu «${NBSP}$1${NBSP}».`],
];

/** One DRF/Django message in the request's language (unknown or untranslated texts are returned as they are). */
export function translateMessage(message: string, language: PodLanguage): string {
  if (language !== 'fr') return message;
  const exact = FRENCH[message];
  if (exact !== undefined) return exact;
  for (const [pattern, template] of FRENCH_PATTERNS) {
    if (pattern.test(message)) return message.replace(pattern, template);
  }
  return message;
}

/** A DRF error body (`{"detail": …}` or field → messages, nested lists included) in the request's language. */
export function translateErrors<T>(body: T, language: PodLanguage): T {
  if (language !== 'fr') return body;
  const walk = (value: unknown): unknown => {
    if (typeof value === 'string') return translateMessage(value, language);
    if (Array.isArray(value)) return value.map(walk);
    if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, walk(item)]));
    return value;
  };
  return walk(body) as T;
}
