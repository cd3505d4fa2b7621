// Runs in the renderer. The pen's toolbar above the slide: pen, highlighter, laser pointer and eraser
// (toggle buttons), a few colours and widths, undo and clear for the slide shown; its keys come from
// the one shortcut table (src/renderer/shortcuts.ts, 'recording' scope).
import { INK_COLORS } from '../../../shared/logic/strokes/inkEvents';
import { useShortcuts } from '../../hooks/useShortcuts';
import { useT } from '../../i18n/useT';
import { shortcutById, keyLabel, type ShortcutId } from '../../shortcuts';
import { IS_MAC } from '../../hooks/useShortcuts';
import { usePenStore, type PenToolChoice } from './penStore';

const TOOLS: { tool: Exclude<PenToolChoice, null>; shortcut: ShortcutId; label: 'pen.pen' | 'pen.highlighter' | 'pen.pointer' | 'pen.eraser'; icon: string }[] = [
  { tool: 'pen', shortcut: 'penTool', label: 'pen.pen', icon: '✎' },
  { tool: 'highlighter', shortcut: 'highlighterTool', label: 'pen.highlighter', icon: '▮' },
  { tool: 'pointer', shortcut: 'laserPointer', label: 'pen.pointer', icon: '◉' },
  { tool: 'eraser', shortcut: 'eraserTool', label: 'pen.eraser', icon: '⌫' },
];
const WIDTHS = ['pen.thin', 'pen.medium', 'pen.thick'] as const;

function keysOf(id: ShortcutId): string {
  return shortcutById(id).keys.map((key) => keyLabel(key, IS_MAC).join('+')).join(' / ');
}

/** The pen's keys; other keys are left to the view. */
export function runPenShortcut(id: ShortcutId): boolean {
  const pen = usePenStore.getState();
  const tool = TOOLS.find((entry) => entry.shortcut === id);
  if (tool) {
    pen.toggleTool(tool.tool);
    return true;
  }
  if (id === 'penUndo') {
    pen.session.undo(pen.slideIndex);
    return true;
  }
  if (id === 'penClear') {
    pen.session.clear(pen.slideIndex);
    return true;
  }
  return false;
}

/** `rehearsalNote`: say when drawings are not kept (the Record step between takes). */
export function PenToolbar({ rehearsalNote = true }: { rehearsalNote?: boolean }) {
  const t = useT();
  const tool = usePenStore((state) => state.tool);
  const color = usePenStore((state) => state.color);
  const widthIndex = usePenStore((state) => state.widthIndex);
  const recording = usePenStore((state) => state.session.recording);
  useShortcuts(['recording'], (id) => runPenShortcut(id));

  return (
    <div className="pen-toolbar" role="toolbar" aria-label={t('pen.toolbar')} data-testid="pen-toolbar">
      <span className="pen-group">
        {TOOLS.map((entry) => (
          <button
            key={entry.tool}
            type="button"
            aria-pressed={tool === entry.tool}
            aria-label={t(entry.label)}
            title={`${t(entry.label)} (${keysOf(entry.shortcut)})`}
            aria-keyshortcuts={shortcutById(entry.shortcut).keys.join(' ')}
            onClick={() => usePenStore.getState().toggleTool(entry.tool)}
            data-testid={`pen-tool-${entry.tool}`}
          >
            <span aria-hidden="true">{entry.icon}</span>
          </button>
        ))}
      </span>
      <span className="pen-group" role="group" aria-label={t('pen.colour')}>
        {INK_COLORS.map((choice) => (
          <button
            key={choice}
            type="button"
            className="pen-swatch"
            style={{ background: choice }}
            aria-pressed={color === choice}
            aria-label={t(`pen.colour.${choice}`)}
            title={t(`pen.colour.${choice}`)}
            onClick={() => usePenStore.getState().setColor(choice)}
          />
        ))}
      </span>
      <span className="pen-group" role="group" aria-label={t('pen.width')}>
        {WIDTHS.map((key, index) => (
          <button key={key} type="button" className={`pen-width pen-width-${index}`} aria-pressed={widthIndex === index} aria-label={t(key)} title={t(key)} onClick={() => usePenStore.getState().setWidthIndex(index)}>
            <span aria-hidden="true" />
          </button>
        ))}
      </span>
      <span className="pen-group">
        <button type="button" title={`${t('pen.undo')} (${keysOf('penUndo')})`} onClick={() => runPenShortcut('penUndo')}>
          {t('pen.undo')}
        </button>
        <button type="button" title={`${t('pen.clear')} (${keysOf('penClear')})`} onClick={() => runPenShortcut('penClear')}>
          {t('pen.clear')}
        </button>
      </span>
      {rehearsalNote && !recording && tool !== null && <span className="pen-note muted">{t('pen.practice')}</span>}
    </div>
  );
}
