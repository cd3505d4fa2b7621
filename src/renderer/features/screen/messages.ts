// Runs in the renderer. Screen grains' strings in English and French (t('screen.<key>')) and the
// messages of their error codes (t('errors.<CODE>')).
import { defineMessages } from '../../i18n';

export const messages = defineMessages({
  en: {
    addScreenGrain: 'Add a screen grain',
    addScreenGrainHelp: 'A grain that records your screen or a window instead of slides, with your camera in picture-in-picture.',
    badge: 'Screen recording',
    chooseScreen: 'Choose the screen or window to record',
    changeScreen: 'Choose another screen or window',
    stopSharing: 'Stop sharing',
    noScreenYet: 'No screen chosen yet: choose the screen or window this grain records, then start recording.',
    previewLabel: 'Preview of the shared screen',
    sharing: 'Sharing: {label}',
    screenEnded: 'The screen sharing stopped. Choose the screen again to record this grain.',
  },
  fr: {
    addScreenGrain: 'Ajouter un grain écran',
    addScreenGrainHelp: 'Un grain qui enregistre votre écran ou une fenêtre au lieu de diapositives, avec votre caméra en incrustation.',
    badge: 'Enregistrement d’écran',
    chooseScreen: 'Choisir l’écran ou la fenêtre à enregistrer',
    changeScreen: 'Choisir un autre écran ou une autre fenêtre',
    stopSharing: 'Arrêter le partage',
    noScreenYet: 'Aucun écran choisi : choisissez l’écran ou la fenêtre que ce grain enregistre, puis lancez l’enregistrement.',
    previewLabel: 'Aperçu de l’écran partagé',
    sharing: 'Partage en cours : {label}',
    screenEnded: 'Le partage d’écran s’est arrêté. Choisissez de nouveau l’écran pour enregistrer ce grain.',
  },
});

export const errorMessages = defineMessages({
  en: {
    SCREEN_GRAIN_HAS_NO_SLIDES: 'A screen grain records a screen, not slides: slides cannot go into it, and it cannot be joined with another grain.',
    SCREEN_TRACK_NOT_OPEN: 'This take does not record a screen.',
    SCREEN_TAKE_MISSING: 'The screen recording of this grain is missing: record the grain again.',
    SCREEN_CAPTURE_DENIED: 'Screen sharing was refused or cancelled. Choose a screen or a window to record this grain.',
  },
  fr: {
    SCREEN_GRAIN_HAS_NO_SLIDES: 'Un grain écran enregistre un écran, pas des diapositives : on ne peut pas y déplacer de diapositive ni le fusionner avec un autre grain.',
    SCREEN_TRACK_NOT_OPEN: 'Cette prise n’enregistre pas d’écran.',
    SCREEN_TAKE_MISSING: 'L’enregistrement d’écran de ce grain est introuvable : enregistrez de nouveau le grain.',
    SCREEN_CAPTURE_DENIED: 'Le partage d’écran a été refusé ou annulé. Choisissez un écran ou une fenêtre pour enregistrer ce grain.',
  },
});
