// Runs in Node (test tooling). Fake Pod file manager (USE_PODFILE, https://github.com/EsupPortail/Esup-Pod/blob/4.1.0/pod/main/rest_router.py, https://github.com/EsupPortail/Esup-Pod/blob/4.1.0/pod/completion/rest_views.py): folders
// unique per (name, owner), multipart files and images whose `name` becomes the file's base name, deletes
// that cascade like Pod's models (a folder takes its files and images, a file its tracks). Off → HTML 404.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { InputReader, resolveHyperlink, type RouteCall } from '../call';
import type { PodRoute, PodRouteModule } from '../server';
import { slugify, type FileRecord, type FolderRecord, type ImageRecord, type PodState } from '../state';
import type { StoredFile } from '../multipart';

const podfileOn = (state: { knobs: { usePodfile: boolean } }) => state.knobs.usePodfile;

function serializeFolder(call: RouteCall, folder: FolderRecord) {
  return { id: folder.id, url: call.abs(`/rest/folders/${folder.id}/`), name: folder.name, owner: call.abs(`/rest/users/${folder.owner}/`) };
}

function serializeFile(call: RouteCall, file: FileRecord) {
  return {
    id: file.id,
    url: call.abs(`/rest/files/${file.id}/`),
    folder: call.abs(`/rest/folders/${file.folder}/`),
    name: file.name,
    file: call.abs(`/media/files/${file.createdBy}/${file.stored.filename}`),
    created_by: call.abs(`/rest/users/${file.createdBy}/`),
  };
}

function serializeImage(call: RouteCall, image: ImageRecord) {
  return {
    id: image.id,
    url: call.abs(`/rest/images/${image.id}/`),
    folder: call.abs(`/rest/folders/${image.folder}/`),
    name: image.name,
    file: image.stored ? call.abs(`/media/files/${image.createdBy}/${image.stored.filename}`) : null,
    created_by: call.abs(`/rest/users/${image.createdBy}/`),
  };
}

/** CustomFileModel.delete / CustomImageModel.delete remove the stored file from MEDIA_ROOT. */
function removeStored(stored: StoredFile | null): void {
  if (stored?.path) rmSync(stored.path, { force: true });
}

function deleteFile(state: PodState, file: FileRecord): void {
  removeStored(file.stored);
  state.files = state.files.filter((item) => item !== file);
  state.tracks = state.tracks.filter((track) => track.src !== file.id); // Track.src on_delete=CASCADE
}

function deleteImage(state: PodState, image: ImageRecord): void {
  removeStored(image.stored);
  state.images = state.images.filter((item) => item !== image);
  for (const video of state.videos) if (video.thumbnail === image.id) video.thumbnail = null; // Video.thumbnail on_delete=SET_NULL
}

/** GET and DELETE of one object of a podfile prefix. */
function detailRoutes<T extends { id: number }>(prefix: string, model: string, items: (state: PodState) => T[], serialize: (call: RouteCall, item: T) => unknown, remove: (state: PodState, item: T) => void): PodRoute[] {
  const find = (call: RouteCall) => items(call.state).find((item) => item.id === Number(call.param(1)));
  const pattern = new RegExp(`^/rest/${prefix}/(\\d+)/$`);
  return [
    {
      method: 'GET',
      path: pattern,
      enabled: podfileOn,
      handle: (call) => {
        const item = find(call);
        if (!item) return call.notFound(model);
        call.json(200, serialize(call, item));
      },
    },
    {
      method: 'DELETE',
      path: pattern,
      enabled: podfileOn,
      handle: (call) => {
        const item = find(call);
        if (!item) return call.notFound(model);
        remove(call.state, item);
        call.res.writeHead(204, { 'Content-Language': call.language });
        call.res.end();
      },
    },
  ];
}

/**
 * The name Pod keeps for an uploaded file or image: the posted `name` is ignored, the file is stored as the
 * slugified upload name before its last dot (so other dots vanish: `a.fr.vtt` → `afr`), and `name` is that base
 * (https://github.com/EsupPortail/Esup-Pod/blob/4.1.0/pod/podfile/models.py, get_upload_path_files and BaseFileModel.save; seen on a real Pod 4.1).
 */
function storedName(filename: string): string {
  const base = path.basename(filename);
  const dot = base.lastIndexOf('.');
  return slugify(dot >= 0 ? base.slice(0, dot) : base);
}

