// Runs in the renderer. The virtual background's strings in English and French (t('background.<key>'))
// and the message of its error code (t('errors.<CODE>')).
import { defineMessages } from '../../i18n';

export const messages = defineMessages({
  en: {
    title: 'Background',
    mode_none: 'As filmed',
    mode_blur: 'Blur the background',
    mode_colour: 'Replace with a colour',
    blurStrength: 'Blur strength',
    mode_image: 'Replace with an image',
    colour: 'Colour',
    image: 'Image behind you',
    backdrop_dawn: 'Dawn gradient (light)',
    backdrop_slate: 'Slate gradient (dark)',
    yourImage: 'Your image: {name}',
    pickImage: 'Choose an image file',
    imageUnreadable: 'This file could not be read as an image: the background is unchanged. Choose a PNG, JPEG or WebP picture.',
    help: 'No green screen needed: the studio finds you in the picture and changes only what is behind you. Green screen stays available in the layout.',
    loading: 'Loading the background model…',
    fps: 'Preview with the effect: {fps} frames per second',
    takeApplied: 'Virtual background in take {number}',
  },
  fr: {
    title: 'Arrière-plan',
    mode_none: 'Tel que filmé',
    mode_blur: 'Flouter l’arrière-plan',
    mode_colour: 'Remplacer par une couleur',
    blurStrength: 'Intensité du flou',
    mode_image: 'Remplacer par une image',
    colour: 'Couleur',
    image: 'Image derrière vous',
    backdrop_dawn: 'Dégradé aube (clair)',
    backdrop_slate: 'Dégradé ardoise (sombre)',
    yourImage: 'Votre image : {name}',
    pickImage: 'Choisir un fichier image',
    imageUnreadable: 'Ce fichier n’a pas pu être lu comme une image : l’arrière-plan n’a pas changé. Choisissez une image PNG, JPEG ou WebP.',
    help: 'Pas besoin de fond vert : le studio vous repère dans l’image et ne change que ce qui est derrière vous. Le fond vert reste disponible dans la mise en page.',
    loading: 'Chargement du modèle d’arrière-plan…',
    fps: 'Aperçu avec l’effet : {fps} images par seconde',
    takeApplied: 'Arrière-plan virtuel dans la prise {number}',
  },
});

export const errorMessages = defineMessages({
  en: {
    BACKGROUND_MODEL_UNAVAILABLE: 'The background model could not run in this window: the camera is used as filmed.',
    PROCESSED_TRACK_NOT_OPEN: 'This take was recorded without a virtual background.',
  },
  fr: {
    BACKGROUND_MODEL_UNAVAILABLE: 'Le modèle d’arrière-plan n’a pas pu fonctionner dans cette fenêtre : la caméra est utilisée telle que filmée.',
    PROCESSED_TRACK_NOT_OPEN: 'Cette prise a été enregistrée sans arrière-plan virtuel.',
  },
});
