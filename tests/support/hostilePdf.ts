// Runs in Node (test tooling). Writes hostile PDFs byte by byte (exact xref offsets), for the cases an
// attacker or a broken tool produces and no fixture has: a page tree that holds no page, an XFA form.
// qpdf (installed by .ci/run) checks in the tests that each one is still a well-formed PDF file.
import { pdfFromObjects } from './handmadePdf';

/** A PDF made of these object bodies (object n is `objects[n - 1]`), with /Root 1 0 R. */
export function rawPdf(objects: readonly string[]): Uint8Array {
  return pdfFromObjects(objects, { root: 1, version: '1.7' });
}

function stream(content: string, extra = ''): string {
  return `<< /Length ${Buffer.byteLength(content, 'latin1')}${extra} >>\nstream\n${content}\nendstream`;
}

/**
 * PDFs whose page tree holds no page. pdf.js opens each of them as a one-page document (it assumes one page
 * when the tree is unusable), which an importer that trusts it turns into one blank slide.
 */
export const NO_PAGE_TREES: Record<string, Uint8Array> = {
  // /Kids points at a font: pdf.js takes any dictionary without /Kids for a page.
  kidIsNotAPage: rawPdf(['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>']),
  // A /Pages node with no /Kids at all, claiming three pages.
  pagesWithoutKids: rawPdf(['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Count 3 >>']),
  // Empty /Kids but /Count 1.
  emptyKidsCountOne: rawPdf(['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [] /Count 1 >>']),
  // /Pages is a page, not a page tree node.
  pagesIsAPage: rawPdf(['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Page /MediaBox [0 0 800 450] >>']),
};

/**
 * A one-page AcroForm with an XFA packet (what LiveCycle/AEM Designer writes): the page carries only the
 * static fallback text; the form's real content lives in the XFA template, which the importer does not draw.
 */
export function xfaFormPdf(): Uint8Array {
  const xdp =
    '<?xml version="1.0" encoding="UTF-8"?>\n<xdp:xdp xmlns:xdp="http://ns.adobe.com/xdp/">' +
    '<template xmlns="http://www.xfa.org/schema/xfa-template/3.3/"><subform name="form1" layout="tb">' +
    '<field name="Nom"><ui><textEdit/></ui><caption><value><text>Nom</text></value></caption></field>' +
    '</subform></template></xdp:xdp>\n';
  const content = 'BT /F1 24 Tf 40 380 Td (Please wait... this form needs an XFA viewer.) Tj ET';
  return rawPdf([
    '<< /Type /Catalog /Pages 2 0 R /AcroForm 5 0 R /NeedsRendering true >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 800 450] /Resources << /Font << /F1 4 0 R >> >> /Contents 6 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    '<< /Fields [] /XFA 7 0 R >>',
    stream(content),
    stream(xdp),
  ]);
}