/** POST of a podfile file or image: multipart `folder`, `name`, `created_by`, `file`. */
async function readUpload(call: RouteCall): Promise<{ folder: number; createdBy: number; file: StoredFile } | null> {
  const reader = new InputReader(await call.input());
  const errors: Record<string, string[]> = {};
  const add = (field: string, message: string) => (errors[field] ??= []).push(message);
  const link = (field: string, route: string, exists: (id: number) => boolean): number | undefined => {
    if (!reader.has(field)) {
      add(field, 'This field is required.');
      return undefined;
    }
    const result = resolveHyperlink(reader.value(field), route, (key) => exists(Number(key)));
    if (!result.ok) add(field, result.message);
    return result.ok ? (result.id as number) : undefined;
  };
  const folder = link('folder', 'folders', (id) => call.state.folders.some((item) => item.id === id));
  const createdBy = link('created_by', 'users', (id) => !!call.state.userById(id));
  if (typeof reader.value('name') !== 'string' || reader.value('name') === '') add('name', 'This field is required.');
  const file = reader.file('file');
  if (file === undefined) add('file', 'No file was submitted.');
  else if (file === 'not_a_file') add('file', 'The submitted data was not a file. Check the encoding type on the form.');
  else if (file.size === 0) add('file', 'The submitted file is empty.');
  if (Object.keys(errors).length > 0 || typeof file !== 'object') {
    call.fieldErrors(errors);
    return null;
  }
  return { folder: folder!, createdBy: createdBy!, file };
}

export const podfileRoutes: PodRouteModule = {
  name: 'podfile',
  prefixes: (state) => (state.knobs.usePodfile ? ['folders', 'files', 'images'] : state.isV3 ? ['mainfiles', 'mainimages'] : []),
  routes: [
    { method: 'GET', path: /^\/rest\/folders\/$/, enabled: podfileOn, handle: (call) => call.paginate(call.state.folders, (folder) => serializeFolder(call, folder)) },
    {
      method: 'POST',
      path: /^\/rest\/folders\/$/,
      enabled: podfileOn,
      handle: async (call) => {
        const reader = new InputReader(await call.input());
        const errors: Record<string, string[]> = {};
        const name = reader.value('name');
        if (typeof name !== 'string' || name.trim() === '') (errors.name ??= []).push(name === undefined ? 'This field is required.' : 'This field may not be blank.');
        let owner: number | undefined;
        if (!reader.has('owner')) (errors.owner ??= []).push('This field is required.');
        else {
          const result = resolveHyperlink(reader.value('owner'), 'users', (key) => !!call.state.userById(Number(key)));
          if (result.ok) owner = result.id as number;
          else (errors.owner ??= []).push(result.message);
        }
        if (Object.keys(errors).length > 0) return call.fieldErrors(errors);
        if (call.state.folders.some((folder) => folder.name === name && folder.owner === owner)) {
          return call.fieldErrors({ non_field_errors: ['The fields name, owner must make a unique set.'] });
        }
        const folder: FolderRecord = { id: call.state.nextId('folder'), name: name as string, owner: owner! };
        call.state.folders.push(folder);
        call.json(201, serializeFolder(call, folder));
      },
    },
    { method: 'GET', path: /^\/rest\/files\/$/, enabled: podfileOn, handle: (call) => call.paginate(call.state.files, (file) => serializeFile(call, file)) },
    {
      method: 'POST',
      path: /^\/rest\/files\/$/,
      enabled: podfileOn,
      handle: async (call) => {
        const upload = await readUpload(call);
        if (!upload) return;
        const record: FileRecord = { id: call.state.nextId('file'), folder: upload.folder, name: storedName(upload.file.filename), createdBy: upload.createdBy, stored: upload.file };
        call.state.files.push(record);
        call.json(201, serializeFile(call, record));
      },
    },
    ...detailRoutes('files', 'CustomFileModel', (state) => state.files, serializeFile, deleteFile),
    { method: 'GET', path: /^\/rest\/images\/$/, enabled: podfileOn, handle: (call) => call.paginate(call.state.images, (image) => serializeImage(call, image)) },
    {
      method: 'POST',
      path: /^\/rest\/images\/$/,
      enabled: podfileOn,
      handle: async (call) => {
        const upload = await readUpload(call);
        if (!upload) return;
        const record: ImageRecord = { id: call.state.nextId('image'), folder: upload.folder, name: storedName(upload.file.filename), createdBy: upload.createdBy, stored: upload.file };
        call.state.images.push(record);
        call.json(201, serializeImage(call, record));
      },
    },
    ...detailRoutes('images', 'CustomImageModel', (state) => state.images, serializeImage, deleteImage),
    ...detailRoutes('folders', 'UserFolder', (state) => state.folders, serializeFolder, (state, folder: FolderRecord) => {
      // UserFolder.delete deletes its files and images one by one (their own delete removes them from disk).
      for (const file of state.files.filter((item) => item.folder === folder.id)) deleteFile(state, file);
      for (const image of state.images.filter((item) => item.folder === folder.id)) deleteImage(state, image);
      state.folders = state.folders.filter((item) => item !== folder);
    }),
  ],
};
