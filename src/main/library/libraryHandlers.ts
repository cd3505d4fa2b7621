// Runs in Node (main side). StudioApi methods of the capsule library and the editor.
import type { CallsOf } from '../../shared/api/method';
import { mainSidePath } from '../files/fileArgs';
import type { libraryMethods } from '../../shared/api/library';
import type { StudioContext } from '../context';
import { importPdfAsCapsule, registerPdfImportJob } from './pdfImportJob';

export function createLibraryHandlers(ctx: StudioContext): CallsOf<typeof libraryMethods> {
  registerPdfImportJob(ctx);
  const { library } = ctx;
  return {
    listCapsules: async () => library.list(),
    getCapsule: async (id) => library.get(id),
    createCapsuleFromPdf: async ({ source, title, password, jobId }) => {
      // A renderer designates its PDF by grant (dialog or upload) or sends small bytes; a path only from the CLI.
      const granted = source.grant ? ctx.grants.use(source.grant, 'read-pdf') : null;
      const pdfPath = granted ? granted.path : mainSidePath(source.path, 'a PDF');
      // The name the teacher knows (the dialog's or the upload's), not the upload's file in the library.
      return importPdfAsCapsule(ctx, { bytes: source.bytes, name: granted?.name ?? source.name, path: pdfPath, title, password, jobId });
    },
    renameCapsule: async (id, title) => library.rename(id, title),
    duplicateCapsule: async (id) => library.duplicate(id),
    deleteCapsule: async (id) => library.delete(id),
    updateSlidePrompt: async (slideId, prompt) => library.updateSlidePrompt(slideId, prompt),
    moveSlide: async (slideId, grainId, position) => library.moveSlide(slideId, grainId, position),
    splitGrainAt: async (slideId) => library.splitGrainAt(slideId),
    mergeGrainWithPrevious: async (grainId) => library.mergeGrainWithPrevious(grainId),
    moveGrain: async (grainId, position) => library.moveGrain(grainId, position),
    addScreenGrain: async (capsuleId, position) => library.addScreenGrain(capsuleId, position),
    renameGrain: async (grainId, title) => library.renameGrain(grainId, title),
    setCapsuleLayout: async (capsuleId, layout) => library.setCapsuleLayout(capsuleId, layout),
    setGrainLayout: async (grainId, layout) => library.setGrainLayout(grainId, layout),
  };
}
